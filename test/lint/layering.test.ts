/**
 * The layering rule of DESIGN.md §Conventions 4, as CI's lint applies it: a service's domain/
 * imports no transport, persistence or their libraries.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function lint(file: string, code: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', file], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

test.each([
  ["import { DataSource } from 'typeorm';\nexport const x = DataSource;\n", 'typeorm'],
  ["import { connect } from 'nats';\nexport const x = connect;\n", 'nats'],
  ["import { x } from '../transport/grpc/finance.grpc';\nexport const y = x;\n", 'transport'],
  ["import { x } from '../persistence/migrations/m';\nexport const y = x;\n", 'persistence'],
])('when a domain file imports %j, then lint fails with the layering rule', (code, what) => {
  const r = lint('services/finance/src/domain/example.ts', code);
  expect(r.status).toBe(1);
  expect(r.output).toContain('no-restricted-imports');
  expect(r.output).toContain(what === 'typeorm' || what === 'nats' ? 'domain/ must stay free' : 'domain/ must not depend');
}, 30_000);

test('when the same import sits in an application file, then lint accepts it', () => {
  const r = lint('services/finance/src/application/example.ts', "import { DataSource } from 'typeorm';\nexport const x = DataSource;\n");
  expect(r.output).not.toContain('no-restricted-imports');
  expect(r.status).toBe(0);
}, 30_000);
