/**
 * Reviews of paid households after an import (City §18; docs/decisions/0012, 0015): four households
 * receive dibao; new extracts are imported into the registry; the registry announces each import,
 * civil affairs' consumer starts a review run, every paid household is verified through the
 * registry's bulk path, and what the reports find opens reviews on the cases — a car found only in
 * the vehicle register, a business and a second home found only in theirs, an income the tax
 * office gives only for a year, an adult who has not
 * signed — while the clean household gets none. Nothing refuses a case or changes its amount; the
 * clerk resolves each review with a note. Registry and civil affairs run in-process on their own
 * databases with a private nats-server and a manual clock. Nothing is mocked.
 */
import type { DibaoCaseMsg } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { importSources } from '../../../registry/test/support/sources';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';

const clock = new ManualClock(new Date('2026-03-02T02:00:00Z')); // Monday 2026-03-02, 10:00 in Wuhai
const started = useCivilAffairsWithRegistry({ databases: 'paid_reviews', clock, reviews: { reviewSettleMs: 2000, reviewPollMs: 200, reviewBatchSize: 2 } });
let { registrySvc, civilSvc, registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ registrySvc, civilSvc, registry, civil } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');

// 马家: a pensioner living alone; the vehicle register will hold a car of his.
const ma = member({ id: 'head', name: '马占山', relation: 'head', sex: 'M', birthDate: '1956-01-01', seq: 11 });
// 苟家: a widower; the market-entity register holds an active business of his and the real-estate
// register a second home (one declared).
const gou = member({ id: 'head', name: '苟德胜', relation: 'head', sex: 'M', birthDate: '1953-06-06', seq: 17 });
// 牛家: nothing to find.
const niu = member({ id: 'head', name: '牛桂花', relation: 'head', sex: 'F', birthDate: '1957-02-02', seq: 12 });
// 杨家: declares 500 yuan a month; the tax office will give only 2025's total.
const yang = member({ id: 'head', name: '杨秀珍', relation: 'head', sex: 'F', birthDate: '1955-03-03', seq: 13, monthlyIncomeFen: 50_000 });
// 朱家: a mother and a son who turns 18 on 2026-03-20, after the approval; he has not signed.
const zhuMother = member({ id: 'head', name: '朱春梅', relation: 'head', sex: 'F', birthDate: '1960-04-04', seq: 14 });
const zhuSon = member({ id: 'son', name: '朱小龙', relation: 'child', sex: 'M', birthDate: '2008-03-20', seq: 15 });

const households: Record<string, { id: string; persons: Record<string, string>; caseId: string }> = {};

