/**
 * `pnpm start`: the whole platform on this machine, a seeded demo city, the intake window's URL.
 * Ctrl-C stops everything cleanly; a second start reuses the data under ./.data/.
 */
import path from 'node:path';
import { Command } from 'commander';
import { startPlatform } from './platform';
import { seedIfEmpty } from '../seed/seed';

const program = new Command()
  .name('pnpm start')
  .description('Start the Wuhai social-assistance platform (乌海市社会救助平台) on this machine')
  .option('--data-dir <dir>', 'where embedded PostgreSQL/NATS keep data and logs', '.data')
  .option('--port <port>', 'gateway port (default: PORT or 8080)')
  .option('--households <n>', 'households of the demo city seeded when the registry is empty', '2000')
  .option('--seed <n>', 'random seed of the demo city', '1')
  .option('--no-demo', 'run without demo accounts and the demo clock')
  .parse();

async function main(): Promise<void> {
  const o = program.opts<{ dataDir: string; port?: string; households: string; seed: string; demo: boolean }>();
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
  const platform = await startPlatform({
    dataDir: path.resolve(o.dataDir),
    gatewayPort: o.port ? Number(o.port) : undefined,
    demo: o.demo,
    log,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await platform.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (o.demo) {
    await seedIfEmpty({
      registryAddress: platform.addresses.registry,
      jwtSecret: platform.jwtSecret,
      households: Number(o.households),
      seed: Number(o.seed),
      log,
    });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `乌海市社会救助平台 is ready in ${seconds} s`,
      `  统一受理窗口 (intake window): ${platform.url}/`,
      `  REST API:                     ${platform.url}/api/v1  (OpenAPI: ${platform.url}/api/v1/openapi.json)`,
      o.demo ? '  demo accounts: demo.civil-affairs, demo.finance, demo.disability, demo.education, demo.employment, demo.health, demo.housing, demo.registry — password "demo"' : '',
      `  logs: ${path.join(path.resolve(o.dataDir), 'logs')}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`[start] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
