import { ageOn } from '../dates';
import { yuan } from '../money';
import { disabilityZh, memberLabel } from '../people';
import type { Household, Member, Reason } from '../types';
import { parameterSlot } from '../parameter-table';
import { entitlement as entitlementImport, missingParameterReasons } from './medical/outcome';
import { ConstantLine, constantReason, leanReason, pushReview, reason, type ProgramContext, type ProgramModule, type ProgramOutcome } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const entitlement = entitlementImport;

type TekunKind = NonNullable<Member['tekun']>['kind'];
type Relation = NonNullable<Member['relation']>;

/** Chinese name of each tekun kind, as City §4 writes it. */
export const TEKUN_KIND_ZH: Record<TekunKind, string> = { wubao: '农区五保对象', sanwu: '城镇“三无”人员', orphan: '孤儿' };

const CLAUSES = ['City §4', 'Reg. Art. 14', 'Reg. Art. 18'];

/**
 * The member's relatives in the household, read from `relation` (which is relative to the head):
 *
 * | member is | spouse              | parents            | children                 |
 * |-----------|---------------------|--------------------|--------------------------|
 * | head      | `spouse`            | `parent`           | `child`                  |
 * | spouse    | `head`              | —                  | `child`                  |
 * | child     | —                   | `head`, `spouse`   | —                        |
 * | parent    | the other `parent`  | —                  | `head`, `sibling`        |
 * | sibling   | —                   | `parent`           | —                        |
 *
 * `grandchild`, `other` and an unknown relation have no relative that the relations determine
 * (a `child` may be a grandchild's parent or an aunt; a `parent` of the head may be the spouse's
 * parent-in-law): they are left out rather than guessed.
 */
export function relativesOf(m: Member, household: Household): { spouse: Member[]; parents: Member[]; children: Member[] } {
  const others = household.members.filter((x) => x.id !== m.id);
  const having = (...relations: Relation[]) => others.filter((x) => x.relation !== undefined && relations.includes(x.relation));
  switch (m.relation) {
    case 'head':
      return { spouse: having('spouse'), parents: having('parent'), children: having('child') };
    case 'spouse':
      return { spouse: having('head'), parents: [], children: having('child') };
    case 'child':
      return { spouse: [], parents: having('head', 'spouse'), children: [] };
    case 'parent':
      return { spouse: having('parent'), parents: [], children: having('head', 'sibling') };
    case 'sibling':
      return { spouse: [], parents: having('parent'), children: [] };
    default:
      return { spouse: [], parents: [], children: [] };
  }
}

/**
 * Legally obliged supporters able to support the member (Reg. Art. 14 "无法定赡养、抚养、扶养义务人，或者
 * 其法定义务人无履行义务能力"). DEFAULT reading: a spouse, a parent or an adult child (aged ≥
 * `adultAge`, 18) living in the household (see `relativesOf`) who can work (`canWork`) or has
 * income (`monthlyIncomeFen` > 0). Relatives outside the household are not known to the rules.
 * @param ages the members' ages on `asOf` by index, when already known (else computed here)
 */
export function ableSupportersOf(m: Member, household: Household, asOf: string, adultAge: number, ages?: ArrayLike<number>): Member[] {
  const r = relativesOf(m, household);
  const ageOf = (c: Member) => (ages !== undefined ? ages[household.members.indexOf(c)]! : ageOn(c.birthDate, asOf));
  const candidates = [...r.spouse, ...r.parents, ...r.children.filter((c) => ageOf(c) >= adultAge)];
  return candidates.filter((s) => s.canWork || s.monthlyIncomeFen > 0);
}

/** Age limits of the tekun criteria, in years. */
export interface TekunAgeLimits {
  /** Aged at least this (60, `person.elderly-age`). */
  elderlyAge: number;
  /** Under this (16, `tekun.minor-age-limit`). */
  minorAgeLimit: number;
  /** Age of majority (18, `tekun.adult-age`): orphans are under it; adult children are at least it. */
  adultAge: number;
}

