
export { householdPatchSchema, type HouseholdPatch } from '@wuhai/contracts';
import type { HouseholdPatch } from '@wuhai/contracts';

/** One recorded change: which field (dotted), old and new value. */
export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

/**
 * The changes a patch makes to the current values, field by field; unchanged values are left out.
 * @param current flat map of the current values, keyed like the result's `field`
 *   (`street`, `assets.vehicles`, `members.<personId>.monthlyIncomeFen`, …)
 */
export function diffPatch(patch: HouseholdPatch, current: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  const consider = (field: string, value: unknown) => {
    if (value === undefined) return;
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value)) changes.push({ field, oldValue: current[field] ?? null, newValue: value });
  };
  for (const key of ['street', 'address', 'livingAreaM2', 'homeOwned', 'houseDangerGrade'] as const) consider(key, patch[key]);
  for (const [k, v] of Object.entries(patch.assets ?? {})) consider(`assets.${k}`, v);
  for (const m of patch.members ?? []) {
    for (const [k, v] of Object.entries(m)) if (k !== 'personId') consider(`members.${m.personId}.${k}`, v);
  }
  return changes;
}
