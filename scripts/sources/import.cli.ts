/**
 * `pnpm sources:import <folder>`: imports the verification-source extracts of a folder
 * (`hukou.csv`, `tax.csv`, `social-insurance.csv`, `real-estate.csv`, `business.csv`,
 * `housing-fund.csv`, `vehicles.csv`, `banks.csv`; shared/contracts/verification-sources.md) into
 * the registry of a running platform.
 *
 *   pnpm sources:import <folder> [--errors 10] [--timeout 600] [--data-dir .data]
 *
 * Needs REGISTRY_ADDR (host:port) and JWT_SECRET; without them it reads what `pnpm start` left in
 * its data dir: ./.data, or the `--data-dir X` it was started with (give the same here). Exit code
 * 0 when every file was imported (bad lines are reported, not fatal), 1 when the registry refused a
 * file, 2 when there is nothing to import or no platform to import into (the message names the
 * directory looked in and `--data-dir`).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { importFolder } from './import-folder';
import { DEFAULT_DATA_DIR, missingConnectionMessage, platformConnection } from './platform-connection';
import { SOURCE_FILES, SOURCE_NAMES } from './formats';

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
};

const program = new Command()
  .name('pnpm sources:import')
  .description('Import the verification-source extracts of a folder into the registry')
  .argument('<folder>', `folder holding any of ${SOURCE_NAMES.map((s) => SOURCE_FILES[s].file).join(', ')}`)
  .option('--errors <n>', 'bad lines to show per file (all are stored)', positive, 10)
  .option('--timeout <seconds>', 'deadline per file', positive, 600)
  .option('--data-dir <dir>', 'the data dir the platform was started with (`pnpm start --data-dir`)', DEFAULT_DATA_DIR)
  .parse();
const folder = path.resolve(program.args[0]!);
const o = program.opts<{ errors: number; timeout: number; dataDir: string }>();

if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
  process.stderr.write(`pnpm sources:import: 找不到文件夹 ${folder} / no such folder: ${folder}\n`);
  process.exit(2);
}
const connection = platformConnection(o.dataDir);
if (!connection) {
  process.stderr.write(`${missingConnectionMessage('pnpm sources:import', o.dataDir)}\n`);
  process.exit(2);
}
importFolder({
  folder,
  registryAddress: connection.registryAddress,
  jwtSecret: connection.jwtSecret,
  out: (line) => process.stdout.write(`${line}\n`),
  showErrors: o.errors,
  timeoutMs: o.timeout * 1000,
}).then(
  (outcomes) => {
    if (outcomes.length === 0) {
      process.stderr.write(`pnpm sources:import: no extract in ${folder} (looking for ${SOURCE_NAMES.map((s) => SOURCE_FILES[s].file).join(', ')})\n`);
      process.exit(2);
    }
    process.exit(outcomes.every((x) => x.ok) ? 0 : 1);
  },
  (err: unknown) => {
    process.stderr.write(`pnpm sources:import failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
