/**
 * Benchmark of the rules engine's batch evaluation (`evaluateBatch`), in one run:
 *  - a pool of synthetic households from the seed city generator, generated once;
 *  - N evaluations streamed over the pool (cycling), every program in PROGRAM_MODULES, with
 *    explanations off (the fast path), then on;
 *  - a hand-written loop over the same stream computing only the dibao top-up
 *    (standard × size − income, clamped at 0, rounded half-up to whole yuan) as the raw baseline;
 *  - a second hand loop that only reads every fact the 16 programs read (member ids and birth
 *    dates as text, assets, family-planning facts…) and computes nothing: the cost of touching
 *    the data at all, which bounds how close to the first baseline the engine can come;
 *  - the process RSS sampled through each phase, to show memory stays flat while streaming;
 *  - each phase timed by the wall clock and by the process's CPU time: the machine is shared, and
 *    households per CPU-second say what one core does whatever else runs beside the benchmark.
 */
import os from 'node:os';
import { generateCity } from '../seed/city';
import { evaluateBatch, parameter, type BatchItem, type Household } from '../../packages/rules/src';
import { PROGRAM_MODULES } from '../../packages/rules/src/programs';

export interface RulesBenchOptions {
  /** Synthetic households generated once (default 20 000). */
  pool: number;
  /** Evaluations streamed per phase, cycling over the pool (default 1 000 000). */
  evaluations: number;
  /** Evaluation date (default 2015-06-01, the demo city's date). */
  asOf?: string;
  seed?: number;
}

const MB = 1024 * 1024;
const rssMb = () => process.memoryUsage().rss / MB;

/** The stream: `n` items cycling over the pool; the pool is the only memory it holds. */
function* cycle(pool: readonly BatchItem[], n: number): Generator<BatchItem, void, undefined> {
  const size = pool.length;
  for (let i = 0, k = 0; i < n; i++) {
    yield pool[k]!;
    k = k + 1 === size ? 0 : k + 1;
  }
}

interface Phase {
  name: string;
  n: number;
  ms: number;
  /**
   * CPU time of this process through the phase (user + system, ms): what one core spent, whatever
   * else the machine was running (other processes only stretch the wall-clock time).
   */
  cpuMs: number;
  /** Σ of the amounts computed, so no phase can be optimised away (and a sanity figure). */
  checksum: number;
  /** Set when the checksum is not a sum of amounts (the facts loop). */
  checksumIsFacts?: true;
  rssBefore: number;
  rssMin: number;
  rssMax: number;
  rssAfter: number;
  /** 1-minute load average at the end: other processes on the machine skew a phase. */
  load: number;
}

/** Runs `body` over `n` items, sampling RSS every `n / 10` items. */
function measure(name: string, n: number, body: (onTick: (i: number) => void) => number): Phase {
  const rssBefore = rssMb();
  let rssMin = rssBefore;
  let rssMax = rssBefore;
  const every = Math.max(1, Math.floor(n / 10));
  const tick = (i: number) => {
    if (i % every !== 0) return;
    const r = rssMb();
    if (r < rssMin) rssMin = r;
    if (r > rssMax) rssMax = r;
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const checksum = body(tick);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { name, n, ms, cpuMs: (cpu.user + cpu.system) / 1000, checksum, rssBefore, rssMin, rssMax, rssAfter: rssMb(), load: os.loadavg()[0]! };
}

function engine(pool: readonly BatchItem[], n: number, asOf: string, programs: readonly string[], explain: boolean) {
  return (tick: (i: number) => void): number => {
    let sum = 0;
    let i = 0;
    for (const o of evaluateBatch(cycle(pool, n), { asOf, programs, explain })) {
      if (o.result === null) throw new Error(`household ${o.id} refused: ${o.error.code}`);
      const es = o.result.entitlements;
      for (let k = 0; k < es.length; k++) sum += es[k]!.amountFen;
      tick(++i);
    }
    return sum;
  };
}

/** The raw baseline: only the dibao top-up, by hand, over the same stream. */
function hand(pool: readonly BatchItem[], n: number, urbanFen: number, ruralFen: number) {
  return (tick: (i: number) => void): number => {
    let sum = 0;
    let i = 0;
    for (const item of cycle(pool, n)) {
      const h = item.household;
      const standard = h.hukou === 'urban' ? urbanFen : ruralFen;
      const ms = h.members;
      let size = 0;
      let income = 0;
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        if (m.tekun) continue;
        size++;
        income += m.monthlyIncomeFen;
      }
      const exact = standard * size - income;
      sum += exact > 0 ? Math.floor((exact + 50) / 100) * 100 : 0;
      tick(++i);
    }
    return sum;
  };
}

