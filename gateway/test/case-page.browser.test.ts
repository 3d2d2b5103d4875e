/**
 * The intake window's case page in a real browser (Debian's Chromium driven by playwright-core):
 * a case opened again — the same link, the same URL — is read afresh, so a review opened since is
 * shown without reloading the page; the 刷新 button reads it again too. The eight real services run
 * in-process on their own databases with a private NATS (gateway/test/support/platform.ts); the
 * gateway app serves the page on a local port. The review comes from a real move in the registry
 * (docs/decisions/0013-deaths-and-moves.md).
 */
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { signedInPage } from '../../test/support/chromium';
import { useBrowserOn } from './support/browser';
import { cityToday, demoLogins, eventually, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const api = () => request(platform().app);
const web = useBrowserOn(platform);
const { auth } = demoLogins(platform, 'civil-affairs');

test('when a review is opened on a case the clerk has open, then opening the same case again shows it without a reload, and 刷新 shows it resolved', async () => {
  // 冯家: the head (76, no income) and his son (41, works, 100 yuan a month) — approved for dibao
  const head = member({ id: 'head', name: '冯德昌', birthDate: '1950-07-07' });
  const son = member({ id: 'son', name: '冯建国', birthDate: '1985-09-09', relation: 'child', canWork: true, employed: true, monthlyIncomeFen: 10_000 });
  const registered = await api()
    .post('/api/v1/households')
    .set(await auth('registry'))
    .send(registration({ members: [head, son], street: '新华街道', address: '海勃湾区新华街道21号' }));
  expect(registered.status).toBe(201);
  const householdId = registered.body.id as string;
  const clerk = await auth('civil-affairs');
  await api()
    .post(`/api/v1/households/${householdId}/authorisations`)
    .set(clerk)
    .send({ personIds: (registered.body.members as { personId: string }[]).map((m) => m.personId), signedAt: cityToday() })
    .expect(201);
  const filed = await api().post('/api/v1/applications').set(clerk).send({ householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true });
  expect(filed.status).toBe(201);
  const caseId = filed.body.routes[0].caseId as string;
  const act = (action: string, note = '') => api().post(`/api/v1/cases/${caseId}/transitions`).set(clerk).send({ action, note });
  expect((await act('verify', '入户调查属实')).body.status).toBe('verified');
  expect((await act('start_notice')).body.status).toBe('under_notice');
  await api().post('/api/v1/demo/clock').set(clerk).send({ days: 8 }).expect(200);
  expect((await act('approve', '公示无异议')).body.status).toBe('approved');

  // the clerk opens the case from the queue: no review yet
  const { browser, url } = web();
  const page = await signedInPage(browser, url);
  await page.goto(`${url}/#/queue?status=approved`);
  await page.locator(`[data-testid=queue-case-link][data-case-id="${caseId}"]`).click();
  await page.locator('[data-testid=case-status][data-status=approved]').waitFor();
  const caseUrl = page.url();
  expect(caseUrl).toBe(`${url}/#/cases/${caseId}`);
  expect(await page.getByTestId('case-reviews').count()).toBe(0);
  // marks this document: a reload would lose the mark
  await page.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));

  // meanwhile the son moves out: civil affairs opens a review on the paid case
  const moved = await api()
    .post(`/api/v1/persons/${son.idNumber}/moves`)
    .set(await auth('registry'))
    .send({ newHousehold: { street: '滨河街道', address: '海勃湾区滨河街道8号', livingAreaM2: 30, homeOwned: false }, movedOn: cityToday(), note: '外出务工另立户' });
  expect(moved.status).toBe(201);
  const review = await eventually('the review of the case', async () => {
    const c = await api().get(`/api/v1/cases/${caseId}`).set(clerk).expect(200);
    return c.body.openReviews === 1 ? (c.body.reviews[0] as { id: string; reasonLabel: string }) : undefined;
  });
  expect(review.reasonLabel).toBe('家庭成员迁移');

  // the clerk opens the same case again (the same URL): it is read afresh, no reload
  await page.goto(caseUrl);
  const reviews = page.getByTestId('case-reviews');
  await reviews.waitFor({ timeout: 10_000 });
  expect(await reviews.innerText()).toContain('家庭成员迁移');
  expect(await reviews.innerText()).toContain('冯*');
  expect(await reviews.innerText()).toContain('待处理');
  expect(await reviews.innerText()).not.toContain('冯建国');
  expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // another clerk resolves it; 刷新 reads the case again
  await api().post(`/api/v1/cases/${caseId}/transitions`).set(await auth('civil-affairs')).send({ action: 'resolve_review', note: '已入户核实，儿子另立户', reviewId: review.id }).expect(200);
  await page.getByTestId('case-refresh').click();
  await reviews.getByText('处理意见：已入户核实，儿子另立户').waitFor({ timeout: 10_000 });
  expect(await reviews.innerText()).toContain('已办结');
  expect(await page.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('approved');
  expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await page.screenshot({ path: path.join(os.tmpdir(), 'wuhai-case-page-refreshed.png') });
  await page.close();
}, 120_000);
