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
