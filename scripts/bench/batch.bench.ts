/**
 * Benchmark of batch evaluation as a platform API, in one run:
 *  - the platform as `pnpm start` runs it (every service its own process, embedded PostgreSQL,
 *    nats-server), the demo city seeded through the registry;
 *  - a month's batch of every household through the gateway: `POST /api/v1/evaluations/batch`,
 *    NDJSON read as it streams (gateway → civil affairs `EvaluateBatch` → registry
 *    `StreamHouseholdFacts` → PostgreSQL), explanations off and on, every program;
 *  - the same batch by gRPC straight to civil affairs, and the registry's stream alone, to show
 *    where the time goes — on asOf (each household as it was that day, what civil affairs reads)
 *    and as the households stand now, then again once deaths and moves are recorded;
 *  - the baseline: `evaluateBatch` in this process over the same households (the registry's facts,
 *    read once into memory), same date, programs and explain flag.
 * Each phase runs `repeats` times; the median is reported. The summary totals of the gateway run
 * must equal the in-process totals, or the benchmark fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import { createClient, householdSnapshotOf } from '@wuhai/contracts';
import { signStaffToken } from '@wuhai/service-kit';
import { seedCity } from '../seed/seed';
import { withBenchPlatform } from './servers';
import { evaluateBatch, PROGRAM_CODES, type BatchItem } from '../../packages/rules/src';

export interface BatchBenchOptions {
  /** Households of the seeded city (default 2 000, the demo city of `pnpm start`). */
  households: number;
  /** Runs of each phase; the median is reported (default 3). */
  repeats?: number;
  seed?: number;
}

const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `body` `repeats` times; the median milliseconds and the last result. */
async function timed<T>(repeats: number, body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const ms: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    result = await body();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), result: result! };
}

/**
 * CPU seconds of each process of this machine, by pid, with its parent and command line: its own
 * (user + system) and that of its children already reaped (PostgreSQL backends come and go).
 */
function processTable(): Map<number, { ppid: number; cpu: number; cmd: string }> {
  const table = new Map<number, { ppid: number; cpu: number; cmd: string }>();
  const tick = 100; // USER_HZ on Linux
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command name (field 2) may hold spaces: the fields after it follow its closing parenthesis
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      table.set(Number(entry), { ppid: Number(fields[1]), cpu: (utime! + stime! + cutime! + cstime!) / tick, cmd });
    } catch {
      // the process ended while being read
    }
  }
  return table;
}

/**
 * CPU seconds used so far by the platform's processes started from this one: each service and the
 * gateway (by their entry file), PostgreSQL (every process of the server), and this process (the
 * benchmark's client). Linux only (`/proc`); elsewhere every figure is 0.
 */
function cpuByPart(): Record<string, number> {
  if (!fs.existsSync('/proc/self/stat')) return {};
  const table = processTable();
  const descendants = (root: number): number[] => {
    const out: number[] = [];
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop()!;
      for (const [child, p] of table) if (p.ppid === pid) {
        out.push(child);
        stack.push(child);
      }
    }
    return out;
  };
  const parts: Record<string, number> = { registry: 0, 'civil-affairs': 0, gateway: 0, postgres: 0, client: table.get(process.pid)?.cpu ?? 0 };
  for (const pid of descendants(process.pid)) {
    const p = table.get(pid)!;
    if (p.cmd.includes('services/registry/src/main.ts')) parts.registry! += p.cpu;
    else if (p.cmd.includes('services/civil-affairs/src/main.ts')) parts['civil-affairs']! += p.cpu;
    else if (p.cmd.includes('gateway/src/main.ts')) parts.gateway! += p.cpu;
    else if (p.cmd.includes('postgres')) parts.postgres! += p.cpu;
  }
  return parts;
}

interface Totals {
  households: number;
  errors: number;
  amountFen: Record<string, number>;
}

