/**
 * The dibao procedure across the platform: registry, civil affairs, finance and the five referral
 * departments run in-process, each on its own PostgreSQL database, over one private nats-server.
 * Civil affairs runs on a ManualClock so the 7-day public notice can pass. Nothing is mocked.
 */
import { envelopeSchema, STREAMS, SUBJECTS, type ReferralMsg, type ServiceName, type TypedClient } from '@wuhai/contracts';
import { ManualClock, systemClock } from '@wuhai/service-kit';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useServices, type Nats } from '../support/with-services';

const DEPARTMENTS = ['disability', 'education', 'employment', 'health', 'housing'] as const;

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8), civil affairs' clock; the registry keeps the system clock. */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const { running, clients, nats } = useServices({ databases: 'flow', others: ['finance', ...DEPARTMENTS], clock, registryClock: systemClock, natsClient: 'dibao-flow-test' });
let nc: Nats | undefined;
beforeAll(() => (nc = nats()));

const registry = () => clients.registry!;
const civil = () => clients['civil-affairs']!;
const finance = () => clients.finance!;
const clerk = staff('civil-affairs');

/** Every event on the civil-affairs stream, read with an ordered consumer. */
async function civilAffairsEvents(): Promise<{ subject: string; envelope: ReturnType<typeof envelopeSchema.parse>; raw: string }[]> {
  const consumer = await nc!.jetstream().consumers.get(STREAMS['civil-affairs'].name);
  const out: { subject: string; envelope: ReturnType<typeof envelopeSchema.parse>; raw: string }[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) return out;
    const raw = new TextDecoder().decode(m.data);
    out.push({ subject: m.subject, envelope: envelopeSchema.parse(JSON.parse(raw)), raw });
  }
}

async function countRows(service: ServiceName, sql: string): Promise<number> {
  const [row] = await running[service]!.ds.query(sql);
  return Number(row.n);
}

// An eligible urban household of 海勃湾区 (150302), living in its own 30 m² home (one residence),
// with no other assets and no income.
const head = member({
  id: 'head',
  name: '王大山',
  relation: 'head',
  sex: 'M',
  birthDate: '1960-05-10', // 65 in March 2026
  seq: 11,
  canWork: false,
  disability: { category: 4, grade: 2 },
});
const spouse = member({ id: 'spouse', name: '刘梅', relation: 'spouse', sex: 'F', birthDate: '1985-06-15', seq: 12, canWork: true, employed: false });
const child = member({
  id: 'child',
  name: '王小雨',
  relation: 'child',
  sex: 'F',
  birthDate: '2016-09-01', // 9
  seq: 14,
  school: { level: 'primary', boarding: true },
});
const eligibleHousehold = household([head, spouse, child], { livingAreaM2: 30 });

/*
 * Expected, by hand from DOMAIN.md, on 2026-03-02 and again on approval day 2026-03-09:
 * - urban standard from 2015-01-01: 600 yuan per person per month; counted members 3; income 0.
 * - top-up: (600 − 0) × 3 = 1800 yuan = 180 000 fen.
 * - supplements (highest single rate, no stacking): head is grade-2 disabled (10%) and 65 (5%)
 *   → 10% × 600 = 60 yuan = 6 000 fen; spouse (40) and child (9): none.
 * - monthly amount: 1800 + 60 = 1860 yuan = 186 000 fen.
 * - class C: the spouse is able to work (40, canWork) and has no job; the head (65, grade 2) and
 *   the child (9) are not able to work.
 * - paid from the month after approval: approved 2026-03-09 → 2026-04.
 */
const TOP_UP_FEN = 180_000;
const SUPPLEMENT_FEN = 6_000;
const MONTHLY_FEN = 186_000;

