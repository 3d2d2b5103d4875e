import { z } from 'zod';
import {
  areaSchema,
  assetsSchema,
  DEATH_SOURCES,
  LIFECYCLE_NOTE_MAX,
  familyPlanningSchema,
  hukouSchema,
  RELATIONS,
  STREETS_BY_AREA,
  isStreetOfArea,
  toFieldErrors,
  type AreaCode,
  type FieldError,
} from '@wuhai/contracts';
import { newHeadNotAMember, newHeadNotExpected, newHeadRequired } from './household-lifecycle.errors';

/**
 * Rules of a household's life that do not need the database: who reports a death, which dates a
 * death or move may carry, who heads a household a member leaves, what a new household needs, and
 * when two addresses are the same (possible split household). City §18: "one person in one
 * household at a time; every change kept as history; deaths recorded and announced";
 * docs/decisions/0013-deaths-and-moves.md.
 */

/** Who reported a death (`DEATH_SOURCES` of the contracts). */
export { DEATH_SOURCES, type DeathSource } from '@wuhai/contracts';

/** Longest note kept with a death or move. */
export const NOTE_MAX = LIFECYCLE_NOTE_MAX;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * The day of a death or a move: a real `YYYY-MM-DD`, not after `today` (the city's date), not before
 * the person's birth date, and not before the day they moved into their current household
 * (`joinedOn`, the `movedOn` of their last recorded move; null when they have been a member since
 * the household was registered): a person leaves a household, by death or by a move, only after
 * joining it (City §18: one person in one household at a time, every change kept as history).
 * @returns the field errors (none when the day is acceptable), each naming `path`
 */
export function checkEventDay(
  value: string,
  path: string,
  birthDate: string,
  today: string,
  what: { zh: string; en: string; code: string },
  joinedOn: string | null = null,
): FieldError[] {
  if (!isRealDate(value)) {
    return [{ path, code: 'VALIDATION.INVALID_DATE', message: `${what.zh}必须为存在的 YYYY-MM-DD / the ${what.en} must be a real YYYY-MM-DD` }];
  }
  if (value > today) {
    return [{ path, code: `VALIDATION.${what.code}_IN_FUTURE`, message: `${what.zh}不能晚于今天（${today}）/ the ${what.en} must not be after today (${today})` }];
  }
  if (value < birthDate) {
    return [
      {
        path,
        code: `VALIDATION.${what.code}_BEFORE_BIRTH`,
        message: `${what.zh}不能早于出生日期（${birthDate}）/ the ${what.en} must not be before the birth date (${birthDate})`,
      },
    ];
  }
  if (joinedOn !== null && value < joinedOn) {
    return [
      {
        path,
        code: `VALIDATION.${what.code}_BEFORE_MOVE_IN`,
        message: `${what.zh}不能早于此人迁入现户的日期（${joinedOn}）/ the ${what.en} must not be before the day the person moved into their current household (${joinedOn})`,
      },
    ];
  }
  return [];
}

/**
 * What a death record must hold: the day (see {@link checkEventDay}), who reported it (one of
 * {@link DEATH_SOURCES}) and a note of at most {@link NOTE_MAX} characters.
 * @param joinedOn the day the person moved into their current household (null: a member since it was registered)
 */
export function checkDeath(input: { deathDate: string; source: string; note: string }, birthDate: string, today: string, joinedOn: string | null = null): FieldError[] {
  const fields = checkEventDay(input.deathDate, 'deathDate', birthDate, today, { zh: '死亡日期', en: 'death date', code: 'DEATH_DATE' }, joinedOn);
  if (!(DEATH_SOURCES as readonly string[]).includes(input.source)) {
    fields.push({
      path: 'source',
      code: 'VALIDATION.DEATH_SOURCE',
      message: `死亡信息来源必须为 ${DEATH_SOURCES.join(' | ')} / source must be one of ${DEATH_SOURCES.join(' | ')}`,
    });
  }
  if (input.note.length > NOTE_MAX) fields.push(noteTooLong());
  return fields;
}

/**
 * What a move must hold: the day (see {@link checkEventDay}; a move out is not dated before the
 * move in) and a note of at most {@link NOTE_MAX} characters.
 * @param joinedOn the day the person moved into their current household (null: a member since it was registered)
 */
export function checkMove(input: { movedOn: string; note: string }, birthDate: string, today: string, joinedOn: string | null = null): FieldError[] {
  const fields = checkEventDay(input.movedOn, 'movedOn', birthDate, today, { zh: '迁移日期', en: 'move date', code: 'MOVE_DATE' }, joinedOn);
  if (input.note.length > NOTE_MAX) fields.push(noteTooLong());
  return fields;
}

function noteTooLong(): FieldError {
  return { path: 'note', code: 'VALIDATION.TOO_BIG', message: `备注不能超过${NOTE_MAX}个字 / the note is at most ${NOTE_MAX} characters` };
}

/** A member as the head rules see them. */
export interface MemberRef {
  personId: string;
  name: string;
  relation: string;
}

/**
 * Who heads a household once `leaving` has left it (died or moved out). When the head leaves and
 * others stay, the clerk must name one of them (`newHeadPersonId`): never picked silently. When the
 * person leaving is not the head, or nobody stays, no new head may be named.
 * @param members the household's members before, `leaving` among them
 * @returns the member who becomes head, or null when the head does not change (or nobody stays)
 * @throws DomainError `REGISTRY.NEW_HEAD_REQUIRED` (listing who may be named),
 *   `REGISTRY.NOT_A_MEMBER`, `REGISTRY.NEW_HEAD_NOT_EXPECTED` — each naming `newHeadPersonId`
 */
export function headAfterLeaving(members: MemberRef[], leaving: MemberRef, newHeadPersonId: string): MemberRef | null {
  const remaining = members.filter((m) => m.personId !== leaving.personId);
  const wanted = newHeadPersonId.trim();
  if (leaving.relation !== 'head' || remaining.length === 0) {
    if (wanted) throw newHeadNotExpected();
    return null;
  }
  if (!wanted) throw newHeadRequired(leaving.name, remaining);
  const next = remaining.find((m) => m.personId === wanted);
  if (!next) throw newHeadNotAMember();
  return next;
}

/**
 * The relation a person takes in the household they move to. A new household's only member is its
 * head (`""` means head). In an existing household the relation is required and is `head` only
 * when the household has no head (nobody left in it).
 * @returns the relation, or the field errors naming `relation`
 */
export function relationOnArrival(relation: string, target: { isNew: boolean; hasHead: boolean }): { relation: string } | { fields: FieldError[] } {
  const r = relation.trim();
  if (target.isNew) {
    if (r === '' || r === 'head') return { relation: 'head' };
    return { fields: [{ path: 'relation', code: 'REGISTRY.NEW_HOUSEHOLD_HEAD', message: '新立户的唯一成员即为户主 / the only member of a new household is its head' }] };
  }
  if (!(RELATIONS as readonly string[]).includes(r)) {
    return { fields: [{ path: 'relation', code: 'VALIDATION.RELATION', message: `与户主关系必须为 ${RELATIONS.join(' | ')} / relation must be one of ${RELATIONS.join(' | ')}` }] };
  }
  if (r === 'head' && target.hasHead) {
    return { fields: [{ path: 'relation', code: 'VALIDATION.ONE_HEAD', message: '迁入户已有户主 / the household moved to already has a head' }] };
  }
  if (r !== 'head' && !target.hasHead) {
    return { fields: [{ path: 'relation', code: 'VALIDATION.ONE_HEAD', message: '迁入户无在册成员，迁入者须为户主 / nobody lives in the household moved to: the person becomes its head' }] };
  }
  return { relation: r };
}

/** The household-level facts of a household a person founds (`NewHousehold`), as plain values. */
export const newHouseholdSchema = z
  .object({
    street: z.string({ error: '街道不能为空 / street is required' }).trim().min(1, { error: '街道不能为空 / street is required' }).max(100),
    address: z.string({ error: '地址不能为空 / address is required' }).trim().min(1, { error: '地址不能为空 / address is required' }).max(200),
    householdNo: z.string().trim().max(40),
    area: areaSchema,
    hukou: hukouSchema,
    livingAreaM2: z.number().min(0, { error: '居住面积不能为负 / living area must not be negative' }).max(100000),
    homeOwned: z.boolean(),
    houseDangerGrade: z.enum(['C', 'D']).nullable(),
    assets: assetsSchema,
    familyPlanning: familyPlanningSchema,
  })
  .superRefine((h, ctx) => {
    if (!isStreetOfArea(h.area, h.street)) {
      ctx.addIssue({
        code: 'custom',
        path: ['street'],
        message: `街道（镇）不属于该行政区，可选：${(STREETS_BY_AREA[h.area as AreaCode] ?? []).join('、')} / the street or town is not one of the area's`,
        params: { code: 'VALIDATION.STREET_NOT_IN_AREA' },
      });
    }
  });
export type NewHouseholdFacts = z.output<typeof newHouseholdSchema>;

/**
 * Checks a new household's facts.
 * @returns the facts, or field errors under `newHousehold.`
 */
export function checkNewHousehold(input: unknown): { ok: true; facts: NewHouseholdFacts } | { ok: false; fields: FieldError[] } {
  const parsed = newHouseholdSchema.safeParse(input);
  return parsed.success ? { ok: true, facts: parsed.data } : { ok: false, fields: toFieldErrors(parsed.error, ['newHousehold']) };
}

/**
 * An address as compared for a possible split household: Unicode NFKC (full-width digits and
 * letters become ASCII), lower case, without white space or punctuation. `海勃湾区新华街道 １号` and
 * `海勃湾区新华街道1号` are the same address.
 */
export function normaliseAddress(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Whether two households are at the same place: the same street and the same normalised address
 * (City §18 audits: "a member of a paid household registers alone at the same address").
 */
export function sameAddress(a: { street: string; address: string }, b: { street: string; address: string }): boolean {
  return normaliseAddress(a.street) === normaliseAddress(b.street) && normaliseAddress(a.address) === normaliseAddress(b.address);
}

/** The sentence listed for a clerk with a possible split household. */
export function splitNote(name: string, leftNo: string, newNo: string): string {
  return `${name} 从户 ${leftNo} 迁出另立户 ${newNo}，两户地址相同，可能为分户 / ${name} left household ${leftNo} for a new household ${newNo} at the same address: possibly one family registered as two`;
}
