/**
 * `pnpm seed`: loads a synthetic Wuhai into a running platform's registry.
 *
 *   pnpm seed [--households 2000] [--seed 1] [--today YYYY-MM-DD] [--extracts <dir> [--no-registry]]
 *
 * Needs REGISTRY_ADDR (host:port) and JWT_SECRET of the running platform; without them it reads
 * what `pnpm start` left in ./.data (the secret file and the addresses it recorded).
 *
 * `--extracts <dir>` also writes the eight verification-source extracts of the same city
 * (hukou.csv, tax.csv, …), `planted.json` and `benign.json` into <dir> (see extracts.ts);
 * with `--no-registry` only the files are written and no platform is needed. The city is the same
 * for the same --households, --seed and --today (default: today in Wuhai, as `pnpm start` seeds).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { cityDate } from '@wuhai/service-kit';
import { seedCity } from './seed';
import { writeExtracts } from './extracts';

const integer = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
};

const o = new Command()
  .name('pnpm seed')
  .description('Seed a synthetic city into the registry of a running platform')
  .option('--households <n>', 'number of households', integer, 2000)
  .option('--seed <n>', 'random seed (same seed → same city)', integer, 1)
  .option('--today <date>', 'date the city is generated for (YYYY-MM-DD)')
  .option('--data-dir <dir>', 'the data dir of `pnpm start`', '.data')
  .option('--extracts <dir>', 'also write the eight verification-source extracts and planted.json into <dir>')
  .option('--no-registry', 'do not load the registry (with --extracts: only write the files)')
  .parse()
  .opts<{ households: number; seed: number; today?: string; dataDir: string; extracts?: string; registry: boolean }>();

const today = o.today ?? cityDate(new Date());
if (!o.registry) {
  if (!o.extracts) {
    process.stderr.write('pnpm seed: --no-registry leaves nothing to do without --extracts <dir>\n');
    process.exit(2);
  }
  extracts(o.extracts).catch((err: unknown) => {
    process.stderr.write(`pnpm seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
} else {
  seedRegistry();
}

/** Writes the extracts of the city into `dir` and says what was planted. */
async function extracts(dir: string): Promise<void> {
  const started = Date.now();
  const w = await writeExtracts(path.resolve(dir), { households: o.households, seed: o.seed, today });
  const rows = Object.entries(w.rows).map(([s, n]) => `${s} ${n}`).join(', ');
  process.stdout.write(`wrote the extracts of ${o.households} households (${w.months[0]} to ${w.months[11]}) into ${w.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows}\n`);
  process.stdout.write(`planted ${w.planted.length} discrepancies (planted.json), ${w.benign.length} harmless look-alikes (benign.json)\n`);
}

/** What `pnpm seed` always did: registers the city in the running platform's registry. */
function seedRegistry(): void {
  const dataDir = path.resolve(o.dataDir);
  const runtime = path.join(dataDir, 'runtime.json');
  const recorded = fs.existsSync(runtime) ? (JSON.parse(fs.readFileSync(runtime, 'utf8')) as { addresses?: { registry?: string } }) : {};
  const registryAddress = process.env.REGISTRY_ADDR ?? recorded.addresses?.registry;
  const secretFile = path.join(dataDir, 'jwt-secret');
  const jwtSecret = process.env.JWT_SECRET ?? (fs.existsSync(secretFile) ? fs.readFileSync(secretFile, 'utf8').trim() : undefined);
  if (!registryAddress || !jwtSecret) {
    process.stderr.write('pnpm seed: start the platform first (`pnpm start`), or set REGISTRY_ADDR and JWT_SECRET\n');
    process.exit(2);
  }
  seedCity({ registryAddress, jwtSecret, households: o.households, seed: o.seed, today, progress: true })
    .then(async (r) => {
      process.stdout.write(`seeded ${r.households} households, ${r.persons} persons in ${(r.ms / 1000).toFixed(1)} s\n`);
      if (o.extracts) await extracts(o.extracts);
    })
    .catch((err: unknown) => {
      process.stderr.write(`pnpm seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
