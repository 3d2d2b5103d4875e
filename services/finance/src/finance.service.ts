import { CreateMessaging1764400000000, type ServiceDefinition } from '@wuhai/service-kit';
import type { FinanceConfig } from './config';
import { CreateFinance1764400000400 } from './persistence/migrations/1764400000400-create-finance';
import { financeHandlers } from './transport/grpc/finance.grpc';
import { dibaoApprovedConsumer } from './transport/events/dibao-approved.consumer';

/** Finance's wiring: obligations recorded from approvals, listed for finance staff. */
export function financeService(config: FinanceConfig): ServiceDefinition<'finance', FinanceConfig> {
  return {
    name: 'finance',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, CreateFinance1764400000400],
    handlers: financeHandlers,
    consumers: () => [dibaoApprovedConsumer],
  };
}
