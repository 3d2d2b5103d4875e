import jwt from 'jsonwebtoken';
import type * as grpc from '@grpc/grpc-js';
import { DomainError } from './errors';

/** Who is acting (DESIGN.md §13): carried in a signed token, from the gateway to every service. */
export interface Caller {
  staffId: string;
  username: string;
  /** A service name (`civil-affairs`, `finance`, …) or `system` for platform jobs such as the seed. */
  department: string;
  /** Area code the staff member works in, or `*` for city-wide. */
  area: string;
  role: 'clerk' | 'supervisor' | 'auditor' | 'system';
}

/** Signs a staff token (HS256) valid for `ttlSeconds` (default 8 h). */
export function signStaffToken(caller: Caller, secret: string, ttlSeconds = 8 * 3600): string {
  return jwt.sign({ ...caller }, secret, { algorithm: 'HS256', expiresIn: ttlSeconds, subject: caller.staffId });
}

/**
 * Verifies a staff token.
 * @throws DomainError `AUTH.INVALID_TOKEN` (unauthenticated) when it is missing, expired or forged
 */
export function verifyStaffToken(token: string, secret: string): Caller {
  try {
    const p = jwt.verify(token, secret, { algorithms: ['HS256'] }) as jwt.JwtPayload & Caller;
    return { staffId: p.staffId, username: p.username, department: p.department, area: p.area, role: p.role };
  } catch {
    throw new DomainError('AUTH.INVALID_TOKEN', 'unauthenticated', '登录凭证无效或已过期', 'token is invalid or expired');
  }
}

/** The caller of a gRPC call, from its `authorization: Bearer …` metadata. */
export function callerFromMetadata(metadata: grpc.Metadata, secret: string): Caller {
  const header = metadata.get('authorization')[0];
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
  if (!token) throw new DomainError('AUTH.MISSING_TOKEN', 'unauthenticated', '缺少登录凭证', 'no token');
  return verifyStaffToken(token, secret);
}

/**
 * Checks that the caller belongs to one of `departments` (or is `system`).
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden)
 */
export function requireDepartment(caller: Caller, ...departments: string[]): void {
  if (caller.department === 'system' || departments.includes(caller.department)) return;
  throw new DomainError(
    'AUTH.WRONG_DEPARTMENT',
    'forbidden',
    `此操作仅限${departments.join('、')}部门`,
    `only ${departments.join(', ')} staff may do this`,
  );
}

/** Metadata that forwards the caller's identity to another service. */
export function forwardIdentity(metadata: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  const auth = metadata.get('authorization')[0];
  if (typeof auth === 'string') out.authorization = auth;
  const corr = metadata.get('x-correlation-id')[0];
  if (typeof corr === 'string') out['x-correlation-id'] = corr;
  return out;
}
