/**
 * `pnpm sources:import <folder>` when it finds no running platform: the platform is found through
 * what `pnpm start` wrote in its data dir (`runtime.json`, `jwt-secret`), `.data` unless started
 * with `--data-dir X`. The CLI exits 2 and its message names the directory it looked in, what is
 * missing there, and the `--data-dir` option, in Chinese and English.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { missingConnectionMessage } from '../platform-connection';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'scripts', 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'scripts', 'sources', 'import.cli.ts');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wuhai-sources-data-dir-'));
  await mkdir(path.join(dir, 'extracts'));
  await writeFile(path.join(dir, 'extracts', 'hukou.csv'), 'idNumber\n');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI as `pnpm sources:import` does, in `cwd`, without REGISTRY_ADDR / JWT_SECRET. */
async function cli(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  try {
    await run(TSX, [CLI, ...args], { cwd, env: { ...process.env, REGISTRY_ADDR: undefined, JWT_SECRET: undefined }, timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr ?? '' };
  }
}

test('when no --data-dir is given and ./.data holds no platform, then exit 2 names the default data dir it looked in and the --data-dir option', async () => {
  const r = await cli([path.join(dir, 'extracts')], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('start the platform first');
  expect(r.stderr).toContain(`no running platform found in ${path.join(dir, '.data')} (the default --data-dir .data; missing runtime.json, jwt-secret)`);
  expect(r.stderr).toContain('A platform started with `pnpm start --data-dir X` is found with `pnpm sources:import <folder> --data-dir X`');
  expect(r.stderr).toContain(`在 ${path.join(dir, '.data')} 中未找到运行中的平台`);
});

test('when --data-dir names a directory without a running platform, then exit 2 names that directory and the option as given', async () => {
  const elsewhere = path.join(dir, 'elsewhere');
  const r = await cli([path.join(dir, 'extracts'), '--data-dir', elsewhere], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`no running platform found in ${elsewhere} (--data-dir ${elsewhere}; missing runtime.json, jwt-secret)`);
});

test('when the data dir holds part of what `pnpm start` writes, then the message names only what is missing', async () => {
  const half = path.join(dir, 'half');
  await mkdir(half);
  await writeFile(path.join(half, 'jwt-secret'), 'secret\n');
  await writeFile(path.join(half, 'runtime.json'), '{}');
  expect(missingConnectionMessage('pnpm sources:import', half, {})).toContain('missing runtime.json (no registry address in it))');
  const noSecret = path.join(dir, 'no-secret');
  await mkdir(noSecret);
  await writeFile(path.join(noSecret, 'runtime.json'), JSON.stringify({ addresses: { registry: '127.0.0.1:1' } }));
  expect(missingConnectionMessage('pnpm sources:import', noSecret, {})).toContain('missing jwt-secret)');
});

test('when the folder does not exist, then exit 2 names it in Chinese and English (not a raw ENOENT), before looking for a platform', async () => {
  const missing = path.join(dir, 'no-such-folder');
  const r = await cli([missing], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`找不到文件夹 ${missing} / no such folder: ${missing}`);
  expect(r.stderr).not.toContain('ENOENT');
});
