import { createClient } from '@wuhai/contracts';
import { CreateMessaging1764400000000, systemClock, type Clock, type ServiceDefinition } from '@wuhai/service-kit';
import type { CivilAffairsConfig } from './config';
import { ProcedureClock } from './application/procedure-clock';
import { civilAffairsEntities } from './persistence/civil-affairs.entities';
import { CreateCivilAffairs1764400000200 } from './persistence/migrations/1764400000200-create-civil-affairs';
import { AddCaseVerification1764400000300 } from './persistence/migrations/1764400000300-add-case-verification';
import { CreateCaseReviews1764500000100 } from './persistence/migrations/1764500000100-create-case-reviews';
import { CreateReviewRuns1764500000200 } from './persistence/migrations/1764500000200-create-review-runs';
import { CreateDibaoAdjustments1764600000100 } from './persistence/migrations/1764600000100-create-dibao-adjustments';
import { DibaoAdjustmentsRevocations1764700000100 } from './persistence/migrations/1764700000100-dibao-adjustments-revocations';
import { civilAffairsHandlers } from './transport/grpc/civil-affairs.grpc';
import { householdSplitSuspectedConsumer } from './transport/events/household-split-suspected.consumer';
import { personDeathRevokedConsumer } from './transport/events/person-death-revoked.consumer';
import { personDiedConsumer } from './transport/events/person-died.consumer';
import { personMovedConsumer } from './transport/events/person-moved.consumer';
import { sourcesImportedConsumer } from './transport/events/sources-imported.consumer';
import { ReviewRunner } from './application/review-paid-households';
import { registryMoveParties } from './application/review-member-move.use-case';

/** How review runs of paid households behave (docs/decisions/0015-bulk-verification-and-import-reviews.md). */
export interface ReviewRunOptions {
  /** How long after the last announced import a run starts, ms (default 5 000): one delivery, one run. */
  reviewSettleMs?: number;
  /** How often waiting runs are looked for, ms (default 2 000). */
  reviewPollMs?: number;
  /** Households verified per registry call (default 200). */
  reviewBatchSize?: number;
}

/**
 * Civil affairs' wiring. `clock` is injectable so tests can move time through a notice period.
 * After each import of verification sources the households with an approved dibao case are
 * verified again by a review runner started with the consumers and stopped with the service.
 */
export function civilAffairsService(
  config: CivilAffairsConfig,
  clock: Clock = systemClock,
  options: ReviewRunOptions = {},
): ServiceDefinition<'civil-affairs', CivilAffairsConfig> {
  const registry = createClient('registry', config.REGISTRY_ADDR);
  let reviews: ReviewRunner | undefined;
  return {
    name: 'civil-affairs',
    config,
    entities: civilAffairsEntities,
    migrations: [CreateMessaging1764400000000, CreateCivilAffairs1764400000200, AddCaseVerification1764400000300, CreateCaseReviews1764500000100, CreateReviewRuns1764500000200, CreateDibaoAdjustments1764600000100, DibaoAdjustmentsRevocations1764700000100],
    publishes: 'civil-affairs',
    handlers: (deps) => civilAffairsHandlers(deps, new ProcedureClock(deps.ds, config.DEMO_MODE, clock), registry),
    // deaths adjust approved cases; moves and possible split households open reviews (docs/decisions/0013-deaths-and-moves.md)
    // imports of verification sources start review runs of the paid households (docs/decisions/0015-bulk-verification-and-import-reviews.md)
    consumers: (deps) => {
      reviews ??= new ReviewRunner({ ds: deps.ds, registry, jwtSecret: config.JWT_SECRET, logger: deps.logger, pollMs: options.reviewPollMs, batchSize: options.reviewBatchSize });
      reviews.start();
      return [personDiedConsumer, personDeathRevokedConsumer, personMovedConsumer(registryMoveParties(registry, config.JWT_SECRET)), householdSplitSuspectedConsumer, sourcesImportedConsumer(reviews, options.reviewSettleMs ?? 5000)];
    },
    onStop: async () => {
      await reviews?.stop();
      registry.close();
    },
  };
}
