import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The employment service's environment: the base fields only. */
export const employmentConfigSchema = baseConfigSchema;
export type EmploymentConfig = ReturnType<typeof loadEmploymentConfig>;

export function loadEmploymentConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(employmentConfigSchema, { SERVICE_NAME: 'employment', ...env });
}