/**
 * Checks an approved tekun recipient against the criteria of City §4 and Reg. Art. 14, on `asOf`:
 * - group: wubao and sanwu are aged ≥ 60, disabled or under 16; an orphan is under 18 with no
 *   parent living in the household (both parents dead or missing);
 * - no work capacity (`canWork` false), no income (`monthlyIncomeFen` 0);
 * - no able legally obliged supporter (`ableSupportersOf`);
 * - kind fits hukou: wubao ↔ rural household, sanwu ↔ urban household (orphans: either).
 * @returns one reason per unmet criterion (codes `TEKUN.NOT_IN_TARGET_GROUP`,
 *   `TEKUN.ORPHAN_NOT_MINOR`, `TEKUN.ORPHAN_HAS_PARENT`, `TEKUN.CAN_WORK`, `TEKUN.HAS_INCOME`,
 *   `TEKUN.HAS_ABLE_SUPPORTER`, `TEKUN.KIND_HUKOU_MISMATCH`), each naming the member; empty when
 *   every criterion holds. Members without `tekun` give no reasons.
 * @param ages the members' ages on `asOf` by index, when already known (else computed here)
 */
export function tekunMismatches(m: Member, household: Household, asOf: string, limits: TekunAgeLimits, ages?: ArrayLike<number>): Reason[] {
  const kind = m.tekun?.kind;
  if (!kind) return [];
  const who = memberLabel(m);
  const kindZh = TEKUN_KIND_ZH[kind];
  const age = ages !== undefined ? ages[household.members.indexOf(m)]! : ageOn(m.birthDate, asOf);
  const out: Reason[] = [];
  const r = (code: string, zh: string, en: string) => reason(code, `${who}为已核准的${kindZh}，但${zh}，需人工审核`, `${who} is an approved ${kind} recipient but ${en}; manual review needed`, m.id);
  if (kind === 'orphan') {
    if (age >= limits.adultAge) out.push(r('TEKUN.ORPHAN_NOT_MINOR', `已满${age}周岁，不再是未满${limits.adultAge}周岁的孤儿`, `is ${age}, no longer an orphan under ${limits.adultAge}`));
    const parents = relativesOf(m, household).parents;
    if (parents.length > 0) {
      const names = parents.map(memberLabel).join('、');
      out.push(r('TEKUN.ORPHAN_HAS_PARENT', `父母${names}与其共同生活`, `a parent (${parents.map(memberLabel).join(', ')}) lives in the household`));
    }
  } else if (!(age >= limits.elderlyAge || m.disability || age < limits.minorAgeLimit)) {
    out.push(
      r(
        'TEKUN.NOT_IN_TARGET_GROUP',
        `${age}周岁，既非${limits.elderlyAge}周岁以上老年人、残疾人，也非未满${limits.minorAgeLimit}周岁的未成年人`,
        `is ${age}, neither aged ${limits.elderlyAge} or over, disabled, nor under ${limits.minorAgeLimit}`,
      ),
    );
  }
  if (m.canWork) out.push(r('TEKUN.CAN_WORK', '有劳动能力', 'can work'));
  if (m.monthlyIncomeFen > 0) out.push(r('TEKUN.HAS_INCOME', `有月收入${yuan(m.monthlyIncomeFen)}元，并非无生活来源`, `has an income of ${yuan(m.monthlyIncomeFen)} yuan a month`));
  const supporters = ableSupportersOf(m, household, asOf, limits.adultAge, ages);
  if (supporters.length > 0) {
    out.push(
      r(
        'TEKUN.HAS_ABLE_SUPPORTER',
        `法定赡养、抚养、扶养义务人${supporters.map(memberLabel).join('、')}有劳动能力或收入`,
        `legally obliged supporter(s) ${supporters.map(memberLabel).join(', ')} can work or have income`,
      ),
    );
  }
  const hukou = household.hukou;
  if ((kind === 'wubao' && hukou !== 'rural') || (kind === 'sanwu' && hukou !== 'urban')) {
    out.push(
      r(
        'TEKUN.KIND_HUKOU_MISMATCH',
        `家庭为${hukou === 'urban' ? '城区' : '农区'}户籍，应认定为${hukou === 'urban' ? TEKUN_KIND_ZH.sanwu : TEKUN_KIND_ZH.wubao}`,
        `the household's hukou is ${hukou}, which makes a ${hukou === 'urban' ? 'sanwu' : 'wubao'} recipient`,
      ),
    );
  }
  return out;
}

