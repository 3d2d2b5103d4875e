/**
 * Income periods, the tolerance as a dated parameter, bulk verification and the announcement of
 * imports (City §18; docs/decisions/0014-income-periods-and-tolerance.md,
 * 0015-bulk-verification-and-import-reviews.md). The registry runs in-process against its own
 * PostgreSQL database and a private nats-server on a manual clock (2025-06-15: the months compared
 * are 2024-06 … 2025-05, so annual figures of 2024 and 2025 are read); extracts are streamed
 * through the real import. Nothing is mocked.
 */
import {
  envelopeSchema,
  sourcesImportedSchema,
  STREAMS,
  SUBJECTS,
  type SourcesImported,
  type VerificationReportMsg,
} from '@wuhai/contracts';
import { ManualClock } from '@wuhai/service-kit';
import { verificationMonths } from '../../src/domain/verification.rules';
import { eventually, failureOf, GRPC, household, member, registration, staff } from '../support/fixtures';
import { csvOf, importSources, type SourceRecord } from '../support/sources';
import { useRegistry, type RegistryUnderTest } from '../support/with-registry';
import { createSourceImportClient } from '../../../../scripts/sources/import-client';

const clock = new ManualClock(new Date('2025-06-15T02:00:00Z'));
const MONTHS = verificationMonths('2025-06-15');
const started = useRegistry('registry_verification_periods', { clock, natsClient: 'verification-periods-test' });
let { registry, client, nc }: Partial<RegistryUnderTest> = {};
beforeAll(() => ({ registry, client, nc } = started()));

const clerk = staff('civil-affairs');
const registryClerk = staff('registry');
const api = () => client!;

// 何家: declares 1 000 yuan a month; two months paid on two dates each.
const he = member({ id: 'head', name: '何志明', relation: 'head', sex: 'M', birthDate: '1979-02-02', seq: 11, canWork: true, employed: true, monthlyIncomeFen: 100_000 });
// 冯家: declares 500 yuan a month; the tax office gives only 2024's total (24 000 yuan).
const feng = member({ id: 'head', name: '冯秀英', relation: 'head', sex: 'F', birthDate: '1969-03-03', seq: 21, monthlyIncomeFen: 50_000 });
// 韩家: declared no vehicle; the vehicle register holds a car.
const han = member({ id: 'head', name: '韩立', relation: 'head', sex: 'M', birthDate: '1972-04-04', seq: 31 });
// 卢家: nobody has signed the authorisation.
const lu = member({ id: 'head', name: '卢大勇', relation: 'head', sex: 'M', birthDate: '1966-05-05', seq: 41 });

const ids: Record<string, string> = {};
const persons: Record<string, string> = {};
const imported: Partial<Record<string, string>> = {};

beforeAll(async () => {
  for (const [key, m] of Object.entries({ he, feng, han, lu })) {
    const r = await api().RegisterHousehold(registration(household([m], { assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 } })), registryClerk);
    ids[key] = r.id;
    persons[key] = r.members[0]!.personId;
  }
  const heTax: SourceRecord[] = MONTHS.flatMap((month, i): SourceRecord[] => {
    if (i === 2) return [[he.idNumber!, month, 60_000], [he.idNumber!, month, 55_000]]; // 1 150 yuan: 150 above, tolerance 100
    if (i === 6) return [[he.idNumber!, month, 50_000], [he.idNumber!, month, 59_000]]; // 1 090 yuan: 90 above, within
    return [[he.idNumber!, month, 100_000]];
  });
  const results = await importSources(
    registry!.address,
    {
      tax: [...heTax, [feng.idNumber!, '2024', 2_400_000], [feng.idNumber!, '2022', 9_900_000]],
      vehicles: [[han.idNumber!, '蒙C9A001', 'car', 8_000_000]],
    },
    registryClerk,
  );
  imported.tax = results.tax!.fileId;
  imported.vehicles = results.vehicles!.fileId;
  for (const key of ['he', 'feng', 'han']) {
    await api().RecordAuthorisation({ householdId: ids[key]!, personIds: [persons[key]!], signedAt: '2025-06-10' }, clerk);
  }
});

const parse = (r: VerificationReportMsg) => ({
  ...r,
  mismatches: r.mismatches.map((m) => ({ ...m, declared: JSON.parse(m.declaredJson), found: JSON.parse(m.foundJson), detail: JSON.parse(m.detailJson) })),
});

