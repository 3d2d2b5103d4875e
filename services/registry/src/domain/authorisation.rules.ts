/**
 * The authorisation to verify (MCA-2012: each member signs a declaration and an authorisation to
 * verify; DOMAIN.md "verify only with authorisation"). Every adult member — 18 or older on the day
 * the state is asked for — must have signed before a verification runs. A household of minors only
 * (an orphan, say) needs at least one signature, given by the guardian in a minor's name.
 */

/** Age of adulthood (full civil capacity). */
export const ADULT_AGE = 18;

/** A member as the authorisation rules need it. */
export interface AuthorisingMember {
  personId: string;
  name: string;
  birthDate: string;
}

/** A recorded signature: who, for which household, on which day. */
export interface Signature {
  id: string;
  personId: string;
  signedAt: string;
}

/** Which adults have signed and which have not, on `asOf`. */
export interface AuthorisationStatus {
  asOf: string;
  /** Every adult has signed, and at least one member has (the run may go ahead). */
  complete: boolean;
  signed: { personId: string; name: string; signedAt: string; authorisationId: string }[];
  missing: { personId: string; name: string }[];
  /** Ids of the signatures a run relies on: the newest of each member who signed. */
  authorisationIds: string[];
}

/** Whole years between `birthDate` and `date` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * The authorisation status of a household on `asOf`.
 * @param members the household's current members, in household order
 * @param signatures the household's recorded signatures (any order; a member may have signed more than once)
 */
export function authorisationStatus(members: readonly AuthorisingMember[], signatures: readonly Signature[], asOf: string): AuthorisationStatus {
  const newest = new Map<string, Signature>();
  for (const s of signatures) {
    const seen = newest.get(s.personId);
    if (!seen || s.signedAt > seen.signedAt || (s.signedAt === seen.signedAt && Number(s.id) > Number(seen.id))) newest.set(s.personId, s);
  }
  const current = members.filter((m) => newest.has(m.personId));
  const adults = members.filter((m) => ageOn(m.birthDate, asOf) >= ADULT_AGE);
  const signed = adults.filter((m) => newest.has(m.personId));
  const missing = adults.filter((m) => !newest.has(m.personId));
  return {
    asOf,
    complete: missing.length === 0 && current.length > 0,
    signed: signed.map((m) => {
      const s = newest.get(m.personId)!;
      return { personId: m.personId, name: m.name, signedAt: s.signedAt, authorisationId: s.id };
    }),
    missing: missing.map((m) => ({ personId: m.personId, name: m.name })),
    authorisationIds: current.map((m) => newest.get(m.personId)!.id),
  };
}
