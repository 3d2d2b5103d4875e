/**
 * The registry's `StreamHouseholdFacts` with `asOf`: each household as it was on that day, from
 * the registry's history (decision 0013 — moves and deaths; decision 0017) — members who belonged
 * to it that day, born on or before it and alive on it (one who died on or after it is counted).
 * The registry runs in-process on port 0 against its own PostgreSQL database and a private
 * nats-server, on a manual clock (2026-11-30); births, deaths and moves are recorded through its
 * own API. Nothing is mocked.
 */
import type { HouseholdFactsItemMsg, StreamHouseholdFactsRequestMsg } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { GRPC, member, staff } from '../support/fixtures';
import { moveRequest as move, newHousehold, registerHousehold, type Registered } from '../support/households';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

/** Monday 2026-11-30, 10:00 in Wuhai. */
const clock = new ManualClock(new Date('2026-11-30T02:00:00Z'));
const started = useRegistry('registry_household_stream_as_of', { clock });
let { client }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ client } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');

/** The households, by what they show; the person ids by their reference. */
const h = {} as Record<'birth' | 'death' | 'joined' | 'left' | 'split' | 'founded', Registered>;

let seq = 700;
const m = (facts: Omit<Parameters<typeof member>[0], 'seq'>) => member({ ...facts, seq: (seq += 2) });

const register = (members: ReturnType<typeof member>[], street: string, address: string): Promise<Registered> => registerHousehold(client!, registryClerk, members, street, address);

beforeAll(async () => {
  // a mother and her child born 2026-11-11
  h.birth = await register(
    [m({ id: 'mother', relation: 'head', sex: 'F', birthDate: '1985-03-03' }), m({ id: 'baby', relation: 'child', sex: 'M', birthDate: '2026-11-11' })],
    '新华街道',
    '海勃湾区新华街道21号',
  );
  // parents and a child born 2010; the mother dies on 2026-06-01
  h.death = await register(
    [
      m({ id: 'father', relation: 'head', sex: 'M', birthDate: '1970-01-01' }),
      m({ id: 'mother', relation: 'spouse', sex: 'F', birthDate: '1972-02-02' }),
      m({ id: 'child', relation: 'child', sex: 'F', birthDate: '2010-05-05' }),
    ],
    '海北街道',
    '海勃湾区海北街道22号',
  );
  await client!.RecordDeath({ personId: h.death.person.mother!, deathDate: '2026-06-01', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
  // a son leaves his mother's household on 2026-08-15 and joins a man's as his spouse
  h.joined = await register([m({ id: 'head', relation: 'head', sex: 'F', birthDate: '1975-04-04' })], '滨河街道', '海勃湾区滨河街道23号');
  h.left = await register(
    [m({ id: 'head', relation: 'head', sex: 'F', birthDate: '1950-06-06' }), m({ id: 'son', relation: 'child', sex: 'M', birthDate: '2000-01-01' })],
    '凤凰岭街道',
    '海勃湾区凤凰岭街道24号',
  );
  await client!.MovePerson(move({ personId: h.left.person.son!, toHouseholdId: h.joined.id, relation: 'spouse', movedOn: '2026-08-15' }), clerk);
  // a brother founds a household of his own on 2026-09-20
  h.split = await register(
    [m({ id: 'head', relation: 'head', sex: 'M', birthDate: '1960-07-07' }), m({ id: 'brother', relation: 'sibling', sex: 'M', birthDate: '1962-08-08' })],
    '新华西街道',
    '海勃湾区新华西街道25号',
  );
  const founded = await client!.MovePerson(
    move({
      personId: h.split.person.brother!,
      movedOn: '2026-09-20',
      newHousehold: newHousehold('海勃湾区新华街道99号'),
    }),
    clerk,
  );
  h.founded = { id: founded.toHouseholdId, person: { brother: h.split.person.brother! } };
});

async function read(request: Partial<StreamHouseholdFactsRequestMsg>): Promise<HouseholdFactsItemMsg[]> {
  const items: HouseholdFactsItemMsg[] = [];
  for await (const page of client!.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 0, ...request }, { ...clerk, timeoutMs: 10_000 })) {
    items.push(...page.households);
  }
  return items;
}

/** Each household of the stream on `asOf` → its members as `personId:relation`, in order. */
async function membersOn(asOf: string, request: Partial<StreamHouseholdFactsRequestMsg> = {}): Promise<Map<string, string[]>> {
  const items = await read({ asOf, ...request });
  return new Map(items.map((i) => [i.householdId, i.facts!.members.map((x) => `${x.personId}:${x.relation}`)]));
}