/**
 * The facts baseline: reads, for each household of the stream, every fact the programs read —
 * the household's fields, its assets and family-planning facts, each member's fields, the text of
 * each member's id (compared to the others', as the duplicate check does) and birth date (every
 * character, as the date is parsed) — and folds them into a checksum. No rule is computed.
 */
function facts(pool: readonly BatchItem[], n: number) {
  return (tick: (i: number) => void): number => {
    let sum = 0;
    let i = 0;
    for (const item of cycle(pool, n)) {
      const h = item.household;
      const a = h.assets;
      const fp = h.familyPlanning;
      sum += h.area.length + (h.hukou === 'urban' ? 1 : 0) + h.livingAreaM2 + (h.homeOwned ? 1 : 0) + (h.houseDangerGrade ? 1 : 0);
      sum += a.financialFen + a.vehicles + a.residences + a.businessCapitalFen;
      if (fp) sum += (fp.onlyChild ? 1 : 0) + (fp.ruralOneChildOrTwoDaughters ? 1 : 0) + (fp.urbanOneChild ? 1 : 0);
      sum += (h.dibao ? 1 : 0) + (h.medicalBills?.length ?? 0) + (h.hardship ? 1 : 0);
      const ms = h.members;
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        for (let j = 0; j < k; j++) if (ms[j]!.id === m.id) sum++;
        const b = m.birthDate;
        for (let c = 0; c < b.length; c++) sum += b.charCodeAt(c);
        sum += m.monthlyIncomeFen + (m.tekun ? 1 : 0) + (m.canWork ? 1 : 0) + (m.employed ? 1 : 0) + (m.disability ? 1 : 0);
        sum += (m.minority ? 1 : 0) + (m.illness ? 1 : 0) + (m.relation === 'head' ? 1 : 0) + (m.sex === 'F' ? 1 : 0) + (m.pensionInsured ? 1 : 0);
        sum += (m.school ? 1 : 0) + (m.admission ? 1 : 0) + (m.jobStartedOn ? 1 : 0) + (m.refusedReferrals ?? 0);
      }
      tick(++i);
    }
    return sum;
  };
}

const fmtRate = (p: Phase) => Math.round(p.n / (p.ms / 1000));
const fmtCpuRate = (p: Phase) => Math.round(p.n / (p.cpuMs / 1000));
const fmtInt = (x: number) => x.toLocaleString('en-US');
const met = (ok: boolean) => (ok ? 'met' : 'missed');

