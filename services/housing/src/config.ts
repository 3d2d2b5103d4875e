import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The housing service's environment: the base fields only. */
export const housingConfigSchema = baseConfigSchema;
export type HousingConfig = ReturnType<typeof loadHousingConfig>;

export function loadHousingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(housingConfigSchema, { SERVICE_NAME: 'housing', ...env });
}
