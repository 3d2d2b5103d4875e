import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { connect } from 'nats';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  ensureNatsServerBinary,
  natsUrlForLauncher,
  startNats,
  startPostgres,
  useTestDatabase,
  useTestNats,
} from '../src';

const isRoot = process.getuid?.() === 0;

function tempPath(prefix: string): string {
  return path.join(os.tmpdir(), `${prefix}${randomBytes(6).toString('hex')}`);
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function withPg<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `body` with DATABASE_URL unset, so startPostgres takes the embedded path. */
async function withoutDatabaseUrl<T>(body: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    return await body();
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
}

describe('test databases on the run’s PostgreSQL', () => {
  const dbA = useTestDatabase('infra_a');
  const dbB = useTestDatabase('Infra-B');

  test('when a database is created, then a table can be written and read back', async () => {
    await withPg(dbA(), async (client) => {
      await client.query('CREATE TABLE household (id serial PRIMARY KEY, head text NOT NULL, income_fen bigint NOT NULL)');
      await client.query('INSERT INTO household (head, income_fen) VALUES ($1, $2)', ['张三（乌海市海勃湾区）', '123456']);
      const rows = await client.query('SELECT head, income_fen FROM household');
      expect(rows.rows).toEqual([{ head: '张三（乌海市海勃湾区）', income_fen: '123456' }]);
    });
  });

  test('when two test databases are created, then they are distinct and isolated', async () => {
    expect(dbA()).not.toEqual(dbB());
    expect(new URL(dbB()).pathname).toMatch(/^\/infra_b_[0-9a-f]{12}$/);
    await withPg(dbB(), async (client) => {
      const seen = await client.query("SELECT to_regclass('public.household') AS t");
      expect(seen.rows[0].t).toBeNull(); // the table created in database A is not here
      await client.query('CREATE TABLE household (id int)');
      await client.query('INSERT INTO household VALUES (1), (2)');
    });
    await withPg(dbA(), async (client) => {
      const count = await client.query('SELECT count(*)::int AS n FROM household');
      expect(count.rows[0].n).toBe(1);
    });
  });

  test('when createDatabase runs twice, then the second call succeeds; when dropDatabase runs with a session open, then the session is ended and the database is gone', async () => {
    const adminUrl = dbA(); // any database of the server can serve as the admin connection
    const name = `infra_drop_${randomBytes(4).toString('hex')}`;
    await createDatabase(adminUrl, name);
    await createDatabase(adminUrl, name);

    const open = new Client({ connectionString: databaseUrl(adminUrl, name) });
    const openErrors: Error[] = [];
    open.on('error', (err) => openErrors.push(err));
    await open.connect();

    await dropDatabase(adminUrl, name);
    await dropDatabase(adminUrl, name); // missing: still fine
    const exists = await withPg(adminUrl, (c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
    expect(exists.rowCount).toBe(0);
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await open.end().catch(() => undefined);
  });

  test('when a database name is longer than 63 bytes, then createDatabase refuses it', async () => {
    await expect(createDatabase('postgres://x@127.0.0.1:1/postgres', 'x'.repeat(64))).rejects.toThrow(/1\.\.63 bytes/);
  });

  test('when databaseUrl is asked for another database, then only the database part changes', () => {
    expect(databaseUrl('postgres://u:p%40ss@127.0.0.1:5433/postgres?sslmode=disable', 'civil_affairs')).toBe(
      'postgres://u:p%40ss@127.0.0.1:5433/civil_affairs?sslmode=disable',
    );
  });
});

describe('embedded PostgreSQL (even when DATABASE_URL is set)', () => {
  test('when stopped and started again on the same dataDir, then the data is kept, and stop closes the port', async () => {
    const root = tempPath('wuhai-infra-pg-');
    const dataDir = path.join(root, 'data');
    try {
      await withoutDatabaseUrl(async () => {
        const first = await startPostgres({ dataDir, persistent: true });
        expect(first.external).toBe(false);
        await createDatabase(first.adminUrl, 'kept');
        await withPg(databaseUrl(first.adminUrl, 'kept'), async (c) => {
          expect((await c.query('SHOW server_encoding')).rows[0].server_encoding).toBe('UTF8');
          await c.query("CREATE TABLE t AS SELECT '乌海' AS city");
        });
        await first.stop();
        expect(await portIsOpen(first.port as number)).toBe(false);

        const second = await startPostgres({ dataDir, persistent: false });
        const city = await withPg(databaseUrl(second.adminUrl, 'kept'), (c) => c.query('SELECT city FROM t'));
        expect(city.rows).toEqual([{ city: '乌海' }]);
        await second.stop();
        expect(await portIsOpen(second.port as number)).toBe(false);
        await expect(fs.access(dataDir)).rejects.toThrow(); // non-persistent: deleted on stop
      });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  test('when a parent of dataDir is private (mode 700), then as root startPostgres says the postgres user cannot enter it before initdb; as another user it starts', async () => {
    const root = tempPath('wuhai-infra-private-');
    await fs.mkdir(root, { mode: 0o700 });
    try {
      await withoutDatabaseUrl(async () => {
        const starting = startPostgres({ dataDir: path.join(root, 'data'), persistent: false });
        if (isRoot) {
          await expect(starting).rejects.toThrow(/cannot enter .*wuhai-infra-private-.*mode 700/);
        } else {
          const server = await starting;
          await server.stop();
        }
      });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('private nats-server with JetStream', () => {
  const natsUrl = useTestNats();

  test('when a message is published twice with the same msgID, then the second PubAck says duplicate', async () => {
    const nc = await connect({ servers: natsUrl() });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'WUHAI_TESTING', subjects: ['wuhai.testing.>'] });
      const js = nc.jetstream();
      const payload = new TextEncoder().encode(JSON.stringify({ id: 'evt-1' }));
      const first = await js.publish('wuhai.testing.infra.checked.v1', payload, { msgID: 'evt-1' });
      const second = await js.publish('wuhai.testing.infra.checked.v1', payload, { msgID: 'evt-1' });
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(second.seq).toBe(first.seq);
      expect((await jsm.streams.info('WUHAI_TESTING')).state.messages).toBe(1);
    } finally {
      await nc.close();
    }
  });

  test('when stop is called, then the port is closed; when started again on a persistent storeDir, then streams are kept', async () => {
    const storeDir = tempPath('wuhai-infra-nats-');
    try {
      const first = await startNats({ storeDir, persistent: true });
      expect(first.url).toBe(`nats://127.0.0.1:${String(first.port)}`);
      const nc = await connect({ servers: first.url });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'KEPT', subjects: ['kept.>'] });
      await nc.jetstream().publish('kept.one', new Uint8Array([1]));
      await nc.close();
      await first.stop();
      expect(await portIsOpen(first.port as number)).toBe(false);

      const second = await startNats({ storeDir, persistent: false });
      const nc2 = await connect({ servers: second.url });
      expect((await (await nc2.jetstreamManager()).streams.info('KEPT')).state.messages).toBe(1);
      await nc2.close();
      await second.stop();
      expect(await portIsOpen(second.port as number)).toBe(false);
      await expect(fs.access(storeDir)).rejects.toThrow(); // non-persistent: deleted on stop
    } finally {
      await fs.rm(storeDir, { recursive: true, force: true });
    }
  });

  test('when nats-server is missing and cannot be installed, then the error says how to install it', async () => {
    const empty = tempPath('wuhai-infra-empty-');
    await fs.mkdir(empty);
    try {
      await expect(ensureNatsServerBinary({ searchDirs: [empty], install: false })).rejects.toThrow(
        /sudo apt-get install nats-server.*NATS_URL/s,
      );
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });

  test('when NATS_URL is set, then the launcher uses it and starts nothing', async () => {
    const saved = process.env.NATS_URL;
    process.env.NATS_URL = 'nats://127.0.0.1:4222';
    try {
      const server = await natsUrlForLauncher({ storeDir: '/nonexistent/never-created', persistent: false });
      expect(server).toMatchObject({ url: 'nats://127.0.0.1:4222', external: true });
      await server.stop();
    } finally {
      if (saved === undefined) delete process.env.NATS_URL;
      else process.env.NATS_URL = saved;
    }
  });
});
