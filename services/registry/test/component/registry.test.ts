/**
 * Component test of the registry: the service runs in-process on port 0 against its own
 * PostgreSQL database and a private nats-server; nothing is mocked.
 */
import {
  envelopeSchema,
  householdRegisteredSchema,
  idNumberCheckChar,
  makeIdNumber,
  STREAMS,
  SUBJECTS,
} from '@wuhai/contracts';
import { signStaffToken } from '@wuhai/service-kit';
import { failureOf, GRPC, household, member, registration, sleep, staff, eventually } from '../support/fixtures';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

const started = useRegistry('registry_component', { natsClient: 'registry-test' });
let { registry, client, nc }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client, nc } = started()));

const clerk = staff('civil-affairs');
const api = () => client!;

/** Rows the registry holds and events it wrote or published. */
async function counts() {
  const [row] = await registry!.ds.query(
    `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM persons)::int AS persons,
            (SELECT count(*) FROM household_changes)::int AS changes, (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  const stream = await (await nc!.jetstreamManager()).streams.info(STREAMS.registry.name);
  return { ...(row as { households: number; persons: number; changes: number; outbox: number }), published: stream.state.messages };
}

/** Waits until the outbox relay has published every row written so far. */
async function allPublished() {
  return eventually('the outbox to be published', async () => {
    const c = await counts();
    const [unsent] = await registry!.ds.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
    return unsent.n === 0 && c.published === c.outbox ? c : undefined;
  });
}

/**
 * Reads the registered events of the stream with an ordered JetStream consumer (nats-server 2.9
 * has no `filter_subjects`, so the subject is checked here).
 */
async function registeredEvents(): Promise<{ envelope: ReturnType<typeof envelopeSchema.parse>; raw: string }[]> {
  const js = nc!.jetstream();
  const consumer = await js.consumers.get(STREAMS.registry.name);
  const out: { envelope: ReturnType<typeof envelopeSchema.parse>; raw: string }[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) break;
    if (m.subject !== SUBJECTS.householdRegistered) continue;
    const raw = new TextDecoder().decode(m.data);
    out.push({ envelope: envelopeSchema.parse(JSON.parse(raw)), raw });
  }
  return out;
}

// ID numbers of this file: 150302 area, birth dates fixed, sequences distinct.
const head = member({ id: 'm1', name: '王建国', relation: 'head', sex: 'M', birthDate: '1961-04-12', seq: 101, monthlyIncomeFen: 80000 });
const spouse = member({ id: 'm2', name: '李秀兰', relation: 'spouse', sex: 'F', birthDate: '1963-09-30', seq: 102, canWork: true });
const child = member({
  id: 'm3',
  name: '王小明',
  relation: 'child',
  sex: 'M',
  birthDate: '2012-01-05',
  seq: 103,
  school: { level: 'junior', boarding: true },
});

describe('RegisterHousehold, GetHousehold and the registered event', () => {
  let registeredId = '';
  let personIds: Record<string, string> = {};

  test('when a valid household is registered, then GetHousehold returns it with its members as persons and the registration in its history', async () => {
    const registered = await api().RegisterHousehold(registration(household([head, spouse, child], { livingAreaM2: 45.5 })), clerk);

    expect(registered.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(registered.members.map((m) => m.ref)).toEqual(['m1', 'm2', 'm3']);
    personIds = Object.fromEntries(registered.members.map((m) => [m.ref, m.personId]));
    registeredId = registered.id;

    const got = await api().GetHousehold({ id: registered.id }, clerk);
    expect(got.id).toBe(registered.id);
    expect(got.street).toBe('新华街道');
    expect(got.householdNo).toMatch(/^150302-\d+$/);
    expect(got.version).toBe(1);
    expect(got.facts).toMatchObject({ area: '150302', hukou: 'urban', livingAreaM2: 45.5, homeOwned: true });
    expect(got.facts.assets).toMatchObject({ financialFen: '0', residences: 1, vehicles: 0 });
    expect(got.facts.members.map((m) => [m.id, m.personId, m.name, m.idNumber, m.relation])).toEqual([
      [personIds.m1, personIds.m1, '王建国', head.idNumber, 'head'],
      [personIds.m2, personIds.m2, '李秀兰', spouse.idNumber, 'spouse'],
      [personIds.m3, personIds.m3, '王小明', child.idNumber, 'child'],
    ]);
    expect(got.facts.members[0]).toMatchObject({ monthlyIncomeFen: '80000', birthDate: '1961-04-12', sex: 'M', disability: null, school: null });
    expect(got.facts.members[2]).toMatchObject({ school: { level: 'junior', boarding: true } });
    expect(got.history).toHaveLength(1);
    expect(got.history[0]).toMatchObject({ by: 'civil-affairs.clerk', field: 'household' });
    expect(JSON.parse(got.history[0]!.newValue)).toMatchObject({ registered: true, members: 3, area: '150302' });
  });

  test('when a household is registered, then a registered event arrives on WUHAI_REGISTRY with person ids and no ID numbers', async () => {
    await allPublished();
    const events = await registeredEvents();
    const mine = events.filter((e) => (e.envelope.data as { householdId: string }).householdId === registeredId);
    expect(mine).toHaveLength(1);
    const { envelope, raw } = mine[0]!;
    expect(envelope).toMatchObject({ type: SUBJECTS.householdRegistered, source: 'registry', causationId: null });
    expect(householdRegisteredSchema.parse(envelope.data)).toEqual({
      householdId: registeredId,
      area: '150302',
      hukou: 'urban',
      street: '新华街道',
      personIds: [personIds.m1, personIds.m2, personIds.m3],
    });
    for (const m of [head, spouse, child]) expect(raw).not.toContain(m.idNumber!);
    expect(raw).not.toMatch(/idNumber/i);
  });

  test('when a person is looked up by ID number (lower-case x accepted), then the person and their household are returned', async () => {
    const found = await api().FindPersonByIdNumber({ idNumber: spouse.idNumber! }, clerk);
    expect(found).toMatchObject({ personId: personIds.m2, householdId: registeredId, street: '新华街道', area: '150302' });
    expect(found.person).toMatchObject({ id: personIds.m2, name: '李秀兰', idNumber: spouse.idNumber, canWork: true });

    const withX = makeIdNumberEndingInX();
    const xHousehold = await api().RegisterHousehold(
      registration(household([member({ id: 'x1', relation: 'head', sex: withX.sex, birthDate: withX.birthDate, seq: 0, idNumber: withX.idNumber })])),
      clerk,
    );
    const byLowerCase = await api().FindPersonByIdNumber({ idNumber: withX.idNumber.toLowerCase() }, clerk);
    expect(byLowerCase.householdId).toBe(xHousehold.id);
  });

  test('when an ID number nobody holds (or a malformed one) is looked up, then NOT_FOUND', async () => {
    const nobody = makeIdNumber('150303', '1970-01-01', 999, 'M');
    expect(await failureOf(api().FindPersonByIdNumber({ idNumber: nobody }, clerk))).toMatchObject({
      status: GRPC.NOT_FOUND,
      code: 'REGISTRY.PERSON_NOT_FOUND',
    });
    expect(await failureOf(api().FindPersonByIdNumber({ idNumber: '123' }, clerk))).toMatchObject({ status: GRPC.NOT_FOUND });
  });

  test.each(['00000000-0000-4000-8000-000000000000', 'f'.repeat(36), 'household-1'])('when household %s is read, then NOT_FOUND', async (id) => {
    const f = await failureOf(api().GetHousehold({ id }, clerk));
    expect(f).toMatchObject({ status: GRPC.NOT_FOUND, code: 'REGISTRY.HOUSEHOLD_NOT_FOUND' });
  });

  test('when an ID number already registered is registered again in a second household, then ALREADY_EXISTS names that member’s field and nothing is stored or published', async () => {
    const before = await allPublished();
    const newcomer = member({ id: 'n1', relation: 'head', sex: 'F', birthDate: '1980-02-29', seq: 201 });
    const again = { ...spouse, id: 'n2', relation: 'spouse' };

    const f = await failureOf(api().RegisterHousehold(registration(household([newcomer, again])), clerk));

    expect(f.status).toBe(GRPC.ALREADY_EXISTS);
    expect(f.code).toBe('REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD');
    expect(f.fields).toEqual([expect.objectContaining({ path: 'household.members.1.idNumber', code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' })]);
    await sleep(700); // longer than the relay's poll interval: anything written would have been published
    expect(await counts()).toEqual(before);
    const newcomerLookup = await failureOf(api().FindPersonByIdNumber({ idNumber: newcomer.idNumber! }, clerk));
    expect(newcomerLookup.status).toBe(GRPC.NOT_FOUND);
  });
});

describe('conflicts', () => {
  test('when two households sharing an ID number are registered at the same time, then exactly one is stored and the other gets ALREADY_EXISTS naming the shared member', async () => {
    const before = await allPublished();
    const shared = member({ id: 's', relation: 'spouse', sex: 'M', birthDate: '1979-11-11', seq: 501 });
    const headA = member({ id: 'ha', relation: 'head', sex: 'F', birthDate: '1981-01-01', seq: 502 });
    const headB = member({ id: 'hb', relation: 'head', sex: 'F', birthDate: '1982-02-02', seq: 504 });

    const results = await Promise.allSettled([
      api().RegisterHousehold(registration(household([headA, shared])), clerk),
      api().RegisterHousehold(registration(household([headB, shared])), clerk),
    ]);

    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const f = await failureOf(Promise.reject(refused[0]!.reason));
    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' });
    expect(f.fields.map((x) => x.path)).toEqual(['household.members.1.idNumber']);
    const after = await allPublished();
    expect(after).toMatchObject({ households: before.households + 1, persons: before.persons + 2, published: before.published + 1 });
  });

  test('when a hukou booklet number already registered is given again, then ALREADY_EXISTS names householdNo and nothing is stored', async () => {
    const first = member({ id: 'b1', relation: 'head', sex: 'M', birthDate: '1966-06-06', seq: 601 });
    const second = member({ id: 'b2', relation: 'head', sex: 'M', birthDate: '1967-07-07', seq: 603 });
    await api().RegisterHousehold({ ...registration(household([first])), householdNo: 'HB-2026-0001' }, clerk);
    const before = await allPublished();

    const f = await failureOf(api().RegisterHousehold({ ...registration(household([second])), householdNo: 'HB-2026-0001' }, clerk));

    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'REGISTRY.HOUSEHOLD_NO_TAKEN' });
    expect(f.fields.map((x) => x.path)).toEqual(['householdNo']);
    expect(await counts()).toEqual(before);
  });
});

describe('invalid households are refused with each field named', () => {
  const valid = () => member({ id: 'v1', relation: 'head', sex: 'M', birthDate: '1975-07-07', seq: 301 });
  const withFirst17 = (first17: string) => first17 + idNumberCheckChar(first17);
  const goodId = valid().idNumber!;
  const wrongCheck = goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0');

  const cases: { when: string; household: ReturnType<typeof household>; fields: { path: string; code: string }[] }[] = [
    {
      when: 'a member’s ID number has a wrong check digit',
      household: household([{ ...valid(), idNumber: wrongCheck }]),
      fields: [{ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_CHECKSUM' }],
    },
    {
      when: 'a member’s ID number holds an impossible birth date (30 February)',
      household: household([{ ...valid(), idNumber: withFirst17('15030219900230301'), birthDate: '1990-02-30' }]),
      fields: [
        { path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_BIRTH_DATE' },
        { path: 'household.members.0.birthDate', code: expect.stringMatching(/^VALIDATION\./) as unknown as string },
      ],
    },
    {
      when: 'a member’s ID number and birth date lie in the future',
      household: household([{ ...valid(), idNumber: withFirst17('15030220990101301'), birthDate: '2099-01-01' }]),
      fields: [
        { path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' },
        { path: 'household.members.0.birthDate', code: expect.stringMatching(/^VALIDATION\./) as unknown as string },
      ],
    },
    {
      when: 'a member’s income is negative',
      household: household([{ ...valid(), monthlyIncomeFen: -100 }]),
      fields: [{ path: 'household.members.0.monthlyIncomeFen', code: 'VALIDATION.TOO_SMALL' }],
    },
    {
      when: 'the area is not one of Wuhai’s districts',
      household: household([valid()], { area: '150399' }),
      fields: [{ path: 'household.area', code: 'VALIDATION.INVALID_VALUE' }],
    },
    {
      when: 'the household has no members',
      household: household([]),
      fields: [{ path: 'household.members', code: 'VALIDATION.TOO_SMALL' }],
    },
    {
      when: 'a member has no ID number',
      household: household([{ ...valid(), idNumber: null }]),
      fields: [{ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_REQUIRED' }],
    },
  ];

  test.each(cases)('when $when, then INVALID_ARGUMENT names the field and nothing is stored', async ({ household: h, fields }) => {
    const before = await allPublished();
    const f = await failureOf(api().RegisterHousehold(registration(h), clerk));
    expect(f.status).toBe(GRPC.INVALID_ARGUMENT);
    expect(f.code).toBe('VALIDATION.INVALID_HOUSEHOLD');
    for (const field of fields) expect(f.fields).toContainEqual(expect.objectContaining(field));
    for (const field of f.fields) expect(field.message).toContain(' / '); // Chinese, then English
    expect(await counts()).toEqual(before);
  });

  test('when money has fractional fen (income 12.5 fen, financial assets 0.5 fen), then INVALID_ARGUMENT names both fields and nothing is stored', async () => {
    const before = await allPublished();
    const h = household([{ ...valid(), monthlyIncomeFen: 12.5 }], {
      assets: { financialFen: 0.5, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 },
    });
    const f = await failureOf(api().RegisterHousehold(registration(h), clerk));
    expect(f.status).toBe(GRPC.INVALID_ARGUMENT);
    expect(f.fields.map((x) => x.path).sort()).toEqual(['facts.assets.financialFen', 'facts.members.0.monthlyIncomeFen']);
    expect(await counts()).toEqual(before);
  });

  test('when the street or address is blank, then INVALID_ARGUMENT names them', async () => {
    const f = await failureOf(api().RegisterHousehold({ ...registration(household([valid()])), street: ' ', address: '' }, clerk));
    expect(f.status).toBe(GRPC.INVALID_ARGUMENT);
    expect(f.fields.map((x) => x.path)).toEqual(['street', 'address']);
  });
});

describe('identity', () => {
  test('when a call carries no token, then UNAUTHENTICATED and nothing is stored', async () => {
    const before = await allPublished();
    const anonymous = member({ id: 'a1', relation: 'head', sex: 'F', birthDate: '1990-03-03', seq: 401 });
    const f = await failureOf(api().RegisterHousehold(registration(household([anonymous]))));
    expect(f).toMatchObject({ status: GRPC.UNAUTHENTICATED, code: 'AUTH.MISSING_TOKEN' });
    expect(await failureOf(api().GetHousehold({ id: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({
      status: GRPC.UNAUTHENTICATED,
    });
    expect(await counts()).toEqual(before);
  });

  test('when a token is signed with another secret, then UNAUTHENTICATED', async () => {
    const forged = { metadata: { authorization: `Bearer ${signStaffToken({ staffId: 's', username: 'u', department: 'registry', area: '*', role: 'clerk' }, 'another-secret-of-32-characters!!')}` } };
    expect(await failureOf(api().CountHouseholds({}, forged))).toMatchObject({ status: GRPC.UNAUTHENTICATED, code: 'AUTH.INVALID_TOKEN' });
  });
});

/** An ID number whose check character is X (searches sequences on a fixed date). */
function makeIdNumberEndingInX(): { idNumber: string; birthDate: string; sex: 'M' | 'F' } {
  for (let seq = 500; seq < 1000; seq++) {
    const first17 = `15030419880808${String(seq).padStart(3, '0')}`;
    if (idNumberCheckChar(first17) === 'X') return { idNumber: `${first17}X`, birthDate: '1988-08-08', sex: seq % 2 === 1 ? 'M' : 'F' };
  }
  throw new Error('no X check character found');
}

describe('where a household lives and when its members were born', () => {
  test('when the street is not one of the area\'s streets or towns, then INVALID_ARGUMENT names street and nothing is stored', async () => {
    const before = await counts();
    const h = household([member({ id: 'm1', birthDate: '1960-01-01', sex: 'M', seq: 901 })], { area: '150302' });
    const f = await failureOf(api().RegisterHousehold(registration(h, '巴音赛街道', '海勃湾区某路1号'), clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT });
    expect(f.fields).toEqual([expect.objectContaining({ path: 'street', code: 'VALIDATION.STREET_NOT_IN_AREA' })]);
    expect(await counts()).toEqual(before);
  });

  test('when a member was born before 1900, then INVALID_ARGUMENT names the birth date', async () => {
    const old = member({ id: 'm1', birthDate: '1899-12-31', sex: 'F', seq: 903 });
    const f = await failureOf(api().RegisterHousehold(registration(household([{ ...old, idNumber: null }])), clerk));
    expect(f.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'household.members.0.birthDate' })]));
  });
});
