import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the running platform's registry listens and the secret its tokens are signed with:
 * REGISTRY_ADDR and JWT_SECRET when set, otherwise what `pnpm start` recorded in `<dataDir>`
 * (`runtime.json` and `jwt-secret`), as `pnpm seed` finds them.
 * @returns undefined when either is unknown
 */
export function platformConnection(dataDir: string, env: NodeJS.ProcessEnv = process.env): { registryAddress: string; jwtSecret: string } | undefined {
  const dir = path.resolve(dataDir);
  const runtime = path.join(dir, 'runtime.json');
  const recorded = fs.existsSync(runtime) ? (JSON.parse(fs.readFileSync(runtime, 'utf8')) as { addresses?: { registry?: string } }) : {};
  const registryAddress = env.REGISTRY_ADDR ?? recorded.addresses?.registry;
  const secretFile = path.join(dir, 'jwt-secret');
  const jwtSecret = env.JWT_SECRET ?? (fs.existsSync(secretFile) ? fs.readFileSync(secretFile, 'utf8').trim() : undefined);
  return registryAddress && jwtSecret ? { registryAddress, jwtSecret } : undefined;
}

/** The data dir `pnpm start` uses when not given `--data-dir`, relative to where it runs. */
export const DEFAULT_DATA_DIR = '.data';

/**
 * Why no platform connection was found, for the CLI's error (exit 2): which of REGISTRY_ADDR /
 * `runtime.json` and JWT_SECRET / `jwt-secret` is missing, in which directory (absolute), and that a
 * platform started with `pnpm start --data-dir X` needs the same `--data-dir X` here. Chinese, then
 * English; the first English sentence stays "start the platform first".
 */
export function missingConnectionMessage(command: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = path.resolve(dataDir);
  const runtime = path.join(dir, 'runtime.json');
  const hasRuntime = fs.existsSync(runtime);
  const recorded = hasRuntime ? (JSON.parse(fs.readFileSync(runtime, 'utf8')) as { addresses?: { registry?: string } }) : {};
  const secret = path.join(dir, 'jwt-secret');
  const missing = [
    ...(env.REGISTRY_ADDR || recorded.addresses?.registry ? [] : hasRuntime ? ['runtime.json (no registry address in it)'] : ['runtime.json']),
    ...(env.JWT_SECRET || (fs.existsSync(secret) && fs.readFileSync(secret, 'utf8').trim()) ? [] : ['jwt-secret']),
  ];
  const given = path.normalize(dataDir) === path.normalize(DEFAULT_DATA_DIR) ? `the default --data-dir ${DEFAULT_DATA_DIR}` : `--data-dir ${dataDir}`;
  return [
    `${command}: 在 ${dir} 中未找到运行中的平台（缺少 ${missing.join('、')}）。若平台以 \`pnpm start --data-dir X\` 启动，请同样加上 \`--data-dir X\`；或设置 REGISTRY_ADDR 和 JWT_SECRET。`,
    `${command}: start the platform first (\`pnpm start\`), or set REGISTRY_ADDR and JWT_SECRET: no running platform found in ${dir} (${given}; missing ${missing.join(', ')}).`,
    `  A platform started with \`pnpm start --data-dir X\` is found with \`${command} <folder> --data-dir X\`.`,
  ].join('\n');
}
