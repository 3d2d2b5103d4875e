/**
 * `StreamHouseholdFacts` over a city of 100 000 households streams with bounded memory and reads
 * its pages as the reader goes: the households (two members each) are written into the registry's
 * tables with one INSERT … SELECT each (registering 100 000 households through the API would take
 * minutes and is not what is tested), then streamed through the real server-streaming gRPC call
 * while the heap of this process (client and registry both run here) is sampled.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HouseholdFactsItemMsg, HouseholdFactsPageMsg } from '@wuhai/contracts';
import { staff } from '../support/fixtures';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

const started = useRegistry('registry_household_stream_large');
let { registry, client }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client } = started()));

const HOUSEHOLDS = 100_000;

beforeAll(async () => {
  // household i: id from md5(i) (a well-spread uuid), number HL000001…, area by i mod 3; members:
  // a head born 1950 + i mod 50 with i mod 1000 yuan of income, and a child born 2010
  await registry!.ds.query(
    `INSERT INTO households (id, household_no, area, hukou, street, address, living_area_m2, home_owned, house_danger_grade,
       financial_fen, vehicles, disability_vehicles, residences, business_capital_fen, family_planning)
     SELECT md5(i::text)::uuid, 'HL' || lpad(i::text, 6, '0'), (ARRAY['150302','150303','150304'])[1 + i % 3],
       CASE WHEN i % 4 = 0 THEN 'rural' ELSE 'urban' END, '新华街道', '新华街道' || i || '号', 40 + i % 20, true, NULL,
       i * 100, 0, 0, 1, 0, '{"onlyChild":null,"ruralOneChildOrTwoDaughters":false,"urbanOneChild":false}'::jsonb
     FROM generate_series(1, $1) AS i`,
    [HOUSEHOLDS],
  );
  // ID numbers are required and unique in the table; the stream never reads them
  await registry!.ds.query(
    `INSERT INTO persons (id, household_id, position, id_number, name, sex, birth_date, relation, minority, monthly_income_fen,
       can_work, employed, pension_insured)
     SELECT md5('p' || i || '-' || k)::uuid, md5(i::text)::uuid, k, lpad((i * 2 + k)::text, 18, '0'),
       CASE k WHEN 0 THEN '户主' || i ELSE '子女' || i END, CASE k WHEN 0 THEN 'M' ELSE 'F' END,
       CASE k WHEN 0 THEN make_date(1950 + i % 50, 1 + i % 12, 1 + i % 28) ELSE DATE '2010-06-01' END,
       CASE k WHEN 0 THEN 'head' ELSE 'child' END, false, CASE k WHEN 0 THEN (i % 1000) * 100 ELSE 0 END, k = 0, k = 0, false
     FROM generate_series(1, $1) AS i, generate_series(0, 1) AS k`,
    [HOUSEHOLDS],
  );
  await registry!.ds.query('ANALYZE households; ANALYZE persons');
}, 120_000);

test(`when ${HOUSEHOLDS.toLocaleString('en-US')} households are streamed, then each comes once in ascending id, a change made mid-stream shows in a later page, and the heap stays bounded`, async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  /** What this process holds alive: the heap after a full collection, plus Buffers outside it. */
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const lastId = ((await registry!.ds.query('SELECT max(id::text) AS id FROM households')) as { id: string }[])[0]!.id;
  const before = live();
  let peak = before;

  let count = 0;
  let messages = 0;
  let largestMessage = 0;
  let previous = '';
  let outOfOrder = 0;
  let members = 0;
  let incomeFen = 0;
  let idNumbers = 0;
  let last: HouseholdFactsItemMsg | undefined;
  const take = (page: HouseholdFactsPageMsg) => {
    messages++;
    largestMessage = Math.max(largestMessage, page.households.length);
    for (const item of page.households) {
      if (item.householdId <= previous) outOfOrder++;
      previous = item.householdId;
      count++;
      members += item.facts!.members.length;
      for (const m of item.facts!.members) {
        incomeFen += Number(m.monthlyIncomeFen);
        if (m.idNumber !== '') idNumbers++;
      }
      last = item;
      if (count % 10_000 === 0) peak = Math.max(peak, live());
    }
  };

  const started = process.hrtime.bigint();
  const stream = client!.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 500 }, { ...staff('finance'), timeoutMs: 300_000 });
  take((await stream.next()).value as HouseholdFactsPageMsg);
  // the last household changes after the stream began: a stream that read everything up front
  // (or held one snapshot) would carry its old living area
  const current = await client!.GetHousehold({ id: lastId }, staff('registry'));
  await client!.UpdateHousehold({ id: lastId, expectedVersion: current.version, patchJson: JSON.stringify({ livingAreaM2: 7.25 }) }, staff('registry'));
  for await (const page of stream) take(page);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = live();

  expect(count).toBe(HOUSEHOLDS);
  // pages of 500 households go out as messages of 100
  expect(messages).toBe(HOUSEHOLDS / 100);
  expect(largestMessage).toBe(100);
  expect(outOfOrder).toBe(0);
  expect(members).toBe(2 * HOUSEHOLDS);
  // Σ over i = 1…100 000 of (i mod 1000) × 100 fen: 100 full cycles of 0…999, i.e. 100 × 499 500 × 100
  expect(incomeFen).toBe(4_995_000_000);
  expect(idNumbers).toBe(0);
  expect(last!.householdId).toBe(lastId);
  expect(last!.facts!.livingAreaM2).toBe(7.25);

  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  process.stdout.write(`[household stream] ${count} households in ${seconds.toFixed(1)} s (client and registry in this process, heap sampled); live memory before ${mb(before)} MB, peak +${mb(peak - before)} MB, after +${mb(after - before)} MB\n`);
  // the decoded households alone are well over 100 MB; two pages of 500 and the transport's buffers are a few
  expect(peak - before).toBeLessThan(32 * 2 ** 20);
}, 300_000);
