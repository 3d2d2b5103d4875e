/**
 * A member who moved out of a paid household and then dies: the case of the household left still
 * counts them (a move changes no case, decision 0013), so the death must stop what that case pays
 * for them (City §18: "deaths recorded and announced so every department stops what it pays";
 * docs/decisions/0013-deaths-and-moves.md). Civil affairs adjusts the case whose decided household
 * counts the person — not the case of the household they died in — finance ends the old
 * obligations with the month of the death, and each department closes the deceased's referrals
 * made in the household left, and nobody else's. Registry, civil affairs, finance, health and
 * housing run in-process, each on its own PostgreSQL database, over one private nats-server, on one
 * manual clock. Nothing is mocked.
 */
import { personDiedSchema, STREAMS, SUBJECTS, type Envelope, type PersonDied } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { adjustForDeath } from '../../src/application/adjust-for-death.use-case';
import { eventually, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { moveRequest, newHousehold } from '../../../registry/test/support/households';
import { useServices, type Clients, type Nats } from '../support/with-services';
import { approveDibao, obligationLines as lines, obligationsOf, registryEventOf, type Paid } from '../support/paid-cases';

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8); every service reads this clock. */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const { running, clients, nats } = useServices({ databases: 'death_moved', others: ['finance', 'health', 'housing'], clock, natsClient: 'member-death-after-move-test' });
let { registry, 'civil-affairs': civil, finance, health, housing } = {} as Clients;
let nc: Nats | undefined;

const clerk = staff('civil-affairs');
const financeClerk = staff('finance');

/*
 * Two urban households of 乌达区 applying on 2026-03-02, approved on 2026-03-09 (paid from 2026-04).
 * Worked by hand from DOMAIN.md: the urban dibao standard is 600 yuan per person per month (from
 * 2015-01-01, City §3); top-up = (standard − per-capita income) × size; supplements at the highest
 * single rate per person: disability grade 1–2 → 10 % of the standard, age 60–79 → 5 %; class B when
 * everyone able to work has a job.
 *
 * 李家 (乌达区新达街道7号, rented, 40 m²): head 李建国 (55, works, 400 yuan), spouse 王秀兰 (53, disability
 *   grade 2, cannot work, no income).
 *   2 members, income 400 → per capita 200 → top-up (600 − 200) × 2 = 800 yuan = 80 000 fen;
 *   王秀兰 grade 2 → 10 % × 600 = 60 yuan = 6 000 fen; total 860 yuan = 86 000 fen; class B.
 *   Health: a premium subsidy for each (王秀兰 disabled: full premium; 李建国 class B: 50 yuan a year)
 *   and the daily medical subsidy for 王秀兰 (grade 1–3). Housing: rental assistance (no own home).
 *   王秀兰 moves to a new household at 乌达区养老院 on 2026-05-10 and dies there on 2026-05-20.
 *   The case still counts her: May is paid in full; from 2026-06 李建国 alone: income 400 → per
 *   capita 400 → top-up (600 − 400) × 1 = 200 yuan = 20 000 fen; aged 55, no supplement; class B.
 * 张家 (乌达区新达街道9号): 张桂英 alone (76, no income), the household nobody touches: top-up 600
 *   yuan = 60 000 fen; 5 % = 30 yuan = 3 000 fen; total 63 000 fen.
 */
const li = {
  head: member({ id: 'head', name: '李建国', relation: 'head', sex: 'M', birthDate: '1971-04-01', seq: 71, area: '150304', canWork: true, employed: true, monthlyIncomeFen: 40_000 }),
  spouse: member({ id: 'spouse', name: '王秀兰', relation: 'spouse', sex: 'F', birthDate: '1973-08-08', seq: 72, area: '150304', disability: { category: 4, grade: 2 } }),
};
const zhang = member({ id: 'head', name: '张桂英', relation: 'head', sex: 'F', birthDate: '1950-01-20', seq: 81, area: '150304' });
const RENTED = { area: '150304', livingAreaM2: 40, homeOwned: false, assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 0, businessCapitalFen: 0 } };

const paid: Record<'li' | 'zhang', Paid> = {} as never;
let nursingHomeId = '';

