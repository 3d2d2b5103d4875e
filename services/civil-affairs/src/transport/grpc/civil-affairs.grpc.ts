import { z } from 'zod';
import type { TypedClient } from '@wuhai/contracts';
import { requireDepartment, type Handlers, type ServiceDeps } from '@wuhai/service-kit';
import type { CivilAffairsConfig } from '../../config';
import { demoOnly } from '../../domain/dibao.errors';
import { evaluateRequest } from '../../application/evaluate.use-case';
import type { ProcedureClock } from '../../application/procedure-clock';
import { getApplication, getCase, listCases } from '../../application/read-cases.use-case';
import { submitApplication } from '../../application/submit-application.use-case';
import { transitionCase } from '../../application/transition-case.use-case';
import { evaluateBatchHandlers } from './evaluate-batch.grpc';

const submitSchema = z.object({
  householdId: z.string().min(1),
  programs: z.array(z.string().min(1)).min(1),
  note: z.string().max(2000),
  declarationSigned: z.boolean(),
  authorisationSigned: z.boolean(),
});
const idSchema = z.object({ id: z.string().min(1) });
const transitionSchema = z.object({ id: z.string().min(1), action: z.string().min(1), note: z.string().max(2000), reviewId: z.string().max(100).optional() });
const listSchema = z.object({
  status: z.string().optional(),
  area: z.string().optional(),
  householdId: z.string().optional(),
  review: z.string().max(20).optional(),
  page: z.object({ limit: z.number().int().min(0).max(200), after: z.string() }).nullable().optional(),
});
const advanceSchema = z.object({ days: z.number().int().min(1).max(366) });

/** Thin handlers: check the caller, validate the decoded request, call the use case. */
export function civilAffairsHandlers(
  deps: ServiceDeps<CivilAffairsConfig>,
  clock: ProcedureClock,
  registry: TypedClient<'registry'>,
): Handlers<'civil-affairs'> {
  const useCaseDeps = { ds: deps.ds, clock, registry, kickOutbox: deps.kickOutbox };
  return {
    ...evaluateBatchHandlers(registry),
    SubmitApplication: async (req, ctx) => submitApplication(useCaseDeps, submitSchema.parse(req), ctx.caller(), ctx.forward(), ctx.correlationId),
    GetApplication: async (req, ctx) => getApplication(deps.ds, idSchema.parse(req).id, ctx.caller()),
    GetCase: async (req, ctx) => getCase(deps.ds, idSchema.parse(req).id, ctx.caller()),
    ListCases: async (req, ctx) => {
      const r = listSchema.parse(req);
      return listCases(deps.ds, { status: r.status, area: r.area, householdId: r.householdId, review: r.review, limit: r.page?.limit, after: r.page?.after }, ctx.caller());
    },
    TransitionCase: async (req, ctx) => transitionCase(useCaseDeps, transitionSchema.parse(req), ctx.caller(), ctx.forward(), ctx.correlationId),
    Evaluate: async (req, ctx) => {
      const caller = ctx.caller();
      const r = z.object({ requestJson: z.string().min(2), programs: z.array(z.string()) }).parse(req);
      return { responseJson: evaluateRequest(r.requestJson, r.programs, await clock.today(), caller) };
    },
    AdvanceDemoClock: async (req, ctx) => {
      requireDepartment(ctx.caller(), 'civil-affairs');
      if (!deps.config.DEMO_MODE) throw demoOnly();
      await clock.advance(advanceSchema.parse(req).days);
      return clock.state();
    },
    GetClock: async (_req, ctx) => {
      ctx.caller();
      return clock.state();
    },
  };
}
