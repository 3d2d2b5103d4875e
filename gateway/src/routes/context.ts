import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { cityDate } from '@wuhai/service-kit';
import type { ServiceClients } from '../clients/service-clients';
import type { GatewayConfig } from '../config';

/** What `createApp` needs: configuration, the gateway's database, a logger and the service clients. */
export interface GatewayDeps {
  config: GatewayConfig;
  ds: DataSource;
  logger: Logger;
  clients: ServiceClients;
  /** Failed logins allowed per client address and username in `windowMs` (default 10 per 15 min). */
  loginRateLimit?: { limit: number; windowMs: number };
}

/** Today in the city (Asia/Shanghai), `YYYY-MM-DD`: bounds birth dates in requests. */
export function today(): string {
  return cityDate(new Date());
}
