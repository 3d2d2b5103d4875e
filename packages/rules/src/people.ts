import { ageOn } from './dates';
import { InvalidInputError } from './errors';
import { assertFen } from './money';
import type { Disability, Household, Member } from './types';

const CATEGORY_ZH = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'];
const GRADE_ZH = ['一', '二', '三', '四'];

/** `{category: 4, grade: 2}` → `肢体二级残疾` (GB/T 26341 names). */
export function disabilityZh(d: Disability): string {
  return `${CATEGORY_ZH[d.category - 1] ?? `第${d.category}类`}${GRADE_ZH[d.grade - 1] ?? d.grade}级残疾`;
}

/**
 * How a clerk's sentence or trace caption names a member: the name (`张三`); only when the member
 * has no name (blank counts as none), the member reference (`id`) so the line still says who.
 * Every Chinese sentence and `Step.labelZh` goes through here, so an internal id never appears
 * where the name is known; machine fields (`memberId`) carry the id instead.
 */
export function memberLabel(m: Member): string {
  const name = m.name?.trim();
  return name ? name : m.id;
}

/** Members counted in the dibao household: everyone except approved tekun recipients (City §4). */
export function countedMembers(household: Household): Member[] {
  return household.members.filter((m) => !m.tekun);
}

/** Age limits of work capacity, in years. */
export interface WorkAgeLimits {
  /** Youngest age able to work (16). */
  minimumAge: number;
  /** Age from which a person is assessed unable (60). */
  elderlyAge: number;
}

/**
 * Whether a member is *able to work* for class assignment (City §3 分类施保; DOMAIN "dibao"):
 * `canWork` AND `minimumAge ≤ age < elderlyAge` AND not disability grade 1–2 AND illness ≠ serious.
 */
export function isAbleToWork(m: Member, asOf: string, limits: WorkAgeLimits): boolean {
  const age = ageOn(m.birthDate, asOf);
  return (
    m.canWork &&
    age >= limits.minimumAge &&
    age < limits.elderlyAge &&
    !(m.disability && m.disability.grade <= 2) &&
    m.illness !== 'serious'
  );
}

/**
 * Checks the facts the rules compute with (full validation is the contracts' schema). A member
 * born after `asOf` is refused: someone not yet born is never counted in the household (a member
 * born on `asOf` itself is counted, aged 0).
 * @throws InvalidInputError (`RULES.NO_MEMBERS`, `RULES.NOT_AN_AMOUNT`, `RULES.INVALID_DATE`,
 *   `RULES.DUPLICATE_MEMBER`, `RULES.INVALID_FACT`, and `RULES.MEMBER_NOT_YET_BORN` naming the
 *   member by name, with its `memberId`).
 */
export function checkHousehold(h: Household, asOf: string): void {
  ageOn(asOf, asOf);
  if (!Array.isArray(h.members) || h.members.length === 0) {
    throw new InvalidInputError('RULES.NO_MEMBERS', '家庭成员不能为空', 'a household needs at least one member');
  }
  if (h.hukou !== 'urban' && h.hukou !== 'rural') {
    throw new InvalidInputError('RULES.INVALID_FACT', `户籍类型无效：${String(h.hukou)}`, `invalid hukou: ${String(h.hukou)}`);
  }
  assertFen(h.assets.financialFen, 'assets.financialFen');
  assertFen(h.assets.businessCapitalFen, 'assets.businessCapitalFen');
  for (const [field, n] of [['assets.vehicles', h.assets.vehicles], ['assets.residences', h.assets.residences]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new InvalidInputError('RULES.INVALID_FACT', `${field} 必须为非负整数`, `${field} must be a whole number ≥ 0`);
    }
  }
  if (!Number.isFinite(h.livingAreaM2) || h.livingAreaM2 < 0) {
    throw new InvalidInputError('RULES.INVALID_FACT', '居住面积必须为非负数', 'livingAreaM2 must be a number ≥ 0');
  }
  const ids = new Set<string>();
  for (const m of h.members) {
    if (ids.has(m.id)) throw new InvalidInputError('RULES.DUPLICATE_MEMBER', `成员编号重复：${m.id}`, `member id appears twice: ${m.id}`);
    ids.add(m.id);
    ageOn(m.birthDate, asOf);
    // Both dates are valid `YYYY-MM-DD` here, so text order is calendar order.
    if (m.birthDate > asOf) {
      const who = memberLabel(m);
      throw new InvalidInputError(
        'RULES.MEMBER_NOT_YET_BORN',
        `成员${who}的出生日期${m.birthDate}晚于评估日期${asOf}，尚未出生的人不能计入家庭`,
        `member ${who} is born on ${m.birthDate}, after the evaluation date ${asOf}; a person not yet born cannot be counted`,
        m.id,
      );
    }
    assertFen(m.monthlyIncomeFen, `members.${m.id}.monthlyIncomeFen`);
  }
}
