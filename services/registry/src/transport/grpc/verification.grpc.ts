import { z } from 'zod';
import { systemClock, type Clock, type Handlers, type ServiceDeps } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../config';
import { recordAuthorisation } from '../../application/record-authorisation.use-case';
import { getVerification, runVerification } from '../../application/run-verification.use-case';
import { loadVerificationParameters, verifyHouseholds } from '../../application/verify-households.use-case';
import { DUPLICATE_KINDS, listDuplicates } from '../../application/list-duplicates.use-case';
import { SourceMonthCoverage } from '../../persistence/source-reader';

const recordSchema = z.object({
  householdId: z.string().min(1).max(100),
  personIds: z.array(z.string().min(1).max(100)).min(1, { error: '至少一名成员签署 / at least one member must sign' }).max(50),
  signedAt: z.string().max(40),
});
const householdRequest = z.object({ householdId: z.string().min(1).max(100) });
const idRequest = z.object({ id: z.string().min(1).max(100) });
const verifyHouseholdsRequest = z.object({
  householdIds: z.array(z.string().max(100)),
  all: z.boolean(),
  after: z.string().max(100),
  limit: z.number().int().min(0).max(100_000),
  runKey: z.string().max(200),
});
const duplicatesRequest = z.object({
  kind: z.union([z.literal(''), z.enum(DUPLICATE_KINDS)]),
  limit: z.number().int().min(0).max(200),
  offset: z.number().int().min(0),
});

/**
 * The registry's verification handlers (City §18): `RecordAuthorisation`, `RunVerification`,
 * `VerifyHouseholds`, `GetVerification` and `ListDuplicates`. Thin: validate the decoded request, call the use case.
 */
export function verificationHandlers(
  deps: ServiceDeps<RegistryConfig>,
  clock: Clock = systemClock,
): Pick<Handlers<'registry'>, 'RecordAuthorisation' | 'RunVerification' | 'VerifyHouseholds' | 'GetVerification' | 'ListDuplicates'> {
  // imported files never change: which months each holds is read once per process
  const coverage = new SourceMonthCoverage();
  // the income tolerance's parameter files: read once, at start (a bad file stops the service here)
  loadVerificationParameters();
  return {
    RecordAuthorisation: async (req, ctx) => recordAuthorisation({ ds: deps.ds, clock }, recordSchema.parse(req), ctx.caller()),
    RunVerification: async (req, ctx) =>
      runVerification({ ds: deps.ds, clock, coverage, kickOutbox: deps.kickOutbox }, householdRequest.parse(req).householdId, ctx.caller(), ctx.correlationId),
    VerifyHouseholds: async (req, ctx) =>
      verifyHouseholds({ ds: deps.ds, clock, coverage, kickOutbox: deps.kickOutbox }, verifyHouseholdsRequest.parse(req), ctx.caller(), ctx.correlationId),
    GetVerification: async (req, ctx) => getVerification(deps.ds, idRequest.parse(req).id, ctx.caller()),
    ListDuplicates: async (req, ctx) => {
      const caller = ctx.caller();
      const q = duplicatesRequest.parse(req);
      return listDuplicates(deps.ds, { kind: q.kind || null, limit: q.limit || 50, offset: q.offset }, caller);
    },
  };
}
