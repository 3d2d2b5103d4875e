/**
 * The synthetic city's verification-source extracts: consistent with every declaration except the
 * planted discrepancies (checked here by an independent reading of the files), deterministic, and
 * importable by the real registry without a single rejected line.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import type { HouseholdFacts, MemberFacts } from '../../../packages/contracts/src/household.schema';
import { registryService } from '../../../services/registry/src/registry.service';
import type { RegistryConfig } from '../../../services/registry/src/config';
import { JWT_SECRET, serviceConfig } from '../../../services/registry/test/support/fixtures';
import { generateCity } from '../city';
import { monthsBefore, PLANTED_KIND_NAMES, PLANTED_KINDS, writeExtracts, type ExtractsWritten, type PlantedRecord } from '../extracts';
import { importFolder } from '../../sources/import-folder';
import { SOURCE_FILES, SOURCE_NAMES, type SourceName } from '../../sources/formats';

const today = '2015-06-01';
const HOUSEHOLDS = 2000;
let dir = '';
let written: ExtractsWritten;
let registry: RunningService<RegistryConfig> | undefined;

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
const natsUrl = useTestNats();
const registryDb = useTestDatabase('seed_extracts');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wuhai-extracts-'));
  written = await writeExtracts(path.join(dir, 'city'), { households: HOUSEHOLDS, seed: 1, today });
});

async function rowsOf(source: SourceName, folder = path.join(dir, 'city')): Promise<Record<string, string>[]> {
  return parse(await readFile(path.join(folder, SOURCE_FILES[source].file)), { columns: true }) as Record<string, string>[];
}

describe('the extracts of a 2 000-household city', () => {
  test('when the files are read, then each has exactly the contract’s header and the rows counted', async () => {
    for (const source of SOURCE_NAMES) {
      const text = await readFile(path.join(dir, 'city', SOURCE_FILES[source].file), 'utf8');
      const lines = text.split('\n').filter((l) => l !== '');
      expect(lines[0]).toBe(SOURCE_FILES[source].columns.join(','));
      expect(lines.length - 1).toBe(written.rows[source]);
      expect(written.rows[source]).toBeGreaterThan(0);
    }
    expect(written.months).toEqual(monthsBefore(today));
    expect(written.months[0]).toBe('2014-06');
    expect(written.months[11]).toBe('2015-05');
  });

  test('when planted.json is read, then it lists every kind at least 3 times, on different households, as the function returned', async () => {
    const planted = JSON.parse(await readFile(path.join(dir, 'city', 'planted.json'), 'utf8')) as PlantedRecord[];
    expect(planted).toEqual(written.planted);
    for (const kind of PLANTED_KIND_NAMES) {
      const ofKind = planted.filter((p) => p.kind === kind);
      expect({ kind, atLeast3: ofKind.length >= 3 }).toEqual({ kind, atLeast3: true });
      expect(ofKind.every((p) => p.source === PLANTED_KINDS[kind])).toBe(true);
    }
    expect(new Set(planted.map((p) => p.householdNo)).size).toBe(planted.length);
    expect(planted.every((p) => Object.keys(p).sort().join() === 'detail,householdNo,kind,memberIdNumber,source')).toBe(true);
  });

  test('when every source is compared with the declarations, then exactly the planted discrepancies show, and nothing else differs', async () => {
    const found = await discrepancies();
    const expected = written.planted.map((p) => `${p.householdNo} ${p.kind} ${p.memberIdNumber}`).sort();
    expect(found.anomalies).toEqual([]);
    expect(found.mismatches.sort()).toEqual(expected);
  });

  test('when inquiries.json is read, then it lists the annual-only tax figures of the files, one in 2 000 households, each of a member with no monthly income record', async () => {
    const inquiries = JSON.parse(await readFile(path.join(dir, 'city', 'inquiries.json'), 'utf8')) as PlantedRecord[];
    expect(inquiries).toEqual(written.inquiries);
    expect(inquiries).toHaveLength(1);
    const found = await discrepancies();
    expect(found.annual).toEqual(inquiries.map((q) => `${q.householdNo} ${q.memberIdNumber} ${String(q.detail.year)} ${Number(q.detail.amountFen)}`));
    expect(inquiries[0]).toMatchObject({ kind: 'annual-figure', source: 'tax', detail: { year: '2014' } });
    // averaged over twelve months it would be 1.5 times the declared income: what a verifier must not do
    expect(Number(inquiries[0]!.detail.amountFen)).toBe(18 * Number(inquiries[0]!.detail.declaredMonthlyFen));
    const monthly = (await rowsOf('tax')).filter((r) => r.idNumber === inquiries[0]!.memberIdNumber && r.month !== '2014');
    expect(monthly).toEqual([]);
  });

  test('when benign.json is read, then it lists two pay dates in one month and revoked businesses, each summing within the declaration', async () => {
    const benign = JSON.parse(await readFile(path.join(dir, 'city', 'benign.json'), 'utf8')) as PlantedRecord[];
    expect(benign.filter((b) => b.kind === 'two-pay-dates').length).toBeGreaterThanOrEqual(3);
    expect(benign.filter((b) => b.kind === 'revoked-business').length).toBeGreaterThanOrEqual(3);
    const tax = await rowsOf('tax');
    for (const b of benign.filter((x) => x.kind === 'two-pay-dates')) {
      const month = tax.filter((t) => t.idNumber === b.memberIdNumber && t.month === b.detail.month).map((t) => Number(t.taxableIncomeFen));
      expect(month).toEqual(b.detail.rowsFen);
    }
  });

  test('when the same city is written twice, then the files are byte-identical; another seed gives other files', async () => {
    const hashes = async (folder: string) =>
      Promise.all(['planted.json', ...SOURCE_NAMES.map((s) => SOURCE_FILES[s].file)].map(async (f) => createHash('sha256').update(await readFile(path.join(folder, f))).digest('hex')));
    await writeExtracts(path.join(dir, 'a'), { households: 300, seed: 7, today });
    await writeExtracts(path.join(dir, 'b'), { households: 300, seed: 7, today });
    await writeExtracts(path.join(dir, 'c'), { households: 300, seed: 8, today });
    expect(await hashes(path.join(dir, 'a'))).toEqual(await hashes(path.join(dir, 'b')));
    expect(await hashes(path.join(dir, 'c'))).not.toEqual(await hashes(path.join(dir, 'a')));
  });
});

describe('importing the extracts into the registry', () => {
  beforeAll(async () => {
    registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  });

  test('when the eight files are imported, then every row loads and none is rejected', async () => {
    const out: string[] = [];
    const outcomes = await importFolder({ folder: path.join(dir, 'city'), registryAddress: registry!.address, jwtSecret: JWT_SECRET, out: (l) => out.push(l) });
    expect(outcomes.map((o) => o.source)).toEqual(SOURCE_NAMES);
    for (const o of outcomes) {
      if (!o.ok) throw new Error(`${o.file} refused: ${o.code} ${o.message}`);
      expect({ file: o.file, loaded: Number(o.result.rowsLoaded), rejected: Number(o.result.rowsRejected) }).toEqual({
        file: o.file,
        loaded: written.rows[o.source],
        rejected: 0,
      });
    }
    const [tax] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_tax');
    expect(tax.n).toBe(written.rows.tax);
  });
});

/**
 * An independent reading of the files against the city's declarations: each mismatch the contract
 * names, as `householdNo kind memberIdNumber`, and anything else that disagrees (anomalies).
 */
