/**
 * Generates the synthetic city and prints its summary; with `--out`, also writes it as NDJSON
 * (one household per line), streaming, with a progress bar on a terminal.
 *
 *   tsx scripts/seed/city.cli.ts --households 2000 --seed 1 [--today 2015-06-01] [--out city.ndjson]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, InvalidArgumentError } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { DEFAULT_TODAY, generateCity, type CityHousehold } from './city';
import { CityTally, summarise } from './city.stats';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

/** Passes households through while writing them to `path` as NDJSON and advancing `bar`. */
async function* written(households: Iterable<CityHousehold>, path: string, bar?: SingleBar): AsyncGenerator<CityHousehold> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  try {
    for (const h of households) {
      if (!out.write(`${JSON.stringify(h)}\n`)) await once(out, 'drain');
      bar?.increment();
      yield h;
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('city')
    .description('Generate the deterministic synthetic city of Wuhai')
    .requiredOption('--households <n>', 'number of households', integer)
    .option('--seed <n>', 'PRNG seed', integer, 1)
    .option('--today <date>', 'evaluation date YYYY-MM-DD', DEFAULT_TODAY)
    .option('--out <file>', 'write the households as NDJSON to this file')
    .parse(argv);
  const opts = program.opts<{ households: number; seed: number; today: string; out?: string }>();
  const city = generateCity({ households: opts.households, seed: opts.seed, today: opts.today });

  if (!opts.out) {
    process.stdout.write(`${JSON.stringify(summarise(city, { today: opts.today }), null, 2)}\n`);
    return;
  }
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(opts.households, 0);
  const tally = new CityTally(opts.today);
  for await (const h of written(city, opts.out, bar)) tally.add(h);
  bar?.stop();
  process.stdout.write(`${JSON.stringify(tally.result(), null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
