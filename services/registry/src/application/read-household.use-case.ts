import type { DataSource } from 'typeorm';
import type { HouseholdFactsMsg, HouseholdMsg, HouseholdSummaryMsg, MemberMsg, PersonWithHouseholdMsg } from '@wuhai/contracts';
import { maskIdNumber, parseIdNumber, toHouseholdFieldsMsg } from '@wuhai/contracts';
import { householdNotFound, personNotFound } from '../domain/registry.errors';
import { isLegacyIdNumber } from '../domain/legacy-id-number';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity, type HouseholdRow, type PersonRow } from '../persistence/registry.entities';

/** The household with its members (member `id` = person id) and its change history. */
export async function getHousehold(ds: DataSource, id: string): Promise<HouseholdMsg> {
  // a strict uuid: PostgreSQL refuses anything else with an error that would surface as INTERNAL
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw householdNotFound(id);
  const h = await ds.getRepository(HouseholdEntity).findOneBy({ id });
  if (!h) throw householdNotFound(id);
  const persons = await ds.getRepository(PersonEntity).find({ where: { householdId: id }, order: { position: 'ASC' } });
  const changes = await ds.getRepository(HouseholdChangeEntity).find({ where: { householdId: id }, order: { id: 'ASC' } });
  return {
    id: h.id,
    householdNo: h.householdNo,
    street: h.street,
    address: h.address,
    facts: toFactsMsg(h, persons),
    history: changes.map((c) => ({
      at: c.at.toISOString(),
      by: c.by,
      field: c.field,
      oldValue: JSON.stringify(c.oldValue ?? null),
      newValue: JSON.stringify(c.newValue ?? null),
    })),
    createdAt: h.createdAt.toISOString(),
    version: h.version,
  };
}

/**
 * The person with this ID number and the household they belong to (a deceased person: the household
 * they belonged to, with `deathDate`). A 15-digit number finds the
 * person registered with it; an 18-character one the person registered with it, else a person
 * whose legacy number converts to it.
 */
export async function findPersonByIdNumber(ds: DataSource, idNumber: string): Promise<PersonWithHouseholdMsg> {
  const normalised = idNumber.trim().toUpperCase();
  let p: PersonRow | null;
  if (isLegacyIdNumber(normalised)) {
    p = await ds.getRepository(PersonEntity).findOneBy({ legacyIdNumber: normalised });
  } else {
    if (!parseIdNumber(normalised, '9999-12-31').ok) throw personNotFound();
    // the person registered with the 18-character number (no legacy number) first
    p = await ds.getRepository(PersonEntity).findOne({ where: { idNumber: normalised }, order: { legacyIdNumber: { direction: 'ASC', nulls: 'FIRST' }, id: 'ASC' } });
  }
  if (!p) throw personNotFound();
  // the deceased stay findable, with the household they belonged to (docs/decisions/0013-deaths-and-moves.md)
  const h = await ds.getRepository(HouseholdEntity).findOneByOrFail({ id: (p.householdId ?? p.lastHouseholdId)! });
  return { personId: p.id, person: toMemberMsg(p), householdId: h.id, householdNo: h.householdNo, street: h.street, area: h.area, deathDate: p.deathDate ?? '' };
}

/** How many households and persons the registry holds. */
export async function countHouseholds(ds: DataSource): Promise<{ households: string; persons: string }> {
  const [row] = await ds.query('SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM persons) AS persons');
  return { households: String(row.households), persons: String(row.persons) };
}

function toFactsMsg(h: HouseholdRow, persons: PersonRow[]): HouseholdFactsMsg {
  const assets = { financialFen: h.financialFen, vehicles: h.vehicles, disabilityVehicles: h.disabilityVehicles, residences: h.residences, businessCapitalFen: h.businessCapitalFen };
  return { ...toHouseholdFieldsMsg({ ...h, assets }), members: persons.map(toMemberMsg) };
}

function toMemberMsg(p: PersonRow): MemberMsg {
  return {
    id: p.id,
    personId: p.id,
    idNumber: p.idNumber,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    relation: p.relation,
    minority: p.minority,
    disability: p.disabilityCategory ? { category: p.disabilityCategory, grade: p.disabilityGrade ?? 0 } : null,
    monthlyIncomeFen: String(p.monthlyIncomeFen),
    canWork: p.canWork,
    employed: p.employed,
    pensionInsured: p.pensionInsured,
    illness: p.illness ?? '',
    school: p.schoolLevel ? { level: p.schoolLevel, boarding: p.schoolBoarding ?? false } : null,
    admissionLevel: p.admissionLevel ?? '',
    tekunKind: p.tekunKind ?? '',
    legacyIdNumber: p.legacyIdNumber ?? '',
  };
}

/**
 * Households with a member whose name starts with `name`, on a street whose name contains
 * `street`, in `area` (each optional; at least one must be given), lowest declared income per
 * person first (who most likely needs help), the head's ID number masked. Paged by limit/offset.
 */
export async function searchHouseholds(
  ds: DataSource,
  q: { name: string; street: string; area: string; limit: number; offset: number },
): Promise<{ households: HouseholdSummaryMsg[]; total: string }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.name.trim()) {
    params.push(`${q.name.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`EXISTS (SELECT 1 FROM persons m WHERE m.household_id = h.id AND m.name LIKE $${params.length})`);
  }
  if (q.street.trim()) {
    params.push(`%${q.street.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`h.street LIKE $${params.length}`);
  }
  if (q.area.trim()) {
    params.push(q.area.trim());
    where.push(`h.area = $${params.length}`);
  }
  if (where.length === 0) return { households: [], total: '0' };
  const clause = where.join(' AND ');
  const [{ total }] = await ds.query(`SELECT count(*) AS total FROM households h WHERE ${clause}`, params);
  const limit = Math.min(Math.max(q.limit || 20, 1), 100);
  const rows: Record<string, unknown>[] = await ds.query(
    `SELECT * FROM (
       SELECT h.id, h.household_no, h.area, h.street, h.hukou,
              (SELECT count(*) FROM persons p WHERE p.household_id = h.id) AS members,
              (SELECT coalesce(sum(p.monthly_income_fen), 0) FROM persons p WHERE p.household_id = h.id) AS income,
              head.name AS head_name, head.id_number AS head_id_number,
              ${q.name.trim() ? `(SELECT m.name FROM persons m WHERE m.household_id = h.id AND m.name LIKE $1 ORDER BY m.position LIMIT 1)` : "''"} AS matched
       FROM households h
       LEFT JOIN LATERAL (SELECT name, id_number FROM persons p WHERE p.household_id = h.id ORDER BY (p.relation = 'head') DESC, p.position LIMIT 1) head ON true
       WHERE ${clause}) found
     ORDER BY income::numeric / greatest(members, 1), household_no
     LIMIT ${limit} OFFSET ${Math.max(q.offset || 0, 0)}`,
    params,
  );
  return {
    total: String(total),
    households: rows.map((r) => ({
      householdId: String(r.id),
      householdNo: String(r.household_no),
      area: String(r.area),
      street: String(r.street),
      hukou: String(r.hukou),
      headName: String(r.head_name ?? ''),
      headIdNumberMasked: r.head_id_number ? maskIdNumber(String(r.head_id_number)) : '',
      members: Number(r.members),
      perCapitaIncomeFen: String(Number(r.members) ? BigInt(String(r.income)) / BigInt(Number(r.members)) : 0n),
      matchedName: String(r.matched ?? ''),
    })),
  };
}
