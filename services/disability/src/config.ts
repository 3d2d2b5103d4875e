import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The disability service's environment: the base fields only. */
export const disabilityConfigSchema = baseConfigSchema;
export type DisabilityConfig = ReturnType<typeof loadDisabilityConfig>;

export function loadDisabilityConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(disabilityConfigSchema, { SERVICE_NAME: 'disability', ...env });
}
