/**
 * The registry's batch read `StreamHouseholdFacts` (server-streaming): which households a
 * selection yields, in which order, with which facts, across page boundaries, and who may read.
 * The service runs in-process on port 0 against its own PostgreSQL database and a private
 * nats-server; the stream is read with the platform's typed client.
 */
import { toHouseholdFactsMsg, type HouseholdFactsItemMsg, type PlainHousehold, type StreamHouseholdFactsRequestMsg } from '@wuhai/contracts';
import { GRPC, household, member, registration, staff } from '../support/fixtures';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

const started = useRegistry('registry_household_stream');
let { client }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ client } = started()));

const clerk = staff('civil-affairs');

/** A registered household: its id, number, area and the facts the stream must return for it. */
interface Registered {
  id: string;
  householdNo: string;
  area: string;
  plain: PlainHousehold;
  personIds: string[];
}
const registered: Registered[] = [];

/** The seven households: four in 海勃湾区, two in 海南区, one in 乌达区, each with something of its own. */
function households(): { plain: PlainHousehold; street: string }[] {
  let seq = 300;
  const m = (facts: Omit<Parameters<typeof member>[0], 'seq'>) => member({ ...facts, seq: (seq += 2) });
  return [
    { plain: household([m({ id: 'a', relation: 'head', sex: 'M', birthDate: '1950-03-15', name: '张三', disability: { category: 4, grade: 2 } })], { livingAreaM2: 38.5 }), street: '新华街道' },
    {
      plain: household(
        [
          m({ id: 'h', relation: 'head', sex: 'F', birthDate: '1980-05-05', name: '李娜', monthlyIncomeFen: 120_000, canWork: true, employed: true }),
          m({ id: 'c', relation: 'child', sex: 'M', birthDate: '2012-09-01', name: '李小明', school: { level: 'primary', boarding: true } }),
        ],
        { assets: { financialFen: 9_007_199_254_740_991, vehicles: 0, disabilityVehicles: 1, residences: 1, businessCapitalFen: 0 } },
      ),
      street: '海北街道',
    },
    { plain: household([m({ id: 'a', relation: 'head', sex: 'M', birthDate: '1940-01-01', name: '王五', minority: true, tekun: { kind: 'sanwu' } })], {
        homeOwned: false,
        assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 0, businessCapitalFen: 0 },
      }), street: '滨河街道' },
    { plain: household([m({ id: 'a', relation: 'head', sex: 'F', birthDate: '1966-06-06', name: '赵六', illness: 'serious' })]), street: '凤凰岭街道' },
    {
      plain: household([m({ id: 'a', relation: 'head', sex: 'M', birthDate: '1958-02-02', name: '孙七', area: '150303', pensionInsured: true })], {
        area: '150303',
        hukou: 'rural',
        houseDangerGrade: 'D',
        familyPlanning: { onlyChild: 'deceased', ruralOneChildOrTwoDaughters: true, urbanOneChild: false },
      }),
      street: '拉僧庙镇',
    },
    { plain: household([m({ id: 'a', relation: 'head', sex: 'F', birthDate: '1999-12-31', name: '周八', area: '150303', admission: { level: 'bachelor' } })], { area: '150303' }), street: '拉僧仲街道' },
    { plain: household([m({ id: 'a', relation: 'head', sex: 'M', birthDate: '1970-07-07', name: '吴九', area: '150304', monthlyIncomeFen: 35_000, canWork: true })], { area: '150304' }), street: '巴音赛街道' },
  ];
}

beforeAll(async () => {
  for (const [i, { plain, street }] of households().entries()) {
    const householdNo = `HS${String(i + 1).padStart(4, '0')}`;
    const r = await client!.RegisterHousehold({ ...registration(plain, street, `${street}${i + 1}号`), householdNo }, staff('registry'));
    registered.push({ id: r.id, householdNo, area: plain.area, plain, personIds: r.members.map((x) => x.personId) });
  }
});

/** What the stream must carry for a household: its facts as registered, member id = person id, no ID numbers. */
function expectedItem(h: Registered): HouseholdFactsItemMsg {
  const facts = toHouseholdFactsMsg(h.plain);
  return {
    householdId: h.id,
    householdNo: h.householdNo,
    notFound: false,
    facts: { ...facts, members: facts.members.map((m, i) => ({ ...m, id: h.personIds[i]!, personId: h.personIds[i]!, idNumber: '' })) },
  };
}

/**
 * A streamed household with its members' `legacyIdNumber` (a 15-digit ID number, where the proto
 * has the field) checked to be empty and left out, so the facts compare with those registered.
 */
function withoutLegacyNumber(item: HouseholdFactsItemMsg): HouseholdFactsItemMsg {
  if (!item.facts) return item;
  const members = item.facts.members.map(({ legacyIdNumber, ...m }) => {
    expect(legacyIdNumber ?? '').toBe('');
    return m;
  });
  return { ...item, facts: { ...item.facts, members } };
}

