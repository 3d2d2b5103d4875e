/**
 * End to end through the gateway: the list of possible duplicate registrations
 * (`GET /api/v1/registry/duplicates`) is for civil-affairs and registry staff; another department's
 * clerk is refused with a message that names that list (not verifications), in Chinese and English.
 * The eight real services run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { demoLogins, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'health');

describe('GET /api/v1/registry/duplicates by a department that may not read it', () => {
  test.each(['health', 'finance'])('when a %s clerk asks for the list, then 403 AUTH.WRONG_DEPARTMENT names the list of possible duplicates and not verifications', async (department) => {
    const res = await http().get('/api/v1/registry/duplicates').set(await auth(department)).expect(403);
    expect(res.body.code).toBe('AUTH.WRONG_DEPARTMENT');
    expect(res.body.detail).toContain('疑似重复登记清单');
    expect(res.body.detail).toContain('possible duplicate registrations');
    expect(res.body.detail).not.toMatch(/verification|核对/i);
  });

  test('when the refused clerk asks, then nothing is audited as a read of the list', async () => {
    await http().get('/api/v1/registry/duplicates').set(await auth('education')).expect(403);
    const rows = (await platform().ds.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.duplicates.read'")) as [{ n: number }];
    expect(rows[0].n).toBe(0);
  });

  test('when a registry clerk asks, then the list answers 200', async () => {
    await http().get('/api/v1/registry/duplicates').set(await auth('registry')).expect(200);
  });
});