async function discrepancies(): Promise<{ mismatches: string[]; anomalies: string[]; annual: string[] }> {
  const households = new Map<string, HouseholdFacts>();
  const persons = new Map<string, { householdNo: string; member: MemberFacts }>();
  for (const h of generateCity({ households: HOUSEHOLDS, seed: 1, today })) {
    households.set(h.householdNo, h.facts as HouseholdFacts);
    for (const m of h.facts.members as MemberFacts[]) persons.set(m.idNumber!, { householdNo: h.householdNo, member: m });
  }
  const mismatches: string[] = [];
  const anomalies: string[] = [];
  const person = (id: string) => {
    const p = persons.get(id);
    if (!p) anomalies.push(`${id} is in a source but in no household`);
    return p;
  };
  const perHousehold = <T>(rows: Record<string, string>[], key: (r: Record<string, string>) => T | undefined) => {
    const out = new Map<string, { ids: string[]; values: T[] }>();
    for (const r of rows) {
      const p = person(r.idNumber!);
      const v = key(r);
      if (!p || v === undefined) continue;
      const e = out.get(p.householdNo) ?? { ids: [], values: [] };
      e.ids.push(r.idNumber!);
      e.values.push(v);
      out.set(p.householdNo, e);
    }
    return out;
  };

  // hukou: everyone once, alive, in their own household
  const hukou = await rowsOf('hukou');
  const seen = new Set<string>();
  for (const r of hukou) {
    const p = person(r.idNumber!);
    if (!p) continue;
    seen.add(r.idNumber!);
    const m = p.member;
    if (r.name !== m.name || r.sex !== m.sex || r.birthDate !== m.birthDate) anomalies.push(`${r.idNumber} hukou facts differ`);
    if (r.status === 'deceased') mismatches.push(`${p.householdNo} deceased-member ${r.idNumber}`);
    if (r.householdNo !== p.householdNo) mismatches.push(`${p.householdNo} other-household ${r.idNumber}`);
  }
  if (seen.size !== persons.size || hukou.length !== persons.size) anomalies.push(`hukou lists ${hukou.length} rows for ${persons.size} people`);

  // income per member and month, against the declared monthly income with the contract's tolerance
  const income = new Map<string, number>();
  const add = (id: string, month: string, fen: number) => income.set(`${id} ${month}`, (income.get(`${id} ${month}`) ?? 0) + fen);
  // a `YYYY` month is an annual-only figure: never spread over months (inquiries.json lists them)
  const annual: string[] = [];
  for (const r of await rowsOf('tax')) {
    if (/^\d{4}$/.test(r.month!)) annual.push(`${person(r.idNumber!)?.householdNo} ${r.idNumber} ${r.month} ${Number(r.taxableIncomeFen)}`);
    else add(r.idNumber!, r.month!, Number(r.taxableIncomeFen));
  }
  for (const r of await rowsOf('social-insurance')) {
    const p = person(r.idNumber!);
    if (r.kind === 'contribution-base') {
      if (p && Number(r.amountFen) > p.member.monthlyIncomeFen) anomalies.push(`${r.idNumber} contribution base above the declared income`);
    } else add(r.idNumber!, r.month!, Number(r.amountFen));
  }
  for (const r of await rowsOf('housing-fund')) {
    const p = person(r.idNumber!);
    if (p && Number(r.baseFen) > p.member.monthlyIncomeFen) anomalies.push(`${r.idNumber} housing-fund base above the declared income`);
    if (!written.months.includes(r.month!)) anomalies.push(`${r.idNumber} housing fund outside the 12 months`);
  }
  const hidden = new Set<string>();
  for (const [key, fen] of income) {
    const [id, month] = key.split(' ') as [string, string];
    const p = person(id);
    if (!p) continue;
    if (!written.months.includes(month)) anomalies.push(`${id} income outside the 12 months (${month})`);
    const declared = p.member.monthlyIncomeFen;
    if (fen - declared > Math.max(Math.round(declared * 0.1), 5000)) hidden.add(`${p.householdNo} hidden-wages ${id}`);
  }
  mismatches.push(...hidden);

  // assets per household, against the declared counts and amounts
  const residential = perHousehold(await rowsOf('real-estate'), (r) => (r.use === 'residential' ? Number(r.floorAreaM2) : undefined));
  const business = perHousehold(await rowsOf('business'), (r) => (r.status === 'active' ? Number(r.registeredCapitalFen) : undefined));
  const vehicleRows = await rowsOf('vehicles');
  const vehicles = perHousehold(vehicleRows, (r) => (r.kind === 'disability-mobility' ? undefined : r.plate));
  const mobility = perHousehold(vehicleRows, (r) => (r.kind === 'disability-mobility' ? r.plate : undefined));
  const banks = perHousehold(await rowsOf('banks'), (r) => Number(r.balanceFen));
  for (const [no, facts] of households) {
    const a = facts.assets;
    const homes = residential.get(no);
    const homeCount = homes?.values.length ?? 0;
    if (homeCount > a.residences) mismatches.push(`${no} second-residence ${homes!.ids[homes!.ids.length - 1]}`);
    if (homeCount < a.residences) anomalies.push(`${no} declares ${a.residences} residences, the registry holds ${homeCount}`);
    if (facts.homeOwned && homes && homes.values[0] !== facts.livingAreaM2) anomalies.push(`${no} first home is not the declared living area`);

    const biz = business.get(no);
    const capital = biz?.values.reduce((x, y) => x + y, 0) ?? 0;
    if (capital > a.businessCapitalFen) mismatches.push(`${no} business ${biz!.ids[biz!.ids.length - 1]}`);
    if (capital < a.businessCapitalFen) anomalies.push(`${no} declares business capital the registry lacks`);

    const cars = vehicles.get(no);
    if ((cars?.values.length ?? 0) > a.vehicles) mismatches.push(`${no} undeclared-car ${cars!.ids[cars!.ids.length - 1]}`);
    if ((cars?.values.length ?? 0) < a.vehicles) anomalies.push(`${no} declares vehicles the registry lacks`);
    if ((mobility.get(no)?.values.length ?? 0) !== a.disabilityVehicles) anomalies.push(`${no} disability vehicles differ`);

    const accounts = banks.get(no);
    const balance = accounts?.values.reduce((x, y) => x + y, 0) ?? 0;
    if (balance > a.financialFen) mismatches.push(`${no} large-deposits ${accounts!.ids[accounts!.ids.length - 1]}`);
    if (balance < a.financialFen) anomalies.push(`${no} declares ${a.financialFen} fen, the banks hold ${balance}`);
  }
  return { mismatches, anomalies, annual };
}
