import { z } from 'zod';
import { disabilitySchema, fenSchema, ILLNESSES, SCHOOL_LEVELS } from '@wuhai/contracts';

/**
 * What `PATCH /api/v1/households/{id}` may change. Every field is optional and none has a default
 * (zod 4 would otherwise fill absent fields and overwrite data: DESIGN.md pitfalls).
 */
export const householdPatchSchema = z
  .object({
    street: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(200),
    livingAreaM2: z.number().min(0).max(100000),
    homeOwned: z.boolean(),
    houseDangerGrade: z.enum(['C', 'D']).nullable(),
    assets: z
      .object({
        financialFen: fenSchema,
        vehicles: z.number().int().min(0),
        disabilityVehicles: z.number().int().min(0),
        residences: z.number().int().min(0),
        businessCapitalFen: fenSchema,
      })
      .partial()
      .strict(),
    members: z
      .array(
        z
          .object({
            personId: z.uuid({ error: '成员编号无效 / personId must be a person id' }),
            monthlyIncomeFen: fenSchema,
            canWork: z.boolean(),
            employed: z.boolean(),
            pensionInsured: z.boolean(),
            illness: z.enum(ILLNESSES).nullable(),
            school: z.object({ level: z.enum(SCHOOL_LEVELS), boarding: z.boolean() }).nullable(),
            disability: disabilitySchema.nullable(),
          })
          .partial()
          .required({ personId: true })
          .strict(),
      )
      .max(30),
  })
  .partial()
  .strict();
export type HouseholdPatch = z.infer<typeof householdPatchSchema>;

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
