/**
 * The synthetic city of a benchmark and its eight verification-source extracts, written once and
 * kept in the temp dir: a folder per (households, seed, today) holding `hukou.csv` … `banks.csv`,
 * `planted.json`, `benign.json` and `manifest.json`. A later run with the same options reuses the
 * folder (writing 100 000 households' extracts takes about half a minute); a change to the city or
 * extract generator's source makes it stale, and it is written again.
 *
 * The city itself is `generateCity({ households, seed, today })` (deterministic): a benchmark that
 * also registers the households (e.g. to run verifications against the extracts) generates the
 * same stream again with the same options.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cityDate } from '@wuhai/service-kit';
import { writeExtracts, type ExtractsWritten, type PlantedRecord } from '../seed/extracts';
import { SOURCE_FILES, SOURCE_NAMES, type SourceName } from '../sources/formats';

export interface CityFixtureOptions {
  households: number;
  seed: number;
  /** `YYYY-MM-DD`: the city's date; default today in Wuhai (as `pnpm seed`). */
  today?: string;
  /** Folder the fixtures are kept under; default the OS temp dir. */
  root?: string;
  /** Receives a line when the extracts are (re)written. */
  log?: (line: string) => void;
}

export interface CityFixture extends ExtractsWritten {
  households: number;
  seed: number;
  today: string;
  /** Absolute path of each source's extract. */
  files: Record<SourceName, string>;
  /** Bytes of each extract. */
  bytes: Record<SourceName, number>;
  /** True when an earlier run's folder was reused. */
  cached: boolean;
}

interface Manifest {
  households: number;
  seed: number;
  today: string;
  generator: string;
  months: string[];
  rows: Record<SourceName, number>;
}

/** Source files whose change changes the city or its extracts. */
const GENERATOR_FILES = ['../seed/city.ts', '../seed/extracts.ts', '../seed/names.ts', '../seed/places.ts', '../seed/random.ts', '../sources/formats.ts'];

/** SHA-256 of the generator's source, so that a cached folder of an older generator is not reused. */
function generatorDigest(): string {
  const hash = createHash('sha256');
  for (const f of GENERATOR_FILES) hash.update(fs.readFileSync(path.join(__dirname, f)));
  return hash.digest('hex').slice(0, 16);
}

/** The folder a city's extracts are kept in. */
export function cityFixtureDir(o: { households: number; seed: number; today: string; root?: string }): string {
  return path.join(o.root ?? os.tmpdir(), `wuhai-city-${o.households}h-seed${o.seed}-${o.today}`);
}

/**
 * The extracts of the city `generateCity({ households, seed, today })`: reused when an earlier run
 * wrote them with the same generator, otherwise written (into a fresh folder renamed into place
 * when complete, so an interrupted run never leaves a half-written fixture behind).
 * @throws Error for invalid options (as generateCity) or when the folder cannot be written
 */
export async function cityFixture(options: CityFixtureOptions): Promise<CityFixture> {
  const today = options.today ?? cityDate(new Date());
  const dir = cityFixtureDir({ ...options, today });
  const generator = generatorDigest();
  const manifestPath = path.join(dir, 'manifest.json');
  const files = Object.fromEntries(SOURCE_NAMES.map((s) => [s, path.join(dir, SOURCE_FILES[s].file)])) as Record<SourceName, string>;
  const bytesOf = () => Object.fromEntries(SOURCE_NAMES.map((s) => [s, fs.statSync(files[s]).size])) as Record<SourceName, number>;
  const base = { households: options.households, seed: options.seed, today, files, dir };

  const manifest = readManifest(manifestPath);
  if (manifest && manifest.generator === generator && SOURCE_NAMES.every((s) => fs.existsSync(files[s]))) {
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as PlantedRecord[];
    return { ...base, months: manifest.months, rows: manifest.rows, planted: read('planted.json'), benign: read('benign.json'), bytes: bytesOf(), cached: true };
  }

  const started = Date.now();
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const written = await writeExtracts(partial, { households: options.households, seed: options.seed, today });
  const m: Manifest = { households: options.households, seed: options.seed, today, generator, months: written.months, rows: written.rows };
  fs.writeFileSync(path.join(partial, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  const total = SOURCE_NAMES.reduce((n, s) => n + written.rows[s], 0);
  options.log?.(`wrote the extracts of ${options.households} households (seed ${options.seed}, ${today}): ${total} rows in ${((Date.now() - started) / 1000).toFixed(1)} s → ${dir}`);
  return { ...base, months: written.months, rows: written.rows, planted: written.planted, benign: written.benign, bytes: bytesOf(), cached: false };
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