const S_ELDERLY = parameterSlot('person.elderly-age');
const S_MINOR = parameterSlot('tekun.minor-age-limit');
const S_ADULT = parameterSlot('tekun.adult-age');
const S_STANDARD = parameterSlot('tekun.standard');
const S_ORPHAN_STANDARD = parameterSlot('tekun.orphan-standard');

const NO_RECIPIENT = new ConstantLine('tekun', constantReason('TEKUN.NO_RECIPIENT', '家庭中没有已核准的特困供养人员', 'no member is an approved tekun recipient'));
const LEAN_MISMATCH = '特困供养人员不再符合认定条件，需人工审核 / an approved tekun recipient no longer meets a criterion; manual review needed';

/**
 * Program `tekun` (特困供养, City §4; Reg. Art. 14–19): one line per member with `tekun` set, the
 * support standard per month in fen. Amount: wubao and sanwu get `tekun.standard` for the
 * household's hukou (urban = sanwu, rural = wubao: 80 000 / 65 000 fen from 2014-01-01, 90 000 /
 * 90 000 from 2015-01-01, 同城同待遇); orphans get `tekun.orphan-standard` (100 000 fen). No
 * rounding: the amount is the standard's whole-fen value.
 *
 * The criteria are re-checked (`tekunMismatches`); a recipient who fails one is NOT paid but put
 * under `needsManualReview` with one reason per unmet criterion, as continuing payment on an unmet
 * criterion needs a person's decision. A missing parameter also gives a review reason naming it.
 * No tekun member → ineligible `TEKUN.NO_RECIPIENT`. Tekun members are not counted for dibao.
 */
export const tekunProgram: ProgramModule = {
  program: 'tekun',
  evaluate(ctx, out) {
    // The recipients' lines out of line: this stays small enough to be inlined.
    if (ctx.members.tekun === 0) NO_RECIPIENT.push(out, ctx.explain);
    else recipientLines(ctx, out);
  },
};

/** The lines of a household with tekun members (see `tekunProgram`). */
function recipientLines(ctx: ProgramContext, out: ProgramOutcome): void {
  const h = ctx.household;
  const members = h.members;
  const params = ctx.params;
  const elderly = params.value(S_ELDERLY);
  const minor = params.value(S_MINOR);
  const adult = params.value(S_ADULT);
  const review: Reason[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!m.tekun) continue;
    const kind = m.tekun.kind;
    const standardSlot = kind === 'orphan' ? S_ORPHAN_STANDARD : S_STANDARD;
    const standard = params.value(standardSlot);
    if (!elderly || !minor || !adult || !standard) {
      for (const r of missingParameterReasons(params, [S_ELDERLY, S_MINOR, S_ADULT, standardSlot], m)) review.push(r);
      continue;
    }
    const mismatches = tekunMismatches(m, h, ctx.asOf, { elderlyAge: elderly.value, minorAgeLimit: minor.value, adultAge: adult.value }, ctx.ages);
    if (mismatches.length > 0) {
      for (const r of mismatches) review.push(ctx.explain ? r : leanReason(r.code, LEAN_MISMATCH, r.memberId));
      continue;
    }
    let sentence: string | null = null;
    if (ctx.explain) {
      const age = ctx.ages[i]!;
      const group =
        kind === 'orphan'
          ? `${age}周岁、父母双亡或下落不明`
          : [age >= elderly.value ? `${age}周岁老年人` : age < minor.value ? `${age}周岁未成年人` : `${age}周岁`, m.disability ? disabilityZh(m.disability) : null]
              .filter(Boolean)
              .join('、');
      const standardZh = kind === 'orphan' ? '孤儿基本生活保障标准' : `${h.hukou === 'urban' ? '城区' : '农区'}特困人员供养标准`;
      sentence = `${memberLabel(m)}（${group}）为${TEKUN_KIND_ZH[kind]}，无劳动能力、无生活来源、无有履行能力的法定赡养抚养扶养义务人，按${standardZh}每月供养${yuan(standard.value)}元`;
    }
    out.entitlements.push(entitlement('tekun', m.id, standard.value, 'month', CLAUSES, sentence));
  }
  pushReview(out, 'tekun', review);
}
