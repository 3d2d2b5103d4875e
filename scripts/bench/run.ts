/**
 * `pnpm bench`: the platform's benchmarks, each reporting ours against a raw baseline measured in
 * the same run. Results go to stdout; BENCHMARKS.md records them with the command.
 */
import { Command } from 'commander';
import { runFlowBench } from './flow.bench';

const o = new Command()
  .name('pnpm bench')
  .option('--applications <n>', 'dibao applications driven through the platform', '20')
  .option('--households <n>', 'households seeded', '600')
  .parse()
  .opts<{ applications: string; households: string }>();

runFlowBench({ applications: Number(o.applications), households: Number(o.households) }).then(
  (report) => process.stdout.write(`\n${report}\n`),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
