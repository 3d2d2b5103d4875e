import { sourcesImportedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { requestReviewRun, type ReviewRunner } from '../../application/review-paid-households';

/**
 * Civil affairs' consumer of `wuhai.registry.sources.imported.v1`: every announced import joins the
 * waiting review run of the households civil affairs pays (`requestReviewRun`), which `runner`
 * starts once the imports have settled for `settleMs`. Idempotent through the inbox: a redelivered
 * event joins nothing twice.
 */
export function sourcesImportedConsumer(runner: ReviewRunner, settleMs: number): ConsumerSpec<typeof sourcesImportedSchema> {
  return {
    durable: 'civil-affairs-sources-imported',
    subject: SUBJECTS.sourcesImported,
    schema: sourcesImportedSchema,
    async handle(imported, envelope, manager) {
      await requestReviewRun(manager, { ...imported, eventId: envelope.id }, settleMs);
      // the run may start once this transaction has committed and the imports settled
      setTimeout(() => runner.kick(), settleMs + 50).unref();
    },
  };
}
