/**
 * A death recorded by mistake, revoked (City §18; docs/decisions/0013-deaths-and-moves.md): the
 * registry brings the person back into the household they were in and keeps the revocation in its
 * history; civil affairs counts them again in the case the death adjusted, from the month after the
 * revoked death, announces it and opens a review; finance owes the original amount again from that
 * month; health reopens the referrals the death closed. Registry, civil affairs, finance and health run in-process, each on its own PostgreSQL database,
 * over one private nats-server, on one manual clock. Nothing is mocked.
 */
import { dibaoAdjustedSchema, envelopeSchema, personDeathRevokedSchema, STREAMS, SUBJECTS, type DibaoAdjusted } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { restoreAfterRevokedDeath } from '../../src/application/restore-after-revoked-death.use-case';
import { useServices, type Clients, type Nats } from '../support/with-services';
import { approveDibao, obligationLines as lines, obligationsOf, registryEventOf, type Paid, wangFamily } from '../support/paid-cases';

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8); every service reads this clock. */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const { running, clients, nats } = useServices({ databases: 'revoked', others: ['finance', 'health'], clock, natsClient: 'member-death-revoked-test' });
let { registry, 'civil-affairs': civil, finance, health } = {} as Clients;
let nc: Nats | undefined;

const clerk = staff('civil-affairs');
const financeClerk = staff('finance');

/*
 * 王家 as in member-death.test.ts, worked by hand from DOMAIN.md (urban standard 600 yuan per person
 * per month): head 王大山 (works, 400 yuan), spouse 刘梅 (works, 200 yuan), his mother 赵秀英 (76,
 * no income). 3 members, income 600 → per capita 200 → top-up (600 − 200) × 3 = 1200 yuan; 赵秀英
 * 60–79 → 5 % × 600 = 30 yuan; 1230 yuan = 123 000 fen a month from 2026-04, class B.
 * 赵秀英's death is recorded on 2026-05-20 by mistake: from 2026-06 the two are paid (600 − 300) × 2
 * = 600 yuan = 60 000 fen. Revoked on 2026-06-10: from 2026-06 (the month after the revoked death)
 * the three are paid 1230 yuan again, the top-up 120 000 fen and the supplement 3 000 fen.
 */
const wang = wangFamily;
/* 孙家, no case: head 孙立 and his son 孙伟; the head's death is recorded with the son named head. */
const sun = {
  head: member({ id: 'head', name: '孙立', relation: 'head', sex: 'M', birthDate: '1955-03-03', seq: 41 }),
  son: member({ id: 'son', name: '孙伟', relation: 'child', sex: 'M', birthDate: '1985-04-04', seq: 42 }),
};
const REASON = '公安部门核实赵秀英健在，系误登记';

let paid: Paid;

beforeAll(async () => {
  ({ registry, 'civil-affairs': civil, finance, health } = clients as Clients);
  nc = nats();
  ({ wang: paid } = await approveDibao({ registry, civil }, clock, { wang: registration(household([wang.head, wang.spouse, wang.mother]), '新华街道', '海勃湾区新华街道5号') }, clerk));
  await eventually('the approval in finance', async () => {
    const r = await owed(paid.householdId, '2026-04');
    return r.totalFen === '123000' ? r : undefined;
  });
  clock.set(new Date('2026-05-25T02:00:00Z'));
  await registry.RecordDeath({ personId: paid.person.mother!, deathDate: '2026-05-20', source: 'family', note: '', newHeadPersonId: '' }, clerk);
  await eventually('600 yuan from 2026-06', async () => {
    const r = await owed(paid.householdId, '2026-06');
    return r.totalFen === '60000' ? r : undefined;
  });
  await eventually('health closed her referrals', async () => {
    const r = await healthReferrals();
    return r.filter((x) => x.status === 'closed').length === 2 ? r : undefined;
  });
  clock.set(new Date('2026-06-10T02:00:00Z'));
}, 120_000);

/** 王家's health referrals as `[program, member, status, closed on]`. */
async function healthReferrals() {
  const r = await health.ListReferrals({ householdId: paid.householdId }, staff('health'));
  return r.referrals.map((x) => ({ program: x.program, memberId: x.memberId, status: x.status, closedOn: x.closedOn }));
}