describe('births', () => {
  test('when a child is born on 2026-11-11, then on 2026-11-01 the household is the mother alone and on 2026-12-01 the mother and the child', async () => {
    const { mother, baby } = h.birth.person;
    expect((await membersOn('2026-11-01')).get(h.birth.id)).toEqual([`${mother}:head`]);
    expect((await membersOn('2026-11-11')).get(h.birth.id)).toEqual([`${mother}:head`, `${baby}:child`]);
    expect((await membersOn('2026-12-01')).get(h.birth.id)).toEqual([`${mother}:head`, `${baby}:child`]);
  });

  test('when a past day is before a member was born, then that member is not in the household (2009-01-01: the child born 2010 is not)', async () => {
    const on = await membersOn('2009-01-01');
    expect(on.get(h.death.id)).toEqual([`${h.death.person.father}:head`, `${h.death.person.mother}:spouse`]);
    expect(on.get(h.birth.id)).toEqual([`${h.birth.person.mother}:head`]);
  });
});

describe('deaths', () => {
  test('when a member died on 2026-06-01, then she is counted on 2026-05-01 and on 2026-06-01 (the month of a death is paid in full), not on 2026-07-01', async () => {
    const { father, mother, child } = h.death.person;
    const all = [`${father}:head`, `${mother}:spouse`, `${child}:child`];
    expect((await membersOn('2026-05-01')).get(h.death.id)).toEqual(all);
    expect((await membersOn('2026-06-01')).get(h.death.id)).toEqual(all);
    expect((await membersOn('2026-07-01')).get(h.death.id)).toEqual([`${father}:head`, `${child}:child`]);
  });

  test('when no day is given, then the household is as it stands now: the living members only', async () => {
    const items = await read({ householdIds: [h.death.id] });
    expect(items[0]!.facts!.members.map((x) => x.personId)).toEqual([h.death.person.father, h.death.person.child]);
  });
});

describe('moves', () => {
  test('when a son moved on 2026-08-15, then on 2026-08-01 he is in the household he left (as child) and on 2026-09-01 in the one he joined (as spouse)', async () => {
    const { son } = h.left.person;
    const august = await membersOn('2026-08-01');
    expect(august.get(h.left.id)).toEqual([`${h.left.person.head}:head`, `${son}:child`]);
    expect(august.get(h.joined.id)).toEqual([`${h.joined.person.head}:head`]);
    const september = await membersOn('2026-09-01');
    expect(september.get(h.left.id)).toEqual([`${h.left.person.head}:head`]);
    expect(september.get(h.joined.id)).toEqual([`${h.joined.person.head}:head`, `${son}:spouse`]);
  });

  test('when the day is the day of the move, then the person is in the household moved to', async () => {
    const on = await membersOn('2026-08-15');
    expect(on.get(h.joined.id)).toEqual([`${h.joined.person.head}:head`, `${h.left.person.son}:spouse`]);
    expect(on.get(h.left.id)).toEqual([`${h.left.person.head}:head`]);
  });

  test('when a household was founded on 2026-09-20, then on 2026-09-01 it is left out of every household and comes with no members when asked for; on 2026-10-01 it is the brother as head', async () => {
    const { head, brother } = h.split.person;
    const september = await membersOn('2026-09-01');
    expect(september.has(h.founded.id)).toBe(false);
    expect(september.get(h.split.id)).toEqual([`${head}:head`, `${brother}:sibling`]);

    const listed = await read({ asOf: '2026-09-01', householdIds: [h.founded.id, h.split.id] });
    expect(listed.find((i) => i.householdId === h.founded.id)).toMatchObject({ notFound: false, facts: { members: [] } });

    const october = await membersOn('2026-10-01');
    expect(october.get(h.founded.id)).toEqual([`${brother}:head`]);
    expect(october.get(h.split.id)).toEqual([`${head}:head`]);
  });

  test('when the households are read one a page, then every page finds its members of that day as the whole read does', async () => {
    for (const asOf of ['2026-08-01', '2026-09-01', '2026-10-01']) {
      expect(await membersOn(asOf, { pageSize: 1 })).toEqual(await membersOn(asOf));
    }
  });
});

describe('a day that is no date', () => {
  test('when asOf is not a real YYYY-MM-DD, then INVALID_ARGUMENT names asOf in Chinese and English and nothing is streamed', async () => {
    let received = 0;
    try {
      for await (const page of client!.StreamHouseholdFacts({ householdIds: [], area: '', pageSize: 0, asOf: '2026-02-30' }, { ...clerk, timeoutMs: 10_000 })) {
        received += page.households.length;
      }
      throw new Error('expected the stream to fail');
    } catch (err) {
      const e = err as { code: number; metadata: { get(k: string): unknown[] } };
      expect(e.code).toBe(GRPC.INVALID_ARGUMENT);
      const fields = JSON.parse(String(e.metadata.get('x-error-fields-bin')[0])) as { path: string; message: string }[];
      expect(fields.map((f) => f.path)).toEqual(['asOf']);
      expect(fields[0]!.message).toBe('日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD');
    }
    expect(received).toBe(0);
  });
});
