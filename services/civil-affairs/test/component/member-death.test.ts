/**
 * A death in a paid household, across the platform (City §18: "deaths recorded and announced so
 * every department stops what it pays"; docs/decisions/0013-deaths-and-moves.md): the registry
 * records it, civil affairs adjusts the approved dibao case from the month after the death, finance
 * ends the obligation with the month of the death and owes the new amount from the next, and the
 * departments end only the deceased member's referrals. Also a possible split household put in front
 * of a clerk. Registry, civil affairs, finance, health and housing run in-process, each on its own
 * PostgreSQL database, over one private nats-server, on one manual clock. Nothing is mocked.
 */
import { dibaoAdjustedSchema, envelopeSchema, STREAMS, SUBJECTS, type DibaoAdjusted } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { eventually, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { moveRequest, newHousehold } from '../../../registry/test/support/households';
import { useServices, type Clients, type Nats } from '../support/with-services';
import { approveDibao, obligationLines as lines, obligationsOf, type Paid, wangFamily } from '../support/paid-cases';

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8); every service reads this clock. */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const { running, clients, nats } = useServices({ databases: 'death', others: ['finance', 'health', 'housing'], clock, natsClient: 'member-death-test' });
let { registry, 'civil-affairs': civil, finance, health, housing } = {} as Clients;
let nc: Nats | undefined;

const clerk = staff('civil-affairs');
const financeClerk = staff('finance');

/*
 * Three urban households applying on 2026-03-02, approved on 2026-03-09 (paid from 2026-04).
 * Worked by hand from DOMAIN.md: the urban standard is 600 yuan per person per month (from
 * 2015-01-01); top-up = (standard − per-capita income) × size; supplements the highest single rate
 * of the standard; class B when everyone able to work has a job, A when nobody can work.
 *
 * 王家 (海勃湾区, 60 m² own home): head 王大山 (50, works, 400 yuan), spouse 刘梅 (45, works, 200 yuan),
 *   his mother 赵秀英 (76, no income).
 *   3 members, income 600 → per capita 200 → top-up (600 − 200) × 3 = 1200 yuan = 120 000 fen;
 *   赵秀英 60–79 → 5 % × 600 = 30 yuan = 3 000 fen; total 1230 yuan = 123 000 fen; class B.
 *   赵秀英 dies on 2026-05-20: May is paid in full; from 2026-06 the household of 2: income 600 →
 *   per capita 300 → top-up (600 − 300) × 2 = 600 yuan = 60 000 fen; no supplement; class B.
 * 张桂英 (乌达区, alone, 76, no income, 12 m²): top-up 600 yuan = 60 000 fen; 5 % = 30 yuan = 3 000;
 *   total 63 000 fen; class A. She dies on 2026-05-03: nobody is left; payment stops from 2026-06.
 * 赵家 (海南区): head 赵强 (56, works, 1100 yuan), his mother 钱氏 (82, no income).
 *   income 1100 → per capita 550 → top-up (600 − 550) × 2 = 100 yuan = 10 000 fen; 钱氏 ≥ 80 → 10 %
 *   = 60 yuan = 6 000 fen; total 16 000 fen; class B. 钱氏 dies on 2026-05-10: 赵强 alone has 1100 ≥ 600:
 *   no longer eligible, 0 payable from 2026-06 — the case stays approved, a clerk reviews it.
 */
const wang = wangFamily;
const widow = member({ id: 'widow', name: '张桂英', relation: 'head', sex: 'F', birthDate: '1950-01-20', seq: 21, area: '150304' });
const zhao = {
  head: member({ id: 'head', name: '赵强', relation: 'head', sex: 'M', birthDate: '1970-01-01', seq: 31, area: '150303', canWork: true, employed: true, monthlyIncomeFen: 110_000 }),
  mother: member({ id: 'mother', name: '钱氏', relation: 'parent', sex: 'F', birthDate: '1944-01-01', seq: 32, area: '150303' }),
};

const paid: Record<'wang' | 'widow' | 'zhao', Paid> = {} as never;

