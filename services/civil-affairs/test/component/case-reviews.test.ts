/**
 * Reviews of dibao cases (复核; docs/decisions/0012-reviews-of-paid-households.md): `openCaseReview`
 * records what a clerk must look at, idempotently, without touching the case; the case view lists
 * the reviews, the work queue filters cases with an open one, and `resolve_review` closes them with
 * the clerk's note. Registry and civil affairs run in-process on their own databases with a
 * private nats-server. Nothing is mocked.
 */
import { ManualClock } from '@wuhai/service-kit';
import { openCaseReview } from '../../src/application/case-reviews';
import { household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';

const clock = new ManualClock(new Date('2026-03-02T02:00:00Z')); // Monday 2026-03-02 in Wuhai
const started = useCivilAffairsWithRegistry({ databases: 'reviews', clock });
let { civilSvc, registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ civilSvc, registry, civil } = started()));

const clerk = staff('civil-affairs');
const REPORT_A = '0b7c2a4e-1d3f-4a5b-8c6d-7e8f9a0b1c2d';
const REPORT_B = '1c8d3b5f-2e4a-4b6c-9d7e-8f9a0b1c2d3e';
let caseId = '';

async function applyFor(seq: number): Promise<string> {
  const head = member({ id: 'h', name: `吴桂${seq}`, relation: 'head', sex: 'F', birthDate: '1958-08-08', seq });
  const { id } = await registry!.RegisterHousehold(registration(household([head])), clerk);
  const app = await civil!.SubmitApplication({ householdId: id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
  return app.routes[0]!.caseId;
}

beforeAll(async () => {
  caseId = await applyFor(61);
});

const reviewCount = async () => ((await civilSvc!.ds.query('SELECT count(*)::int AS n FROM case_reviews')) as { n: number }[])[0]!.n;

describe('openCaseReview', () => {
  test('when a review is opened for a report, then it is stored open with its reasons and the case history says so, the case itself unchanged', async () => {
    const before = await civil!.GetCase({ id: caseId }, clerk);
    const { review, opened } = await civilSvc!.ds.transaction((m) =>
      openCaseReview(m, { caseId, reason: 'verification-mismatch', reasons: ['吴桂61：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle'], reportId: REPORT_A, openedBy: 'civil-affairs.reviews' }),
    );
    expect(opened).toBe(true);
    expect(review).toMatchObject({ caseId, reason: 'verification-mismatch', reportId: REPORT_A, openedBy: 'civil-affairs.reviews', resolvedAt: null, resolvedBy: null, resolutionNote: null });
    expect(review.reasons).toEqual(['吴桂61：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle']);
    const after = await civil!.GetCase({ id: caseId }, clerk);
    expect({ status: after.status, amount: after.monthlyAmountFen }).toEqual({ status: before.status, amount: before.monthlyAmountFen });
    const last = after.history.at(-1)!;
    expect(last).toMatchObject({ action: 'review_opened', fromStatus: 'submitted', toStatus: 'submitted', by: 'civil-affairs.reviews' });
    expect(last.note).toContain(REPORT_A);
    expect(last.note).toContain('未申报的机动车');
  });

  test('when the same report opens the same review again, even with other sentences, then the first review comes back and nothing is written', async () => {
    const n = await reviewCount();
    const events = (await civil!.GetCase({ id: caseId }, clerk)).history.length;
    const again = await civilSvc!.ds.transaction((m) => openCaseReview(m, { caseId, reason: 'verification-mismatch', reasons: ['另一句 / another sentence'], reportId: REPORT_A }));
    expect(again.opened).toBe(false);
    expect(again.review.reasons).toEqual(['吴桂61：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle']);
    expect(await reviewCount()).toBe(n);
    expect((await civil!.GetCase({ id: caseId }, clerk)).history).toHaveLength(events);
  });

  test('when a later report finds the same facts while the review is open, then it is the same review; new facts open a new one', async () => {
    const n = await reviewCount();
    const same = await civilSvc!.ds.transaction((m) =>
      openCaseReview(m, { caseId, reason: 'verification-mismatch', reasons: ['吴桂61：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle'], reportId: REPORT_B }),
    );
    expect(same).toMatchObject({ opened: false, review: { reportId: REPORT_A } });
    const other = await civilSvc!.ds.transaction((m) => openCaseReview(m, { caseId, reason: 'possible-split-household', reasons: ['疑似分户 / possibly a split household'] }));
    expect(other).toMatchObject({ opened: true, review: { reason: 'possible-split-household', reportId: null } });
    const twice = await civilSvc!.ds.transaction((m) => openCaseReview(m, { caseId, reason: 'possible-split-household', reasons: ['疑似分户 / possibly a split household'] }));
    expect(twice).toMatchObject({ opened: false, review: { id: other.review.id } });
    expect(await reviewCount()).toBe(n + 1);
  });

  test('when the reason code, the sentences, the report id or the case are not right, then the error names the field and nothing is written', async () => {
    const n = await reviewCount();
    const attempt = (o: Parameters<typeof openCaseReview>[1]) => civilSvc!.ds.transaction((m) => openCaseReview(m, o)).then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: { code: string; fields: { path: string }[] }) => ({ code: e.code, paths: e.fields.map((f) => f.path) }),
    );
    expect(await attempt({ caseId, reason: 'Verification Mismatch', reasons: ['x'] })).toEqual({ code: 'REVIEW.INVALID_REASON', paths: ['reason'] });
    expect(await attempt({ caseId, reason: 'verification-mismatch', reasons: ['  '] })).toEqual({ code: 'REVIEW.REASONS_REQUIRED', paths: ['reasons'] });
    expect(await attempt({ caseId, reason: 'verification-mismatch', reasons: ['x'], reportId: 'report-1' })).toEqual({ code: 'REVIEW.INVALID_REPORT_ID', paths: ['reportId'] });
    expect(await attempt({ caseId: '7d1e0f4a-0000-4000-8000-000000000000', reason: 'verification-mismatch', reasons: ['x'] })).toEqual({ code: 'DIBAO.CASE_NOT_FOUND', paths: [] });
    expect(await reviewCount()).toBe(n);
  });
});
