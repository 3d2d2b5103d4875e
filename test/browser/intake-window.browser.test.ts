/**
 * The intake window in a real browser (Debian's Chromium driven by playwright-core): a clerk signs
 * in, finds a seeded household by ID number, files a dibao application and moves the case to
 * approval; the application page then shows finance's obligation and the departments' referrals.
 * The next import of the vehicle register then shows a car of that household: civil affairs opens a
 * review on the paid case, which the clerk sees and resolves in the case view.
 */
import type { Page } from 'playwright-core';
import { generateCity } from '../../scripts/seed/city';
import { evaluateDibao } from '../../packages/rules/src';
import { CITY_TODAY, useRunningPlatform } from '../support/running-platform';
import { signedInPage, useChromium } from '../support/chromium';
import { signStaffToken } from '../../packages/service-kit/src';
import { createSourceImportClient } from '../../scripts/sources/import-client';

const HOUSEHOLDS = 60;
const SEED = 7;
const running = useRunningPlatform({ households: HOUSEHOLDS, seed: SEED });
const browser = useChromium();

/** The first seeded household that qualifies for dibao: its head's ID number and monthly amount. */
function eligibleHousehold() {
  for (const h of generateCity({ households: HOUSEHOLDS, seed: SEED, today: CITY_TODAY })) {
    const r = evaluateDibao(h.facts, CITY_TODAY);
    if (r.status === 'ELIGIBLE') return { head: h.facts.members.find((m) => m.relation === 'head')!.idNumber!, monthlyFen: r.totalMonthlyFen! };
  }
  throw new Error('no eligible household in the seeded city');
}

const yuanText = (fen: number) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

async function act(page: Page, action: string, expectStatus: string) {
  await page.getByTestId(`case-action-${action}`).click();
  await page.locator(`[data-testid=case-status][data-status=${expectStatus}]`).waitFor({ timeout: 15_000 });
}

test('when a clerk files a dibao application in the intake window and approves it after the notice, then the application page shows finance and the departments', async () => {
  const target = eligibleHousehold();
  const page = await signedInPage(browser(), running().url);

  await page.getByTestId('search-idnumber').fill(target.head);
  await page.getByTestId('search-submit').click();
  await page.getByTestId('apply-submit').waitFor({ timeout: 15_000 });
  // the full ID number never appears in the address bar, and is masked on the household page
  expect(page.url()).not.toContain(target.head);
  expect(await page.content()).not.toContain(target.head);
  await page.getByTestId('preview-monthly-total').waitFor();
  expect(await page.getByTestId('preview-monthly-total').innerText()).toContain(yuanText(target.monthlyFen));

  await page.getByTestId('apply-declaration').check();
  await page.getByTestId('apply-authorisation').check();
  await page.getByTestId('apply-submit').click();
  await page.waitForURL(/#\/applications\/[0-9a-f-]{36}/, { timeout: 15_000 });
  const applicationUrl = page.url();
  await page.locator('[data-testid=application-status][data-status=submitted]').waitFor();

  // filing recorded every adult member's signed authorisation to verify, so the investigation can run
  await page.locator('a[href^="#/cases/"]').first().click();
  await act(page, 'verify', 'verified');
  await act(page, 'start_notice', 'under_notice');
  await page.getByTestId('case-action-approve').click();
  await page.getByText('公示期').first().waitFor({ timeout: 10_000 });
  expect(await page.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('under_notice');

  await page.getByTestId('demo-advance-clock').click();
  await page.getByText('演示时钟已前进7天').waitFor();
  await act(page, 'approve', 'approved');

  await page.goto(applicationUrl);
  const financeCard = page.locator('section.dept[data-service=finance]');
  for (let i = 0; i < 50 && !(await financeCard.locator('tbody tr:not(:has(td.empty))').count()); i++) {
    await page.waitForTimeout(200);
    await page.getByTestId('application-refresh').click();
  }
  await page.locator('[data-testid=application-status][data-status=approved]').waitFor();
  const financeText = await financeCard.innerText();
  expect(financeText).toContain('最低生活保障');
  const health = page.locator('section.dept[data-service=health] tbody tr:not(:has(td.empty))');
  expect(await health.count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${require('node:os').tmpdir()}/wuhai-intake-approved.png`, fullPage: true });
  await page.close();
}, 120_000);

test('when the next import shows a car of the approved household, then the case shows a review in the intake window, and the clerk resolves it with a note', async () => {
  const target = eligibleHousehold();
  const platform = running();
  // the vehicle register's next delivery holds a car of the head (the household declared none)
  const token = signStaffToken({ staffId: 'sources-import', username: 'sources-import', department: 'system', area: '*', role: 'system' }, platform.jwtSecret, 600);
  const importer = createSourceImportClient(platform.addresses.registry);
  try {
    const bytes = Buffer.from(`idNumber,plate,kind,valueFen\n${target.head},蒙C6D006,car,7000000\n`, 'utf8');
    const result = await importer.importStream({ source: 'vehicles', fileName: 'vehicles.csv', data: (async function* () { yield bytes; })() }, { metadata: { authorization: `Bearer ${token}` }, timeoutMs: 30_000 });
    expect(result.rowsLoaded).toBe('1');
  } finally {
    importer.close();
  }

  const page = await signedInPage(browser(), platform.url);
  const { token: clerk } = (await (await fetch(`${platform.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo.civil-affairs', password: 'demo' }),
  })).json()) as { token: string };
  const approved = (await (await fetch(`${platform.url}/api/v1/cases?status=approved`, { headers: { authorization: `Bearer ${clerk}` } })).json()) as { cases: { id: string }[] };
  expect(approved.cases).toHaveLength(1);
  const caseUrl = `${platform.url}/#/cases/${approved.cases[0]!.id}`;

  // civil affairs reviews the paid households once the import has settled (a few seconds)
  const reviews = page.getByTestId('case-reviews');
  // (the same hash URL does not load the page again: reload it so the case is read afresh)
  await page.goto(caseUrl);
  for (let i = 0; i < 60 && !(await reviews.count()); i++) {
    if (i > 0) await page.reload();
    await page.getByTestId('case-status').waitFor();
    if (!(await reviews.count())) await page.waitForTimeout(1000);
  }
  expect(await reviews.innerText()).toContain('核对发现与申报不符');
  expect(await reviews.innerText()).toContain('车辆登记有 1 辆未申报的机动车');
  expect(await page.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('approved');

  const resolve = reviews.locator('[data-testid^=review-resolve-]');
  await resolve.click();
  await reviews.getByText('办结复核须写明处理意见').waitFor();
  await reviews.locator('textarea').fill('入户核实：车辆为亲属所有，已出具证明');
  await resolve.click();
  await page.getByText('复核已办结。', { exact: true }).waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('case-reviews').innerText()).toContain('处理意见：入户核实：车辆为亲属所有，已出具证明');
  expect(await page.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('approved');
  await page.close();
}, 120_000);