beforeAll(async () => {
  ({ registry, 'civil-affairs': civil, finance, health, housing } = clients as Clients);
  nc = nats();

  // register, apply, verify and notice on 2026-03-02; approve on 2026-03-09
  const facts = {
    wang: registration(household([wang.head, wang.spouse, wang.mother]), '新华街道', '海勃湾区新华街道5号'),
    widow: registration(household([widow], { area: '150304', livingAreaM2: 12 }), '新达街道', '乌达区新达街道8号'),
    zhao: registration(household([zhao.head, zhao.mother], { area: '150303' }), '拉僧仲街道', '海南区拉僧仲街道3号'),
  };
  Object.assign(paid, await approveDibao({ registry, civil }, clock, facts, clerk));
  // every approval has reached finance and the departments before anyone dies (health: a premium
  // subsidy for each of the 6 members, and the daily medical subsidy for the 3 aged 60 or more)
  await eventually('the approvals in finance', async () => {
    const n = await Promise.all(Object.values(paid).map(async (p) => (await finance.ListObligations({ month: '2026-04', householdId: p.householdId }, financeClerk)).obligations.length));
    return n.every((x) => x === 2) ? n : undefined;
  });
  await eventually('the approvals in health', async () => {
    const r = await health.ListReferrals({}, staff('health'));
    return r.referrals.length === 9 ? r : undefined;
  });
  clock.set(new Date('2026-05-25T02:00:00Z'));
}, 120_000);

/** The adjustments civil affairs announced, by case. */
async function adjustments(): Promise<Map<string, DibaoAdjusted>> {
  const consumer = await nc!.jetstream().consumers.get(STREAMS['civil-affairs'].name);
  const out = new Map<string, DibaoAdjusted>();
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) return out;
    if (m.subject !== SUBJECTS.dibaoAdjusted) continue;
    const a = dibaoAdjustedSchema.parse(envelopeSchema.parse(JSON.parse(new TextDecoder().decode(m.data))).data);
    out.set(a.caseId, a);
  }
}

const owed = (householdId: string, month: string) => obligationsOf(finance, financeClerk, householdId, month);

