import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Caller } from '@wuhai/service-kit';
import { ProblemError } from './errors';

/** The header that makes a creating command safe to repeat (rest-api.md, DESIGN.md §9). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A reservation older than this whose request never finished (a crashed replica) may be taken over. */
const STALE_AFTER_MS = 2 * 60_000;

/** What a command produced: the response to send and, on a repeat, to send again. */
export interface CommandResult {
  status: number;
  body: unknown;
}

/**
 * Runs a creating command at most once per `Idempotency-Key` and caller.
 *
 * Insert-first: the key is reserved by inserting `(key, username)` under a unique constraint before
 * the command runs, so of two concurrent requests only one runs it. Then:
 * - same key, same method, path and body, finished → the first response again (`Idempotent-Replayed: true`);
 * - same key, another body (or endpoint) → 409 `IDEMPOTENCY.KEY_REUSED`;
 * - same key while the first is still running → 409 `IDEMPOTENCY.IN_PROGRESS`.
 * Only a success spends a key: when the command fails the reservation is removed, so the client may
 * retry (e.g. after fixing a 400) with the same key. Without the header the command just runs.
 * @param onReplay awaited before a stored response is sent again (e.g. to audit a replayed answer
 *   that carries full ID numbers; the command itself audits the first one)
 * @throws ProblemError 400 `IDEMPOTENCY.INVALID_KEY` for a key that is empty, too long or not printable ASCII
 */
export async function runIdempotent(
  ds: DataSource,
  req: Request,
  res: Response,
  caller: Caller,
  command: () => Promise<CommandResult>,
  onReplay?: (replayed: CommandResult) => Promise<void>,
): Promise<void> {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return send(res, await command(), false);
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ProblemError(400, 'IDEMPOTENCY.INVALID_KEY', '幂等键无效 / the Idempotency-Key is invalid', [
      { path: IDEMPOTENCY_HEADER, code: 'IDEMPOTENCY.INVALID_KEY', message: '幂等键须为1–200个可打印ASCII字符 / must be 1–200 printable ASCII characters' },
    ]);
  }
  const path = `${req.baseUrl}${req.path}`;
  const hash = requestHash(req.method, path, req.body);

  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted: { id: string }[] = await ds.query(
      `INSERT INTO idempotency_keys (key, username, method, path, request_hash) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (key, username) DO NOTHING RETURNING id`,
      [key, caller.username, req.method, path, hash],
    );
    if (inserted[0]) return runReserved(ds, res, inserted[0].id, command);

    const rows: { id: string; request_hash: string; status_code: number | null; response: unknown; created_at: Date }[] = await ds.query(
      'SELECT id, request_hash, status_code, response, created_at FROM idempotency_keys WHERE key = $1 AND username = $2',
      [key, caller.username],
    );
    const row = rows[0];
    if (!row) continue; // the first request failed and released the key meanwhile: try to reserve again
    if (row.request_hash.trim() !== hash) {
      throw new ProblemError(409, 'IDEMPOTENCY.KEY_REUSED', '该幂等键已用于另一个请求 / this Idempotency-Key was used for a different request');
    }
    if (row.status_code !== null) {
      const replayed = { status: row.status_code, body: row.response };
      if (onReplay) await onReplay(replayed);
      return send(res, replayed, true);
    }
    if (Date.now() - row.created_at.getTime() > STALE_AFTER_MS) {
      const taken: { id: string }[] = await ds.query(
        `UPDATE idempotency_keys SET created_at = now()
         WHERE id = $1 AND status_code IS NULL AND created_at < now() - make_interval(secs => $2) RETURNING id`,
        [row.id, STALE_AFTER_MS / 1000],
      );
      if (taken[0]) return runReserved(ds, res, taken[0].id, command);
    }
    throw new ProblemError(409, 'IDEMPOTENCY.IN_PROGRESS', '相同请求正在处理中 / a request with this Idempotency-Key is still in progress');
  }
  throw new ProblemError(409, 'IDEMPOTENCY.IN_PROGRESS', '相同请求正在处理中 / a request with this Idempotency-Key is still in progress');
}

async function runReserved(ds: DataSource, res: Response, id: string, command: () => Promise<CommandResult>): Promise<void> {
  let result: CommandResult;
  try {
    result = await command();
  } catch (err) {
    await ds.query('DELETE FROM idempotency_keys WHERE id = $1 AND status_code IS NULL', [id]).catch(() => undefined);
    throw err;
  }
  await ds.query('UPDATE idempotency_keys SET status_code = $2, response = $3, completed_at = now() WHERE id = $1', [
    id,
    result.status,
    JSON.stringify(result.body),
  ]);
  send(res, result, false);
}

function send(res: Response, result: CommandResult, replayed: boolean): void {
  if (replayed) res.set('Idempotent-Replayed', 'true');
  res.status(result.status).json(result.body);
}

/** SHA-256 of the method, path and body with object keys sorted (key order does not matter). */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method, path, body: body ?? null })).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
