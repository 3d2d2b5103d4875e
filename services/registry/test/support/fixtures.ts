/**
 * Shared test fixtures for the services' component tests: staff tokens, service configs,
 * households built from readable facts, gRPC error helpers and a bounded poll.
 * Imported by relative path from other services' tests (no package of its own).
 */
import {
  fromGrpcError,
  signStaffToken,
  type Caller,
} from '@wuhai/service-kit';
import { householdFacts, memberFacts, type MemberFacts } from '@wuhai/testing';
import { makeIdNumber, toHouseholdFactsMsg, type HouseholdFactsMsg, type PlainHousehold, type PlainMember } from '@wuhai/contracts';

export const JWT_SECRET = 'a-test-secret-of-32-characters!!';

/** gRPC status codes (numbers of grpc.status; @grpc/grpc-js is not a dependency of the services). */
export const GRPC = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAUTHENTICATED: 16,
} as const;

/** The config every in-process service gets in tests (GRPC_PORT 0: a free port). */
export function serviceConfig(name: string, databaseUrl: string, natsUrl: string) {
  return {
    SERVICE_NAME: name,
    GRPC_PORT: 0,
    GRPC_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    JWT_SECRET,
    LOG_LEVEL: 'silent' as const,
    DEMO_MODE: false,
  };
}

/** Call options carrying a signed token of a city-wide clerk of `department`. */
export function staff(department: string, overrides: Partial<Caller> = {}): { metadata: Record<string, string> } {
  const caller: Caller = {
    staffId: `staff-${department}`,
    username: `${department}.clerk`,
    department,
    area: '*',
    role: 'clerk',
    ...overrides,
  };
  return { metadata: { authorization: `Bearer ${signStaffToken(caller, JWT_SECRET)}` } };
}

/** What a failed gRPC call carried: status, our stable code and the named fields. */
export interface CallFailure {
  status: number;
  code: string;
  fields: { path: string; code: string; message: string }[];
  message: string;
}

/** Runs a call that must fail and returns its status, code and field errors. */
export async function failureOf(call: Promise<unknown>): Promise<CallFailure> {
  let result: unknown;
  try {
    result = await call;
  } catch (err) {
    const e = err as Parameters<typeof fromGrpcError>[0];
    return { status: e.code, ...fromGrpcError(e) };
  }
  throw new Error(`expected the call to fail, but it answered ${JSON.stringify(result).slice(0, 300)}`);
}

/**
 * Polls `probe` every 100 ms until it returns a value other than undefined, for at most
 * `timeoutMs`; then throws naming `what`.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A member with sensible defaults; `seq` makes the ID number unique within a test file. */
export function member(facts: Partial<PlainMember> & { id: string; birthDate: string; sex: 'M' | 'F'; seq: number; area?: string }): PlainMember {
  const { seq, area, ...rest } = facts;
  return memberFacts({ idNumber: makeIdNumber(area ?? '150302', facts.birthDate, seq, facts.sex), name: '成员', ...(rest as Partial<MemberFacts>) }) as PlainMember;
}

/** A household with sensible defaults (urban 150302, own home of 60 m², one residence, no assets). */
export function household(members: PlainMember[], facts: Partial<Omit<PlainHousehold, 'members'>> = {}): PlainHousehold {
  return householdFacts(members as never, facts as never) as unknown as PlainHousehold;
}

/** The RegisterHousehold request for a plain household. */
export function registration(h: PlainHousehold, street = '新华街道', address = '海勃湾区新华街道1号'): {
  facts: HouseholdFactsMsg;
  street: string;
  address: string;
} {
  return { facts: toHouseholdFactsMsg(h), street, address };
}
