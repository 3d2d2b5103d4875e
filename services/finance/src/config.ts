import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** Finance's environment: the base fields only. */
export const financeConfigSchema = baseConfigSchema;
export type FinanceConfig = ReturnType<typeof loadFinanceConfig>;

export function loadFinanceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(financeConfigSchema, { SERVICE_NAME: 'finance', ...env });
}
