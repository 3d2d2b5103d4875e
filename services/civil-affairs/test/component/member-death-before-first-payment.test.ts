/**
 * A member who dies after the case is approved but before its first paid month: the month of the
 * death was never paid by this case, so the case's history must not say it "is paid in full"
 * (DOMAIN.md: the month of a death is paid in full — a month the case pays); the household is
 * counted without the member from the case's first paid month on (docs/decisions/0013). The
 * registry, civil affairs and finance run in-process, each on its own PostgreSQL database, over one
 * private nats-server, on one manual clock. Nothing is mocked.
 */
import { ManualClock } from '@wuhai/service-kit';
import { eventually, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useServices, type Clients } from '../support/with-services';
import { approveDibao, obligationLines as lines, obligationsOf, type Paid } from '../support/paid-cases';

/** Monday 2026-03-02, 10:00 in Wuhai (UTC+8); every service reads this clock. */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const { clients } = useServices({ databases: 'death_early', others: ['finance'], clock, natsClient: 'member-death-early-test' });
let { registry, 'civil-affairs': civil, finance } = {} as Clients;

const clerk = staff('civil-affairs');
const financeClerk = staff('finance');

/*
 * 赵家 (乌达区新达街道11号, rented, 40 m²), applying on 2026-03-02, approved on 2026-03-09: paid from
 * 2026-04. Worked by hand from DOMAIN.md (urban standard 600 yuan from 2015-01-01, City §3):
 *   head 赵建国 (55, works, 400 yuan), spouse 孙秀兰 (53, disability grade 2, no income):
 *   per capita 200 → top-up (600 − 200) × 2 = 800 yuan; supplement 10 % × 600 = 60 yuan (grade 1–2);
 *   860 yuan = 86 000 fen a month.
 *   孙秀兰 dies on 2026-03-20, before the first paid month: from 2026-04 赵建国 alone, per capita 400 →
 *   (600 − 400) × 1 = 200 yuan = 20 000 fen; no supplement.
 */
const head = member({ id: 'head', name: '赵建国', relation: 'head', sex: 'M', birthDate: '1971-04-01', seq: 91, area: '150304', canWork: true, employed: true, monthlyIncomeFen: 40_000 });
const spouse = member({ id: 'spouse', name: '孙秀兰', relation: 'spouse', sex: 'F', birthDate: '1973-08-08', seq: 92, area: '150304', disability: { category: 4, grade: 2 } });
const RENTED = { area: '150304', livingAreaM2: 40, homeOwned: false, assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 0, businessCapitalFen: 0 } };
let zhao: Paid;

beforeAll(async () => {
  ({ registry, 'civil-affairs': civil, finance } = clients as Clients);
  ({ zhao } = await approveDibao({ registry, civil }, clock, { zhao: registration(household([head, spouse], RENTED as never), '新达街道', '乌达区新达街道11号') }, clerk));
  await eventually('the approval in finance', async () => ((await obligationsOf(finance, financeClerk, zhao.householdId, '2026-04')).totalFen === '86000' ? true : undefined));
}, 120_000);

test('when 孙秀兰 dies on 2026-03-20, before the case’s first paid month (2026-04), then the case counts 赵建国 alone from 2026-04 and its history does not say the month of the death is paid', async () => {
  clock.set(new Date('2026-03-23T02:00:00Z'));
  await registry.RecordDeath({ personId: zhao.person.spouse!, deathDate: '2026-03-20', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
  const c = await eventually('the adjusted case', async () => {
    const x = await civil.GetCase({ id: zhao.caseId }, clerk);
    return x.monthlyAmountFen !== '86000' ? x : undefined;
  });
  expect(c).toMatchObject({ status: 'approved', monthlyAmountFen: '20000', householdSize: 1, paymentFromMonth: '2026-04' });
  const adjust = c.history.filter((h) => h.action === 'adjust');
  expect(adjust).toHaveLength(1);
  expect(adjust[0]!.note).toContain('孙秀兰于 2026-03-20 死亡；自 2026-04 起按 1 人计算，月发 200 元（原 860 元）');
  expect(adjust[0]!.note).toContain('孙秀兰死亡早于本案首个发放月（2026-04），自首月起即不计入 / 孙秀兰 died before the case\'s first paid month (2026-04): not counted from that month');
  expect(adjust[0]!.note).not.toContain('照发');
  expect(adjust[0]!.note).not.toContain('paid in full');

  const april = await eventually('the adjusted obligations', async () => {
    const r = await obligationsOf(finance, financeClerk, zhao.householdId, '2026-04');
    return r.totalFen === '20000' ? r : undefined;
  });
  expect(lines(april)).toEqual([['dibao', 20_000, '2026-04', '']]);
});
