/**
 * Component test of the cross-registry verification (核对; City §18): authorisations, runs and their
 * immutable versioned reports, the event, and the list of possible duplicates. The registry runs
 * in-process on port 0 against its own PostgreSQL database and a private nats-server, on a manual
 * clock (2025-06-15, so the months compared are 2024-06 … 2025-05); extracts are streamed through
 * the real import. Nothing is mocked.
 */
import { envelopeSchema, makeIdNumber, STREAMS, SUBJECTS, verificationCompletedSchema, type VerificationReportMsg } from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { verificationMonths } from '../../src/domain/verification.rules';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../support/fixtures';
import { importSources, type SourceRecord } from '../support/sources';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';

const clock = new ManualClock(new Date('2025-06-15T02:00:00Z'));
const MONTHS = verificationMonths('2025-06-15');
const started = useRegistry('registry_verification', { clock, natsClient: 'verification-test' });
let { registry, client, nc }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client, nc } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');
const api = () => client!;

// -- the households -------------------------------------------------------------------------------

// 王家: everything as declared; one month's wage paid on two dates; wage bases above nothing.
const wang = {
  no: '150302000000101',
  head: member({ id: 'head', name: '王建国', relation: 'head', sex: 'M', birthDate: '1975-03-01', seq: 11, canWork: true, employed: true, pensionInsured: true, monthlyIncomeFen: 300_000 }),
  spouse: member({ id: 'spouse', name: '刘秀兰', relation: 'spouse', sex: 'F', birthDate: '1978-07-07', seq: 12, canWork: true }),
  child: member({ id: 'child', name: '王小明', relation: 'child', sex: 'M', birthDate: '2012-01-01', seq: 13 }),
};
// 赵家: one month above the tolerance, another at exactly the tolerance (two pay dates).
const zhao = { no: '150302000000102', head: member({ id: 'head', name: '赵志强', relation: 'head', sex: 'M', birthDate: '1980-01-01', seq: 21, canWork: true, employed: true, monthlyIncomeFen: 200_000 }) };
// 孙家: a car, a second home, a business, a deposit — none declared; a disability vehicle and a revoked business that are fine.
const sun = {
  no: '150302000000103',
  head: member({ id: 'head', name: '孙大海', relation: 'head', sex: 'M', birthDate: '1965-05-05', seq: 31 }),
  spouse: member({ id: 'spouse', name: '周桂芳', relation: 'spouse', sex: 'F', birthDate: '1966-06-06', seq: 32, disability: { category: 4, grade: 1 } }),
};
// 钱家: a member deceased, another registered in 王家's household.
const qian = {
  no: '150302000000104',
  head: member({ id: 'head', name: '钱进', relation: 'head', sex: 'M', birthDate: '1950-02-02', seq: 41 }),
  parent: member({ id: 'parent', name: '钱老太', relation: 'parent', sex: 'F', birthDate: '1930-03-03', seq: 42 }),
  son: member({ id: 'son', name: '钱小飞', relation: 'child', sex: 'M', birthDate: '1990-04-04', seq: 43 }),
};
// 李家: two adults and a minor who have not signed.
const li = {
  no: '150302000000105',
  head: member({ id: 'head', name: '李军', relation: 'head', sex: 'M', birthDate: '1970-10-10', seq: 51 }),
  spouse: member({ id: 'spouse', name: '陈红', relation: 'spouse', sex: 'F', birthDate: '1972-12-12', seq: 52 }),
  child: member({ id: 'child', name: '李乐', relation: 'child', sex: 'F', birthDate: '2010-08-08', seq: 54 }),
};

const ids: Record<string, string> = {};
const persons: Record<string, Record<string, string>> = {};

async function registerAs(key: string, no: string, members: ReturnType<typeof member>[], facts: Parameters<typeof household>[1] = {}) {
  const r = await api().RegisterHousehold({ ...registration(household(members, facts)), householdNo: no }, registryClerk);
  ids[key] = r.id;
  persons[key] = Object.fromEntries(r.members.map((m) => [m.ref, m.personId]));
  return r;
}

const hukou = (m: ReturnType<typeof member>, no: string, relation: string, status = 'alive', deathDate = ''): SourceRecord => [
  m.idNumber!,
  m.name,
  m.sex,
  m.birthDate,
  no,
  relation,
  '150302',
  'urban',
  status,
  deathDate,
];

