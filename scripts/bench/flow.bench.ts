/**
 * Benchmark of the platform's first flow, in one run:
 *  - `pnpm start` to ready: launching every process until the gateway's /readyz is green;
 *  - one dibao application from submission to finance's obligation, through the gateway;
 *  - the event leg alone (approve → obligation visible at finance) against a raw baseline in the
 *    same run: a JetStream publish consumed by a durable pull consumer that inserts into PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, connect } from 'nats';
import { Client } from 'pg';
import { seedIfEmpty } from '../seed/seed';
import { generateCity } from '../seed/city';
import { evaluateDibao } from '../../packages/rules/src';
import { createDatabase, databaseUrl } from '@wuhai/testing';
import { withBenchPlatform } from './servers';

const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1]! };
}
const fmt = (x: { n: number; median: number; p90: number; max: number }) =>
  `n=${x.n} median ${x.median.toFixed(1)} ms, p90 ${x.p90.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

export async function runFlowBench(opts: { applications: number; households: number }): Promise<string> {
  const lines: string[] = [];
  await withBenchPlatform('wuhai-bench-', async (platform, { pg, nats, startMs }) => {
    await seedIfEmpty({ registryAddress: platform.addresses.registry, jwtSecret: platform.jwtSecret, households: opts.households, seed: 11, today: TODAY });
    const heads: string[] = [];
    for (const h of generateCity({ households: opts.households, seed: 11, today: TODAY })) {
      if (evaluateDibao(h.facts, TODAY).status === 'ELIGIBLE') heads.push(h.facts.members.find((m) => m.relation === 'head')!.idNumber!);
    }
    const n = Math.min(opts.applications, heads.length);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const call = async (method: string, url: string, token: string | undefined, body?: unknown): Promise<any> => {
      const res = await fetch(`${platform.url}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const json = (await res.json()) as any;
      if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = (await call('POST', '/api/v1/auth/login', undefined, { username: 'demo.civil-affairs', password: 'demo' })).token as string;
    const finance = (await call('POST', '/api/v1/auth/login', undefined, { username: 'demo.finance', password: 'demo' })).token as string;

    // clerk steps up to the notice, for every application
    const cases: { householdId: string; caseId: string; submittedAt: number; clerkMs: number }[] = [];
    for (const head of heads.slice(0, n)) {
      const t = performance.now();
      const person = await call('GET', `/api/v1/persons/${head}`, token);
      // every adult member signs the authorisation to verify before the verification (City §18)
      const household = await call('GET', `/api/v1/households/${person.householdId}`, token);
      const personIds = (household.household.members as { id: string }[]).map((m) => m.id);
      await call('POST', `/api/v1/households/${person.householdId}/authorisations`, token, { personIds, signedAt: TODAY });
      const app = await call('POST', '/api/v1/applications', token, { householdId: person.householdId, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true });
      const caseId = app.routes[0].caseId as string;
      await call('POST', `/api/v1/cases/${caseId}/transitions`, token, { action: 'verify', note: '' });
      await call('POST', `/api/v1/cases/${caseId}/transitions`, token, { action: 'start_notice', note: '' });
      cases.push({ householdId: person.householdId, caseId, submittedAt: t, clerkMs: performance.now() - t });
    }
    await call('POST', '/api/v1/demo/clock', token, { days: 7 });
    const total: number[] = [];
    const eventLeg: number[] = [];
    // the event leg is timed at finance's own table: outbox → JetStream → consumer → commit
    const financeDb = new Client({ connectionString: databaseUrl(pg.adminUrl, 'wuhai_finance') });
    financeDb.on('error', () => undefined);
    await financeDb.connect();
    for (const c of cases) {
      const t = performance.now();
      await call('POST', `/api/v1/cases/${c.caseId}/transitions`, token, { action: 'approve', note: '' });
      const approvedAt = performance.now();
      for (;;) {
        const r = await financeDb.query('SELECT 1 FROM obligations WHERE case_id = $1', [c.caseId]);
        if (r.rowCount) break;
        await new Promise((res) => setTimeout(res, 1));
      }
      const done = performance.now();
      eventLeg.push(done - approvedAt);
      total.push(c.clerkMs + (done - t));
    }
    await financeDb.end();
    // and the clerk's view of it: the application page through the gateway, with finance's line
    const view = await call('GET', `/api/v1/cases/${cases[0]!.caseId}`, token);
    const app = await call('GET', `/api/v1/applications/${view.applicationId}`, finance);
    if (!app.departments.find((d: { service: string; items: unknown[] }) => d.service === 'finance')?.items.length) {
      throw new Error('finance obligation not visible through the gateway');
    }

    // raw baseline in the same run: JetStream publish → durable pull consumer → INSERT
    await createDatabase(pg.adminUrl, 'bench_raw');
    const db = new Client({ connectionString: databaseUrl(pg.adminUrl, 'bench_raw') });
    db.on('error', () => undefined);
    await db.connect();
    await db.query('CREATE TABLE IF NOT EXISTS raw_obligations (id uuid PRIMARY KEY, amount_fen bigint NOT NULL)');
    const nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'BENCH_RAW', subjects: ['bench.raw.>'] });
    await jsm.consumers.add('BENCH_RAW', { durable_name: 'raw', ack_policy: AckPolicy.Explicit });
    const js = nc.jetstream();
    const consumer = await js.consumers.get('BENCH_RAW', 'raw');
    const seen = new Map<string, () => void>();
    // the baseline's consumer inserts, like finance, but with no envelope, validation or inbox
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        const { id, amountFen } = m.json<{ id: string; amountFen: number }>();
        await db.query('INSERT INTO raw_obligations (id, amount_fen) VALUES ($1, $2)', [id, amountFen]);
        m.ack();
        seen.get(id)?.();
      }
    })();
    const raw: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const t = performance.now();
      const arrived = new Promise<void>((resolve) => seen.set(id, resolve));
      await js.publish('bench.raw.approved', JSON.stringify({ id, amountFen: 180000 }), { msgID: id });
      await arrived;
      raw.push(performance.now() - t);
    }
    await messages.close();
    await nc.close();
    await db.end();

    const leg = stats(eventLeg);
    const base = stats(raw);
    lines.push(
      `platform start to ready (${Object.keys(platform.addresses).length} services + gateway, separate processes): ${(startMs / 1000).toFixed(1)} s`,
      `application submitted → finance obligation visible (clerk steps over REST + event leg): ${fmt(stats(total))}`,
      `event leg, approve answered → obligation committed at finance (outbox → JetStream → inbox consumer): ${fmt(leg)}`,
      `raw baseline, JetStream publish → pull consumer → INSERT, same servers: ${fmt(base)}`,
      `ratio event leg / raw baseline (medians): ${(leg.median / base.median).toFixed(1)}×`,
    );
  });
  return lines.join('\n');
}