describe('income periods', () => {
  test('when an extract gives a year instead of a month, then the row is stored as it came with period "year"; monthly rows with period "month"', async () => {
    const rows = (await registry!.ds.query('SELECT month, period, taxable_income_fen::int AS fen FROM source_tax WHERE id_number = $1 ORDER BY line_no', [feng.idNumber])) as {
      month: string;
      period: string;
      fen: number;
    }[];
    expect(rows).toEqual([
      { month: '2024', period: 'year', fen: 2_400_000 },
      { month: '2022', period: 'year', fen: 9_900_000 },
    ]);
    const [monthly] = (await registry!.ds.query('SELECT DISTINCT period FROM source_tax WHERE id_number = $1', [he.idNumber])) as { period: string }[];
    expect(monthly).toEqual({ period: 'month' });
  });

  test('when two payments of one month are each below the declaration but together above it by more than the tolerance, then that month is one mismatch; two that stay within are none', async () => {
    const r = parse(await api().RunVerification({ householdId: ids.he! }, clerk));
    expect(r.mismatchCount).toBe(1);
    expect(r.mismatches[0]).toMatchObject({ kind: 'income-above-declared', memberId: persons.he, source: 'tax', field: 'monthlyIncomeFen', declared: 100_000, found: 115_000 });
    expect(r.mismatches[0]!.detail).toEqual({ months: [{ month: MONTHS[2], foundFen: 115_000, bySource: { tax: 115_000 } }], toleranceFen: 10_000 });
    expect(r.inquiries).toEqual([]);
  });

  test('when the report is made, then it records the tolerance used with its effective date and clause', async () => {
    const r = await api().RunVerification({ householdId: ids.he! }, clerk);
    expect(r.parameters).toEqual([
      { name: 'verification.income-tolerance-rate', value: '0.1', unit: 'rate', effectiveFrom: '2014-01-01', clause: expect.stringContaining('City §18') },
      { name: 'verification.income-tolerance-minimum', value: '5000', unit: 'fen', effectiveFrom: '2014-01-01', clause: expect.stringContaining('City §18') },
    ]);
    expect((await api().GetVerification({ id: r.id }, clerk)).parameters).toEqual(r.parameters);
  });

  test('when only an annual figure is found, then it is an inquiry for a person, not a mismatch, and never averaged; a year outside the months compared is ignored', async () => {
    // averaged, 24 000 yuan a year would be 2 000 a month against 500 declared
    const r = await api().RunVerification({ householdId: ids.feng! }, clerk);
    expect(r.mismatchCount).toBe(0);
    expect(r.mismatches).toEqual([]);
    expect(r.inquiryCount).toBe(1);
    expect(r.inquiries).toEqual([
      {
        kind: 'annual-figure',
        memberId: persons.feng,
        source: 'tax',
        year: '2024',
        field: 'taxableIncomeFen',
        amountFen: '2400000',
        declaredMonthlyFen: '50000',
        detailJson: JSON.stringify({ rows: 1 }),
        note: expect.stringContaining('冯秀英：税务只有 2024 年的年度数（应税收入 24000.00 元），不按月核对，也不折算到各月'),
      },
    ]);
    expect(r.sources.find((s) => s.source === 'tax')!.fileIds).toEqual([imported.tax]);
  });
});