beforeAll(async () => {
  await registerAs('wang', wang.no, [wang.head, wang.spouse, wang.child], { assets: { financialFen: 500_000, vehicles: 1, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 } });
  await registerAs('zhao', zhao.no, [zhao.head]);
  await registerAs('sun', sun.no, [sun.head, sun.spouse], { assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 1, residences: 1, businessCapitalFen: 0 } });
  await registerAs('qian', qian.no, [qian.head, qian.parent, qian.son]);
  await registerAs('li', li.no, [li.head, li.spouse, li.child]);

  const zhaoTax: SourceRecord[] = MONTHS.flatMap((month, i): SourceRecord[] => {
    if (i === 7) return [[zhao.head.idNumber!, month, 250_000]]; // 50 000 above; tolerance 20 000
    if (i === 8) return [[zhao.head.idNumber!, month, 110_000], [zhao.head.idNumber!, month, 110_000]]; // exactly 20 000 above
    return [[zhao.head.idNumber!, month, 198_000]];
  });
  await importSources(
    registry!.address,
    {
      hukou: [
        hukou(wang.head, wang.no, 'head'),
        hukou(wang.spouse, wang.no, 'spouse'),
        hukou(wang.child, wang.no, 'child'),
        hukou(zhao.head, zhao.no, 'head'),
        hukou(sun.head, sun.no, 'head'),
        hukou(sun.spouse, sun.no, 'spouse'),
        hukou(qian.head, qian.no, 'head'),
        hukou(qian.parent, qian.no, 'parent', 'deceased', '2025-02-10'),
        hukou(qian.son, wang.no, 'other'),
      ],
      tax: [
        ...MONTHS.flatMap((month, i): SourceRecord[] =>
          i === 3 ? [[wang.head.idNumber!, month, 140_000], [wang.head.idNumber!, month, 150_000]] : [[wang.head.idNumber!, month, 290_000]],
        ),
        ...zhaoTax,
      ],
      'social-insurance': MONTHS.map((month): SourceRecord => [wang.head.idNumber!, month, 'contribution-base', 300_000]),
      'housing-fund': MONTHS.map((month): SourceRecord => [wang.head.idNumber!, month, 60_000, 300_000]),
      'real-estate': [
        [wang.head.idNumber!, '蒙(2020)乌海市不动产权第0000101号', 60, 'residential'],
        [sun.head.idNumber!, '蒙(2020)乌海市不动产权第0000103号', 60, 'residential'],
        [sun.spouse.idNumber!, '蒙(2024)乌海市不动产权第0000999号', 88.5, 'residential'],
      ],
      business: [
        [sun.head.idNumber!, '92150300MA00000001', 5_000_000, 'revoked'],
        [sun.spouse.idNumber!, '92150300MA00000002', 20_000_000, 'active'],
      ],
      vehicles: [
        [wang.head.idNumber!, '蒙C00001', 'truck', 6_000_000],
        [sun.spouse.idNumber!, '蒙C00002', 'disability-mobility', 500_000],
        [sun.head.idNumber!, '蒙C00003', 'car', 12_000_000],
      ],
      banks: [
        [wang.head.idNumber!, '乌海银行', 'deposit', 300_000, '2025-05-31'],
        [wang.spouse.idNumber!, '中国银行乌海分行', 'deposit', 200_000, '2025-05-31'],
        [sun.head.idNumber!, '乌海银行', 'deposit', 0, '2025-05-31'],
        [sun.head.idNumber!, '中国工商银行乌海分行', 'deposit', 10_000_000, '2025-05-31'],
      ],
    },
    registryClerk,
  );
});

/** Every adult member of `key` signs today. */
async function authorise(key: string, who: string[] = Object.keys(persons[key]!)) {
  return api().RecordAuthorisation({ householdId: ids[key]!, personIds: who.map((w) => persons[key]![w]!), signedAt: '2025-06-10' }, clerk);
}

const parse = (r: VerificationReportMsg) => ({
  ...r,
  findings: JSON.parse(r.findingsJson) as { memberId: string; source: string; found: Record<string, unknown> }[],
  mismatches: r.mismatches.map((m) => ({ ...m, declared: JSON.parse(m.declaredJson), found: JSON.parse(m.foundJson), detail: JSON.parse(m.detailJson) })),
});