beforeAll(async () => {
  ({ registry, 'civil-affairs': civil, finance, health, housing } = clients as Clients);
  nc = nats();
  const facts = {
    li: registration(household([li.head, li.spouse], RENTED as never), '新达街道', '乌达区新达街道7号'),
    zhang: registration(household([zhang], { area: '150304' }), '新达街道', '乌达区新达街道9号'),
  };
  Object.assign(paid, await approveDibao({ registry, civil }, clock, facts, clerk));
  // every approval has reached finance and the departments: health refers 李建国 (premium), 王秀兰
  // (premium, daily subsidy) and 张桂英 (premium, daily subsidy: aged 60 or more); housing both homes
  await eventually('the approvals in finance', async () => {
    const n = await Promise.all(Object.values(paid).map(async (p) => (await finance.ListObligations({ month: '2026-04', householdId: p.householdId }, financeClerk)).obligations.length));
    return n.every((x) => x === 2) ? n : undefined;
  });
  await eventually('the approvals in health', async () => ((await health.ListReferrals({}, staff('health'))).referrals.length === 5 ? true : undefined));
  await eventually('the approvals in housing', async () => ((await housing.ListReferrals({}, staff('housing'))).referrals.length >= 1 ? true : undefined));

  // 王秀兰 moves to the nursing home on 2026-05-10 (a move changes no case: a review is opened)
  clock.set(new Date('2026-05-25T02:00:00Z'));
  const moved = await registry.MovePerson(
    moveRequest({ personId: paid.li.person.spouse!, newHousehold: newHousehold('乌达区养老院', '三道坎街道', { livingAreaM2: 10, assets: null }), movedOn: '2026-05-10', note: '入住养老院' }),
    clerk,
  );
  nursingHomeId = moved.toHouseholdId;
  await eventually('the member-moved review', async () => ((await civil.GetCase({ id: paid.li.caseId }, clerk)).openReviews === 1 ? true : undefined));
}, 120_000);

