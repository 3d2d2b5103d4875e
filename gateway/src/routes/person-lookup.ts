import * as grpc from '@grpc/grpc-js';
import type { PersonWithHouseholdMsg } from '@wuhai/contracts';
import type { ServiceClients } from '../clients/service-clients';
import { isGrpcError, ProblemError } from '../middleware/errors';

/** The code of the 409 when two registered persons answer to one 18-character ID number. */
export const AMBIGUOUS_ID_NUMBER = 'REGISTRY.ID_NUMBER_AMBIGUOUS';

/** What the gateway found for an ID number: the one person, or the two that share it. */
export type PersonLookup = { kind: 'one'; person: PersonWithHouseholdMsg } | { kind: 'ambiguous'; persons: [PersonWithHouseholdMsg, PersonWithHouseholdMsg] };

/**
 * Finds the one person an ID number names (docs/decisions/0011-legacy-id-numbers-and-duplicates.md).
 * A 15-digit number names the person registered with it. An 18-character number of someone born in
 * the 1900s may name two people: one registered with it and one registered with the legacy
 * 15-digit number that converts to it (GB 11643-1999: drop the `19` of the year and the check
 * character). The registry answers the first of them; the gateway also looks the 15-digit number up
 * and, when it finds someone else, reports both rather than pick one — the pair is a possible
 * duplicate for a clerk to resolve, never merged silently.
 * @throws the registry's gRPC errors (NOT_FOUND for nobody)
 */
export async function lookUpPerson(
  registry: ServiceClients['registry'],
  idNumber: string,
  options: { timeoutMs: number; metadata: Record<string, string> },
): Promise<PersonLookup> {
  const normalised = idNumber.trim().toUpperCase();
  const found = await registry.FindPersonByIdNumber({ idNumber: normalised }, options);
  if (normalised.length !== 18 || normalised.slice(6, 8) !== '19') return { kind: 'one', person: found };
  const legacy = normalised.slice(0, 6) + normalised.slice(8, 17);
  try {
    const other = await registry.FindPersonByIdNumber({ idNumber: legacy }, options);
    return other.personId === found.personId ? { kind: 'one', person: found } : { kind: 'ambiguous', persons: [found, other] };
  } catch (err) {
    if (isGrpcError(err) && err.code === grpc.status.NOT_FOUND) return { kind: 'one', person: found };
    throw err;
  }
}

/**
 * The 409 for an 18-character number two registered persons share: names `idNumber`, says why, and
 * where the pair is listed for a clerk (`GET /api/v1/registry/duplicates?kind=same-person-15-18`).
 */
export function ambiguousIdNumber(): ProblemError {
  const message =
    '此身份证号对应两名登记人员（其中一人以15位旧身份证号登记，换算后相同），系统不自动选择其一：请民政或户籍人员在疑似重复登记清单 GET /api/v1/registry/duplicates?kind=same-person-15-18 中核实处理；以15位旧号可查到以旧号登记者 / ' +
    'two registered persons share this ID number (one was registered with a legacy 15-digit number that converts to it); the platform does not pick one: civil-affairs or registry staff resolve the pair in the list of possible duplicates, GET /api/v1/registry/duplicates?kind=same-person-15-18; the 15-digit number finds the person registered with it';
  return new ProblemError(409, AMBIGUOUS_ID_NUMBER, message, [{ path: 'idNumber', code: AMBIGUOUS_ID_NUMBER, message }]);
}
