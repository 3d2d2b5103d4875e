import type { DataSource } from 'typeorm';
import type { HouseholdMsg, MemberMsg, PersonWithHouseholdMsg } from '@wuhai/contracts';
import { parseIdNumber } from '@wuhai/contracts';
import { householdNotFound, personNotFound } from '../domain/registry.errors';
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

/** The person with this ID number and the household they belong to. */
export async function findPersonByIdNumber(ds: DataSource, idNumber: string): Promise<PersonWithHouseholdMsg> {
  const normalised = idNumber.trim().toUpperCase();
  if (!parseIdNumber(normalised, '9999-12-31').ok) throw personNotFound();
  const p = await ds.getRepository(PersonEntity).findOneBy({ idNumber: normalised });
  if (!p) throw personNotFound();
  const h = await ds.getRepository(HouseholdEntity).findOneByOrFail({ id: p.householdId });
  return { personId: p.id, person: toMemberMsg(p), householdId: h.id, householdNo: h.householdNo, street: h.street, area: h.area };
}

/** How many households and persons the registry holds. */
export async function countHouseholds(ds: DataSource): Promise<{ households: string; persons: string }> {
  const [row] = await ds.query('SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM persons) AS persons');
  return { households: String(row.households), persons: String(row.persons) };
}

function toFactsMsg(h: HouseholdRow, persons: PersonRow[]) {
  return {
    area: h.area,
    hukou: h.hukou,
    livingAreaM2: h.livingAreaM2,
    homeOwned: h.homeOwned,
    houseDangerGrade: h.houseDangerGrade ?? '',
    assets: {
      financialFen: String(h.financialFen),
      vehicles: h.vehicles,
      disabilityVehicles: h.disabilityVehicles,
      residences: h.residences,
      businessCapitalFen: String(h.businessCapitalFen),
    },
    familyPlanning: {
      onlyChild: h.familyPlanning.onlyChild ?? '',
      ruralOneChildOrTwoDaughters: h.familyPlanning.ruralOneChildOrTwoDaughters,
      urbanOneChild: h.familyPlanning.urbanOneChild,
    },
    members: persons.map(toMemberMsg),
  };
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
  };
}
