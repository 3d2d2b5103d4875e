import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The health service's environment: the base fields only. */
export const healthConfigSchema = baseConfigSchema;
export type HealthConfig = ReturnType<typeof loadHealthConfig>;

export function loadHealthConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(healthConfigSchema, { SERVICE_NAME: 'health', ...env });
}
