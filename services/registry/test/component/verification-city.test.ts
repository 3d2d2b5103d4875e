/**
 * Precision and recall of the cross-registry verification (issue 4 "Measured"): a synthetic city of
 * 2 000 households is registered through the registry's gRPC API, its eight extracts (written by
 * `scripts/seed/extracts.ts` with planted discrepancies and harmless look-alikes) are imported, and
 * every household with a planted discrepancy, every household of benign.json and 300 others are
 * verified with their authorisations recorded. Every planted discrepancy must be reported with the
 * right kind, source and member, and nothing else; the planted annual-only figure (`inquiries.json`)
 * must come back as an inquiry — never a mismatch — and nothing else as one. Real PostgreSQL and NATS; the registry's clock
 * is the city's date, so the months compared are the 12 the extracts cover.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type TypedClient, type VerificationReportMsg } from '@wuhai/contracts';
import { ManualClock, startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../src/registry.service';
import type { RegistryConfig } from '../../src/config';
import type { MismatchKind } from '../../src/domain/verification.rules';
import { writeExtracts, type ExtractsWritten, type PlantedKind } from '../../../../scripts/seed/extracts';
import { seedCity } from '../../../../scripts/seed/seed';
import { importFolder } from '../../../../scripts/sources/import-folder';
import { failureOf, GRPC, JWT_SECRET, serviceConfig, staff } from '../support/fixtures';

const TODAY = '2015-06-01';
const HOUSEHOLDS = 2000;
const SEED = 1;
const SAMPLE = 300;
/** Verifications in flight at once (a clerk's office, not a batch job). */
const CONCURRENCY = 8;

/** The planted kind each mismatch kind reveals. */
const PLANTED_KIND_OF: Record<MismatchKind, PlantedKind> = {
  'income-above-declared': 'hidden-wages',
  'undeclared-vehicle': 'undeclared-car',
  'residence-beyond-declared': 'second-residence',
  'undeclared-business': 'business',
  'financial-assets-above-declared': 'large-deposits',
  'member-deceased': 'deceased-member',
  'registered-in-another-household': 'other-household',
};

let registry: RunningService<RegistryConfig> | undefined;
let client: TypedClient<'registry'> | undefined;
let dir = '';
let written: ExtractsWritten;

afterAll(async () => {
  client?.close();
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const natsUrl = useTestNats();
const registryDb = useTestDatabase('registry_verification_city');

/** Household ids by register number, ID numbers by person id. */
const householdIds = new Map<string, string>();
const idNumbers = new Map<string, string>();
const membersOf = new Map<string, { personId: string; birthDate: string; name: string }[]>();

beforeAll(async () => {
  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl()), new ManualClock(new Date(`${TODAY}T02:00:00Z`))));
  client = createClient('registry', registry.address);
  dir = await mkdtemp(path.join(os.tmpdir(), 'wuhai-verify-city-'));
  written = await writeExtracts(dir, { households: HOUSEHOLDS, seed: SEED, today: TODAY });
  const seeded = await seedCity({ registryAddress: registry.address, jwtSecret: JWT_SECRET, households: HOUSEHOLDS, seed: SEED, today: TODAY, progress: false });
  expect(seeded.households).toBe(HOUSEHOLDS);
  const outcomes = await importFolder({ folder: dir, registryAddress: registry.address, jwtSecret: JWT_SECRET, out: () => undefined });
  for (const o of outcomes) {
    if (!o.ok) throw new Error(`${o.file} refused: ${o.code} ${o.message}`);
    expect({ file: o.file, rejected: o.result.rowsRejected }).toEqual({ file: o.file, rejected: '0' });
  }
  const rows = (await registry.ds.query(
    `SELECT h.id AS household_id, h.household_no, p.id AS person_id, p.id_number, p.name, p.birth_date::text AS birth_date
       FROM households h JOIN persons p ON p.household_id = h.id ORDER BY h.household_no, p.position`,
  )) as { household_id: string; household_no: string; person_id: string; id_number: string; name: string; birth_date: string }[];
  for (const r of rows) {
    householdIds.set(r.household_no, r.household_id);
    idNumbers.set(r.person_id, r.id_number);
    const list = membersOf.get(r.household_id) ?? [];
    list.push({ personId: r.person_id, birthDate: r.birth_date, name: r.name });
    membersOf.set(r.household_id, list);
  }
}, 600_000);