export async function runRulesBench(opts: RulesBenchOptions): Promise<string> {
  const asOf = opts.asOf ?? '2015-06-01';
  const seed = opts.seed ?? 11;
  const rssStart = rssMb();
  const t0 = performance.now();
  const pool: BatchItem[] = [];
  for (const h of generateCity({ households: opts.pool, seed, today: asOf })) pool.push({ id: h.householdNo, household: h.facts as Household });
  const genMs = performance.now() - t0;
  const rssPool = rssMb();
  const persons = pool.reduce((s, x) => s + x.household.members.length, 0);
  const programs = [...PROGRAM_MODULES.keys()];
  const urbanFen = parameter('dibao.standard', asOf, { hukou: 'urban' }).value;
  const ruralFen = parameter('dibao.standard', asOf, { hukou: 'rural' }).value;

  // Warm-up (JIT) on one pass over the pool per path, not timed.
  engine(pool, pool.length, asOf, programs, false)(() => undefined);
  engine(pool, pool.length, asOf, programs, true)(() => undefined);
  hand(pool, pool.length, urbanFen, ruralFen)(() => undefined);
  facts(pool, pool.length)(() => undefined);

  const n = opts.evaluations;
  const off = measure('engine, explanations off', n, engine(pool, n, asOf, programs, false));
  const on = measure('engine, explanations on', n, engine(pool, n, asOf, programs, true));
  // The hand loop takes a fraction of a second, so its time is the median of 5 runs.
  const raws = [1, 2, 3, 4, 5].map(() => measure('hand loop, dibao top-up only (median of 5 runs)', n, hand(pool, n, urbanFen, ruralFen)));
  const raw = raws.sort((a, b) => a.ms - b.ms)[2]!;
  const readings = [1, 2, 3, 4, 5].map(() => measure('hand loop reading every fact the programs read, no rule (median of 5 runs)', n, facts(pool, n)));
  const read = { ...readings.sort((a, b) => a.ms - b.ms)[2]!, checksumIsFacts: true as const };

  // What bounds the engine: the dibao programs alone over the same stream, and each program alone
  // (explanations off) over one pass of the pool.
  const dibaoPrograms = ['dibao', 'dibao.supplement'];
  engine(pool, pool.length, asOf, dibaoPrograms, false)(() => undefined);
  engine(pool, pool.length, asOf, dibaoPrograms, true)(() => undefined);
  const dibaoOff = measure('engine, dibao + dibao.supplement only, explanations off', n, engine(pool, n, asOf, dibaoPrograms, false));
  const dibaoOn = measure('engine, dibao + dibao.supplement only, explanations on', n, engine(pool, n, asOf, dibaoPrograms, true));
  const perProgram = programs.map((p) => {
    const r = measure(p, pool.length, engine(pool, pool.length, asOf, [p], false));
    return `${p} ${fmtInt(fmtRate(r))}/s`;
  });

  const line = (p: Phase) =>
    `${p.name}: ${fmtInt(p.n)} households in ${(p.ms / 1000).toFixed(2)} s = ${fmtInt(fmtRate(p))} households/s ` +
    `(${fmtInt(fmtCpuRate(p))} per CPU-second) ` +
    `(${p.checksumIsFacts ? `checksum of the facts ${fmtInt(Math.round(p.checksum))}` : `Σ amounts ${fmtInt(p.checksum)} fen`}; RSS ${p.rssBefore.toFixed(0)} MB before, ${p.rssMin.toFixed(0)}–${p.rssMax.toFixed(0)} MB during, ${p.rssAfter.toFixed(0)} MB after; load ${p.load.toFixed(1)})`;
  return [
    `rules bench: asOf ${asOf}, pool ${fmtInt(pool.length)} households / ${fmtInt(persons)} persons (seed ${seed}, generated in ${(genMs / 1000).toFixed(1)} s), ` +
      `${programs.length} programs (${programs.join(', ')}), node ${process.version}, ${os.cpus().length} CPUs`,
    `RSS at start ${rssStart.toFixed(0)} MB, with the pool ${rssPool.toFixed(0)} MB, after the warm-up passes ${off.rssBefore.toFixed(0)} MB`,
    line(off),
    line(on),
    line(raw),
    `ratio engine-off / hand loop (time per household): ${(off.ms / raw.ms).toFixed(1)}× (CPU time ${(off.cpuMs / raw.cpuMs).toFixed(1)}×)`,
    `ratio engine-on / hand loop (time per household): ${(on.ms / raw.ms).toFixed(1)}× (CPU time ${(on.cpuMs / raw.cpuMs).toFixed(1)}×)`,
    `targets (issue 3): off ≥ 500,000/s — ${met(fmtRate(off) >= 500_000)} wall, ${met(fmtCpuRate(off) >= 500_000)} per CPU-second; ` +
      `on ≥ 100,000/s — ${met(fmtRate(on) >= 100_000)} wall, ${met(fmtCpuRate(on) >= 100_000)} per CPU-second; ` +
      `off within 4× the hand loop — ${met(off.ms / raw.ms <= 4)} wall, ${met(off.cpuMs / raw.cpuMs <= 4)} CPU time`,
    line(read),
    `ratio facts loop / hand loop: ${(read.ms / raw.ms).toFixed(1)}×; engine-off / facts loop: ${(off.ms / read.ms).toFixed(1)}×`,
    line(dibaoOff),
    line(dibaoOn),
    `ratio dibao-only off / hand loop: ${(dibaoOff.ms / raw.ms).toFixed(1)}×; dibao-only on / hand loop: ${(dibaoOn.ms / raw.ms).toFixed(1)}×`,
    `each program alone, explanations off, one pass over the pool (households/s): ${perProgram.join('; ')}`,
  ].join('\n');
}
