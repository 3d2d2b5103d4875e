import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  SUBJECTS,
  STREETS_BY_AREA,
  isStreetOfArea,
  fromHouseholdFactsMsg,
  type AreaCode,
  type FieldError,
  type RegisterHouseholdRequestMsg,
  type RegisterHouseholdResponseMsg,
} from '@wuhai/contracts';
import { cityDate, enqueueEvent, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { validateForRegistry } from '../domain/household.rules';
import { householdNoTaken, idNumberTaken, invalidHousehold } from '../domain/registry.errors';
import { convertLegacyIdNumber, isLegacyIdNumber } from '../domain/legacy-id-number';
import { memberOfAnotherHousehold } from '../domain/household-lifecycle.errors';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity } from '../persistence/registry.entities';

/**
 * Registers a household and its members in one transaction and announces it
 * (`wuhai.registry.household.registered.v1`). An ID number already registered anywhere is refused
 * with the member's field named, and the message naming the person and the household they belong
 * to (one person in one household at a time: a person leaves a household by a recorded move,
 * `MovePerson`); nothing is stored or published then. A member's legacy 15-digit
 * number is converted to 18 characters (GB 11643-1999) and both are kept; it is refused only when
 * that 15-digit number is registered already (a person registered with the 18-character number is
 * listed as a possible duplicate instead: `ListDuplicates`).
 */
export async function registerHousehold(
  deps: { ds: DataSource; clock: Clock; kickOutbox(): void },
  request: RegisterHouseholdRequestMsg,
  caller: Caller,
  correlationId: string,
): Promise<RegisterHouseholdResponseMsg> {
  // households are registered at the intake window (civil affairs) or by the registry office
  requireDepartment(caller, 'registry', 'civil-affairs');
  const today = cityDate(deps.clock.now());
  const plain = request.facts ? fromHouseholdFactsMsg(request.facts) : null;
  // a legacy 15-digit number is converted (GB 11643-1999) and checked as the 18-character one; both are kept
  const { legacy, fields: legacyFields } = convertLegacyNumbers(plain, today);
  const checked = validateForRegistry(plain, today);
  const addressFields = [...legacyFields];
  if (!request.street?.trim()) addressFields.push({ path: 'street', code: 'VALIDATION.REQUIRED', message: '街道不能为空 / street is required' });
  if (!request.address?.trim()) addressFields.push({ path: 'address', code: 'VALIDATION.REQUIRED', message: '地址不能为空 / address is required' });
  if (request.street?.trim() && plain?.area && !isStreetOfArea(plain.area, request.street)) {
    addressFields.push({
      path: 'street',
      code: 'VALIDATION.STREET_NOT_IN_AREA',
      message: `街道（镇）不属于该行政区，可选：${(STREETS_BY_AREA[plain.area as AreaCode] ?? []).join('、')} / the street or town is not one of the area's`,
    });
  }
  if (!checked.ok || addressFields.length) throw invalidHousehold([...(checked.ok ? [] : checked.fields), ...addressFields]);
  const facts = checked.facts;
  const idNumbers = facts.members.map((m) => m.idNumber!.toUpperCase());
  // what must be unique per member: the 18-character number as given, or the legacy number as given
  const keys = idNumbers.map((id, i) => legacy[i] ?? id);

  const result = await deps.ds.transaction(async (manager) => {
    // one person in one household at a time: a registered person (living, or recorded deceased) is
    // refused, naming them and their household; a person leaves a household by a recorded move
    const taken: TakenMember[] = await manager.query(
      `SELECT t.key, p.name, p.death_date::text AS death_date, h.id AS household_id, h.household_no
         FROM (SELECT id AS person_id, id_number AS key FROM persons WHERE legacy_id_number IS NULL AND id_number = ANY($1)
               UNION ALL SELECT id, legacy_id_number FROM persons WHERE legacy_id_number = ANY($2)) t
         JOIN persons p ON p.id = t.person_id
         JOIN households h ON h.id = coalesce(p.household_id, p.last_household_id)`,
      [idNumbers.filter((_, i) => !legacy[i]), legacy.filter((l): l is string => l !== null)],
    );
    if (taken.length) {
      throw memberOfAnotherHousehold(
        takenFields(keys, taken),
        taken.map((t) => ({ name: t.name, householdNo: t.household_no, householdId: t.household_id })),
      );
    }
    const householdId = randomUUID();
    const householdNo =
      request.householdNo?.trim() ||
      `${facts.area}-${(await manager.query("SELECT nextval('household_no_seq') AS n"))[0].n as string}`;
    try {
      await manager.getRepository(HouseholdEntity).insert({
        id: householdId,
        householdNo,
        area: facts.area,
        hukou: facts.hukou,
        street: request.street.trim(),
        address: request.address.trim(),
        livingAreaM2: facts.livingAreaM2,
        homeOwned: facts.homeOwned,
        houseDangerGrade: facts.houseDangerGrade,
        financialFen: facts.assets.financialFen,
        vehicles: facts.assets.vehicles,
        disabilityVehicles: facts.assets.disabilityVehicles,
        residences: facts.assets.residences,
        businessCapitalFen: facts.assets.businessCapitalFen,
        familyPlanning: facts.familyPlanning,
        version: 1,
      });
    } catch (err) {
      // the hukou booklet number is already registered (households.household_no is unique)
      if ((err as { code?: string }).code === '23505') throw householdNoTaken();
      throw err;
    }
    const members = facts.members.map((m, position) => ({ ref: m.id, personId: randomUUID(), m, position }));
    try {
      await manager.getRepository(PersonEntity).insert(
        members.map(({ personId, m, position }) => ({
          id: personId,
          householdId,
          position,
          idNumber: m.idNumber!.toUpperCase(),
          legacyIdNumber: legacy[position] ?? null,
          name: m.name,
          sex: m.sex,
          birthDate: m.birthDate,
          relation: m.relation,
          minority: m.minority,
          disabilityCategory: m.disability?.category ?? null,
          disabilityGrade: m.disability?.grade ?? null,
          monthlyIncomeFen: m.monthlyIncomeFen,
          canWork: m.canWork,
          employed: m.employed,
          pensionInsured: m.pensionInsured,
          illness: m.illness,
          schoolLevel: m.school?.level ?? null,
          schoolBoarding: m.school?.boarding ?? null,
          admissionLevel: m.admission?.level ?? null,
          tekunKind: m.tekun?.kind ?? null,
        })),
      );
    } catch (err) {
      // a concurrent registration took the number between our check and insert; PostgreSQL names
      // it in the detail `Key (id_number)=(…) already exists.`
      if ((err as { code?: string }).code === '23505') {
        const taken = /\((?:legacy_)?id_number\)=\(([0-9X]{15,18})\)/.exec((err as { detail?: string }).detail ?? '')?.[1];
        throw idNumberTaken(duplicateFields(keys, taken ? [taken] : keys));
      }
      throw err;
    }
    await manager.getRepository(HouseholdChangeEntity).insert({
      householdId,
      by: caller.username,
      field: 'household',
      newValue: { registered: true, members: members.length, area: facts.area, street: request.street.trim() },
    });
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdRegistered,
      source: 'registry',
      correlationId,
      data: { householdId, area: facts.area, hukou: facts.hukou, street: request.street.trim(), personIds: members.map((x) => x.personId) },
    });
    // both numbers of each member: the 18-character one registered and the legacy one as given
    return { id: householdId, members: members.map(({ ref, personId, position }) => ({ ref, personId, idNumber: idNumbers[position]!, legacyIdNumber: legacy[position] ?? '' })) };
  });
  deps.kickOutbox();
  return result;
}