const clerk = staff('civil-affairs');

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

test(`when the planted, the benign and ${SAMPLE} other households of a ${HOUSEHOLDS}-household city are verified, then precision and recall are both 100 %`, async () => {
  const planted = new Set(written.planted.map((p) => p.householdNo));
  const benign = new Set(written.benign.map((b) => b.householdNo));
  const annual = new Set((written.inquiries ?? []).map((q) => q.householdNo));
  const others = [...householdIds.keys()].filter((no) => !planted.has(no) && !benign.has(no) && !annual.has(no));
  const step = Math.floor(others.length / SAMPLE);
  const sample = others.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const selected = [...new Set([...planted, ...benign, ...annual, ...sample])];
  expect(sample).toHaveLength(SAMPLE);

  await pooled(selected, CONCURRENCY, async (no) => {
    const householdId = householdIds.get(no)!;
    const state = await client!.RecordAuthorisation({ householdId, personIds: membersOf.get(householdId)!.map((m) => m.personId), signedAt: TODAY }, clerk);
    expect(state.complete).toBe(true);
  });

  const started = process.hrtime.bigint();
  const reports: VerificationReportMsg[] = await pooled(selected, CONCURRENCY, (no) => client!.RunVerification({ householdId: householdIds.get(no)! }, { ...clerk, timeoutMs: 30_000 }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const key = (householdNo: string, idNumber: string, kind: string, source: string) => `${householdNo} ${kind} ${source} ${idNumber}`;
  const expected = written.planted.map((p) => key(p.householdNo, p.memberIdNumber, p.kind, p.source)).sort();
  const found = reports
    .flatMap((r) => r.mismatches.map((m) => key(r.householdNo, idNumbers.get(m.memberId) ?? `?${m.memberId}`, PLANTED_KIND_OF[m.kind as MismatchKind] ?? `?${m.kind}`, m.source)))
    .sort();
  const hits = found.filter((f) => expected.includes(f)).length;
  const precision = found.length ? hits / found.length : 1;
  const recall = hits / expected.length;

  process.stdout.write(
    `[verification] ${selected.length} households of ${HOUSEHOLDS} (${planted.size} planted, ${benign.size} benign, ${SAMPLE} others) verified in ${seconds.toFixed(2)} s = ` +
      `${(selected.length / seconds).toFixed(1)} households/s (${CONCURRENCY} in flight); ${expected.length} planted discrepancies, ${found.length} mismatches reported, ` +
      `precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} %\n`,
  );
  expect(found).toEqual(expected);
  expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });
  // annual-only figures: inquiries for a person, exactly the planted ones, never mismatches
  const inquiries = reports.flatMap((r) => r.inquiries.map((q) => `${r.householdNo} ${idNumbers.get(q.memberId)} ${q.source} ${q.year} ${q.amountFen}`)).sort();
  expect(annual.size).toBeGreaterThanOrEqual(1);
  expect(inquiries).toEqual((written.inquiries ?? []).map((q) => `${q.householdNo} ${q.memberIdNumber} ${q.source} ${String(q.detail.year)} ${Number(q.detail.amountFen)}`).sort());
  // every kind is in the measure, and the look-alikes were verified too
  expect(new Set(written.planted.map((p) => p.kind)).size).toBe(7);
  expect(written.benign.some((b) => b.kind === 'two-pay-dates') && written.benign.some((b) => b.kind === 'revoked-business')).toBe(true);
  expect(reports.every((r) => r.version === 1)).toBe(true);
}, 600_000);

test('when a household of the city has no recorded authorisation, then its run is refused naming its adult members', async () => {
  const verified = new Set((await registry!.ds.query('SELECT DISTINCT household_id FROM verification_authorisations')).map((r: { household_id: string }) => r.household_id));
  const householdId = [...membersOf.keys()].find((id) => !verified.has(id) && membersOf.get(id)!.filter((m) => m.birthDate <= '1997-06-01').length >= 2)!;
  const adults = membersOf.get(householdId)!.filter((m) => m.birthDate <= '1997-06-01');
  const f = await failureOf(client!.RunVerification({ householdId }, clerk));
  expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'VERIFICATION.NOT_AUTHORISED' });
  expect(f.fields.map((x) => x.path)).toEqual(adults.map((m) => `members.${m.personId}`));
  for (const m of adults) expect(f.message).toContain(m.name);
});
