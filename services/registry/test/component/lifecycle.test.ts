/**
 * Component test of a household's life in the registry (City §18: "one person in one household at
 * a time; every change kept as history with who, when, old and new value; deaths recorded and
 * announced"): RecordDeath, MovePerson, registration of someone registered elsewhere, possible split
 * households, and a source import that reports a death without recording it. The registry runs
 * in-process on port 0 against its own PostgreSQL database and a private nats-server, on a manual
 * clock (2026-03-16). Nothing is mocked.
 */
import {
  envelopeSchema,
  householdChangedSchema,
  householdSplitSuspectedSchema,
  personDiedSchema,
  personMovedSchema,
  STREAMS,
  SUBJECTS,
  type HouseholdMsg,
  type MovePersonRequestMsg,
} from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../support/fixtures';
import { importSources } from '../support/sources';
import { newHousehold, registerHousehold, registrySnapshot } from '../support/households';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

/** Monday 2026-03-16, 10:00 in Wuhai. */
const clock = new ManualClock(new Date('2026-03-16T02:00:00Z'));
const started = useRegistry('registry_lifecycle', { clock, natsClient: 'lifecycle-test' });
let { registry, client, nc }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client, nc } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');
const api = () => client!;

/** What the registry holds: rows of each table that a refused call must leave as they were. */
const snapshot = () => registrySnapshot(registry!, { flags: 'household_flags' });

/** Every event on the registry stream of `subject`, parsed. */
async function eventsOf<T>(subject: string, parse: (d: unknown) => T): Promise<{ data: T; raw: string }[]> {
  const consumer = await nc!.jetstream().consumers.get(STREAMS.registry.name);
  const out: { data: T; raw: string }[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) return out;
    if (m.subject !== subject) continue;
    const raw = new TextDecoder().decode(m.data);
    out.push({ data: parse(envelopeSchema.parse(JSON.parse(raw)).data), raw });
  }
}

const entries = (h: HouseholdMsg) => h.history.map((c) => ({ by: c.by, field: c.field, oldValue: JSON.parse(c.oldValue), newValue: JSON.parse(c.newValue) }));

const register = (members: ReturnType<typeof member>[], street?: string, address?: string) => registerHousehold(api(), clerk, members, street, address);

// The 王 family: head, spouse and a child, at 海勃湾区新华街道1号.
const head = member({ id: 'head', name: '王建国', relation: 'head', sex: 'M', birthDate: '1961-04-12', seq: 101 });
const spouse = member({ id: 'spouse', name: '李秀兰', relation: 'spouse', sex: 'F', birthDate: '1963-09-30', seq: 102 });
const child = member({ id: 'child', name: '王小明', relation: 'child', sex: 'M', birthDate: '2012-01-05', seq: 103 });

