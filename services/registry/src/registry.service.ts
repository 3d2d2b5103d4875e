import { CreateMessaging1764400000000, systemClock, type Clock, type ServiceDefinition } from '@wuhai/service-kit';
import type { RegistryConfig } from './config';
import { registryEntities } from './persistence/registry.entities';
import { CreateRegistry1764400000100 } from './persistence/migrations/1764400000100-create-registry';
import { CreateSourceTables1764400000200 } from './persistence/migrations/1764400000200-create-source-tables';
import { CreateVerification1764400000300 } from './persistence/migrations/1764400000300-create-verification';
import { VerificationPeriodsAndImports1764500000300 } from './persistence/migrations/1764500000300-verification-periods-and-imports';
import { AddDeathsAndMoves1764600000100 } from './persistence/migrations/1764600000100-add-deaths-and-moves';
import { PartitionSourceTables1764900000100 } from './persistence/migrations/1764900000100-partition-source-tables';
import { SourceIdKey1765000000100 } from './persistence/migrations/1765000000100-source-id-key';
import { HouseholdStreamAsOf1765100000100 } from './persistence/migrations/1765100000100-household-stream-as-of';
import { sourceEntities } from './persistence/source-tables.entities';
import { verificationEntities } from './persistence/verification.entities';
import { registryHandlers } from './transport/grpc/registry.grpc';

/**
 * The registry service's wiring: its tables (households, persons, verification sources,
 * authorisations and reports), migrations, stream and gRPC handlers. `clock` is injectable so tests
 * can verify on the date a set of extracts was written for.
 */
export function registryService(config: RegistryConfig, clock: Clock = systemClock): ServiceDefinition<'registry', RegistryConfig> {
  return {
    name: 'registry',
    config,
    entities: [...registryEntities, ...sourceEntities, ...verificationEntities],
    migrations: [CreateMessaging1764400000000, CreateRegistry1764400000100, CreateSourceTables1764400000200, CreateVerification1764400000300, VerificationPeriodsAndImports1764500000300, AddDeathsAndMoves1764600000100, PartitionSourceTables1764900000100, SourceIdKey1765000000100, HouseholdStreamAsOf1765100000100],
    publishes: 'registry',
    handlers: (deps) => registryHandlers(deps, clock),
  };
}
