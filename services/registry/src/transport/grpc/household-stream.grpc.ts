import { z } from 'zod';
import { AREA_CODES, dateSchema } from '@wuhai/contracts';
import type { Handlers, ServiceDeps } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../config';
import { DEFAULT_PAGE_SIZE, MAX_HOUSEHOLD_IDS, MAX_PAGE_SIZE, streamHouseholdFacts } from '../../application/stream-household-facts.use-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const streamRequestSchema = z.object({
  householdIds: z
    .array(z.string().regex(UUID, { error: '户编号必须为UUID / a household id must be a UUID' }))
    .max(MAX_HOUSEHOLD_IDS, { error: `一次最多${MAX_HOUSEHOLD_IDS}户 / at most ${MAX_HOUSEHOLD_IDS} household ids` }),
  area: z.union([z.literal(''), z.enum(AREA_CODES, { error: `行政区划代码必须为 ${AREA_CODES.join(' | ')} / area must be one of ${AREA_CODES.join(' | ')}` })]),
  pageSize: z.number().int().min(0).max(MAX_PAGE_SIZE, { error: `每页最多${MAX_PAGE_SIZE}户 / pageSize is at most ${MAX_PAGE_SIZE}` }),
  // "" (or absent) → the households as they stand now
  asOf: z.union([z.literal(''), dateSchema]).default(''),
});

/** Households per gRPC message: far below the 4 MB limit even for households of 30 members. */
export const HOUSEHOLDS_PER_MESSAGE = 100;

/**
 * The registry's batch read: `StreamHouseholdFacts` (server-streaming), the facts of a selection of
 * households for batch evaluations. Thin: validate the decoded request, stream the use case's pages
 * in messages of up to {@link HOUSEHOLDS_PER_MESSAGE} households.
 */
export function householdStreamHandlers(deps: ServiceDeps<RegistryConfig>): Pick<Handlers<'registry'>, 'StreamHouseholdFacts'> {
  return {
    StreamHouseholdFacts: async function* (req, ctx) {
      const q = streamRequestSchema.parse(req);
      const pages = streamHouseholdFacts(
        deps.ds,
        { householdIds: q.householdIds, area: q.area || null, pageSize: q.pageSize || DEFAULT_PAGE_SIZE, asOf: q.asOf || null },
        ctx.caller(),
      );
      for await (const page of pages) {
        for (let at = 0; at < page.length; at += HOUSEHOLDS_PER_MESSAGE) yield { households: page.slice(at, at + HOUSEHOLDS_PER_MESSAGE) };
      }
    },
  };
}