const owed = (householdId: string, month: string) => obligationsOf(finance, financeClerk, householdId, month);
const byMember = (rs: { memberName: string; program: string; status: string; closedOn: string }[]) =>
  rs.map((r) => [r.memberName, r.program, r.status, r.closedOn]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

/** The `person.died` envelope the registry announced for `personId`. */
const diedEnvelope = (personId: string): Promise<Envelope<PersonDied>> => registryEventOf(nc!, SUBJECTS.personDied, personDiedSchema, personId);

describe('when 王秀兰, who moved out of the paid 李家 on 2026-05-10, dies in the nursing home on 2026-05-20', () => {
  test('before the death, the case still pays 860 yuan a month for both, as worked by hand, and the move changed nothing of it', async () => {
    const c = await civil.GetCase({ id: paid.li.caseId }, clerk);
    expect(c).toMatchObject({ status: 'approved', paymentFromMonth: '2026-04', monthlyAmountFen: '86000', dibaoClass: 'B', householdSize: 2 });
    expect(JSON.parse(c.evaluationJson)).toMatchObject({ status: 'ELIGIBLE', householdSize: 2, topUpFen: 80_000, totalMonthlyFen: 86_000 });
    expect((await owed(paid.li.householdId, '2026-05')).totalFen).toBe('86000');
  });

  test('when the death is recorded, then 李家’s case pays 李建国 alone from 2026-06: 200 yuan, with the reason in its history', async () => {
    const died = await registry.RecordDeath({ personId: paid.li.person.spouse!, deathDate: '2026-05-20', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
    expect(died.householdId).toBe(nursingHomeId);
    const c = await eventually('the adjusted case', async () => {
      const x = await civil.GetCase({ id: paid.li.caseId }, clerk);
      return x.monthlyAmountFen !== '86000' ? x : undefined;
    });
    expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '20000', dibaoClass: 'B', householdSize: 1, paymentFromMonth: '2026-04' });
    const adjust = c.history.filter((h) => h.action === 'adjust');
    expect(adjust).toHaveLength(1);
    expect(adjust[0]!.note).toContain('王秀兰于 2026-05-20 死亡；自 2026-06 起按 1 人计算，月发 200 元（原 860 元）');
    expect(adjust[0]!.note).toContain('死亡当月（2026-05）照发');
    expect(JSON.parse(c.evaluationJson)).toMatchObject({ asOf: '2026-06-01', status: 'ELIGIBLE', householdSize: 1, topUpFen: 20_000, totalMonthlyFen: 20_000 });

    const [row] = (await running['civil-affairs']!.ds.query(
      `SELECT household_id::text, person_id::text, from_month, monthly_amount_fen::int AS fen, top_up_fen::int AS top_up, supplements_fen::int AS supplements,
              previous_monthly_amount_fen::int AS before FROM dibao_adjustments WHERE case_id = $1`,
      [paid.li.caseId],
    )) as { household_id: string; person_id: string; from_month: string; fen: number; top_up: number; supplements: number; before: number }[];
    expect(row).toEqual({ household_id: paid.li.householdId, person_id: paid.li.person.spouse, from_month: '2026-06', fen: 20_000, top_up: 20_000, supplements: 0, before: 86_000 });
  });

  test('then finance pays May in full (860 yuan) and 200 yuan from June: the supplement for her ends with May', async () => {
    const june = await eventually('the adjusted obligations', async () => {
      const r = await owed(paid.li.householdId, '2026-06');
      return r.totalFen === '20000' ? r : undefined;
    });
    expect(lines(june)).toEqual([['dibao', 20_000, '2026-06', '']]);
    expect((await owed(paid.li.householdId, '2026-05')).totalFen).toBe('86000');
    expect(lines(await owed(paid.li.householdId, ''))).toEqual([
      ['dibao', 80_000, '2026-04', '2026-05'],
      ['dibao', 20_000, '2026-06', ''],
      ['dibao.supplement', 6_000, '2026-04', '2026-05'],
    ]);
    // the household nobody touched is owed what it was
    expect((await owed(paid.zhang.householdId, '2026-06')).totalFen).toBe('63000');
  });

  test('then health closes 王秀兰’s referrals made in 李家, with the reason and the day; 李建国’s and 张桂英’s stay open', async () => {
    const listed = await eventually('the closed referrals', async () => {
      const r = (await health.ListReferrals({ householdId: paid.li.householdId }, staff('health'))).referrals;
      return r.filter((x) => x.status === 'closed').length === 2 ? r : undefined;
    });
    expect(byMember(listed)).toEqual(
      byMember([
        { memberName: '李建国', program: 'medical.premium-subsidy', status: 'open', closedOn: '' },
        { memberName: '王秀兰', program: 'medical.daily-subsidy', status: 'closed', closedOn: '2026-05-20' },
        { memberName: '王秀兰', program: 'medical.premium-subsidy', status: 'closed', closedOn: '2026-05-20' },
      ]),
    );
    expect(listed.find((r) => r.status === 'closed')!.closedReason).toBe('王秀兰于 2026-05-20 死亡，转介终止 / 王秀兰 died on 2026-05-20; the referral ends');
    const zhangs = (await health.ListReferrals({ householdId: paid.zhang.householdId }, staff('health'))).referrals;
    expect(zhangs.map((r) => r.status)).toEqual(['open', 'open']);
  });

  test('then housing keeps 李家’s rental referral open: nobody is left in the nursing home, but 李建国 still lives in 李家', async () => {
    // the death has been handled by housing (its inbox) before looking
    await eventually('housing handled the death', async () => {
      const [{ n }] = await running.housing!.ds.query('SELECT count(*)::int AS n FROM inbox WHERE subject = $1', [SUBJECTS.personDied]);
      return n === 1 ? n : undefined;
    });
    const r = (await housing.ListReferrals({ householdId: paid.li.householdId }, staff('housing'))).referrals;
    expect(r.map((x) => [x.program, x.memberId, x.status])).toEqual([['housing.rental', '', 'open']]);
  });

  test('when the death is handled a second time (redelivered past the inbox), then nothing more is adjusted', async () => {
    const envelope = await diedEnvelope(paid.li.person.spouse!);
    const ds = running['civil-affairs']!.ds;
    const outcome = await ds.transaction((manager) => adjustForDeath(manager, envelope.data, envelope));
    expect(outcome).toEqual({ adjusted: [], noted: [] });
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM dibao_adjustments WHERE case_id = $1', [paid.li.caseId]);
    expect(n).toBe(1);
    expect(await civil.GetCase({ id: paid.li.caseId }, clerk)).toMatchObject({ monthlyAmountFen: '20000', householdSize: 1 });
  });

  test('when the same event is delivered again under another msgID, then every consumer handles it once and nothing is poisoned', async () => {
    const envelope = await diedEnvelope(paid.li.person.spouse!);
    const again = await nc!.jetstream().publish(SUBJECTS.personDied, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: `again-${envelope.id}` });
    expect(again.duplicate).toBe(false);
    const jsm = await nc!.jetstreamManager();
    for (const durable of ['civil-affairs-person-died', 'health-person-died', 'housing-person-died']) {
      await eventually(`${durable} to settle`, async () => {
        const info = await jsm.consumers.info(STREAMS.registry.name, durable);
        return info.ack_floor.stream_seq >= again.seq && info.num_ack_pending === 0 ? info : undefined;
      });
    }
    for (const service of ['civil-affairs', 'health', 'housing'] as const) {
      const [{ n }] = await running[service]!.ds.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [envelope.id]);
      expect([service, n]).toEqual([service, 1]);
      const [{ p }] = await running[service]!.ds.query('SELECT count(*)::int AS p FROM poisoned_events');
      expect([service, p]).toEqual([service, 0]);
    }
    const [{ n }] = await running['civil-affairs']!.ds.query('SELECT count(*)::int AS n FROM dibao_adjustments WHERE case_id = $1', [paid.li.caseId]);
    expect(n).toBe(1);
    expect(lines(await owed(paid.li.householdId, ''))).toHaveLength(3);
  });
});
