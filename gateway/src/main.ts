import type { Server } from 'node:http';
import { createLogger, openDataSource } from '@wuhai/service-kit';
import { createApp } from './app';
import { closeServiceClients, createServiceClients } from './clients/service-clients';
import { loadGatewayConfig, serviceAddresses } from './config';
import { gatewayMigrations } from './persistence/migrations/1764400000900-create-gateway';
import { seedDemoAccounts } from './persistence/staff-accounts';

/** Wires the gateway: config → logger → database (migrations) → demo accounts → clients → HTTP. */
async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const ds = await openDataSource({ url: config.DATABASE_URL, entities: [], migrations: gatewayMigrations, logger });
  if (config.DEMO_MODE) {
    const created = await seedDemoAccounts(ds);
    if (created) logger.info({ accounts: created }, 'demo mode: created the demo.<service> clerks (password "demo")');
  }
  const clients = createServiceClients(serviceAddresses(config));
  const app = createApp({ config, ds, logger, clients });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ url: `http://${config.HOST}:${port}/` }, 'gateway listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      closeServiceClients(clients);
      ds.destroy().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
