import { z } from 'zod';
import 'zod-openapi';
import { dateSchema, DEATH_SOURCES, fenSchema, LIFECYCLE_NOTE_MAX, RELATIONS } from '@wuhai/contracts';
import { householdViewSchema } from './schemas';

/**
 * The zod schemas of deaths and moves (docs/decisions/0013-deaths-and-moves.md): the bodies the
 * routes validate and `openapi.ts` renders. The registry checks what needs the person (a day
 * before the birth, the new head, the relation in the household moved to) and names the same
 * fields.
 */

const UUID_LIKE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const personIdSchema = (what: string) =>
  z.string({ error: `${what}必须为成员编号 / ${what} must be a person id` }).regex(UUID_LIKE, { error: `${what}必须为成员编号 / ${what} must be a person id` });
const noteSchema = z
  .string()
  .max(LIFECYCLE_NOTE_MAX, { error: `备注不能超过${LIFECYCLE_NOTE_MAX}个字 / the note is at most ${LIFECYCLE_NOTE_MAX} characters` })
  .default('');

/** `POST /api/v1/persons/{idNumber}/death` body. */
export const deathBodySchema = z
  .object({
    deathDate: dateSchema.meta({ description: 'The day of death, `YYYY-MM-DD`: not after today, not before the birth date, not before the day the person moved into their household.', example: '2026-05-20' }),
    source: z
      .enum(DEATH_SOURCES, { error: `死亡信息来源必须为 ${DEATH_SOURCES.join(' | ')} / source must be one of ${DEATH_SOURCES.join(' | ')}` })
      .meta({ description: 'Who reported the death.' }),
    note: noteSchema,
    newHeadPersonId: personIdSchema('newHeadPersonId')
      .optional()
      .meta({ description: 'Required when the head died and others remain: the member who becomes head (never picked by the platform).' }),
  })
  .meta({ id: 'DeathRecord' });

export const deathRecordedSchema = z.object({
  personId: z.string(),
  householdId: z.string().meta({ description: 'The household the person belonged to.' }),
  deathDate: z.string(),
  household: householdViewSchema.meta({ description: 'The household after the death (ID numbers masked).' }),
});

/** `POST /api/v1/persons/{idNumber}/death/revocation` body. */
export const deathRevocationBodySchema = z
  .object({
    reason: z
      .string({ error: '须说明撤销死亡登记的原因 / reason is required: say why the death is revoked' })
      .trim()
      .min(1, { error: '须说明撤销死亡登记的原因 / reason is required: say why the death is revoked' })
      .max(LIFECYCLE_NOTE_MAX, { error: `原因不能超过${LIFECYCLE_NOTE_MAX}个字 / the reason is at most ${LIFECYCLE_NOTE_MAX} characters` })
      .meta({ description: 'Why the death is revoked (a death recorded by mistake), kept in the household history.', example: '公安部门核实此人健在，系误登记' }),
  })
  .meta({ id: 'DeathRevocation' });

export const deathRevokedSchema = z.object({
  personId: z.string(),
  householdId: z.string().meta({ description: 'The household the person is back in: the one they were in when the death was recorded.' }),
  relation: z.string().meta({ description: 'Their relation to the head now: the old one, or `other` when they were head and another member was named head meanwhile.' }),
  previousRelation: z.string().meta({ description: 'Their relation when the death was recorded.' }),
  revokedDeathDate: z.string().meta({ description: 'The day of death that was recorded and is revoked.' }),
  household: householdViewSchema.meta({ description: 'The household with the person back (ID numbers masked).' }),
});

const newHouseholdSchema = z
  .object({
    street: z.string({ error: '街道不能为空 / street is required' }).trim().min(1, { error: '街道不能为空 / street is required' }).max(100),
    address: z.string({ error: '地址不能为空 / address is required' }).trim().min(1, { error: '地址不能为空 / address is required' }).max(200),
    householdNo: z.string().trim().min(1).max(40).optional().meta({ description: 'Hukou booklet number; assigned when absent.' }),
    area: z.enum(['150302', '150303', '150304'], { error: '行政区划代码无效 / unknown area code' }).optional().meta({ description: 'Default: the area of the household left.' }),
    hukou: z.enum(['urban', 'rural'], { error: '户籍类型必须为 urban | rural / hukou must be urban or rural' }).optional().meta({ description: 'Default: the hukou of the household left.' }),
    livingAreaM2: z.number({ error: '居住面积必须为数字 / livingAreaM2 must be a number' }).min(0).max(100000),
    homeOwned: z.boolean({ error: '须说明是否自有住房 / homeOwned is required' }),
    houseDangerGrade: z.enum(['C', 'D']).nullable().optional(),
    assets: z
      .object({
        financialFen: fenSchema,
        vehicles: z.number().int().min(0),
        disabilityVehicles: z.number().int().min(0).default(0),
        residences: z.number().int().min(0),
        businessCapitalFen: fenSchema,
      })
      .optional()
      .meta({ description: 'Default: none.' }),
  })
  .meta({ description: 'A household the person founds at the address given; they are its head.' });

/** `POST /api/v1/persons/{idNumber}/moves` body: to an existing household or a new one. */
export const moveBodySchema = z
  .object({
    toHouseholdId: z
      .string()
      .regex(UUID_LIKE, { error: 'toHouseholdId必须为户编号 / toHouseholdId must be a household id' })
      .optional()
      .meta({ description: 'The household moved to; or give `newHousehold`.' }),
    newHousehold: newHouseholdSchema.optional(),
    relation: z
      .enum(RELATIONS, { error: `与户主关系必须为 ${RELATIONS.join(' | ')} / relation must be one of ${RELATIONS.join(' | ')}` })
      .optional()
      .meta({ description: 'Relation to the head of the household moved to; required there; a new household: head.' }),
    movedOn: dateSchema.meta({ description: 'The day of the move, `YYYY-MM-DD`: not after today, not before the birth date, not before the day the person moved into the household they leave.', example: '2026-05-24' }),
    note: noteSchema,
    newHeadPersonId: personIdSchema('newHeadPersonId')
      .optional()
      .meta({ description: 'Required when the head leaves and others remain: who becomes head of the household left.' }),
  })
  .meta({ id: 'Move' });

export const movedSchema = z.object({
  personId: z.string(),
  fromHouseholdId: z.string(),
  toHouseholdId: z.string(),
  toHouseholdNo: z.string(),
  newHousehold: z.boolean(),
  splitSuspected: z
    .object({ id: z.string(), householdId: z.string(), otherHouseholdId: z.string(), note: z.string() })
    .nullable()
    .meta({ description: 'Set when the new household is at the address of the one left: a possible split household, listed for clerks.' }),
});
