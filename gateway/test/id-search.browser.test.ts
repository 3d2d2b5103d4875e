/**
 * The intake window's ID-number search in a real browser (Debian's Chromium driven by
 * playwright-core): it accepts the legacy 15-digit number some people were registered with (as
 * `GET /api/v1/persons/{idNumber}` does) and still refuses an impossible one before anything is
 * sent; and looking up a person recorded deceased says 已故 with the death date instead of opening
 * the household they belonged to as if nothing had happened. The eight real services run in-process
 * on their own databases with a private NATS (gateway/test/support/platform.ts); the gateway app
 * serves the page on a local port.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { signedInPage } from '../../test/support/chromium';
import { useBrowserOn } from './support/browser';
import { demoLogins, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const api = () => request(platform().app);
const web = useBrowserOn(platform);
const { auth } = demoLogins(platform, 'civil-affairs');

// 白家 at 海勃湾区海北街道60号: the head registered with his old 15-digit number (150302 510606 021,
// born 1951-06-06); his wife 吴桂芝 died on 2026-01-15 (recorded in the registry).
const LEGACY = '150302510606021';
const head = member({ id: 'head', name: '白振华', birthDate: '1951-06-06', sex: 'M', idNumber: LEGACY });
const wife = member({ id: 'wife', name: '吴桂芝', birthDate: '1953-08-08', sex: 'F', relation: 'spouse' });
const DEATH_DATE = '2026-01-15';
let householdId = '';

beforeAll(async () => {
  const registered = await api().post('/api/v1/households').set(await auth('registry')).send(registration({ members: [head, wife], address: '海勃湾区海北街道60号' })).expect(201);
  householdId = registered.body.id as string;
  await api().post(`/api/v1/persons/${wife.idNumber}/death`).set(await auth('registry')).send({ deathDate: DEATH_DATE, source: 'medical-certificate', note: '' }).expect(201);
}, 60_000);

const signedIn = (): Promise<Page> => signedInPage(web().browser, web().url);

async function search(page: Page, idNumber: string) {
  await page.getByTestId('search-idnumber').fill(idNumber);
  await page.getByTestId('search-submit').click();
}

test('when the clerk searches a 15-digit legacy number, then the household of the person registered with it opens', async () => {
  const page = await signedIn();
  await search(page, LEGACY);
  await page.waitForURL(`${web().url}/#/intake/${householdId}`, { timeout: 15_000 });
  await page.getByText('白振华').first().waitFor();
  expect(page.url()).not.toContain(LEGACY);
  await page.close();
}, 60_000);

test('when the clerk types a 15-digit number whose birth date does not exist, then the page says so and asks nothing of the server', async () => {
  const page = await signedIn();
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/persons/')) asked.push(r.url());
  });
  await search(page, '150302510230021');
  await page.getByText('15位旧身份证号中的出生日期不存在').waitFor();
  expect(await page.getByTestId('search-idnumber').getAttribute('aria-invalid')).toBe('true');
  expect(asked).toEqual([]);
  await page.close();
}, 60_000);

test('when the clerk searches the number of a person recorded deceased, then 已故 and the death date are shown and the household opens only from its link', async () => {
  const page = await signedIn();
  const start = page.url();
  await search(page, wife.idNumber);
  const notice = page.getByTestId('search-deceased');
  await notice.waitFor({ timeout: 15_000 });
  const text = await notice.innerText();
  expect(text).toContain('吴桂芝');
  expect(text).toContain('已故');
  expect(text).toContain(DEATH_DATE);
  expect(page.url()).toBe(start);
  expect(await page.content()).not.toContain(wife.idNumber);

  await page.getByTestId('search-deceased-household').click();
  await page.waitForURL(`${web().url}/#/intake/${householdId}`, { timeout: 15_000 });
  await page.close();
}, 60_000);