describe('authorisations', () => {
  test('when no adult has signed, then a run is refused with FAILED_PRECONDITION naming every adult, and no report is stored', async () => {
    const f = await failureOf(api().RunVerification({ householdId: ids.li! }, clerk));
    expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'VERIFICATION.NOT_AUTHORISED' });
    expect(f.fields.map((x) => x.path)).toEqual([`members.${persons.li!.head}`, `members.${persons.li!.spouse}`]);
    expect(f.message).toContain('李军');
    expect(f.message).toContain('陈红');
    expect(f.message).not.toContain('李乐'); // a minor need not sign
    const [{ n }] = await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports WHERE household_id = $1', [ids.li]);
    expect(n).toBe(0);
  });

  test('when one adult signs, then the state names who signed and who is missing, and a run still names the missing one', async () => {
    const state = await authorise('li', ['head']);
    expect(state).toMatchObject({ householdId: ids.li, asOf: '2025-06-15', complete: false, missing: [{ personId: persons.li!.spouse, name: '陈红' }] });
    expect(state.signed).toEqual([{ personId: persons.li!.head, name: '李军', signedAt: '2025-06-10', authorisationId: state.recordedIds[0] }]);
    const f = await failureOf(api().RunVerification({ householdId: ids.li! }, clerk));
    expect(f.fields.map((x) => x.path)).toEqual([`members.${persons.li!.spouse}`]);
  });

  test('when the other adult signs, then the state is complete and a run goes ahead', async () => {
    const state = await authorise('li', ['spouse']);
    expect(state).toMatchObject({ complete: true, missing: [] });
    expect(state.signed.map((s) => s.name)).toEqual(['李军', '陈红']);
    const report = await api().RunVerification({ householdId: ids.li! }, clerk);
    expect(report).toMatchObject({ householdId: ids.li, version: 1, mismatchCount: 0 });
  });

  test('when person ids are unknown or of another household, then INVALID_ARGUMENT names each and nothing is recorded', async () => {
    const before = await registry!.ds.query('SELECT count(*)::int AS n FROM verification_authorisations');
    const f = await failureOf(
      api().RecordAuthorisation({ householdId: ids.li!, personIds: [persons.li!.head!, persons.wang!.head!, 'nobody'], signedAt: '2025-06-10' }, clerk),
    );
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VERIFICATION.NOT_A_MEMBER' });
    expect(f.fields.map((x) => x.path)).toEqual(['personIds.1', 'personIds.2']);
    expect(f.fields[0]!.message).toContain(persons.wang!.head);
    expect(f.fields[1]!.message).toContain('nobody');
    expect(await registry!.ds.query('SELECT count(*)::int AS n FROM verification_authorisations')).toEqual(before);
  });

  test.each([
    ['2025-06-16', 'VERIFICATION.SIGNED_IN_FUTURE'],
    ['2025-02-30', 'VALIDATION.DATE'],
    ['10/06/2025', 'VALIDATION.DATE'],
  ])('when the signing date is %s, then INVALID_ARGUMENT %s on signedAt', async (signedAt, code) => {
    const f = await failureOf(api().RecordAuthorisation({ householdId: ids.li!, personIds: [persons.li!.head!], signedAt }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code });
    expect(f.fields.map((x) => x.path)).toEqual(['signedAt']);
  });

  test('when staff of another department record or run, then PERMISSION_DENIED; an unknown household is NOT_FOUND', async () => {
    const finance = staff('finance');
    expect(await failureOf(api().RecordAuthorisation({ householdId: ids.li!, personIds: [persons.li!.head!], signedAt: '2025-06-10' }, finance))).toMatchObject({
      status: GRPC.PERMISSION_DENIED,
    });
    expect(await failureOf(api().RunVerification({ householdId: ids.li! }, finance))).toMatchObject({ status: GRPC.PERMISSION_DENIED });
    expect(await failureOf(api().GetVerification({ id: '00000000-0000-4000-8000-000000000000' }, finance))).toMatchObject({ status: GRPC.PERMISSION_DENIED });
    expect(await failureOf(api().RunVerification({ householdId: '00000000-0000-4000-8000-000000000000' }, clerk))).toMatchObject({
      status: GRPC.NOT_FOUND,
      code: 'REGISTRY.HOUSEHOLD_NOT_FOUND',
    });
    expect(await failureOf(api().GetVerification({ id: 'report-1' }, clerk))).toMatchObject({ status: GRPC.NOT_FOUND, code: 'VERIFICATION.REPORT_NOT_FOUND' });
  });
});

