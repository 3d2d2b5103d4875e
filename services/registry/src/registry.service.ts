import { CreateMessaging1764400000000, type ServiceDefinition } from '@wuhai/service-kit';
import type { RegistryConfig } from './config';
import { registryEntities } from './persistence/registry.entities';
import { CreateRegistry1764400000100 } from './persistence/migrations/1764400000100-create-registry';
import { CreateSourceTables1764400000200 } from './persistence/migrations/1764400000200-create-source-tables';
import { sourceEntities } from './persistence/source-tables.entities';
import { registryHandlers } from './transport/grpc/registry.grpc';

/** The registry service's wiring: its tables (households, persons, verification sources), migrations, stream and gRPC handlers. */
export function registryService(config: RegistryConfig): ServiceDefinition<'registry', RegistryConfig> {
  return {
    name: 'registry',
    config,
    entities: [...registryEntities, ...sourceEntities],
    migrations: [CreateMessaging1764400000000, CreateRegistry1764400000100, CreateSourceTables1764400000200],
    publishes: 'registry',
    handlers: registryHandlers,
  };
}
