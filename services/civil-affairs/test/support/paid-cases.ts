/**
 * Steps the component tests of civil affairs take to reach paid dibao cases, and to read what the
 * registry announced and what finance owes, through the services' own APIs. Nothing is mocked.
 */
import { envelopeSchema, STREAMS, type Envelope, type RegisterHouseholdRequestMsg, type TypedClient } from '@wuhai/contracts';
import type { connectNats, ManualClock } from '@wuhai/service-kit';
import { eventually, member, type staff } from '../../../registry/test/support/fixtures';

type Nats = Awaited<ReturnType<typeof connectNats>>;
type Caller = ReturnType<typeof staff>;

/** A household with an approved dibao case: the registry's ids, the case's, the persons' by reference. */
export interface Paid {
  householdId: string;
  caseId: string;
  person: Record<string, string>;
}

/**
 * Registers each household, records that all its members signed the authorisation to verify on
 * `signedAt`, applies for dibao, verifies and starts the notice; then advances `clock` by the 7 days
 * of the notice and approves every case (note 公示无异议), as `clerk`.
 * @returns the paid households, by the keys of `facts`
 */
export async function approveDibao<K extends string>(
  services: { registry: TypedClient<'registry'>; civil: TypedClient<'civil-affairs'> },
  clock: ManualClock,
  facts: Record<K, RegisterHouseholdRequestMsg>,
  clerk: Caller,
  signedAt = '2026-03-02',
): Promise<Record<K, Paid>> {
  const { registry, civil } = services;
  const paid = {} as Record<K, Paid>;
  for (const key of Object.keys(facts) as K[]) {
    const r = await registry.RegisterHousehold(facts[key], clerk);
    const person = Object.fromEntries(r.members.map((m) => [m.ref, m.personId]));
    await registry.RecordAuthorisation({ householdId: r.id, personIds: Object.values(person), signedAt }, clerk);
    const app = await civil.SubmitApplication({ householdId: r.id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
    const caseId = app.routes[0]!.caseId;
    await civil.TransitionCase({ id: caseId, action: 'verify', note: '' }, clerk);
    await civil.TransitionCase({ id: caseId, action: 'start_notice', note: '' }, clerk);
    paid[key] = { householdId: r.id, caseId, person };
  }
  clock.advanceDays(7);
  for (const key of Object.keys(facts) as K[]) await civil.TransitionCase({ id: paid[key].caseId, action: 'approve', note: '公示无异议' }, clerk);
  return paid;
}

/** What finance owes `householdId` for `month` (`''`: every month), as `clerk` of finance. */
export function obligationsOf(finance: TypedClient<'finance'>, clerk: Caller, householdId: string, month: string) {
  return finance.ListObligations({ month, householdId }, clerk);
}

/** The obligations as `[program, monthly fen, from month, until month]`, by program then from month. */
export function obligationLines(r: Awaited<ReturnType<typeof obligationsOf>>) {
  return r.obligations
    .map((o) => [o.program, Number(o.monthlyAmountFen), o.fromMonth, o.untilMonth] as const)
    .sort((a, b) => (a[0] === b[0] ? a[2].localeCompare(b[2]) : a[0] < b[0] ? -1 : 1));
}

/**
 * The envelope the registry announced on `subject` for `personId`, its data parsed by `schema`,
 * read from the registry stream until it comes (see `eventually`).
 */
export async function registryEventOf<T extends { personId: string }>(nc: Nats, subject: string, schema: { parse(data: unknown): T }, personId: string): Promise<Envelope<T>> {
  return eventually(`the ${subject} event of ${personId}`, async () => {
    const consumer = await nc.jetstream().consumers.get(STREAMS.registry.name);
    for (;;) {
      const m = await consumer.next({ expires: 1000 });
      if (!m) return undefined;
      if (m.subject !== subject) continue;
      const envelope = envelopeSchema.parse(JSON.parse(new TextDecoder().decode(m.data)));
      const data = schema.parse(envelope.data);
      if (data.personId === personId) return { ...envelope, data };
    }
  });
}

/**
 * 王家, the paid household several tests follow (worked in member-death.test.ts): head 王大山 (works,
 * 400 yuan), spouse 刘梅 (works, 200 yuan), his mother 赵秀英 (76, no income) — urban, 1 230 yuan a
 * month (123 000 fen) from the month after approval, class B.
 */
export const wangFamily = {
  head: member({ id: 'head', name: '王大山', relation: 'head', sex: 'M', birthDate: '1975-05-10', seq: 11, canWork: true, employed: true, monthlyIncomeFen: 40_000 }),
  spouse: member({ id: 'spouse', name: '刘梅', relation: 'spouse', sex: 'F', birthDate: '1980-06-15', seq: 12, canWork: true, employed: true, monthlyIncomeFen: 20_000 }),
  mother: member({ id: 'mother', name: '赵秀英', relation: 'parent', sex: 'F', birthDate: '1950-02-01', seq: 14 }),
};
