import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { verifyStaffToken, type Caller } from '@wuhai/service-kit';
import { CALL_TIMEOUT_MS } from '../clients/service-clients';
import { ProblemError } from './errors';

/** What the auth middleware leaves on `res.locals` for the handlers. */
interface AuthLocals {
  caller?: Caller;
  token?: string;
}

/**
 * Requires `Authorization: Bearer <staff token>` (DESIGN.md §13); verifies it with `secret` and
 * keeps the caller and the token for the handlers.
 * @throws (to the error handler) 401 `AUTH.MISSING_TOKEN` or `AUTH.INVALID_TOKEN`
 */
export function requireStaff(secret: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ProblemError(401, 'AUTH.MISSING_TOKEN', '缺少登录凭证 / no bearer token; sign in first');
    let caller: Caller;
    try {
      caller = verifyStaffToken(match[1]!, secret);
    } catch {
      throw new ProblemError(401, 'AUTH.INVALID_TOKEN', '登录凭证无效或已过期 / the token is invalid or expired');
    }
    const locals = res.locals as AuthLocals;
    locals.caller = caller;
    locals.token = match[1]!;
    next();
  };
}

/** The authenticated caller of this request (set by `requireStaff`). */
export function callerOf(res: Response): Caller {
  const caller = (res.locals as AuthLocals).caller;
  if (!caller) throw new ProblemError(401, 'AUTH.MISSING_TOKEN', '缺少登录凭证 / no bearer token; sign in first');
  return caller;
}

/**
 * Per-call options for a gRPC call made on behalf of this request: the same token in `authorization`
 * and the request's correlation id in `x-correlation-id`, with a deadline (DESIGN.md §12).
 */
export function callOptions(req: Request, res: Response, timeoutMs = CALL_TIMEOUT_MS): { timeoutMs: number; metadata: Record<string, string> } {
  const token = (res.locals as AuthLocals).token;
  const metadata: Record<string, string> = { 'x-correlation-id': String(req.id ?? randomUUID()) };
  if (token) metadata.authorization = `Bearer ${token}`;
  return { timeoutMs, metadata };
}
