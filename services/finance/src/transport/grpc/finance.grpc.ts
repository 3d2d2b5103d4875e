import { z } from 'zod';
import type { Handlers, ServiceDeps } from '@wuhai/service-kit';
import type { FinanceConfig } from '../../config';
import { listObligations } from '../../application/list-obligations.use-case';

const listSchema = z.object({
  month: z.string().regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, { error: '月份必须为 YYYY-MM / month must be YYYY-MM' }),
  householdId: z.string(),
});

/** Thin handlers: validate, check the caller, call the use case. */
export function financeHandlers(deps: ServiceDeps<FinanceConfig>): Handlers<'finance'> {
  return {
    ListObligations: async (req, ctx) => listObligations(deps.ds, listSchema.parse(req), ctx.caller()),
  };
}
