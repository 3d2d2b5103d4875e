/**
 * `pnpm rules:check [--today YYYY-MM-DD] [--dir <directory>]`: checks `packages/rules/parameters/`
 * (sources, coverage from 2014-01-01, units, date order, unused files, review dates), prints the
 * errors and warnings as tables and exits 1 on any error (warnings do not fail).
 */
import { runCheckCli } from './parameter-check';

process.exitCode = runCheckCli(
  process.argv.slice(2),
  (text) => process.stdout.write(`${text}\n`),
  (text) => process.stderr.write(`${text}\n`),
);
