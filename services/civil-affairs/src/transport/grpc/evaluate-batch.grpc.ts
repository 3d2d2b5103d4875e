import type { TypedClient } from '@wuhai/contracts';
import type { Handlers } from '@wuhai/service-kit';
import { evaluateBatchForMonth, parseEvaluateBatchRequest } from '../../application/evaluate-batch.use-case';

/**
 * `EvaluateBatch` (server-streaming): validate the decoded request, then stream the use case's
 * items; the registry is read with the caller's identity, cancellation and deadline.
 */
export function evaluateBatchHandlers(registry: TypedClient<'registry'>): Pick<Handlers<'civil-affairs'>, 'EvaluateBatch'> {
  return {
    EvaluateBatch: async function* (req, ctx) {
      const caller = ctx.caller();
      const request = parseEvaluateBatchRequest(req);
      yield* evaluateBatchForMonth({ registry }, request, { caller, forward: ctx.forward(), signal: ctx.signal, deadline: ctx.deadline });
    },
  };
}