const owed = (householdId: string, month: string) => obligationsOf(finance, financeClerk, householdId, month);

/** The adjustments civil affairs announced for the case, in order. */
async function adjustmentsOf(caseId: string): Promise<DibaoAdjusted[]> {
  const consumer = await nc!.jetstream().consumers.get(STREAMS['civil-affairs'].name);
  const out: DibaoAdjusted[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) return out;
    if (m.subject !== SUBJECTS.dibaoAdjusted) continue;
    const a = dibaoAdjustedSchema.parse(envelopeSchema.parse(JSON.parse(new TextDecoder().decode(m.data))).data);
    if (a.caseId === caseId) out.push(a);
  }
}

describe('when 赵秀英’s death (2026-05-20) is revoked on 2026-06-10', () => {
  test('when the reason is blank, then INVALID_ARGUMENT names reason and nothing changes', async () => {
    const f = await failureOf(registry.RevokeDeath({ personId: paid.person.mother!, reason: '  ' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_REVOCATION' });
    expect(f.fields).toEqual([{ path: 'reason', code: 'VALIDATION.INVALID_REVOCATION', message: '须说明撤销死亡登记的原因 / reason is required: say why the death is revoked' }]);
    const h = await registry.GetHousehold({ id: paid.householdId }, clerk);
    expect(h.facts.members.map((m) => m.name)).toEqual(['王大山', '刘梅']);
  });

  test('then the registry has her back in 王家 as parent, and the history keeps who, when, the old death and the reason', async () => {
    const r = await registry.RevokeDeath({ personId: paid.person.mother!, reason: REASON }, clerk);
    expect(r).toMatchObject({ personId: paid.person.mother, householdId: paid.householdId, relation: 'parent', previousRelation: 'parent', revokedDeathDate: '2026-05-20' });
    expect(r.household.facts.members.map((m) => [m.name, m.relation])).toEqual([
      ['王大山', 'head'],
      ['刘梅', 'spouse'],
      ['赵秀英', 'parent'],
    ]);
    const entry = r.household.history.at(-1)!;
    expect(entry).toMatchObject({ by: 'civil-affairs.clerk', field: `members.${paid.person.mother}.deathRevoked` });
    expect(JSON.parse(entry.oldValue)).toEqual({ deathDate: '2026-05-20', source: 'family', note: '', recordedBy: 'civil-affairs.clerk' });
    expect(JSON.parse(entry.newValue)).toEqual({ name: '赵秀英', relation: 'parent', reason: REASON });
    expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const found = await registry.FindPersonByIdNumber({ idNumber: wang.mother.idNumber! }, clerk);
    expect(found.deathDate).toBe('');
    const event = await registryEventOf(nc!, SUBJECTS.personDeathRevoked, personDeathRevokedSchema, paid.person.mother!);
    expect(event.data).toEqual({ personId: paid.person.mother, householdId: paid.householdId, deathDate: '2026-05-20', relation: 'parent', reason: REASON, revokedBy: 'civil-affairs.clerk' });
  });

  test('then civil affairs announces 1230 yuan from 2026-06 for the three, the case follows, and a review is opened', async () => {
    const a = await eventually('the revocation adjustment', async () => (await adjustmentsOf(paid.caseId)).find((x) => x.reason === 'death-revoked'));
    expect(a).toMatchObject({
      reason: 'death-revoked',
      personId: paid.person.mother,
      eventDate: '2026-05-20',
      fromMonth: '2026-06',
      status: 'ELIGIBLE',
      dibaoClass: 'B',
      monthlyAmountFen: 123_000,
      topUpFen: 120_000,
      supplementsFen: 3_000,
      previousMonthlyAmountFen: 60_000,
      members: [paid.person.head, paid.person.spouse, paid.person.mother],
    });
    const c = await civil.GetCase({ id: paid.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '123000', householdSize: 3, dibaoClass: 'B' });
    expect(c.history.filter((h) => h.action === 'adjust').at(-1)!.note).toContain('自 2026-06 起按 3 人计算，月发 1230 元（调整后为 600 元）');
    expect(c.reviews.filter((r) => r.reason === 'death-revoked' && !r.resolvedAt)).toHaveLength(1);
  });

  test('then finance owes 1230 yuan again from 2026-06; April and May stay 1230 yuan', async () => {
    const june = await eventually('1230 yuan from 2026-06', async () => {
      const r = await owed(paid.householdId, '2026-06');
      return r.totalFen === '123000' ? r : undefined;
    });
    expect(lines(june)).toEqual([
      ['dibao', 120_000, '2026-06', ''],
      ['dibao.supplement', 3_000, '2026-06', ''],
    ]);
    expect((await owed(paid.householdId, '2026-05')).totalFen).toBe('123000');
    expect(lines(await owed(paid.householdId, ''))).toEqual([
      ['dibao', 120_000, '2026-04', '2026-05'],
      ['dibao', 120_000, '2026-06', ''],
      ['dibao.supplement', 3_000, '2026-04', '2026-05'],
      ['dibao.supplement', 3_000, '2026-06', ''],
    ]);
  });

  test('then health reopens her two referrals the death closed; the others stayed open', async () => {
    const r = await eventually('her referrals reopened', async () => {
      const all = await healthReferrals();
      return all.every((x) => x.status === 'open') ? all : undefined;
    });
    // a premium subsidy for each of the three, the daily medical subsidy for 赵秀英 (76)
    expect(r.filter((x) => x.memberId === paid.person.mother).map((x) => [x.status, x.closedOn])).toEqual([
      ['open', ''],
      ['open', ''],
    ]);
    expect(r).toHaveLength(4);
  });

  test('when the revocation is handled again (redelivered past the inbox, and under another msgID), then nothing more is adjusted', async () => {
    const envelope = await registryEventOf(nc!, SUBJECTS.personDeathRevoked, personDeathRevokedSchema, paid.person.mother!);
    const ds = running['civil-affairs']!.ds;
    expect(await ds.transaction((manager) => restoreAfterRevokedDeath(manager, envelope.data, envelope))).toEqual({ adjusted: [], reviewed: [] });
    const again = await nc!.jetstream().publish(SUBJECTS.personDeathRevoked, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: `again-${envelope.id}` });
    expect(again.duplicate).toBe(false);
    const jsm = await nc!.jetstreamManager();
    await eventually('civil affairs to settle', async () => {
      const info = await jsm.consumers.info(STREAMS.registry.name, 'civil-affairs-person-death-revoked');
      return info.ack_floor.stream_seq >= again.seq && info.num_ack_pending === 0 ? info : undefined;
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM dibao_adjustments WHERE case_id = $1 AND reason = 'death-revoked'`, [paid.caseId]);
    expect(n).toBe(1);
    const [{ r }] = await ds.query(`SELECT count(*)::int AS r FROM case_reviews WHERE case_id = $1 AND reason = 'death-revoked'`, [paid.caseId]);
    expect(r).toBe(1);
    expect(lines(await owed(paid.householdId, ''))).toHaveLength(4);
  });

  test('when the death of someone alive is revoked, then FAILED_PRECONDITION REGISTRY.PERSON_NOT_DECEASED', async () => {
    const f = await failureOf(registry.RevokeDeath({ personId: paid.person.mother!, reason: REASON }, clerk));
    expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'REGISTRY.PERSON_NOT_DECEASED' });
    expect(f.fields[0]!.path).toBe('personId');
  });
});

describe('when a head’s death is revoked after the son was named head', () => {
  test('then he is back as other (the household has a head), and the history says his relation changed', async () => {
    const r = await registry.RegisterHousehold(registration(household([sun.head, sun.son]), '新华街道', '海勃湾区新华街道9号'), clerk);
    const person = Object.fromEntries(r.members.map((m) => [m.ref, m.personId]));
    await registry.RecordDeath({ personId: person.head!, deathDate: '2026-06-01', source: 'family', note: '', newHeadPersonId: person.son! }, clerk);
    const back = await registry.RevokeDeath({ personId: person.head!, reason: '误登记' }, clerk);
    expect(back).toMatchObject({ relation: 'other', previousRelation: 'head' });
    expect(back.household.facts.members.map((m) => [m.name, m.relation])).toEqual([
      ['孙立', 'other'],
      ['孙伟', 'head'],
    ]);
    expect(back.household.history.at(-1)).toMatchObject({ field: `members.${person.head}.relation`, oldValue: '"head"', newValue: '"other"' });
  });
});
