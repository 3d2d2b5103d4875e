import { createClient, SERVICE_NAMES, type ServiceName, type TypedClient } from '@wuhai/contracts';

/** One typed gRPC client per platform service (DESIGN.md: the gateway calls services by gRPC). */
export type ServiceClients = { [S in ServiceName]: TypedClient<S> };

/** Deadline of an ordinary gRPC call from the gateway (DESIGN.md §12). */
export const CALL_TIMEOUT_MS = 5000;

/**
 * Creates the typed clients of all eight services. Channels connect lazily, so this never fails
 * when a service is down; calls then fail with UNAVAILABLE (→ 503).
 * @param addresses `host:port` per service name
 */
export function createServiceClients(addresses: Record<ServiceName, string>): ServiceClients {
  const clients = {} as Record<ServiceName, unknown>;
  for (const name of SERVICE_NAMES) clients[name] = createClient(name, addresses[name]);
  return clients as ServiceClients;
}

/** Closes every client's channel (shutdown). */
export function closeServiceClients(clients: ServiceClients): void {
  for (const name of SERVICE_NAMES) clients[name].close();
}