async function read(request: Partial<StreamHouseholdFactsRequestMsg>, options = clerk): Promise<HouseholdFactsItemMsg[]> {
  const items: HouseholdFactsItemMsg[] = [];
  for await (const page of client!.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 0, ...request }, { ...options, timeoutMs: 10_000 })) {
    expect(page.households.length).toBeGreaterThan(0);
    items.push(...page.households.map(withoutLegacyNumber));
  }
  return items;
}

/** The failure a stream ends with: status, code and named fields. */
async function streamFailure(request: Partial<StreamHouseholdFactsRequestMsg>, options = clerk) {
  try {
    await read(request, options);
  } catch (err) {
    const e = err as { code: number; metadata: { get(k: string): unknown[] } };
    const raw = e.metadata.get('x-error-fields-bin')[0];
    return { status: e.code, code: String(e.metadata.get('x-error-code')[0]), fields: raw ? (JSON.parse(String(raw)) as { path: string; message: string }[]) : [] };
  }
  throw new Error('expected the stream to fail');
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('every household', () => {
  test('when every household is streamed, then each comes once, in ascending id, with its facts as registered and no ID number', async () => {
    const items = await read({});
    expect(items).toEqual([...registered].sort(byId).map(expectedItem));
    expect(JSON.stringify(items)).not.toMatch(/\d{17}[\dX]/);
  });

  test.each([1, 2, 3, 6, 7, 8, 2000])('when pages hold %i households, then the stream is the same: no household lost or repeated at a page boundary', async (pageSize) => {
    const items = await read({ pageSize });
    expect(items.map((i) => i.householdId)).toEqual([...registered].sort(byId).map((h) => h.id));
  });

  test('when an area is chosen, then only its households come, in ascending id', async () => {
    const items = await read({ area: '150303', pageSize: 1 });
    expect(items).toEqual(registered.filter((h) => h.area === '150303').sort(byId).map(expectedItem));
  });
});

describe('a list of households', () => {
  const unknown = '00000000-0000-4000-8000-000000000000';

  test('when ids are listed (one twice, one in capitals, one unknown), then each comes once in ascending id and the unknown one as notFound', async () => {
    const [h1, , h3, , h5] = registered;
    const items = await read({ householdIds: [h5!.id, unknown, h1!.id, h5!.id, h3!.id.toUpperCase()], pageSize: 2 });
    const expected = [
      ...[h1!, h3!, h5!].map(expectedItem),
      { householdId: unknown, householdNo: '', facts: null, notFound: true },
    ].sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
    expect(items).toEqual(expected);
  });

  test('when ids are listed with an area, then a household of another area comes as notFound', async () => {
    const inArea = registered.find((h) => h.area === '150302')!;
    const elsewhere = registered.find((h) => h.area === '150304')!;
    const items = await read({ householdIds: [inArea.id, elsewhere.id], area: '150302' });
    expect(items).toEqual(
      [expectedItem(inArea), { householdId: elsewhere.id, householdNo: '', facts: null, notFound: true }].sort((a, b) => (a.householdId < b.householdId ? -1 : 1)),
    );
  });
});

describe('who may read', () => {
  test('when finance and registry staff stream, then they get the households; staff of another department get PERMISSION_DENIED', async () => {
    expect(await read({}, staff('finance'))).toHaveLength(registered.length);
    expect(await read({}, staff('registry'))).toHaveLength(registered.length);
    expect(await streamFailure({}, staff('health'))).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
  });

  test('when the call has no token, then UNAUTHENTICATED', async () => {
    expect(await streamFailure({}, { metadata: {} })).toMatchObject({ status: GRPC.UNAUTHENTICATED, code: 'AUTH.MISSING_TOKEN' });
  });

  test('when staff of one area stream, then only their area comes; asking for another area is PERMISSION_DENIED', async () => {
    const udaClerk = staff('civil-affairs', { area: '150304' });
    expect(await read({}, udaClerk)).toEqual(registered.filter((h) => h.area === '150304').map(expectedItem));
    expect(await streamFailure({ area: '150302' }, udaClerk)).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_AREA' });
  });
});

describe('bad requests', () => {
  test('when an id is no uuid, the area unknown and the page too large, then INVALID_ARGUMENT names each field', async () => {
    const f = await streamFailure({ householdIds: [registered[0]!.id, 'household-1'], area: '999999', pageSize: 5000 });
    expect(f.status).toBe(GRPC.INVALID_ARGUMENT);
    expect(f.fields.map((x) => x.path).sort()).toEqual(['area', 'householdIds.1', 'pageSize']);
    expect(f.fields.find((x) => x.path === 'householdIds.1')!.message).toBe('户编号必须为UUID / a household id must be a UUID');
  });

  test('when more than 5 000 ids are listed, then INVALID_ARGUMENT names householdIds', async () => {
    const ids = Array.from({ length: 5001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const f = await streamFailure({ householdIds: ids });
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT });
    expect(f.fields.map((x) => x.path)).toEqual(['householdIds']);
  });
});