describe('when an eligible household applies for dibao and the procedure runs to approval', () => {
  let householdId = '';
  let person: Record<'head' | 'spouse' | 'child', string> = { head: '', spouse: '', child: '' };
  let caseId = '';

  test('when the household is registered and applies with signed declarations, then a submitted case holds the amount computed by hand', async () => {
    const registered = await registry().RegisterHousehold(registration(eligibleHousehold), clerk);
    householdId = registered.id;
    person = Object.fromEntries(registered.members.map((m) => [m.ref, m.personId])) as typeof person;

    const application = await civil().SubmitApplication(
      { householdId, programs: ['dibao'], note: '本人申请', declarationSigned: true, authorisationSigned: true },
      clerk,
    );
    expect(application).toMatchObject({ householdId, programs: ['dibao'], area: '150302', submittedBy: 'civil-affairs.clerk' });
    expect(application.routes).toEqual([
      { service: 'civil-affairs', caseId: expect.any(String), status: 'submitted', program: 'dibao', dueDate: '2026-03-16' },
    ]);
    caseId = application.routes[0]!.caseId;

    const c = await civil().GetCase({ id: caseId }, clerk);
    expect(c).toMatchObject({
      status: 'submitted',
      householdId,
      area: '150302',
      hukou: 'urban',
      dibaoClass: 'C',
      monthlyAmountFen: String(MONTHLY_FEN),
      householdName: '王大山',
      householdSize: 3,
      dueDate: '2026-03-16',
    });
    const evaluation = JSON.parse(c.evaluationJson);
    expect(evaluation).toMatchObject({ asOf: '2026-03-02', status: 'ELIGIBLE', standardFen: 60_000, topUpFen: TOP_UP_FEN, totalMonthlyFen: MONTHLY_FEN });
    expect(evaluation.supplements).toEqual([
      expect.objectContaining({ memberId: person.head, basis: 'disability-grade-1-2', rate: 0.1, amountFen: SUPPLEMENT_FEN }),
    ]);
    expect(c.history).toEqual([expect.objectContaining({ action: 'submit', fromStatus: '', toStatus: 'submitted', by: 'civil-affairs.clerk' })]);
  });

  test('when the case is verified and put on public notice on 2026-03-02, then the notice runs to 2026-03-08', async () => {
    // verify only with authorisation (MCA-2012): the adults sign first
    const signed = await registry().RecordAuthorisation({ householdId, personIds: [person.head, person.spouse, person.child], signedAt: '2026-03-02' }, clerk);
    expect(signed.complete).toBe(true);
    const verified = await civil().TransitionCase({ id: caseId, action: 'verify', note: '入户调查属实' }, clerk);
    expect(verified.status).toBe('verified');
    const noticed = await civil().TransitionCase({ id: caseId, action: 'start_notice', note: '' }, clerk);
    expect(noticed).toMatchObject({ status: 'under_notice', noticeStartsOn: '2026-03-02', noticeEndsOn: '2026-03-08', dueDate: '2026-03-11' });
  });

  test('when approval is asked before the notice has ended (on its first and on its last day), then FAILED_PRECONDITION DIBAO.NOTICE_NOT_ENDED', async () => {
    const early = await failureOf(civil().TransitionCase({ id: caseId, action: 'approve', note: '' }, clerk));
    expect(early).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'DIBAO.NOTICE_NOT_ENDED' });

    clock.advanceDays(6); // 2026-03-08, the notice's last day
    const lastDay = await failureOf(civil().TransitionCase({ id: caseId, action: 'approve', note: '' }, clerk));
    expect(lastDay).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'DIBAO.NOTICE_NOT_ENDED' });
    expect((await civil().GetCase({ id: caseId }, clerk)).status).toBe('under_notice');
  });

  test('when a finance clerk tries to approve, then PERMISSION_DENIED', async () => {
    const f = await failureOf(civil().TransitionCase({ id: caseId, action: 'approve', note: '' }, staff('finance')));
    expect(f).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
  });

  test('when the clock has moved 7 days past the notice start (2026-03-09), then approval succeeds and payment starts in April', async () => {
    clock.advanceDays(1);
    const approved = await civil().TransitionCase({ id: caseId, action: 'approve', note: '公示无异议' }, clerk);
    expect(approved).toMatchObject({
      status: 'approved',
      decidedOn: '2026-03-09',
      paymentFromMonth: '2026-04',
      monthlyAmountFen: String(MONTHLY_FEN),
      dibaoClass: 'C',
      dueDate: '',
    });
    expect(approved.history.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['submit', '', 'submitted'],
      ['verify', 'submitted', 'verified'],
      ['start_notice', 'verified', 'under_notice'],
      ['approve', 'under_notice', 'approved'],
    ]);
    const listed = await civil().ListCases({ status: 'approved', householdId }, clerk);
    expect(listed.cases.map((c) => c.id)).toEqual([caseId]);
  });

  test('when the approval is announced, then the approved event carries the amounts and no ID numbers', async () => {
    const approvedEvent = await eventually('the approved event', async () =>
      (await civilAffairsEvents()).find((e) => e.subject === SUBJECTS.dibaoApproved && (e.envelope.data as { caseId: string }).caseId === caseId),
    );
    expect(approvedEvent.envelope.data).toMatchObject({
      householdId,
      monthlyAmountFen: MONTHLY_FEN,
      topUpFen: TOP_UP_FEN,
      supplementsFen: SUPPLEMENT_FEN,
      paymentFromMonth: '2026-04',
      decidedOn: '2026-03-09',
      dibaoClass: 'C',
    });
    for (const m of [head, spouse, child]) expect(approvedEvent.raw).not.toContain(m.idNumber!);
  });

  test('when finance has consumed the approval, then it owes the top-up and the supplement monthly from 2026-04', async () => {
    const financeClerk = staff('finance');
    const listed = await eventually('finance obligations', async () => {
      const r = await finance().ListObligations({ month: '', householdId }, financeClerk);
      return r.obligations.length >= 2 ? r : undefined;
    });
    const byProgram = Object.fromEntries(listed.obligations.map((o) => [o.program, o]));
    expect(Object.keys(byProgram).sort()).toEqual(['dibao', 'dibao.supplement']);
    expect(byProgram.dibao).toMatchObject({ department: 'civil-affairs', caseId, area: '150302', monthlyAmountFen: String(TOP_UP_FEN), fromMonth: '2026-04', untilMonth: '' });
    expect(byProgram['dibao.supplement']).toMatchObject({ caseId, monthlyAmountFen: String(SUPPLEMENT_FEN), fromMonth: '2026-04' });
    expect(listed.totalFen).toBe(String(MONTHLY_FEN));

    expect((await finance().ListObligations({ month: '2026-03', householdId }, financeClerk)).obligations).toEqual([]);
    expect((await finance().ListObligations({ month: '2026-04', householdId }, financeClerk)).totalFen).toBe(String(MONTHLY_FEN));
  });

  test('when the approved household applies again, then ALREADY_EXISTS DIBAO.ALREADY_RECEIVING and no second case: it is never paid twice', async () => {
    const before = await countRows('civil-affairs', `SELECT count(*) AS n FROM dibao_cases WHERE household_id = '${householdId}'`);
    const f = await failureOf(
      civil().SubmitApplication({ householdId, programs: ['dibao'], note: '再次申请', declarationSigned: true, authorisationSigned: true }, staff('civil-affairs')),
    );
    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'DIBAO.ALREADY_RECEIVING' });
    expect(await countRows('civil-affairs', `SELECT count(*) AS n FROM dibao_cases WHERE household_id = '${householdId}'`)).toBe(before);
  });

  test('when each department has consumed the approval, then it lists the referrals its rules decide', async () => {
    const referrals = {} as Record<(typeof DEPARTMENTS)[number], ReferralMsg[]>;
    for (const d of DEPARTMENTS) {
      const client = clients[d]! as TypedClient<'disability'>;
      referrals[d] = await eventually(`${d} referrals`, async () => {
        const r = await client.ListReferrals({ householdId }, staff(d));
        return r.referrals.length ? r.referrals : undefined;
      });
      for (const r of referrals[d]) expect(r).toMatchObject({ department: d, householdId, caseId, status: 'open', area: '150302' });
    }
    const lines = (d: (typeof DEPARTMENTS)[number]) =>
      referrals[d].map((r) => ({ program: r.program, memberId: r.memberId, amountFen: r.amountFen, period: r.period })).sort((a, b) =>
        `${a.program}${a.memberId}`.localeCompare(`${b.program}${b.memberId}`),
      );
    const sorted = <T extends { program: string; memberId: string }>(xs: T[]) => xs.sort((a, b) => `${a.program}${a.memberId}`.localeCompare(`${b.program}${b.memberId}`));

    // disability: the head holds a certificate (limbs, grade 2)
    expect(lines('disability')).toEqual([{ program: 'disability.assistance', memberId: person.head, amountFen: '0', period: 'once' }]);
    expect(referrals.disability[0]!.memberName).toBe('王大山');
    // education: the primary-school boarder gets the living subsidy of 1000 yuan a year
    expect(lines('education')).toEqual([{ program: 'education.living-subsidy', memberId: person.child, amountFen: '100000', period: 'year' }]);
    // employment: the spouse, 40, able to work and without a job (the head is 65, the child 9)
    expect(lines('employment')).toEqual([{ program: 'employment.assistance', memberId: person.spouse, amountFen: '0', period: 'once' }]);
    // health: premium subsidies for all three (full 120 yuan for the disabled head and the student,
    // 50 yuan for the class-C spouse) and the daily medical subsidy of 30 yuan/month for the head
    // (aged 65 and grade-2 disabled)
    expect(lines('health')).toEqual(
      sorted([
        { program: 'medical.premium-subsidy', memberId: person.head, amountFen: '12000', period: 'year' },
        { program: 'medical.premium-subsidy', memberId: person.spouse, amountFen: '5000', period: 'year' },
        { program: 'medical.premium-subsidy', memberId: person.child, amountFen: '12000', period: 'year' },
        { program: 'medical.daily-subsidy', memberId: person.head, amountFen: '3000', period: 'month' },
      ]),
    );
    // housing: the household, 30 m² for 3 people = 10 m² per person, below 15
    expect(lines('housing')).toEqual([{ program: 'housing.rental', memberId: '', amountFen: '0', period: 'once' }]);
    expect(referrals.housing[0]!.explanation).toContain('人均10平方米');
  });

  test('when a department lists all its referrals, then only its own staff may; civil affairs may ask about one household', async () => {
    const f = await failureOf(clients.housing!.ListReferrals({}, staff('education')));
    expect(f).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
    expect((await clients.housing!.ListReferrals({}, staff('housing'))).referrals).toHaveLength(1);
    // one household: the department itself or civil affairs (who follows the application), nobody else
    expect((await clients.housing!.ListReferrals({ householdId }, staff('civil-affairs'))).referrals).toHaveLength(1);
    const other = await failureOf(clients.housing!.ListReferrals({ householdId }, staff('education')));
    expect(other).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
  });

  test('when the approval event has been handled, then each consumer recorded it once in its inbox', async () => {
    for (const d of ['finance', ...DEPARTMENTS] as const) {
      expect(await countRows(d, "SELECT count(*) AS n FROM inbox WHERE subject = 'wuhai.civil-affairs.dibao.approved.v1'")).toBe(1);
      expect(await countRows(d, 'SELECT count(*) AS n FROM poisoned_events')).toBe(0);
    }
  });
});