async function payDibao(key: string, members: ReturnType<typeof member>[]): Promise<void> {
  const r = await registry!.RegisterHousehold(registration(household(members)), clerk);
  const persons = Object.fromEntries(r.members.map((m) => [m.ref, m.personId]));
  // the adults sign the authorisation to verify with the application (the son is 17)
  const adults = members.filter((m) => m.birthDate <= '2008-03-02').map((m) => persons[m.id]!);
  await registry!.RecordAuthorisation({ householdId: r.id, personIds: adults, signedAt: '2026-03-02' }, clerk);
  const app = await civil!.SubmitApplication({ householdId: r.id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
  const caseId = app.routes[0]!.caseId;
  households[key] = { id: r.id, persons, caseId };
  await civil!.TransitionCase({ id: caseId, action: 'verify', note: '' }, clerk);
  await civil!.TransitionCase({ id: caseId, action: 'start_notice', note: '' }, clerk);
}

beforeAll(async () => {
  await payDibao('ma', [ma]);
  await payDibao('gou', [gou]);
  await payDibao('niu', [niu]);
  await payDibao('yang', [yang]);
  await payDibao('zhu', [zhuMother, zhuSon]);
  clock.set(new Date('2026-03-09T02:00:00Z')); // the 7-day notice has run
  for (const key of ['ma', 'gou', 'niu', 'yang', 'zhu']) {
    expect((await civil!.TransitionCase({ id: households[key]!.caseId, action: 'approve', note: '' }, clerk)).status).toBe('approved');
  }
  // the next delivery of the registries, after the son came of age (months 2025-03 … 2026-02)
  clock.set(new Date('2026-03-23T02:00:00Z'));
  await importSources(
    registrySvc!.address,
    {
      vehicles: [[ma.idNumber!, '蒙C7B002', 'car', 6_500_000]],
      business: [[gou.idNumber!, '92150300MA0000G001', 10_000_000, 'active']],
      'real-estate': [
        [gou.idNumber!, '蒙(2016)乌海市不动产权第0000201号', 60, 'residential'],
        [gou.idNumber!, '蒙(2025)乌海市不动产权第0000202号', 92.5, 'residential'],
      ],
      tax: [
        [niu.idNumber!, '2025-10', 0],
        [yang.idNumber!, '2025', 2_400_000],
      ],
    },
    registryClerk,
  );
  // every announced import is reviewed: wait until the runs are done (the four files of one delivery
  // arrive within the settle time of 2 s, so they make one run)
  await eventually(
    'the review runs of both imports',
    async () => {
      const runs = (await civilSvc!.ds.query('SELECT status, imports FROM review_runs')) as { status: string; imports: unknown[] }[];
      const imports = runs.reduce((n, r) => n + r.imports.length, 0);
      return imports === 4 && runs.every((r) => r.status === 'done') ? runs : undefined;
    },
    30_000,
  );
}, 120_000);

const caseOf = (key: string): Promise<DibaoCaseMsg> => civil!.GetCase({ id: households[key]!.caseId }, clerk);

describe('an import raises reviews of paid households', () => {
  test('when a car shows up only in the vehicle register of a paid household, then its case has an open mismatch review with the report behind it, and stays approved with its amount', async () => {
    const c = await caseOf('ma');
    expect(c.status).toBe('approved');
    expect(c.openReviews).toBe(1);
    expect(c.reviews).toHaveLength(1);
    const [review] = c.reviews;
    expect(review).toMatchObject({ reason: 'verification-mismatch', openedBy: 'civil-affairs.reviews', resolvedAt: '', resolvedBy: '', resolutionNote: '' });
    expect(review!.reasons).toEqual([expect.stringContaining('马占山：车辆登记有 1 辆未申报的机动车')]);
    const report = await registry!.GetVerification({ id: review!.reportId }, clerk);
    expect(report).toMatchObject({ householdId: households.ma!.id, mismatchCount: 1, runBy: 'civil-affairs.reviews', asOf: '2026-03-23' });
    expect(report.mismatches[0]).toMatchObject({ kind: 'undeclared-vehicle', memberId: households.ma!.persons.head, source: 'vehicles' });
    // the review decides nothing: the amount stands, nothing was refused, no recovery raised
    const approvedAmount = c.history.find((h) => h.action === 'approve');
    expect(approvedAmount).toBeDefined();
    expect(c.history.map((h) => h.action)).toEqual(['submit', 'verify', 'start_notice', 'approve', 'review_opened']);
    expect(JSON.stringify(report)).not.toMatch(/eligib|refus|recover|monthlyAmount|topUp/i);
  });

  test('when a business and a second home show up only in other registries, then one review lists both, each with its register', async () => {
    const c = await caseOf('gou');
    expect(c.reviews.map((r) => [r.reason, r.reasons.length])).toEqual([['verification-mismatch', 2]]);
    expect(c.reviews[0]!.reasons[0]).toContain('苟德胜：不动产登记的住宅多于申报（申报 1 套，登记 2 套）');
    expect(c.reviews[0]!.reasons[1]).toContain('苟德胜：市场主体登记有存续经营主体');
    const report = await registry!.GetVerification({ id: c.reviews[0]!.reportId }, clerk);
    expect(report.mismatches.map((m) => [m.kind, m.source])).toEqual([
      ['residence-beyond-declared', 'real-estate'],
      ['undeclared-business', 'business'],
    ]);
    expect(c.status).toBe('approved');
  });

  test('when a paid household’s sources hold nothing new, then its case has no review', async () => {
    const c = await caseOf('niu');
    expect({ status: c.status, openReviews: c.openReviews, reviews: c.reviews }).toEqual({ status: 'approved', openReviews: 0, reviews: [] });
  });

  test('when the tax office gives only a year, then the case has an inquiry review for a person, and no mismatch review', async () => {
    const c = await caseOf('yang');
    expect(c.reviews.map((r) => r.reason)).toEqual(['verification-inquiry']);
    expect(c.reviews[0]!.reasons).toEqual([expect.stringContaining('杨秀珍：税务只有 2025 年的年度数（应税收入 24000.00 元），不按月核对')]);
    const report = await registry!.GetVerification({ id: c.reviews[0]!.reportId }, clerk);
    expect({ mismatches: report.mismatchCount, inquiries: report.inquiryCount }).toEqual({ mismatches: 0, inquiries: 1 });
    expect(c.status).toBe('approved');
  });

  test('when an adult of a paid household has not signed the standing authorisation, then the review says so and names him, with no report', async () => {
    const c = await caseOf('zhu');
    expect(c.reviews).toHaveLength(1);
    expect(c.reviews[0]).toMatchObject({ reason: 'authorisation-missing', reportId: '' });
    expect(c.reviews[0]!.reasons[0]).toContain('朱小龙');
    expect(c.reviews[0]!.reasons[0]).not.toContain('朱春梅');
    expect(c.status).toBe('approved');
  });

  test('when the imports were reviewed, then every paid household was verified in each run and no review was opened twice for the same facts', async () => {
    const runs = (await civilSvc!.ds.query('SELECT households, not_authorised, with_mismatches FROM review_runs ORDER BY requested_at')) as {
      households: number;
      not_authorised: number;
    }[];
    expect(runs.every((r) => r.households === 5 && r.not_authorised === 1)).toBe(true);
    const [{ n }] = (await civilSvc!.ds.query('SELECT count(*)::int AS n FROM case_reviews')) as [{ n: number }];
    expect(n).toBe(4);
  });
});

describe('the clerk works the reviews', () => {
  test('when the work queue asks for open reviews, then exactly the cases with one are listed, with their counts', async () => {
    const r = await civil!.ListCases({ review: 'open' }, clerk);
    expect(r.cases.map((c) => [c.id, c.openReviews])).toEqual([
      [households.ma!.caseId, 1],
      [households.gou!.caseId, 1],
      [households.yang!.caseId, 1],
      [households.zhu!.caseId, 1],
    ]);
    expect(await failureOf(civil!.ListCases({ review: 'closed' }, clerk))).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'REVIEW.INVALID_FILTER' });
  });

  test('when a review is resolved without a note, or a case has no such open review, then the call is refused and nothing changes', async () => {
    expect(await failureOf(civil!.TransitionCase({ id: households.ma!.caseId, action: 'resolve_review', note: ' ' }, clerk))).toMatchObject({
      status: GRPC.INVALID_ARGUMENT,
      code: 'REVIEW.NOTE_REQUIRED',
    });
    expect(await failureOf(civil!.TransitionCase({ id: households.niu!.caseId, action: 'resolve_review', note: '无' }, clerk))).toMatchObject({
      status: GRPC.FAILED_PRECONDITION,
      code: 'REVIEW.NOT_OPEN',
    });
    const other = (await caseOf('yang')).reviews[0]!.id;
    const f = await failureOf(civil!.TransitionCase({ id: households.ma!.caseId, action: 'resolve_review', note: '核实', reviewId: other }, clerk));
    expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'REVIEW.NOT_OPEN' });
    expect(f.fields.map((x) => x.path)).toEqual(['reviewId']);
    expect((await caseOf('ma')).openReviews).toBe(1);
  });

  test('when the clerk resolves a review with a note, then it is closed by them with the note, the history says so, and the case is otherwise unchanged', async () => {
    const before = await caseOf('ma');
    const after = await civil!.TransitionCase({ id: households.ma!.caseId, action: 'resolve_review', note: '入户核实：车辆已于2026年1月出售，已更正登记' }, clerk);
    expect(after.status).toBe('approved');
    expect(after.monthlyAmountFen).toBe(before.monthlyAmountFen);
    expect(after.openReviews).toBe(0);
    expect(after.reviews[0]).toMatchObject({ resolvedBy: 'civil-affairs.clerk', resolutionNote: '入户核实：车辆已于2026年1月出售，已更正登记' });
    expect(after.reviews[0]!.resolvedAt).not.toBe('');
    expect(after.history.at(-1)).toMatchObject({ action: 'resolve_review', fromStatus: 'approved', toStatus: 'approved', by: 'civil-affairs.clerk' });
    expect((await civil!.ListCases({ review: 'open' }, clerk)).cases.map((c) => c.id)).toEqual([households.gou!.caseId, households.yang!.caseId, households.zhu!.caseId]);
  });

  test('when an auditor tries to resolve a review, then it is refused', async () => {
    expect(await failureOf(civil!.TransitionCase({ id: households.yang!.caseId, action: 'resolve_review', note: '看过' }, staff('civil-affairs', { role: 'auditor' })))).toMatchObject({
      status: GRPC.PERMISSION_DENIED,
    });
  });
});

