import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The registry's environment: the base fields only. */
export const registryConfigSchema = baseConfigSchema;
export type RegistryConfig = ReturnType<typeof loadRegistryConfig>;

export function loadRegistryConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(registryConfigSchema, { SERVICE_NAME: 'registry', ...env });
}