/**
 * Replaces each member's 15-digit ID number in `plain` (in place) by its 18-character conversion.
 * @returns per member the legacy number given (or null), and a field error for each 15-digit
 *   number that cannot be converted (impossible or future birth date)
 */
function convertLegacyNumbers(plain: unknown, today: string): { legacy: (string | null)[]; fields: FieldError[] } {
  const members = (plain as { members?: { idNumber?: string | null }[] } | null)?.members;
  if (!Array.isArray(members)) return { legacy: [], fields: [] };
  const fields: FieldError[] = [];
  const legacy = members.map((m, i) => {
    const given = typeof m?.idNumber === 'string' ? m.idNumber.trim() : '';
    if (!isLegacyIdNumber(given)) return null;
    const converted = convertLegacyIdNumber(given, today);
    if (!converted.ok) {
      fields.push({
        path: `household.members.${i}.idNumber`,
        code: converted.problem,
        message: '15位旧身份证号中的出生日期无效 / the birth date inside the 15-digit ID number is impossible or in the future',
      });
      return null;
    }
    m.idNumber = converted.idNumber;
    return given;
  });
  return { legacy, fields };
}

/** A registered person an ID number of the request belongs to, and their (last) household. */
interface TakenMember {
  key: string;
  name: string;
  death_date: string | null;
  household_id: string;
  household_no: string;
}

/** One field per member whose ID number is registered, naming the person and their household. */
function takenFields(idNumbers: string[], taken: TakenMember[]): FieldError[] {
  return idNumbers.flatMap((idn, i) => {
    const t = taken.find((x) => x.key.trim() === idn);
    if (!t) return [];
    const message = t.death_date
      ? `该身份证号属于已登记死亡的 ${t.name}（${t.death_date}，原属户 ${t.household_no}）/ this ID number belongs to ${t.name}, recorded as deceased on ${t.death_date} (household ${t.household_no}, ${t.household_id})`
      : `该身份证号已登记为户 ${t.household_no} 的成员 ${t.name}，须办理迁移登记 / this ID number is registered as ${t.name}, a member of household ${t.household_no} (${t.household_id}); a person leaves a household by a recorded move`;
    return [{ path: `household.members.${i}.idNumber`, code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD', message }];
  });
}

function duplicateFields(idNumbers: string[], taken: string[]) {
  return idNumbers
    .map((idn, i) => ({ idn, i }))
    .filter(({ idn }) => taken.includes(idn))
    .map(({ i }) => ({
      path: `household.members.${i}.idNumber`,
      code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD',
      message: '该身份证号已登记在其他家庭 / this ID number is already registered in another household',
    }));
}
