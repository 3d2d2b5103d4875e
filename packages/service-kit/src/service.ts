import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { JetStreamClient, NatsConnection } from 'nats';
import type { z } from 'zod';
import type { ServiceName, StreamOwner } from '@wuhai/contracts';

import type { BaseConfig } from './config';
import { openDataSource, type MigrationClass } from './database';
import { startGrpcServer, type GrpcServerHandle, type Handlers } from './grpc-server';
import { startConsumer, type ConsumerSpec, type RunningConsumer } from './inbox';
import { createLogger, type Logger } from './logger';
import { connectNats, ensureStream } from './nats';
import { OutboxRelay } from './outbox';

/** What a service's wiring function receives to build its handlers and consumers. */
export interface ServiceDeps<C extends BaseConfig> {
  config: C;
  logger: Logger;
  ds: DataSource;
  nc: NatsConnection;
  js: JetStreamClient;
  /** Wakes the outbox relay after a commit that wrote events. */
  kickOutbox(): void;
}

export interface ServiceDefinition<S extends ServiceName, C extends BaseConfig> {
  name: S;
  config: C;
  entities: MixedList<string | EntitySchema>;
  migrations: MixedList<MigrationClass | string>;
  /** Releases what the wiring opened (e.g. gRPC clients of other services); runs after the server stopped. */
  onStop?(): void | Promise<void>;
  /** How often the database is pinged for the health status, ms (default 5000). */
  healthProbeMs?: number;
  /** The stream this service publishes to, if any. */
  publishes?: StreamOwner;
  handlers(deps: ServiceDeps<C>): Handlers<S>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  consumers?(deps: ServiceDeps<C>): ConsumerSpec<z.ZodType<any>>[];
}

export interface RunningService<C extends BaseConfig> extends ServiceDeps<C> {
  grpc: GrpcServerHandle;
  /** `host:port` the gRPC server listens on. */
  address: string;
  stop(): Promise<void>;
}

/**
 * Starts a service: DataSource (migrations run), NATS, its stream, the outbox relay, its
 * consumers, and the gRPC server; reports SERVING once all are up and NOT_SERVING while NATS is
 * disconnected. `stop()` follows DESIGN.md §11: NOT_SERVING, gRPC shutdown, drain NATS, close DB.
 */
export async function startService<S extends ServiceName, C extends BaseConfig>(
  def: ServiceDefinition<S, C>,
): Promise<RunningService<C>> {
  const { config } = def;
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const ds = await openDataSource({ url: config.DATABASE_URL, entities: def.entities, migrations: def.migrations, logger });
  const nc = await connectNats(config.NATS_URL, def.name, logger);
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  if (def.publishes) await ensureStream(jsm, def.publishes);
  const relay = def.publishes ? new OutboxRelay(ds, js, logger) : undefined;
  relay?.start();
  const deps: ServiceDeps<C> = { config, logger, ds, nc, js, kickOutbox: () => relay?.kick() };

  const grpc = await startGrpcServer({
    name: def.name,
    handlers: def.handlers(deps),
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    jwtSecret: config.JWT_SECRET,
    logger,
  });
  const consumers: RunningConsumer[] = [];
  for (const spec of def.consumers?.(deps) ?? []) consumers.push(await startConsumer({ ds, js, jsm, spec, logger }));

  // SERVING only while both the database and NATS answer (DESIGN.md §11)
  let natsUp = true;
  let dbUp = true;
  const report = () => grpc.setServing(natsUp && dbUp && ds.isInitialized);
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') natsUp = false;
      if (s.type === 'reconnect') natsUp = true;
      report();
    }
  })();
  const dbProbe = setInterval(() => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2000).unref());
    Promise.race([ds.query('SELECT 1'), timeout]).then(
      () => {
        if (!dbUp) logger.info('database answers again');
        dbUp = true;
        report();
      },
      (err: unknown) => {
        if (dbUp) logger.error({ err }, 'database does not answer; reporting NOT_SERVING');
        dbUp = false;
        report();
      },
    );
  }, def.healthProbeMs ?? 5000);
  dbProbe.unref();
  report();
  const address = `${config.GRPC_HOST}:${grpc.port}`;
  logger.info({ address }, `${def.name} serving`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(dbProbe);
      grpc.setServing(false);
      await grpc.stop();
      for (const c of consumers) await c.stop().catch(() => undefined);
      await relay?.stop();
      await def.onStop?.();
      await nc.drain().catch(() => undefined);
      await ds.destroy().catch(() => undefined);
      logger.info(`${def.name} stopped`);
    })());

  return { ...deps, grpc, address, stop };
}

/**
 * Runs a service as a process: starts it and stops it cleanly on SIGTERM/SIGINT.
 * Startup failures are logged and exit with code 1.
 */
export function runAsProcess<S extends ServiceName, C extends BaseConfig>(def: () => ServiceDefinition<S, C>): void {
  startService(def()).then(
    (svc) => {
      const shutdown = (signal: string) => {
        svc.logger.info({ signal }, 'shutting down');
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (err: unknown) => {
      process.stderr.write(`failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
