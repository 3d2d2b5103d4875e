import { createClient } from '@wuhai/contracts';
import { CreateMessaging1764400000000, systemClock, type Clock, type ServiceDefinition } from '@wuhai/service-kit';
import type { CivilAffairsConfig } from './config';
import { ProcedureClock } from './application/procedure-clock';
import { civilAffairsEntities } from './persistence/civil-affairs.entities';
import { CreateCivilAffairs1764400000200 } from './persistence/migrations/1764400000200-create-civil-affairs';
import { AddCaseVerification1764400000300 } from './persistence/migrations/1764400000300-add-case-verification';
import { CreateCaseReviews1764500000100 } from './persistence/migrations/1764500000100-create-case-reviews';
import { CreateDibaoAdjustments1764600000100 } from './persistence/migrations/1764600000100-create-dibao-adjustments';
import { civilAffairsHandlers } from './transport/grpc/civil-affairs.grpc';
import { householdSplitSuspectedConsumer } from './transport/events/household-split-suspected.consumer';
import { personDiedConsumer } from './transport/events/person-died.consumer';

/**
 * Civil affairs' wiring. `clock` is injectable so tests can move time through a notice period.
 */
export function civilAffairsService(config: CivilAffairsConfig, clock: Clock = systemClock): ServiceDefinition<'civil-affairs', CivilAffairsConfig> {
  const registry = createClient('registry', config.REGISTRY_ADDR);
  return {
    name: 'civil-affairs',
    config,
    entities: civilAffairsEntities,
    migrations: [CreateMessaging1764400000000, CreateCivilAffairs1764400000200, AddCaseVerification1764400000300, CreateCaseReviews1764500000100, CreateDibaoAdjustments1764600000100],
    publishes: 'civil-affairs',
    handlers: (deps) => civilAffairsHandlers(deps, new ProcedureClock(deps.ds, config.DEMO_MODE, clock), registry),
    // deaths adjust approved cases; possible split households open reviews (docs/decisions/0013-deaths-and-moves.md)
    consumers: () => [personDiedConsumer, householdSplitSuspectedConsumer],
    onStop: () => registry.close(),
  };
}
