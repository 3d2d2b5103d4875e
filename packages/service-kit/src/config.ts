import { z } from 'zod';

/**
 * The environment every service reads (DESIGN.md §Conventions 3). Each service extends it with
 * its own fields and calls `loadConfig`, which exits with a clear message when something is wrong.
 */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  /** gRPC port; 0 picks a free one (tests). */
  GRPC_PORT: z.coerce.number().int().min(0).max(65535),
  GRPC_HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  NATS_URL: z.string().min(1),
  /** Shared secret that signs staff tokens; the gateway signs, services verify. */
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Demo mode (what `pnpm start` runs): enables the demo clock and demo accounts. */
  DEMO_MODE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Parses `env` with `schema`.
 * @returns the typed configuration
 * @throws never: on invalid input it prints each bad variable and exits the process with code 78
 *   (unless `exit` is false, then it throws an Error with the same message — for tests)
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env, exit = true): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  const message = `invalid configuration:\n${lines.join('\n')}`;
  if (!exit) throw new Error(message);
  process.stderr.write(`${message}\n`);
  process.exit(78);
}