export async function runBatchBench(opts: BatchBenchOptions): Promise<string> {
  const repeats = opts.repeats ?? 3;
  const month = TODAY.slice(0, 7);
  const asOf = `${month}-01`;
  const lines: string[] = [];
  await withBenchPlatform('wuhai-bench-batch-', async (platform) => {
    const seeded = await seedCity({ registryAddress: platform.addresses.registry, jwtSecret: platform.jwtSecret, households: opts.households, seed: opts.seed ?? 11, today: TODAY, progress: false });
    const login = await fetch(`${platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo.finance', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const metadata = { authorization: `Bearer ${signStaffToken({ staffId: 'bench', username: 'bench', department: 'finance', area: '*', role: 'clerk' }, platform.jwtSecret, 3600)}` };

    /** The gateway phase: the NDJSON read chunk by chunk, lines counted; the summary line parsed. */
    const viaGateway = (explain: boolean) => async (): Promise<Totals> => {
      const res = await fetch(`${platform.url}/api/v1/evaluations/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ month, explain }),
      });
      if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      // the last chunks, at least 64 KiB of them: the summary line is far shorter
      const tailChunks: Uint8Array[] = [];
      let tailBytes = 0;
      let count = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        // a newline byte never occurs inside a UTF-8 sequence: count lines on the bytes
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
        tailChunks.push(chunk);
        tailBytes += chunk.length;
        while (tailChunks.length > 1 && tailBytes - tailChunks[0]!.length >= 65_536) tailBytes -= tailChunks.shift()!.length;
      }
      const tail = Buffer.concat(tailChunks).toString('utf8');
      const last = JSON.parse(tail.trimEnd().split('\n').pop()!) as { type: string; households: number; errors: number; programs: { program: string; amountFen: number }[] };
      if (last.type !== 'summary' || last.households !== count - 1) throw new Error(`incomplete batch: ${count} lines, last ${tail.slice(0, 200)}`);
      return { households: last.households, errors: last.errors, amountFen: Object.fromEntries(last.programs.map((p) => [p.program, p.amountFen])) };
    };

    /** Straight to civil affairs by gRPC. */
    const civil = createClient('civil-affairs', platform.addresses['civil-affairs']);
    const viaGrpc = (explain: boolean) => async (): Promise<number> => {
      let n = 0;
      for await (const chunk of civil.EvaluateBatch({ month, programs: [], explain, householdIds: [], area: '' }, { metadata })) n += chunk.households.length;
      return n;
    };

    /** The registry's stream alone: the households as they were on `asOf` (what civil affairs reads), or as they stand now (no asOf). */
    const registry = createClient('registry', platform.addresses.registry);
    const registryOnly = (on: string) => async (): Promise<number> => {
      let n = 0;
      for await (const page of registry.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 0, asOf: on }, { metadata })) n += page.households.length;
      return n;
    };

    // the same households for the in-process baseline: the registry's facts on asOf, as civil affairs maps them
    const items: BatchItem[] = [];
    for await (const page of registry.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 0, asOf }, { metadata })) {
      for (const item of page.households) if (item.facts) items.push({ id: item.householdId, household: householdSnapshotOf(item.facts) });
    }
    const inProcess = (explain: boolean) => async (): Promise<Totals> => {
      const totals: Totals = { households: 0, errors: 0, amountFen: Object.fromEntries(PROGRAM_CODES.map((p) => [p, 0])) };
      for (const outcome of evaluateBatch(items, { asOf, programs: PROGRAM_CODES, explain })) {
        totals.households++;
        if (!outcome.result) {
          totals.errors++;
          continue;
        }
        for (const e of outcome.result.entitlements) totals.amountFen[e.program]! += e.amountFen;
      }
      return totals;
    };

    /** In process, each result also written as the JSON the API carries: the floor of any API. */
    const inProcessJson = async (): Promise<number> => {
      let bytes = 0;
      for (const outcome of evaluateBatch(items, { asOf, programs: PROGRAM_CODES, explain: false })) if (outcome.result) bytes += JSON.stringify(outcome.result).length;
      return bytes;
    };

    // warm-up: one pass of each path (JIT, connections, parameter tables)
    await viaGateway(false)();
    await viaGrpc(false)();
    await inProcess(false)();

    const n = items.length;
    const cpuBefore = cpuByPart();
    const gwOff = await timed(repeats, viaGateway(false));
    const cpuAfter = cpuByPart();
    // CPU time per household of each process in the chain (not wall time: other work on the machine does not inflate it)
    const cpuPerHousehold = Object.keys(cpuAfter)
      .map((part) => `${part} ${Math.round(((cpuAfter[part]! - (cpuBefore[part] ?? 0)) / (repeats * n)) * 1e6)} µs`)
      .join(', ');
    const gwOn = await timed(repeats, viaGateway(true));
    const grpcOff = await timed(repeats, viaGrpc(false));
    const grpcOn = await timed(repeats, viaGrpc(true));
    const reg = await timed(repeats, registryOnly(asOf));
    const regNow = await timed(repeats, registryOnly(''));
    // the in-process passes are short: more of them for a steady median
    const ipOff = await timed(repeats * 3, inProcess(false));
    const ipOn = await timed(repeats * 3, inProcess(true));
    const ipJson = await timed(repeats * 3, inProcessJson);

    // the registry's stream again once the city has a history: in every 20th household a member
    // other than the head dies on asOf, in every 20th (offset 10) one moves, on asOf, to the next household
    const clerk = { authorization: `Bearer ${signStaffToken({ staffId: 'bench', username: 'bench', department: 'registry', area: '*', role: 'clerk' }, platform.jwtSecret, 3600)}` };
    let deaths = 0;
    let moves = 0;
    for (let i = 0; i + 1 < items.length; i += 10) {
      const other = items[i]!.household.members.find((x) => x.relation !== 'head');
      if (!other) continue;
      if (i % 20 === 0) {
        await registry.RecordDeath({ personId: other.id, deathDate: asOf, source: 'family', note: '', newHeadPersonId: '' }, { metadata: clerk });
        deaths++;
      } else {
        await registry.MovePerson(
          { personId: other.id, toHouseholdId: items[i + 1]!.id, newHousehold: null, relation: 'other', movedOn: asOf, note: '', newHeadPersonId: '' },
          { metadata: clerk },
        );
        moves++;
      }
    }
    await registryOnly(asOf)();
    const regHistory = await timed(repeats, registryOnly(asOf));
    const regHistoryNow = await timed(repeats, registryOnly(''));
    civil.close();
    registry.close();

    for (const [name, got] of [['explanations off', gwOff.result], ['explanations on', gwOn.result]] as const) {
      const want = name === 'explanations off' ? ipOff.result : ipOn.result;
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`gateway and in-process totals differ (${name}): ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
    }
    if (grpcOff.result !== n || grpcOn.result !== n || reg.result !== n) throw new Error('a phase did not see every household');

    // 1-minute load average: other processes on the machine slow every phase
    const load = os.loadavg()[0]!.toFixed(1);
    const rate = (ms: number) => Math.round(n / (ms / 1000));
    const ratio = (ms: number, base: number) => `${(ms / base).toFixed(1)}×`;
    lines.push(
      `batch evaluation of ${n} households (${seeded.persons} persons, seed ${opts.seed ?? 11}), month ${month} (asOf ${asOf}), all ${PROGRAM_CODES.length} programs, median of ${repeats} (in process ${repeats * 3}); ${ipOff.result.errors} households refused by the rules; load average ${load} on ${os.cpus().length} cores`,
      `gateway NDJSON, explanations off: ${rate(gwOff.ms)} households/s (${gwOff.ms.toFixed(0)} ms), ${ratio(gwOff.ms, ipOff.ms)} the in-process time`,
      `gateway NDJSON, explanations on:  ${rate(gwOn.ms)} households/s (${gwOn.ms.toFixed(0)} ms), ${ratio(gwOn.ms, ipOn.ms)} the in-process time`,
      `CPU time per household through the gateway, explanations off: ${cpuPerHousehold}`,
      `gRPC EvaluateBatch, explanations off: ${rate(grpcOff.ms)} households/s (${grpcOff.ms.toFixed(0)} ms)`,
      `gRPC EvaluateBatch, explanations on:  ${rate(grpcOn.ms)} households/s (${grpcOn.ms.toFixed(0)} ms)`,
      `registry StreamHouseholdFacts alone, asOf ${asOf}: ${rate(reg.ms)} households/s (${reg.ms.toFixed(0)} ms)`,
      `registry StreamHouseholdFacts alone, as the households stand now (no asOf): ${Math.round(regNow.result / (regNow.ms / 1000))} households/s (${regNow.ms.toFixed(0)} ms), asOf costs ${ratio(reg.ms, regNow.ms)} its time`,
      `registry StreamHouseholdFacts alone after ${deaths} deaths and ${moves} moves: asOf ${asOf} ${Math.round(regHistory.result / (regHistory.ms / 1000))} households/s (${regHistory.ms.toFixed(0)} ms), no asOf ${Math.round(regHistoryNow.result / (regHistoryNow.ms / 1000))} households/s (${regHistoryNow.ms.toFixed(0)} ms), asOf costs ${ratio(regHistory.ms, regHistoryNow.ms)} its time`,
      `in process, evaluateBatch, explanations off: ${rate(ipOff.ms)} households/s (${ipOff.ms.toFixed(1)} ms)`,
      `in process, evaluateBatch, explanations on:  ${rate(ipOn.ms)} households/s (${ipOn.ms.toFixed(1)} ms)`,
      `in process, evaluateBatch + JSON.stringify of each result, explanations off: ${rate(ipJson.ms)} households/s (${ipJson.ms.toFixed(1)} ms; ${Math.round(ipJson.result / n)} characters a result)`,
      `totals (gateway = in process): dibao ${gwOff.result.amountFen.dibao} fen a month`,
    );
  });
  return lines.join('\n');
}
