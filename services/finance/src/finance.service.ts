import { CreateMessaging1764400000000, type ServiceDefinition } from '@wuhai/service-kit';
import type { FinanceConfig } from './config';
import { CreateFinance1764400000400 } from './persistence/migrations/1764400000400-create-finance';
import { ObligationPeriods1764600000100 } from './persistence/migrations/1764600000100-obligation-periods';
import { financeHandlers } from './transport/grpc/finance.grpc';
import { dibaoApprovedConsumer } from './transport/events/dibao-approved.consumer';
import { dibaoAdjustedConsumer } from './transport/events/dibao-adjusted.consumer';

/** Finance's wiring: obligations recorded from approvals and adjustments, listed for finance staff. */
export function financeService(config: FinanceConfig): ServiceDefinition<'finance', FinanceConfig> {
  return {
    name: 'finance',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, CreateFinance1764400000400, ObligationPeriods1764600000100],
    handlers: financeHandlers,
    consumers: () => [dibaoApprovedConsumer, dibaoAdjustedConsumer],
  };
}