describe('when applications are refused or cannot be accepted', () => {
  const widow = member({ id: 'w1', name: '张桂英', relation: 'head', sex: 'F', birthDate: '1950-01-20', seq: 21 });
  let householdId = '';
  let caseId = '';

  beforeAll(async () => {
    householdId = (await registry().RegisterHousehold(registration(household([widow], { area: '150304' }), '新达街道', '乌达区新达街道8号'), clerk)).id;
  });

  test('when the application has no signed declaration, then INVALID_ARGUMENT names it and nothing is stored', async () => {
    const before = await countRows('civil-affairs', 'SELECT count(*) AS n FROM applications');
    const f = await failureOf(
      civil().SubmitApplication({ householdId, programs: ['dibao'], note: '', declarationSigned: false, authorisationSigned: true }, clerk),
    );
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'INTAKE.DECLARATION_NOT_SIGNED' });
    expect(f.fields.map((x) => x.path)).toEqual(['declarationSigned']);
    expect(await countRows('civil-affairs', 'SELECT count(*) AS n FROM applications')).toBe(before);
  });

  test('when a second application is submitted while the household’s case is open, then ALREADY_EXISTS and no second case or application', async () => {
    const first = await civil().SubmitApplication({ householdId, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
    caseId = first.routes[0]!.caseId;
    const before = await countRows('civil-affairs', 'SELECT count(*) AS n FROM applications');

    const f = await failureOf(
      civil().SubmitApplication({ householdId, programs: ['dibao'], note: '再次申请', declarationSigned: true, authorisationSigned: true }, clerk),
    );
    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'DIBAO.OPEN_CASE_EXISTS' });
    expect(await countRows('civil-affairs', 'SELECT count(*) AS n FROM applications')).toBe(before);
    expect(await countRows('civil-affairs', `SELECT count(*) AS n FROM dibao_cases WHERE household_id = '${householdId}'`)).toBe(1);
  });

  test('when the household is unknown to the registry, then NOT_FOUND with the registry’s code', async () => {
    const f = await failureOf(
      civil().SubmitApplication(
        { householdId: '00000000-0000-4000-8000-000000000000', programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true },
        clerk,
      ),
    );
    expect(f).toMatchObject({ status: GRPC.NOT_FOUND, code: 'REGISTRY.HOUSEHOLD_NOT_FOUND' });
  });

  test('when a finance clerk tries to move the case, then PERMISSION_DENIED and the case is unchanged', async () => {
    const f = await failureOf(civil().TransitionCase({ id: caseId, action: 'verify', note: '' }, staff('finance')));
    expect(f).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
    expect((await civil().GetCase({ id: caseId }, clerk)).status).toBe('submitted');
  });

  test('when a refusal gives no reason, then INVALID_ARGUMENT names the note and the case stays open', async () => {
    const f = await failureOf(civil().TransitionCase({ id: caseId, action: 'refuse', note: '  ' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'DIBAO.REFUSAL_NEEDS_REASON' });
    expect(f.fields.map((x) => x.path)).toEqual(['note']);
    expect((await civil().GetCase({ id: caseId }, clerk)).status).toBe('submitted');
  });

  test('when the case is refused with a written reason, then it is refused and a dibao.refused event carries the reason', async () => {
    const note = '申请人子女有赡养能力，家庭收入高于低保标准';
    const refused = await civil().TransitionCase({ id: caseId, action: 'refuse', note }, clerk);
    expect(refused).toMatchObject({ status: 'refused', decidedOn: '2026-03-09', paymentFromMonth: '' });

    const event = await eventually('the refused event', async () =>
      (await civilAffairsEvents()).find((e) => e.subject === SUBJECTS.dibaoRefused && (e.envelope.data as { caseId: string }).caseId === caseId),
    );
    expect(event.envelope).toMatchObject({ type: SUBJECTS.dibaoRefused, source: 'civil-affairs' });
    expect(event.envelope.data).toEqual({ caseId, householdId, decidedOn: '2026-03-09', note });
    expect(event.raw).not.toContain(widow.idNumber!);
  });

  test('when a case was refused, then finance owes nothing for the household and a new application may be submitted', async () => {
    expect((await finance().ListObligations({ month: '', householdId }, staff('finance'))).obligations).toEqual([]);
    const again = await civil().SubmitApplication({ householdId, programs: ['dibao'], note: '情况变化后重新申请', declarationSigned: true, authorisationSigned: true }, clerk);
    expect(again.routes).toHaveLength(1);
    expect(again.routes[0]!.caseId).not.toBe(caseId);
  });
});