describe('bulk verification (VerifyHouseholds)', () => {
  const unknown = '7d1e0f4a-0000-4000-8000-000000000000';

  test('when a list of households is verified, then each gets its outcome in the order asked: reports stored as a single run stores them, the unsigned and the unknown named', async () => {
    const before = (await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[];
    const r = await api().VerifyHouseholds({ householdIds: [ids.han!, ids.lu!, unknown, 'not-a-uuid', ids.feng!], all: false, after: '', limit: 0, runKey: '' }, clerk);
    expect(r.outcomes.map((o) => [o.householdId, o.outcome])).toEqual([
      [ids.han, 'verified'],
      [ids.lu, 'not-authorised'],
      [unknown, 'not-found'],
      ['not-a-uuid', 'not-found'],
      [ids.feng, 'verified'],
    ]);
    expect({ verified: r.verified, notAuthorised: r.notAuthorised, notFound: r.notFound, nextAfter: r.nextAfter }).toEqual({ verified: 2, notAuthorised: 1, notFound: 2, nextAfter: '' });
    const hanReport = parse(r.outcomes[0]!.report!);
    expect(hanReport).toMatchObject({ householdId: ids.han, version: 1, mismatchCount: 1, findingsJson: '', runBy: 'civil-affairs.clerk', asOf: '2025-06-15' });
    expect(hanReport.mismatches[0]).toMatchObject({ kind: 'undeclared-vehicle', memberId: persons.han, source: 'vehicles', declared: 0, found: 1 });
    expect(r.outcomes[1]).toMatchObject({ missing: [{ personId: persons.lu, name: '卢大勇' }], report: null });
    expect(r.outcomes[1]!.note).toContain('卢大勇');
    expect(r.outcomes[4]!.report).toMatchObject({ mismatchCount: 0, inquiryCount: 1 });
    const after = (await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[];
    expect(after[0]!.n - before[0]!.n).toBe(2);

    // the same household run alone compares the same: same mismatches, inquiries and findings
    const stored = await api().GetVerification({ id: hanReport.id }, clerk);
    const single = await api().RunVerification({ householdId: ids.han! }, clerk);
    expect(single.version).toBe(2);
    expect(single.mismatches).toEqual(stored.mismatches);
    expect(single.findingsJson).toEqual(stored.findingsJson);
    expect(stored.findingsJson).not.toBe('');
    expect(stored.parameters).toEqual(single.parameters);
  });

  test('when a bulk call is repeated with the same run key, then the reports of the first are answered again and nothing new is stored', async () => {
    const first = await api().VerifyHouseholds({ householdIds: [ids.he!, ids.han!], all: false, after: '', limit: 0, runKey: 'review-run:1' }, clerk);
    const n = (await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[];
    const again = await api().VerifyHouseholds({ householdIds: [ids.han!, ids.he!], all: false, after: '', limit: 0, runKey: 'review-run:1' }, clerk);
    expect(again.outcomes.map((o) => o.report!.id)).toEqual([first.outcomes[1]!.report!.id, first.outcomes[0]!.report!.id]);
    expect((await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[]).toEqual(n);
    const other = await api().VerifyHouseholds({ householdIds: [ids.he!], all: false, after: '', limit: 0, runKey: 'review-run:2' }, clerk);
    expect(other.outcomes[0]!.report!.id).not.toBe(first.outcomes[0]!.report!.id);
  });

  test('when every household is verified page by page, then each household appears exactly once and the last page says there is no more', async () => {
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const r = await api().VerifyHouseholds({ householdIds: [], all: true, after, limit: 3, runKey: '' }, registryClerk);
      seen.push(...r.outcomes.map((o) => o.householdId));
      after = r.nextAfter;
      if (!after) break;
    }
    expect(after).toBe('');
    expect(seen).toEqual(Object.values(ids).sort());
  });

  test('when the caller is of another department or names too many households, then the call is refused and nothing is stored', async () => {
    const n = (await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[];
    expect(await failureOf(api().VerifyHouseholds({ householdIds: [ids.he!], all: false, after: '', limit: 0, runKey: '' }, staff('finance')))).toMatchObject({
      status: GRPC.PERMISSION_DENIED,
    });
    const many = Array.from({ length: 2001 }, () => ids.he!);
    const f = await failureOf(api().VerifyHouseholds({ householdIds: many, all: false, after: '', limit: 0, runKey: '' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VERIFICATION.TOO_MANY_HOUSEHOLDS' });
    expect(f.fields.map((x) => x.path)).toEqual(['householdIds']);
    expect((await registry!.ds.query('SELECT count(*)::int AS n FROM verification_reports')) as { n: number }[]).toEqual(n);
  });

  test('when bulk reports are stored, then each is announced like a single run', async () => {
    const [{ reports }] = (await registry!.ds.query('SELECT count(*)::int AS reports FROM verification_reports')) as [{ reports: number }];
    const [{ events }] = (await registry!.ds.query('SELECT count(*)::int AS events FROM outbox WHERE subject = $1', [SUBJECTS.verificationCompleted])) as [{ events: number }];
    expect(events).toBe(reports);
  });
});

describe('imports are announced', () => {
  /** Every `sources.imported` event on the stream so far. */
  async function importedEvents(): Promise<SourcesImported[]> {
    const js = nc!.jetstream();
    const consumer = await js.consumers.get(STREAMS.registry.name);
    const out: SourcesImported[] = [];
    for (;;) {
      const m = await consumer.next({ expires: 1000 });
      if (!m) return out;
      if (m.subject !== SUBJECTS.sourcesImported) continue;
      out.push(sourcesImportedSchema.parse(envelopeSchema.parse(JSON.parse(new TextDecoder().decode(m.data))).data));
    }
  }

  test('when an extract is stored, then wuhai.registry.sources.imported.v1 names the import, its source, file and rows; a re-import of the same file announces nothing', async () => {
    const events = await eventually('both imports announced', async () => {
      const e = await importedEvents();
      return e.length >= 2 ? e : undefined;
    });
    expect(events).toEqual([
      expect.objectContaining({ importId: imported.tax, source: 'tax', fileName: 'tax.csv', rowsLoaded: 14 + 2, rowsRejected: 0, importedBy: 'registry.clerk' }),
      expect.objectContaining({ importId: imported.vehicles, source: 'vehicles', fileName: 'vehicles.csv', rowsLoaded: 1, rowsRejected: 0 }),
    ]);

    const importer = createSourceImportClient(registry!.address);
    try {
      const bytes = Buffer.from(csvOf('vehicles', [[han.idNumber!, '蒙C9A001', 'car', 8_000_000]]), 'utf8');
      const again = await importer.importStream({ source: 'vehicles', fileName: 'vehicles.csv', data: (async function* () { yield bytes; })() }, { ...registryClerk, timeoutMs: 30_000 });
      expect(again.alreadyImported).toBe(true);
    } finally {
      importer.close();
    }
    const [{ n }] = (await registry!.ds.query('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [SUBJECTS.sourcesImported])) as [{ n: number }];
    expect(n).toBe(2);
  });
});