describe('when a member who is not the head dies', () => {
  let wang = { id: '', person: {} as Record<string, string> };

  beforeAll(async () => {
    wang = await register([head, spouse, child]);
  });

  test('when the death date is after today or before the birth, then INVALID_ARGUMENT names deathDate in Chinese and English and nothing changes', async () => {
    const before = await snapshot();
    const future = await failureOf(api().RecordDeath({ personId: wang.person.child!, deathDate: '2026-03-17', source: 'family', note: '', newHeadPersonId: '' }, clerk));
    expect(future).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_DEATH' });
    expect(future.fields).toEqual([
      { path: 'deathDate', code: 'VALIDATION.DEATH_DATE_IN_FUTURE', message: '死亡日期不能晚于今天（2026-03-16）/ the death date must not be after today (2026-03-16)' },
    ]);
    const beforeBirth = await failureOf(api().RecordDeath({ personId: wang.person.child!, deathDate: '2011-12-31', source: 'family', note: '', newHeadPersonId: '' }, clerk));
    expect(beforeBirth.fields).toEqual([
      { path: 'deathDate', code: 'VALIDATION.DEATH_DATE_BEFORE_BIRTH', message: '死亡日期不能早于出生日期（2012-01-05）/ the death date must not be before the birth date (2012-01-05)' },
    ]);
    const badSource = await failureOf(api().RecordDeath({ personId: wang.person.child!, deathDate: '2026-03-02', source: 'neighbour', note: '', newHeadPersonId: '' }, clerk));
    expect(badSource.fields.map((f) => f.path)).toEqual(['source']);
    expect(await snapshot()).toEqual(before);
  });

  test('when the child’s death on 2026-03-02 is recorded, then the household has two members, the child stays findable marked deceased, and the history says who, old and new', async () => {
    const r = await api().RecordDeath({ personId: wang.person.child!, deathDate: '2026-03-02', source: 'medical-certificate', note: '医院死亡证明', newHeadPersonId: '' }, clerk);
    expect(r).toMatchObject({ personId: wang.person.child, householdId: wang.id, deathDate: '2026-03-02' });
    expect(r.household.facts.members.map((m) => [m.name, m.relation])).toEqual([
      ['王建国', 'head'],
      ['李秀兰', 'spouse'],
    ]);
    expect(r.household.version).toBe(2);
    expect(entries(r.household).slice(1)).toEqual([
      {
        by: 'civil-affairs.clerk',
        field: `members.${wang.person.child}.deceased`,
        oldValue: { name: '王小明', relation: 'child' },
        newValue: { deathDate: '2026-03-02', source: 'medical-certificate', note: '医院死亡证明' },
      },
    ]);
    const found = await api().FindPersonByIdNumber({ idNumber: child.idNumber! }, clerk);
    expect(found).toMatchObject({ personId: wang.person.child, householdId: wang.id, deathDate: '2026-03-02' });
    expect(found.person.name).toBe('王小明');
    const living = await api().FindPersonByIdNumber({ idNumber: spouse.idNumber! }, clerk);
    expect(living.deathDate).toBe('');
  });

  test('when the death is recorded again, then FAILED_PRECONDITION REGISTRY.PERSON_DECEASED and nothing changes', async () => {
    const before = await snapshot();
    const f = await failureOf(api().RecordDeath({ personId: wang.person.child!, deathDate: '2026-03-03', source: 'family', note: '', newHeadPersonId: '' }, registryClerk));
    expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'REGISTRY.PERSON_DECEASED' });
    expect(f.message).toContain('王小明 已于 2026-03-02 登记死亡');
    expect(await snapshot()).toEqual(before);
  });

  test('when the death is announced, then person.died names the household and who remains, and household.changed the field, with no ID numbers', async () => {
    const died = await eventually('the died event', async () =>
      (await eventsOf(SUBJECTS.personDied, (d) => personDiedSchema.parse(d))).find((e) => e.data.personId === wang.person.child),
    );
    expect(died.data).toEqual({
      personId: wang.person.child,
      householdId: wang.id,
      deathDate: '2026-03-02',
      source: 'medical-certificate',
      wasHead: false,
      newHeadPersonId: null,
      remainingPersonIds: [wang.person.head, wang.person.spouse],
      recordedBy: 'civil-affairs.clerk',
    });
    for (const m of [head, spouse, child]) expect(died.raw).not.toContain(m.idNumber!);
    const changed = (await eventsOf(SUBJECTS.householdChanged, (d) => householdChangedSchema.parse(d))).filter((e) => e.data.householdId === wang.id);
    expect(changed.map((e) => e.data)).toEqual([{ householdId: wang.id, version: 2, fields: [`members.${wang.person.child}.deceased`], changedBy: 'civil-affairs.clerk' }]);
  });

  test('when the deceased child’s ID number is registered again, then ALREADY_EXISTS says the holder is recorded deceased, naming the household', async () => {
    const newcomer = member({ id: 'n1', name: '赵新', relation: 'head', sex: 'F', birthDate: '1990-02-02', seq: 110 });
    const again = { ...child, id: 'n2' };
    const f = await failureOf(api().RegisterHousehold(registration(household([newcomer, again])), clerk));
    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' });
    const householdNo = (await api().GetHousehold({ id: wang.id }, clerk)).householdNo;
    expect(f.fields).toEqual([
      {
        path: 'household.members.1.idNumber',
        code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD',
        message: `该身份证号属于已登记死亡的 王小明（2026-03-02，原属户 ${householdNo}）/ this ID number belongs to 王小明, recorded as deceased on 2026-03-02 (household ${householdNo}, ${wang.id})`,
      },
    ]);
  });
});

