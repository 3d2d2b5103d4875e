import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** The education service's environment: the base fields only. */
export const educationConfigSchema = baseConfigSchema;
export type EducationConfig = ReturnType<typeof loadEducationConfig>;

export function loadEducationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(educationConfigSchema, { SERVICE_NAME: 'education', ...env });
}