describe('when a member who is not the head dies (王家: 赵秀英, 2026-05-20)', () => {
  test('before the death, the case pays 1230 yuan a month for three, as worked by hand', async () => {
    const c = await civil.GetCase({ id: paid.wang.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', paymentFromMonth: '2026-04', monthlyAmountFen: '123000', dibaoClass: 'B', householdSize: 3 });
    expect((await owed(paid.wang.householdId, '2026-04')).totalFen).toBe('123000');
  });

  test('when the death is recorded, then civil affairs announces 600 yuan a month from 2026-06 for the two who remain, with the rules’ decision record', async () => {
    await registry.RecordDeath({ personId: paid.wang.person.mother!, deathDate: '2026-05-20', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
    const a = await eventually('the adjustment', async () => (await adjustments()).get(paid.wang.caseId));
    expect(a).toMatchObject({
      caseId: paid.wang.caseId,
      householdId: paid.wang.householdId,
      area: '150302',
      reason: 'member-died',
      personId: paid.wang.person.mother,
      eventDate: '2026-05-20',
      fromMonth: '2026-06',
      status: 'ELIGIBLE',
      dibaoClass: 'B',
      monthlyAmountFen: 60_000,
      topUpFen: 60_000,
      supplementsFen: 0,
      previousMonthlyAmountFen: 123_000,
      members: [paid.wang.person.head, paid.wang.person.spouse],
    });
    const record = a.evaluation as { asOf: string; entry: string; programs: string[]; request: { household: { members: { id: string }[] } }; inputHash: string };
    expect(record).toMatchObject({ asOf: '2026-06-01', entry: 'evaluate', programs: ['dibao', 'dibao.supplement'] });
    expect(record.request.household.members.map((m) => m.id)).toEqual([paid.wang.person.head, paid.wang.person.spouse]);
    expect(record.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('then the case pays the new amount for two and its history says why, from when and what was paid before', async () => {
    const c = await civil.GetCase({ id: paid.wang.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '60000', householdSize: 2, dibaoClass: 'B', paymentFromMonth: '2026-04' });
    const adjust = c.history.find((h) => h.action === 'adjust')!;
    expect(adjust).toMatchObject({ fromStatus: 'approved', toStatus: 'approved', by: 'system:member-died' });
    expect(adjust.note).toContain('赵秀英于 2026-05-20 死亡；自 2026-06 起按 2 人计算，月发 600 元（原 1230 元）');
    expect(adjust.note).toContain('死亡当月（2026-05）照发');
    expect(JSON.parse(c.evaluationJson)).toMatchObject({ asOf: '2026-06-01', status: 'ELIGIBLE', householdSize: 2, topUpFen: 60_000, totalMonthlyFen: 60_000 });
  });

  test('then finance pays May in full (1230 yuan) and from June 600 yuan: the open obligations end with the month of the death', async () => {
    const june = await eventually('the adjusted obligations', async () => {
      const r = await owed(paid.wang.householdId, '2026-06');
      return r.totalFen === '60000' ? r : undefined;
    });
    expect(lines(june)).toEqual([['dibao', 60_000, '2026-06', '']]);
    const may = await owed(paid.wang.householdId, '2026-05');
    expect(may.totalFen).toBe('123000');
    expect(lines(await owed(paid.wang.householdId, ''))).toEqual([
      ['dibao', 120_000, '2026-04', '2026-05'],
      ['dibao', 60_000, '2026-06', ''],
      ['dibao.supplement', 3_000, '2026-04', '2026-05'],
    ]);
  });

  test('then health ends only 赵秀英’s referrals, with the reason; 王大山’s and 刘梅’s stay open', async () => {
    const listed = await eventually('the closed referrals', async () => {
      const r = await health.ListReferrals({ householdId: paid.wang.householdId }, staff('health'));
      return r.referrals.some((x) => x.status === 'closed') ? r.referrals : undefined;
    });
    const byMember = listed.map((r) => [r.memberName, r.program, r.status, r.closedOn]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(byMember).toEqual(
      [
        ['刘梅', 'medical.premium-subsidy', 'open', ''],
        ['王大山', 'medical.premium-subsidy', 'open', ''],
        ['赵秀英', 'medical.daily-subsidy', 'closed', '2026-05-20'],
        ['赵秀英', 'medical.premium-subsidy', 'closed', '2026-05-20'],
      ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    );
    expect(listed.find((r) => r.status === 'closed')!.closedReason).toBe('赵秀英于 2026-05-20 死亡，转介终止 / 赵秀英 died on 2026-05-20; the referral ends');
  });
});

describe('when the only member dies (张桂英, 2026-05-03)', () => {
  test('then nothing is payable from 2026-06, May is paid in full, a clerk reviews the case, and every referral of the household ends', async () => {
    await registry.RecordDeath({ personId: paid.widow.person.widow!, deathDate: '2026-05-03', source: 'funeral-service', note: '', newHeadPersonId: '' }, clerk);
    const a = await eventually('the adjustment', async () => (await adjustments()).get(paid.widow.caseId));
    expect(a).toMatchObject({ status: 'NO_MEMBERS', fromMonth: '2026-06', monthlyAmountFen: 0, topUpFen: 0, supplementsFen: 0, previousMonthlyAmountFen: 63_000, members: [], evaluation: null });

    const c = await civil.GetCase({ id: paid.widow.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '0', householdSize: 0 });
    expect(c.history.find((h) => h.action === 'adjust')!.note).toContain('户内已无在册成员；自 2026-06 起停发（原月发 630 元）');
    expect(c.history.find((h) => h.action === 'review_opened')!.note).toContain('复核（member-died）');

    await eventually('the ended obligations', async () => ((await owed(paid.widow.householdId, '2026-06')).obligations.length === 0 ? true : undefined));
    expect((await owed(paid.widow.householdId, '2026-05')).totalFen).toBe('63000');
    expect(lines(await owed(paid.widow.householdId, ''))).toEqual([
      ['dibao', 60_000, '2026-04', '2026-05'],
      ['dibao.supplement', 3_000, '2026-04', '2026-05'],
    ]);

    const healthLines = await eventually('health closed', async () => {
      const r = (await health.ListReferrals({ householdId: paid.widow.householdId }, staff('health'))).referrals;
      return r.every((x) => x.status === 'closed') ? r : undefined;
    });
    expect(healthLines.map((r) => r.program).sort()).toEqual(['medical.daily-subsidy', 'medical.premium-subsidy']);
    const housingLines = await eventually('housing closed', async () => {
      const r = (await housing.ListReferrals({ householdId: paid.widow.householdId }, staff('housing'))).referrals;
      return r.length && r.every((x) => x.status === 'closed') ? r : undefined;
    });
    expect(housingLines.map((r) => [r.program, r.memberId, r.closedReason])).toEqual([
      ['housing.rental', '', '户内最后一名成员于 2026-05-03 死亡，转介终止 / the last member of the household died on 2026-05-03; the referral ends'],
    ]);
  });
});

describe('when a death leaves a household no longer eligible (赵家: 钱氏, 2026-05-10)', () => {
  test('then 0 is payable from 2026-06 and the clerk sees why; the case is not refused or closed automatically', async () => {
    expect((await civil.GetCase({ id: paid.zhao.caseId }, clerk)).monthlyAmountFen).toBe('16000');
    await registry.RecordDeath({ personId: paid.zhao.person.mother!, deathDate: '2026-05-10', source: 'public-security', note: '', newHeadPersonId: '' }, clerk);
    const a = await eventually('the adjustment', async () => (await adjustments()).get(paid.zhao.caseId));
    expect(a).toMatchObject({ status: 'INELIGIBLE', fromMonth: '2026-06', dibaoClass: null, monthlyAmountFen: 0, previousMonthlyAmountFen: 16_000, members: [paid.zhao.person.head] });

    const c = await civil.GetCase({ id: paid.zhao.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '0', householdSize: 1 });
    const adjust = c.history.find((h) => h.action === 'adjust')!.note;
    expect(adjust).toContain('钱氏于 2026-05-10 死亡；按 1 人重新计算已不符合低保条件');
    expect(adjust).toContain('自 2026-06 起应发 0 元（原 160 元），请审核处理');
    expect(c.history.some((h) => h.action === 'review_opened')).toBe(true);

    await eventually('the ended obligations', async () => ((await owed(paid.zhao.householdId, '2026-06')).obligations.length === 0 ? true : undefined));
    expect((await owed(paid.zhao.householdId, '2026-05')).totalFen).toBe('16000');
  });

  test('when the same death event is handled, then each consumer recorded it once (inbox) and nothing was poisoned', async () => {
    for (const [service, subject] of [
      ['civil-affairs', SUBJECTS.personDied],
      ['finance', SUBJECTS.dibaoAdjusted],
      ['health', SUBJECTS.personDied],
      ['housing', SUBJECTS.personDied],
    ] as const) {
      const [{ n }] = await running[service]!.ds.query('SELECT count(*)::int AS n FROM inbox WHERE subject = $1', [subject]);
      expect([service, n]).toEqual([service, 3]);
      const [{ p }] = await running[service]!.ds.query('SELECT count(*)::int AS p FROM poisoned_events');
      expect([service, p]).toEqual([service, 0]);
    }
  });
});

describe('a member of a paid household registers alone at the same address', () => {
  test('when 王大山 founds a household at 王家’s address, then the registry flags a possible split household and civil affairs opens a review on 王家’s case naming both households', async () => {
    const moved = await registry.MovePerson(
      moveRequest({
        personId: paid.wang.person.head!,
        newHousehold: newHousehold('海勃湾区新华街道 5 号', '新华街道', { livingAreaM2: 20, assets: null }),
        movedOn: '2026-05-24',
        newHeadPersonId: paid.wang.person.spouse!,
      }),
      clerk,
    );
    expect(moved.splitSuspected).toMatchObject({ householdId: moved.toHouseholdId, otherHouseholdId: paid.wang.householdId });
    const review = await eventually('the split review', async () => {
      const c = await civil.GetCase({ id: paid.wang.caseId }, clerk);
      return c.history.find((h) => h.action === 'review_opened' && h.note.includes('possible-split-household'));
    });
    expect(review.note).toContain(`本户王大山迁出，在同一地址另立新户（${moved.toHouseholdId}），可能为分户`);
    const [{ n }] = await running['civil-affairs']!.ds.query(
      "SELECT count(*)::int AS n FROM case_reviews WHERE case_id = $1 AND reason = 'possible-split-household' AND resolved_at IS NULL",
      [paid.wang.caseId],
    );
    expect(n).toBe(1);
    // the case itself is untouched: a review records, the clerk decides
    expect(await civil.GetCase({ id: paid.wang.caseId }, clerk)).toMatchObject({ status: 'approved', monthlyAmountFen: '60000' });
  });
});
