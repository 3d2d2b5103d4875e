// Lint for the whole monorepo, with the layering rule of DESIGN.md §Conventions 4:
// a service's domain/ never imports transport, persistence or their libraries.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**', 'gateway/src/web/static/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/transport/**', '**/persistence/**', '**/application/**'], message: 'domain/ must not depend on transport, persistence or application layers (DESIGN.md §4).' },
          { group: ['typeorm', 'pg', 'nats', '@grpc/*', 'express', '@wuhai/service-kit'], message: 'domain/ must stay free of transport and persistence libraries (DESIGN.md §4).' },
        ],
      }],
    },
  },
);