describe('when the head of a household dies', () => {
  const h2 = member({ id: 'head', name: '张德福', relation: 'head', sex: 'M', birthDate: '1948-05-05', seq: 201 });
  const s2 = member({ id: 'spouse', name: '吴玉珍', relation: 'spouse', sex: 'F', birthDate: '1950-06-06', seq: 202 });
  const c2 = member({ id: 'child', name: '张强', relation: 'child', sex: 'M', birthDate: '1975-07-07', seq: 203 });
  let zhang = { id: '', person: {} as Record<string, string> };

  beforeAll(async () => {
    zhang = await register([h2, s2, c2], '海北街道', '海勃湾区海北街道8号');
  });

  test('when no new head is named, then INVALID_ARGUMENT REGISTRY.NEW_HEAD_REQUIRED names newHeadPersonId and lists the members who may be named; nothing changes', async () => {
    const before = await snapshot();
    const f = await failureOf(api().RecordDeath({ personId: zhang.person.head!, deathDate: '2026-03-10', source: 'public-security', note: '', newHeadPersonId: '' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'REGISTRY.NEW_HEAD_REQUIRED' });
    expect(f.fields).toEqual([
      {
        path: 'newHeadPersonId',
        code: 'REGISTRY.NEW_HEAD_REQUIRED',
        message: `须从其他成员中指定新户主：吴玉珍（${zhang.person.spouse}）、张强（${zhang.person.child}） / name the new head among the other members`,
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('when the spouse is named head, then the spouse heads the household of two and both changes are in the history', async () => {
    const r = await api().RecordDeath({ personId: zhang.person.head!, deathDate: '2026-03-10', source: 'public-security', note: '', newHeadPersonId: zhang.person.spouse! }, clerk);
    expect(r.household.facts.members.map((m) => [m.name, m.relation])).toEqual([
      ['吴玉珍', 'head'],
      ['张强', 'child'],
    ]);
    expect(entries(r.household).slice(1).map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      [`members.${zhang.person.head}.deceased`, { name: '张德福', relation: 'head' }, { deathDate: '2026-03-10', source: 'public-security', note: '' }],
      [`members.${zhang.person.spouse}.relation`, 'spouse', 'head'],
    ]);
    const died = await eventually('the died event', async () =>
      (await eventsOf(SUBJECTS.personDied, (d) => personDiedSchema.parse(d))).find((e) => e.data.personId === zhang.person.head),
    );
    expect(died.data).toMatchObject({ wasHead: true, newHeadPersonId: zhang.person.spouse, remainingPersonIds: [zhang.person.spouse, zhang.person.child] });
  });

  test('when the only member of a household dies, then the household has no members and the event says nobody remains', async () => {
    const alone = member({ id: 'alone', name: '孤老汉', relation: 'head', sex: 'M', birthDate: '1940-01-01', seq: 205 });
    const h = await register([alone], '凤凰岭街道', '海勃湾区凤凰岭街道3号');
    const r = await api().RecordDeath({ personId: h.person.alone!, deathDate: '2026-03-15', source: 'funeral-service', note: '', newHeadPersonId: '' }, clerk);
    expect(r.household.facts.members).toEqual([]);
    const died = await eventually('the died event', async () =>
      (await eventsOf(SUBJECTS.personDied, (d) => personDiedSchema.parse(d))).find((e) => e.data.personId === h.person.alone),
    );
    expect(died.data).toMatchObject({ wasHead: true, newHeadPersonId: null, remainingPersonIds: [] });
  });

  test('when a clerk of another department records a death, then PERMISSION_DENIED', async () => {
    const f = await failureOf(api().RecordDeath({ personId: zhang.person.child!, deathDate: '2026-03-10', source: 'family', note: '', newHeadPersonId: '' }, staff('finance')));
    expect(f).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
  });
});

describe('one person in one household at a time', () => {
  const h3 = member({ id: 'head', name: '刘长海', relation: 'head', sex: 'M', birthDate: '1970-03-03', seq: 301 });
  const s3 = member({ id: 'spouse', name: '高丽', relation: 'spouse', sex: 'F', birthDate: '1972-04-04', seq: 302 });
  const d3 = member({ id: 'daughter', name: '刘佳', relation: 'child', sex: 'F', birthDate: '1998-08-08', seq: 304 });
  const h4 = member({ id: 'head', name: '陈志', relation: 'head', sex: 'M', birthDate: '1996-01-01', seq: 401 });
  let liu = { id: '', person: {} as Record<string, string> };
  let chen = { id: '', person: {} as Record<string, string> };
  const move = (over: Partial<MovePersonRequestMsg>): MovePersonRequestMsg => ({
    personId: liu.person.daughter!,
    toHouseholdId: '',
    newHousehold: null,
    relation: '',
    movedOn: '2026-03-12',
    note: '',
    newHeadPersonId: '',
    ...over,
  });

  beforeAll(async () => {
    liu = await register([h3, s3, d3], '滨河街道', '海勃湾区滨河街道6号');
    chen = await register([h4], '新华西街道', '海勃湾区新华西街道9号');
  });

  test('when a household is registered with a member of another household, then ALREADY_EXISTS names the member and that household; nothing is stored', async () => {
    const before = await snapshot();
    const liuNo = (await api().GetHousehold({ id: liu.id }, clerk)).householdNo;
    const alone = { ...d3, id: 'me', relation: 'head' };
    const f = await failureOf(api().RegisterHousehold(registration(household([alone]), '滨河街道', '海勃湾区滨河街道6号'), clerk));
    expect(f).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' });
    expect(f.message).toContain(`刘佳（户 ${liuNo}）`);
    expect(f.message).toContain(liu.id);
    expect(f.fields).toEqual([
      {
        path: 'household.members.0.idNumber',
        code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD',
        message: `该身份证号已登记为户 ${liuNo} 的成员 刘佳，须办理迁移登记 / this ID number is registered as 刘佳, a member of household ${liuNo} (${liu.id}); a person leaves a household by a recorded move`,
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('when a move names both targets, neither, a future day or a head for a household with one, then INVALID_ARGUMENT names each field and nothing changes', async () => {
    const before = await snapshot();
    const both = await failureOf(api().MovePerson(move({ toHouseholdId: chen.id, newHousehold: newHousehold('海勃湾区新华街道99号') }), clerk));
    expect(both).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_MOVE' });
    expect(both.fields.map((f) => [f.path, f.code])).toEqual([['toHouseholdId', 'VALIDATION.ONE_TARGET']]);
    const neither = await failureOf(api().MovePerson(move({}), clerk));
    expect(neither.fields.map((f) => [f.path, f.code])).toEqual([['toHouseholdId', 'VALIDATION.REQUIRED']]);
    const later = await failureOf(api().MovePerson(move({ toHouseholdId: chen.id, relation: 'spouse', movedOn: '2026-03-20' }), clerk));
    expect(later.fields.map((f) => [f.path, f.code])).toEqual([['movedOn', 'VALIDATION.MOVE_DATE_IN_FUTURE']]);
    const twoHeads = await failureOf(api().MovePerson(move({ toHouseholdId: chen.id, relation: 'head' }), clerk));
    expect(twoHeads.fields.map((f) => [f.path, f.code])).toEqual([['relation', 'VALIDATION.ONE_HEAD']]);
    const nowhere = await failureOf(api().MovePerson(move({ toHouseholdId: '00000000-0000-4000-8000-000000000000', relation: 'spouse' }), clerk));
    expect(nowhere).toMatchObject({ status: GRPC.NOT_FOUND, code: 'REGISTRY.HOUSEHOLD_NOT_FOUND' });
    const same = await failureOf(api().MovePerson(move({ toHouseholdId: liu.id, relation: 'child' }), clerk));
    expect(same).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'REGISTRY.ALREADY_A_MEMBER' });
    const headLeaves = await failureOf(api().MovePerson(move({ personId: liu.person.head!, toHouseholdId: chen.id, relation: 'other' }), clerk));
    expect(headLeaves).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'REGISTRY.NEW_HEAD_REQUIRED' });
    expect(await snapshot()).toEqual(before);
  });

  test('when the daughter moves to the 陈 household as spouse, then she leaves one and joins the other in one change recorded in both histories', async () => {
    const r = await api().MovePerson(move({ toHouseholdId: chen.id, relation: 'spouse', note: '结婚' }), clerk);
    const chenNo = (await api().GetHousehold({ id: chen.id }, clerk)).householdNo;
    const liuNow = await api().GetHousehold({ id: liu.id }, clerk);
    expect(r).toEqual({ personId: liu.person.daughter, fromHouseholdId: liu.id, toHouseholdId: chen.id, toHouseholdNo: chenNo, newHousehold: false, splitSuspected: null });
    expect(liuNow.facts.members.map((m) => m.name)).toEqual(['刘长海', '高丽']);
    expect(liuNow.version).toBe(2);
    expect(entries(liuNow).slice(1)).toEqual([
      {
        by: 'civil-affairs.clerk',
        field: `members.${liu.person.daughter}.movedOut`,
        oldValue: { name: '刘佳', relation: 'child' },
        newValue: { toHouseholdId: chen.id, toHouseholdNo: chenNo, movedOn: '2026-03-12', note: '结婚' },
      },
    ]);
    const chenNow = await api().GetHousehold({ id: chen.id }, clerk);
    expect(chenNow.facts.members.map((m) => [m.name, m.relation])).toEqual([
      ['陈志', 'head'],
      ['刘佳', 'spouse'],
    ]);
    expect(chenNow.version).toBe(2);
    expect(entries(chenNow).slice(1)).toEqual([
      {
        by: 'civil-affairs.clerk',
        field: `members.${liu.person.daughter}.movedIn`,
        oldValue: { fromHouseholdId: liu.id, fromHouseholdNo: liuNow.householdNo, relation: 'child' },
        newValue: { name: '刘佳', relation: 'spouse', movedOn: '2026-03-12', note: '结婚' },
      },
    ]);
    expect((await api().FindPersonByIdNumber({ idNumber: d3.idNumber! }, clerk)).householdId).toBe(chen.id);
  });

  test('when the move is announced, then person.moved and household.changed for both households are published', async () => {
    const moved = await eventually('the moved event', async () =>
      (await eventsOf(SUBJECTS.personMoved, (d) => personMovedSchema.parse(d))).find((e) => e.data.personId === liu.person.daughter),
    );
    expect(moved.data).toEqual({
      personId: liu.person.daughter,
      fromHouseholdId: liu.id,
      toHouseholdId: chen.id,
      movedOn: '2026-03-12',
      relation: 'spouse',
      newHousehold: false,
      newHeadPersonId: null,
      remainingPersonIds: [liu.person.head, liu.person.spouse],
      movedBy: 'civil-affairs.clerk',
    });
    expect(moved.raw).not.toContain(d3.idNumber!);
    const changed = (await eventsOf(SUBJECTS.householdChanged, (d) => householdChangedSchema.parse(d))).map((e) => e.data);
    expect(changed).toEqual(
      expect.arrayContaining([
        { householdId: liu.id, version: 2, fields: [`members.${liu.person.daughter}.movedOut`], changedBy: 'civil-affairs.clerk' },
        { householdId: chen.id, version: 2, fields: [`members.${liu.person.daughter}.movedIn`], changedBy: 'civil-affairs.clerk' },
      ]),
    );
  });
});

describe('a member registers alone at the same address: a possible split household', () => {
  const h5 = member({ id: 'head', name: '马文', relation: 'head', sex: 'M', birthDate: '1958-02-02', seq: 501 });
  const s5 = member({ id: 'son', name: '马立', relation: 'child', sex: 'M', birthDate: '1985-03-03', seq: 503 });
  const d5 = member({ id: 'daughter', name: '马丽', relation: 'child', sex: 'F', birthDate: '1988-04-04', seq: 504 });
  let ma = { id: '', person: {} as Record<string, string> };
  let split = { flagId: '', householdId: '' };

  beforeAll(async () => {
    ma = await register([h5, s5, d5], '新华街道', '海勃湾区新华街道12号');
  });

  test('when the son founds a household at the same address written differently, then the move is flagged naming both households', async () => {
    const r = await api().MovePerson(
      { personId: ma.person.son!, toHouseholdId: '', newHousehold: newHousehold('海勃湾区 新华街道１２号'), relation: '', movedOn: '2026-03-14', note: '另立户', newHeadPersonId: '' },
      clerk,
    );
    const maNo = (await api().GetHousehold({ id: ma.id }, clerk)).householdNo;
    expect(r).toMatchObject({ personId: ma.person.son, fromHouseholdId: ma.id, newHousehold: true });
    expect(r.splitSuspected).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      householdId: r.toHouseholdId,
      otherHouseholdId: ma.id,
      note: `马立 从户 ${maNo} 迁出另立户 ${r.toHouseholdNo}，两户地址相同，可能为分户 / 马立 left household ${maNo} for a new household ${r.toHouseholdNo} at the same address: possibly one family registered as two`,
    });
    split = { flagId: r.splitSuspected!.id, householdId: r.toHouseholdId };
    const fresh = await api().GetHousehold({ id: r.toHouseholdId }, clerk);
    expect(fresh).toMatchObject({ street: '新华街道', address: '海勃湾区 新华街道１２号', version: 1 });
    expect(fresh.facts).toMatchObject({ area: '150302', hukou: 'urban', livingAreaM2: 15, homeOwned: false });
    expect(fresh.facts.members.map((m) => [m.name, m.relation])).toEqual([['马立', 'head']]);
    expect(entries(fresh).map((e) => e.field)).toEqual(['household', `members.${ma.person.son}.movedIn`]);
  });

  test('when clerks list possible duplicates of kind possible-split-household, then the son is listed in the new household and the household left is named', async () => {
    const maNo = (await api().GetHousehold({ id: ma.id }, clerk)).householdNo;
    const listed = await api().ListDuplicates({ kind: 'possible-split-household', limit: 0, offset: 0 }, registryClerk);
    expect(listed.total).toBe('1');
    expect(listed.duplicates).toEqual([
      {
        kind: 'possible-split-household',
        persons: [
          expect.objectContaining({ personId: ma.person.son, householdId: split.householdId, name: '马立', birthDate: '1985-03-03', idNumberMasked: `150302********${s5.idNumber!.slice(-4)}` }),
        ],
        foundHouseholdNo: maNo,
        foundHouseholdId: ma.id,
        sourceFileId: '0',
        note: expect.stringContaining('两户地址相同'),
      },
    ]);
    const all = await api().ListDuplicates({ kind: '', limit: 200, offset: 0 }, registryClerk);
    expect(all.duplicates.filter((d) => d.kind === 'possible-split-household')).toHaveLength(1);
  });

  test('when the split is announced, then household.split-suspected names both households and the person', async () => {
    const e = await eventually('the split event', async () =>
      (await eventsOf(SUBJECTS.householdSplitSuspected, (d) => householdSplitSuspectedSchema.parse(d))).find((x) => x.data.flagId === split.flagId),
    );
    expect(e.data).toEqual({ flagId: split.flagId, householdId: split.householdId, otherHouseholdId: ma.id, personId: ma.person.son, raisedBy: 'civil-affairs.clerk' });
  });

  test('when the daughter founds a household at another address, then nothing is flagged', async () => {
    const r = await api().MovePerson(
      { personId: ma.person.daughter!, toHouseholdId: '', newHousehold: newHousehold('海勃湾区新华街道40号'), relation: 'head', movedOn: '2026-03-14', note: '', newHeadPersonId: '' },
      clerk,
    );
    expect(r.splitSuspected).toBeNull();
    expect((await api().ListDuplicates({ kind: 'possible-split-household', limit: 0, offset: 0 }, registryClerk)).total).toBe('1');
  });
});

describe('a source import that reports a death', () => {
  const h6 = member({ id: 'head', name: '孙海', relation: 'head', sex: 'M', birthDate: '1955-05-05', seq: 601 });
  const p6 = member({ id: 'parent', name: '孙老太', relation: 'parent', sex: 'F', birthDate: '1932-03-03', seq: 602 });

  test('when hukou.csv lists a living member as deceased, then the registry records no death and the verification reports the mismatch', async () => {
    const sun = await register([h6, p6], '海北街道', '海勃湾区海北街道20号');
    const no = (await api().GetHousehold({ id: sun.id }, clerk)).householdNo;
    const row = (m: ReturnType<typeof member>, relation: string, status: string, deathDate: string) => [m.idNumber!, m.name, m.sex, m.birthDate, no, relation, '150302', 'urban', status, deathDate];
    await importSources(registry!.address, { hukou: [row(h6, 'head', 'alive', ''), row(p6, 'parent', 'deceased', '2026-01-20')] }, registryClerk);

    const after = await api().GetHousehold({ id: sun.id }, clerk);
    expect(after.facts.members.map((m) => m.name)).toEqual(['孙海', '孙老太']);
    expect(after.version).toBe(1);
    expect((await api().FindPersonByIdNumber({ idNumber: p6.idNumber! }, clerk)).deathDate).toBe('');

    await api().RecordAuthorisation({ householdId: sun.id, personIds: [sun.person.head!, sun.person.parent!], signedAt: '2026-03-16' }, clerk);
    const report = await api().RunVerification({ householdId: sun.id }, clerk);
    expect(report.mismatches.map((m) => [m.kind, m.memberId, m.field])).toEqual([['member-deceased', sun.person.parent, 'status']]);
  });
});