describe('a new application', () => {
  test('when verify finds only an annual figure, then the case moves on and an inquiry review is opened on it', async () => {
    const he = member({ id: 'head', name: '贺兰英', relation: 'head', sex: 'F', birthDate: '1954-05-05', seq: 16, monthlyIncomeFen: 30_000 });
    const r = await registry!.RegisterHousehold(registration(household([he])), clerk);
    await registry!.RecordAuthorisation({ householdId: r.id, personIds: [r.members[0]!.personId], signedAt: '2026-03-23' }, clerk);
    await importSources(registrySvc!.address, { 'social-insurance': [[he.idNumber!, '2025', 'pension', 3_600_000]] }, registryClerk);
    const app = await civil!.SubmitApplication({ householdId: r.id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
    const verified = await civil!.TransitionCase({ id: app.routes[0]!.caseId, action: 'verify', note: '' }, clerk);
    expect(verified.status).toBe('verified');
    expect(verified.reviews.map((x) => [x.reason, x.reportId])).toEqual([['verification-inquiry', verified.verificationReportId]]);
    expect(verified.reviews[0]!.reasons[0]).toContain('贺兰英：社会保险只有 2025 年的年度数（养老金 36000.00 元）');
  });
});

describe('a run whose runner stopped', () => {
  test('when a run was left running with its lease run out, then a runner takes it up again from where it stopped and finishes it', async () => {
    const [first] = [households.ma!.id, households.gou!.id, households.niu!.id, households.yang!.id, households.zhu!.id].sort();
    await civilSvc!.ds.query(
      `INSERT INTO review_runs (id, status, imports, requested_at, not_before, started_at, after_household_id, lease_until, lease_token, households)
       VALUES ('5b0d7c1e-0000-4000-8000-000000000001', 'running', '[]', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', $1,
               now() - interval '1 minute', '5b0d7c1e-0000-4000-8000-0000000000ff', 1)`,
      [first],
    );
    const run = await eventually(
      'the abandoned run to finish',
      async () => {
        const [r] = (await civilSvc!.ds.query("SELECT status, households, lease_token FROM review_runs WHERE id = '5b0d7c1e-0000-4000-8000-000000000001'")) as {
          status: string;
          households: number;
          lease_token: string | null;
        }[];
        return r?.status === 'done' ? r : undefined;
      },
      20_000,
    );
    // one household before the lease ran out, the four after it now
    expect(run).toEqual({ status: 'done', households: 5, lease_token: null });
  });
});
