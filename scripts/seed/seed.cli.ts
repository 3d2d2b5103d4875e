/**
 * `pnpm seed`: loads a synthetic Wuhai into a running platform's registry.
 *
 *   pnpm seed [--households 2000] [--seed 1] [--today YYYY-MM-DD]
 *
 * Needs REGISTRY_ADDR (host:port) and JWT_SECRET of the running platform; without them it reads
 * what `pnpm start` left in ./.data (the secret file and the addresses it recorded).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { seedCity } from './seed';

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
  .parse()
  .opts<{ households: number; seed: number; today?: string; dataDir: string }>();

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
seedCity({ registryAddress, jwtSecret, households: o.households, seed: o.seed, today: o.today, progress: true }).then(
  (r) => process.stdout.write(`seeded ${r.households} households, ${r.persons} persons in ${(r.ms / 1000).toFixed(1)} s\n`),
  (err: unknown) => {
    process.stderr.write(`pnpm seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