describe('verification runs', () => {
  let first: VerificationReportMsg;

  test('when a household’s sources hold what it declared (a wage paid on two dates in one month, wage bases), then the report lists the findings and no mismatch', async () => {
    await authorise('wang', ['head', 'spouse']);
    first = await api().RunVerification({ householdId: ids.wang! }, clerk);
    const r = parse(first);
    expect(r).toMatchObject({ householdId: ids.wang, householdNo: wang.no, version: 1, runBy: 'civil-affairs.clerk', asOf: '2025-06-15', monthsFrom: '2024-06', monthsTo: '2025-05' });
    expect(r.mismatches).toEqual([]);
    expect(r.mismatchCount).toBe(0);
    expect(r.authorisationIds).toHaveLength(2);
    expect(r.sources.map((s) => s.source)).toEqual(['hukou', 'tax', 'social-insurance', 'real-estate', 'business', 'housing-fund', 'vehicles', 'banks']);
    expect(r.sources.every((s) => s.fileIds.length === 1)).toBe(true);
    const head = r.findings.filter((f) => f.memberId === persons.wang!.head);
    expect(head.map((f) => f.source)).toEqual(['hukou', 'tax', 'social-insurance', 'real-estate', 'housing-fund', 'vehicles', 'banks']);
    const taxMonths = (head.find((f) => f.source === 'tax')!.found as { months: { month: string; taxableIncomeFen: number; payments: number }[] }).months;
    expect(taxMonths).toHaveLength(12);
    expect(taxMonths[3]).toEqual({ month: MONTHS[3], taxableIncomeFen: 290_000, payments: 2 });
  });

  test('when one month is above the declaration by more than the tolerance, then that month is a tax mismatch; a month at the tolerance (two pay dates) is not', async () => {
    await authorise('zhao');
    const r = parse(await api().RunVerification({ householdId: ids.zhao! }, clerk));
    expect(r.mismatches).toEqual([
      expect.objectContaining({
        kind: 'income-above-declared',
        memberId: persons.zhao!.head,
        source: 'tax',
        field: 'monthlyIncomeFen',
        declared: 200_000,
        found: 250_000,
        detail: { months: [{ month: MONTHS[7], foundFen: 250_000, bySource: { tax: 250_000 } }], toleranceFen: 20_000 },
      }),
    ]);
  });

  test('when assets show up only in other registries, then each is a mismatch naming its owner; a disability vehicle and a revoked business are not', async () => {
    await authorise('sun');
    const r = parse(await api().RunVerification({ householdId: ids.sun! }, clerk));
    expect(r.mismatches.map((m) => [m.kind, m.memberId, m.source, m.field, m.declared, m.found])).toEqual([
      ['undeclared-vehicle', persons.sun!.head, 'vehicles', 'assets.vehicles', 0, 1],
      ['financial-assets-above-declared', persons.sun!.head, 'banks', 'assets.financialFen', 0, 10_000_000],
      ['residence-beyond-declared', persons.sun!.spouse, 'real-estate', 'assets.residences', 1, 2],
      ['undeclared-business', persons.sun!.spouse, 'business', 'assets.businessCapitalFen', 0, 20_000_000],
    ]);
  });

  test('when the hukou register lists a member as deceased and another in another household, then both are mismatches', async () => {
    await authorise('qian');
    const r = parse(await api().RunVerification({ householdId: ids.qian! }, clerk));
    expect(r.mismatches.map((m) => [m.kind, m.memberId, m.field, m.declared, m.found])).toEqual([
      ['member-deceased', persons.qian!.parent, 'status', 'alive', 'deceased'],
      ['registered-in-another-household', persons.qian!.son, 'householdNo', qian.no, wang.no],
    ]);
    expect(r.mismatches[0]!.detail).toEqual({ deathDate: '2025-02-10' });
  });

  test('when a report is read, then it states facts only: no eligibility, refusal or assistance amount', async () => {
    const r = await api().GetVerification({ id: (await api().RunVerification({ householdId: ids.sun! }, clerk)).id }, clerk);
    const text = JSON.stringify(r);
    expect(r.mismatchCount).toBe(4);
    for (const word of ['eligib', 'refuse', 'refusal', 'recover', 'topUp', 'monthlyAmount', 'dibaoClass', '不符合条件', '不予', '追回']) expect(text).not.toContain(word);
  });

  test('when a household is verified again, then version 2 is stored and version 1 is unchanged (and cannot be changed)', async () => {
    const v1Before = await api().GetVerification({ id: first.id }, clerk);
    expect(v1Before).toEqual(first);
    clock.advanceDays(1);
    const second = await api().RunVerification({ householdId: ids.wang! }, registryClerk);
    expect(second).toMatchObject({ householdId: ids.wang, version: 2, runBy: 'registry.clerk', asOf: '2025-06-16' });
    expect(second.id).not.toBe(first.id);
    expect(await api().GetVerification({ id: first.id }, clerk)).toEqual(first);
    await expect(registry!.ds.query("UPDATE verification_reports SET mismatch_count = 9 WHERE id = $1", [first.id])).rejects.toThrow(/immutable/);
    await expect(registry!.ds.query('DELETE FROM verification_reports WHERE id = $1', [first.id])).rejects.toThrow(/immutable/);
    const versions = await registry!.ds.query('SELECT version FROM verification_reports WHERE household_id = $1 ORDER BY version', [ids.wang]);
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
  });

  test('when two runs of one household race, then they get versions n+1 and n+2', async () => {
    const [a, b] = await Promise.all([api().RunVerification({ householdId: ids.zhao! }, clerk), api().RunVerification({ householdId: ids.zhao! }, clerk)]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
  });

  test('when a run completes, then wuhai.registry.verification.completed.v1 carries ids, version and mismatch count, and no findings', async () => {
    const event = await eventually('the verification event', async () => {
      const consumer = await nc!.jetstream().consumers.get(STREAMS.registry.name);
      for (;;) {
        const m = await consumer.next({ expires: 1000 });
        if (!m) return undefined;
        if (m.subject !== SUBJECTS.verificationCompleted) continue;
        const raw = new TextDecoder().decode(m.data);
        const envelope = envelopeSchema.parse(JSON.parse(raw));
        const data = verificationCompletedSchema.parse(envelope.data);
        if (data.reportId === first.id) return { envelope, data, raw };
      }
    });
    expect(event.envelope).toMatchObject({ type: SUBJECTS.verificationCompleted, source: 'registry' });
    expect(event.data).toEqual({ householdId: ids.wang, reportId: first.id, version: 1, mismatchCount: 0 });
    expect(event.raw).not.toContain(wang.head.idNumber!);
    expect(event.raw).not.toContain('findings');
  });

  test('when a later tax file re-delivers one month, then that month is read from it and the other eleven from the first file', async () => {
    clock.set(new Date('2025-06-15T02:00:00Z'));
    await importSources(registry!.address, { tax: [[zhao.head.idNumber!, MONTHS[7]!, 199_000]] }, registryClerk);
    const r = parse(await api().RunVerification({ householdId: ids.zhao! }, clerk));
    expect(r.mismatches).toEqual([]);
    const tax = r.sources.find((s) => s.source === 'tax')!;
    expect(tax.fileIds).toHaveLength(2);
    const months = (r.findings.find((f) => f.source === 'tax')!.found as { months: { month: string; taxableIncomeFen: number }[] }).months;
    expect(months).toHaveLength(12);
    expect(months[7]).toEqual({ month: MONTHS[7], taxableIncomeFen: 199_000, payments: 1 });
    expect(months[8]).toEqual({ month: MONTHS[8], taxableIncomeFen: 220_000, payments: 2 });
  });
});

describe('possible duplicates', () => {
  const eighteen = makeIdNumber('150302', '1960-08-08', 61, 'M');
  const fifteen = eighteen.slice(0, 6) + eighteen.slice(8, 17);

  test('when one person is registered under a 15-digit and an 18-digit number, then both are kept and the pair is listed', async () => {
    const legacy = await api().RegisterHousehold(
      registration(household([member({ id: 'old', name: '吴老汉', relation: 'head', sex: 'M', birthDate: '1960-08-08', seq: 61, idNumber: fifteen })])),
      registryClerk,
    );
    const modern = await api().RegisterHousehold(
      registration(household([member({ id: 'new', name: '吴老汉', relation: 'head', sex: 'M', birthDate: '1960-08-08', seq: 61, idNumber: eighteen })])),
      registryClerk,
    );
    const [stored] = await registry!.ds.query('SELECT id_number, legacy_id_number FROM persons WHERE id = $1', [legacy.members[0]!.personId]);
    expect(stored).toEqual({ id_number: eighteen, legacy_id_number: fifteen });
    expect((await api().FindPersonByIdNumber({ idNumber: fifteen }, clerk)).householdId).toBe(legacy.id);
    expect((await api().FindPersonByIdNumber({ idNumber: eighteen }, clerk)).householdId).toBe(modern.id);

    const again = await failureOf(
      api().RegisterHousehold(registration(household([member({ id: 'x', relation: 'head', sex: 'M', birthDate: '1960-08-08', seq: 61, idNumber: fifteen })])), registryClerk),
    );
    expect(again).toMatchObject({ status: GRPC.ALREADY_EXISTS, code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' });

    const list = await api().ListDuplicates({ kind: 'same-person-15-18', limit: 0, offset: 0 }, registryClerk);
    expect(list.total).toBe('1');
    expect(list.duplicates[0]!.persons.map((p) => [p.householdId, p.legacyIdNumberMasked])).toEqual([
      [legacy.id, `${fifteen.slice(0, 6)}********${fifteen.slice(-4)}`],
      [modern.id, ''],
    ]);
    expect(JSON.stringify(list)).not.toContain(eighteen);
  });

  test('when a 15-digit number holds an impossible birth date, then the member’s idNumber is named', async () => {
    const bad = '150302600230001';
    const f = await failureOf(api().RegisterHousehold(registration(household([member({ id: 'b', relation: 'head', sex: 'M', birthDate: '1960-02-28', seq: 1, idNumber: bad })])), registryClerk));
    expect(f.status).toBe(GRPC.INVALID_ARGUMENT);
    expect(f.fields).toContainEqual(expect.objectContaining({ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_BIRTH_DATE' }));
  });

  test('when two members of one household share name and birth date, then they are listed together', async () => {
    const twins = await api().RegisterHousehold(
      registration(
        household([
          member({ id: 'a', name: '张伟', relation: 'head', sex: 'M', birthDate: '1990-02-02', seq: 71 }),
          member({ id: 'b', name: '张伟', relation: 'sibling', sex: 'M', birthDate: '1990-02-02', seq: 73 }),
        ]),
      ),
      registryClerk,
    );
    const list = await api().ListDuplicates({ kind: 'same-name-birth-date', limit: 0, offset: 0 }, clerk);
    expect(list.duplicates).toEqual([expect.objectContaining({ kind: 'same-name-birth-date', persons: [expect.objectContaining({ householdId: twins.id, name: '张伟' }), expect.objectContaining({ householdId: twins.id, name: '张伟' })] })]);
  });

  test('when the hukou extract places a registered person in another household, then the person and that household are listed', async () => {
    const list = await api().ListDuplicates({ kind: 'hukou-other-household', limit: 0, offset: 0 }, clerk);
    expect(list.duplicates).toEqual([
      expect.objectContaining({
        kind: 'hukou-other-household',
        persons: [expect.objectContaining({ personId: persons.qian!.son, householdId: ids.qian, householdNo: qian.no })],
        foundHouseholdNo: wang.no,
        foundHouseholdId: ids.wang,
      }),
    ]);
  });

  test('when every kind is listed and paged, then pages follow the kinds in order and the total counts them all; other departments are refused', async () => {
    const all = await api().ListDuplicates({ kind: '', limit: 0, offset: 0 }, clerk);
    expect(all.total).toBe('3');
    expect(all.duplicates.map((d) => d.kind)).toEqual(['same-person-15-18', 'same-name-birth-date', 'hukou-other-household']);
    const second = await api().ListDuplicates({ kind: '', limit: 1, offset: 1 }, clerk);
    expect(second.duplicates.map((d) => d.kind)).toEqual(['same-name-birth-date']);
    expect(await failureOf(api().ListDuplicates({ kind: '', limit: 0, offset: 0 }, staff('health')))).toMatchObject({ status: GRPC.PERMISSION_DENIED });
  });
});
