import { z } from 'zod';
import { loadConfig } from '@wuhai/service-kit';

const address = (name: string) =>
  z.string({ error: `${name} is required (host:port of the service's gRPC server)` }).regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');

/**
 * The gateway's environment (DESIGN.md §Conventions 3). Every service address is configuration,
 * never a literal in code.
 */
export const gatewayConfigSchema = z.object({
  /** HTTP port; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Shared secret that signs staff tokens; the services verify them with the same secret. */
  JWT_SECRET: z.string({ error: 'JWT_SECRET is required' }).min(16, 'must be at least 16 characters'),
  /** The gateway's own database: staff accounts, idempotency keys, audit log. */
  DATABASE_URL: z.string({ error: 'DATABASE_URL is required' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  REGISTRY_ADDR: address('REGISTRY_ADDR'),
  CIVIL_AFFAIRS_ADDR: address('CIVIL_AFFAIRS_ADDR'),
  FINANCE_ADDR: address('FINANCE_ADDR'),
  DISABILITY_ADDR: address('DISABILITY_ADDR'),
  EDUCATION_ADDR: address('EDUCATION_ADDR'),
  EMPLOYMENT_ADDR: address('EMPLOYMENT_ADDR'),
  HEALTH_ADDR: address('HEALTH_ADDR'),
  HOUSING_ADDR: address('HOUSING_ADDR'),
  /** Demo mode: seeds one clerk per service when there is no account, enables the demo clock routes. */
  DEMO_MODE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The parsed gateway configuration. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/**
 * Reads the gateway's configuration from `env`.
 * @param exit when true (the default, for `main.ts`) prints every bad variable and exits with code
 *   78; when false throws an Error with the same message (tests)
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, exit = true): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env, exit);
}

/** The gRPC address of each service, by service name. */
export function serviceAddresses(config: GatewayConfig) {
  return {
    registry: config.REGISTRY_ADDR,
    'civil-affairs': config.CIVIL_AFFAIRS_ADDR,
    finance: config.FINANCE_ADDR,
    disability: config.DISABILITY_ADDR,
    education: config.EDUCATION_ADDR,
    employment: config.EMPLOYMENT_ADDR,
    health: config.HEALTH_ADDR,
    housing: config.HOUSING_ADDR,
  } as const;
}
