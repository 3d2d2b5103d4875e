/**
 * `pnpm bench`: the platform's benchmarks, each reporting ours against a raw baseline measured in
 * the same run. Results go to stdout; BENCHMARKS.md records them with the command.
 *
 * `pnpm bench` runs every benchmark; `--only flow` or `--only rules` runs one.
 */
import { Command, Option } from 'commander';
import { runFlowBench } from './flow.bench';
import { runRulesBench } from './rules.bench';
import { runBatchBench } from './batch.bench';
import { runImportBench } from './import.bench';
import { runVerificationBench } from './verification.bench';

const o = new Command()
  .name('pnpm bench')
  .addOption(new Option('--only <bench>', 'run one benchmark only').choices(['flow', 'rules', 'import', 'batch', 'verification']))
  .option('--applications <n>', 'flow: dibao applications driven through the platform', '20')
  .option('--households <n>', 'flow: households seeded', '600')
  .option('--pool <n>', 'rules: synthetic households generated once', '20000')
  .option('--evaluations <n>', 'rules: evaluations streamed per phase, cycling over the pool', '1000000')
  .option('--import-households <n>', 'import: households of the city whose eight extracts are imported', '100000')
  .option('--import-seed <n>', 'import: seed of that city', '11')
  .option('--registry-cpu-prof <dir>', 'import: run the registry process with --cpu-prof, profiles written to <dir>')
  .option('--batch-households <n>', 'batch: households of the seeded city evaluated for a month', '2000')
  .option('--batch-repeats <n>', 'batch: runs of each phase (the median is reported)', '3')
  .option('--verify-households <n>', 'verification: households of the city verified in bulk', '100000')
  .option('--verify-seed <n>', 'verification: seed of that city', '11')
  .option('--verify-page <n>', 'verification: households per VerifyHouseholds call', '1000')
  .parse()
  .opts<{ only?: 'flow' | 'rules' | 'import' | 'batch' | 'verification'; verifyHouseholds: string; verifySeed: string; verifyPage: string; batchHouseholds: string; batchRepeats: string; importHouseholds: string; importSeed: string; registryCpuProf?: string; applications: string; households: string; pool: string; evaluations: string }>();

async function main(): Promise<void> {
  if (o.only === undefined || o.only === 'flow') {
    const report = await runFlowBench({ applications: Number(o.applications), households: Number(o.households) });
    process.stdout.write(`\n${report}\n`);
  }
  if (o.only === undefined || o.only === 'rules') {
    const report = await runRulesBench({ pool: Number(o.pool), evaluations: Number(o.evaluations) });
    process.stdout.write(`\n${report}\n`);
  }
  if (o.only === undefined || o.only === 'import') {
    const report = await runImportBench({ households: Number(o.importHouseholds), seed: Number(o.importSeed), registryCpuProfDir: o.registryCpuProf });
    process.stdout.write(`\n${report}\n`);
  }
  if (o.only === undefined || o.only === 'batch') {
    const report = await runBatchBench({ households: Number(o.batchHouseholds), repeats: Number(o.batchRepeats) });
    process.stdout.write(`\n${report}\n`);
  }
  if (o.only === undefined || o.only === 'verification') {
    const report = await runVerificationBench({ households: Number(o.verifyHouseholds), seed: Number(o.verifySeed), pageSize: Number(o.verifyPage) });
    process.stdout.write(`\n${report}\n`);
  }
}

main().then(
  () => undefined,
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
