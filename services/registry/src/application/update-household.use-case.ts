import type { DataSource } from 'typeorm';
import { DomainError, STREETS_BY_AREA, SUBJECTS, isStreetOfArea, toFieldErrors, type AreaCode, type HouseholdMsg } from '@wuhai/contracts';
import { enqueueEvent, requireDepartment, type Caller } from '@wuhai/service-kit';
import { diffPatch, householdPatchSchema } from '../domain/household-patch';
import { householdNotFound, invalidHousehold } from '../domain/registry.errors';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity } from '../persistence/registry.entities';
import { getHousehold } from './read-household.use-case';

const HOUSEHOLD_COLUMNS: Record<string, string> = {
  street: 'street',
  address: 'address',
  livingAreaM2: 'livingAreaM2',
  homeOwned: 'homeOwned',
  houseDangerGrade: 'houseDangerGrade',
  'assets.financialFen': 'financialFen',
  'assets.vehicles': 'vehicles',
  'assets.disabilityVehicles': 'disabilityVehicles',
  'assets.residences': 'residences',
  'assets.businessCapitalFen': 'businessCapitalFen',
};

/**
 * Changes a household's facts (PATCH): validates the patch, records each changed field in the
 * history with who/old/new, bumps the version, and announces `wuhai.registry.household.changed.v1`,
 * all in one transaction. A patch that changes nothing records and announces nothing.
 * @throws DomainError VALIDATION.INVALID_HOUSEHOLD, REGISTRY.HOUSEHOLD_NOT_FOUND,
 *   REGISTRY.VERSION_CONFLICT (when `expectedVersion` is stale), REGISTRY.NOT_A_MEMBER
 */
export async function updateHousehold(
  deps: { ds: DataSource; kickOutbox(): void },
  request: { id: string; expectedVersion: number; patchJson: string },
  caller: Caller,
  correlationId: string,
): Promise<HouseholdMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(request.id)) throw householdNotFound(request.id);
  let raw: unknown;
  try {
    raw = JSON.parse(request.patchJson);
  } catch {
    throw invalidHousehold([{ path: '', code: 'VALIDATION.INVALID_JSON', message: '不是合法的JSON / not valid JSON' }]);
  }
  const parsed = householdPatchSchema.safeParse(raw);
  if (!parsed.success) throw invalidHousehold(toFieldErrors(parsed.error));
  const patch = parsed.data;

  const changed = await deps.ds.transaction(async (manager) => {
    const h = await manager.getRepository(HouseholdEntity).createQueryBuilder('h').setLock('pessimistic_write').where('h.id = :id', { id: request.id }).getOne();
    if (!h) throw householdNotFound(request.id);
    if (request.expectedVersion && request.expectedVersion !== h.version) {
      throw new DomainError('REGISTRY.VERSION_CONFLICT', 'precondition', '户信息已被他人修改，请刷新后重试', 'the household was changed by someone else; reload and retry');
    }
    const persons = await manager.getRepository(PersonEntity).findBy({ householdId: h.id });
    const current: Record<string, unknown> = {
      street: h.street,
      address: h.address,
      livingAreaM2: h.livingAreaM2,
      homeOwned: h.homeOwned,
      houseDangerGrade: h.houseDangerGrade,
      'assets.financialFen': h.financialFen,
      'assets.vehicles': h.vehicles,
      'assets.disabilityVehicles': h.disabilityVehicles,
      'assets.residences': h.residences,
      'assets.businessCapitalFen': h.businessCapitalFen,
    };
    for (const p of persons) {
      Object.assign(current, {
        [`members.${p.id}.monthlyIncomeFen`]: p.monthlyIncomeFen,
        [`members.${p.id}.canWork`]: p.canWork,
        [`members.${p.id}.employed`]: p.employed,
        [`members.${p.id}.pensionInsured`]: p.pensionInsured,
        [`members.${p.id}.illness`]: p.illness,
        [`members.${p.id}.school`]: p.schoolLevel ? { level: p.schoolLevel, boarding: p.schoolBoarding ?? false } : null,
        [`members.${p.id}.disability`]: p.disabilityCategory ? { category: p.disabilityCategory, grade: p.disabilityGrade } : null,
      });
    }
    (patch.members ?? []).forEach((m, i) => {
      if (!persons.some((p) => p.id === m.personId)) {
        throw invalidHousehold([{ path: `members.${i}.personId`, code: 'REGISTRY.NOT_A_MEMBER', message: '此人不是该户成员 / this person is not a member of the household' }]);
      }
    });
    if (patch.street !== undefined && !isStreetOfArea(h.area, patch.street)) {
      throw invalidHousehold([
        {
          path: 'street',
          code: 'VALIDATION.STREET_NOT_IN_AREA',
          message: `街道（镇）不属于该行政区，可选：${(STREETS_BY_AREA[h.area as AreaCode] ?? []).join('、')} / the street or town is not one of the area's`,
        },
      ]);
    }
    const changes = diffPatch(patch, current);
    if (changes.length === 0) return [];
    const householdSet: Record<string, unknown> = {};
    const personSets = new Map<string, Record<string, unknown>>();
    for (const c of changes) {
      const column = HOUSEHOLD_COLUMNS[c.field];
      if (column) {
        householdSet[column] = c.newValue;
        continue;
      }
      const [, personId, key] = c.field.split('.') as [string, string, string];
      const set = personSets.get(personId) ?? {};
      if (key === 'school') {
        const v = c.newValue as { level: string; boarding: boolean } | null;
        set.schoolLevel = v?.level ?? null;
        set.schoolBoarding = v?.boarding ?? null;
      } else if (key === 'disability') {
        const v = c.newValue as { category: number; grade: number } | null;
        set.disabilityCategory = v?.category ?? null;
        set.disabilityGrade = v?.grade ?? null;
      } else set[key] = c.newValue;
      personSets.set(personId, set);
    }
    await manager.getRepository(HouseholdEntity).update({ id: h.id }, { ...householdSet, version: h.version + 1 });
    for (const [personId, set] of personSets) await manager.getRepository(PersonEntity).update({ id: personId }, set);
    await manager.getRepository(HouseholdChangeEntity).insert(
      changes.map((c) => ({ householdId: h.id, by: caller.username, field: c.field, oldValue: c.oldValue as object, newValue: c.newValue as object })),
    );
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdChanged,
      source: 'registry',
      correlationId,
      data: { householdId: h.id, version: h.version + 1, fields: changes.map((c) => c.field), changedBy: caller.username },
    });
    return changes;
  });
  if (changed.length) deps.kickOutbox();
  return getHousehold(deps.ds, request.id);
}
