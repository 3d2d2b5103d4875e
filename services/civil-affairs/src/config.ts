import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@wuhai/service-kit';

/** Civil affairs' environment: the base fields plus where the registry listens. */
export const civilAffairsConfigSchema = baseConfigSchema.extend({
  /** `host:port` of the registry's gRPC server. */
  REGISTRY_ADDR: z.string().regex(/^[^:]+:\d+$/, 'must be host:port'),
});
export type CivilAffairsConfig = z.infer<typeof civilAffairsConfigSchema>;

export function loadCivilAffairsConfig(env: NodeJS.ProcessEnv = process.env): CivilAffairsConfig {
  return loadConfig(civilAffairsConfigSchema, { SERVICE_NAME: 'civil-affairs', ...env });
}
