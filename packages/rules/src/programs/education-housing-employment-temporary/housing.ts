import { divRoundHalfUp, rateToBasisPoints, yuan } from '../../money';
import { countedMembers, memberLabel } from '../../people';
import type { Reason } from '../../types';
import { dibaoUndecided, entitled, isTekun, missingReasons, reason, review, type AssistanceFacts, type Decision } from './decision';

const RENTAL_FORMS = '给予住房救助(申购或租赁廉租住房、公共租赁住房)，按住房困难程度排队轮候';

/** Hundredths of m² or of a fraction as text: 1499 → `14.99`, 1500 → `15`. */
function hundredths(n: number): string {
  return String(n / 100);
}

/**
 * Rental housing assistance `housing.rental` (City §9 "对无房或人均居住面积低于15平米的低保家庭、
 * 特困供养人员给予住房救助"): one household line (memberId null), amount 0, period once.
 *
 * - Who: a household that is dibao-eligible on `asOf` (`standing()`), or one with an approved
 *   tekun member (`member.tekun` set) — City §9 names tekun people as well.
 * - Need: no home of its own (`homeOwned` false), whatever the area; or living area per person
 *   strictly below `housing.living-area-threshold` (15 m²). Per person counts every member living
 *   in the home, tekun members too. Compared exactly in hundredths of m²:
 *   `round(livingAreaM2 × 100) < round(threshold × 100) × members`, so exactly 15 m² per person
 *   does not qualify (`HOUSING.AREA_NOT_BELOW_THRESHOLD`) and 14.99 does.
 * - Neither dibao nor tekun → `HOUSING.REQUIRES_DIBAO_OR_TEKUN` (with dibao's failed tests).
 * A definite failure of either test decides ineligibility; otherwise a missing threshold or dibao
 * under review gives a review decision naming the cause.
 */
export function rentalDecisions(f: AssistanceFacts): Decision[] {
  const program = 'housing.rental';
  const clauses = ['City §9'];
  const h = f.household;
  const n = h.members.length;
  const failures: Reason[] = [];
  const pending: Reason[] = [];

  let needZh = '';
  if (!h.homeOwned) {
    needZh = '无自有住房';
  } else {
    const threshold = f.reader.get('housing.living-area-threshold');
    if (!threshold) {
      pending.push(...missingReasons(f.reader, ['housing.living-area-threshold']));
    } else {
      const areaH = Math.round(h.livingAreaM2 * 100);
      const limitH = Math.round(threshold.value * 100);
      const perPerson = areaH % n === 0 ? hundredths(areaH / n) : `约${hundredths(Math.floor(areaH / n))}`;
      if (areaH < limitH * n) {
        needZh = `居住面积${h.livingAreaM2}平方米、共${n}人，人均${perPerson}平方米，低于${threshold.value}平方米`;
      } else {
        failures.push(
          reason(
            'HOUSING.AREA_NOT_BELOW_THRESHOLD',
            `本户有自有住房，居住面积${h.livingAreaM2}平方米、共${n}人，人均${perPerson}平方米，不低于${threshold.value}平方米`,
            `the household owns its home of ${h.livingAreaM2} m² for ${n} people, ${perPerson.replace('约', '≈')} m² per person, not below ${threshold.value} m²`,
          ),
        );
      }
    }
  }

  const tekun = h.members.filter((m) => isTekun(m));
  const s = f.standing();
  let basisZh = '';
  if (s.kind === 'eligible') basisZh = tekun.length > 0 ? `低保家庭(有特困供养人员${tekun.map(memberLabel).join('、')})` : '低保家庭';
  else if (tekun.length > 0) basisZh = `有特困供养人员${tekun.map(memberLabel).join('、')}的家庭`;
  else if (s.kind === 'review') pending.push(...dibaoUndecided(s));
  else {
    failures.push(
      reason('HOUSING.REQUIRES_DIBAO_OR_TEKUN', '本户不符合低保条件，也没有特困供养人员', 'the household neither qualifies for dibao nor has a tekun member'),
      ...s.reasons,
    );
  }

  if (failures.length > 0) return [{ kind: 'ineligible', program, memberId: null, reasons: failures }];
  if (pending.length > 0) return [review(program, null, 'once', clauses, pending, '本户住房救助')];
  return [entitled(program, null, 0, 'once', clauses, `本户为${basisZh}，${needZh}，${RENTAL_FORMS}`)];
}

/**
 * Rural dangerous-house renovation `housing.rural-renovation` (City §10 "解决农区低保户、五保户、
 * 贫困残疾人家庭和一般贫困户的危房改造问题"): one household line (memberId null), amount 0, once.
 *
 * - Where: rural hukou (`HOUSING.NOT_RURAL_HUKOU` otherwise) and a house rated dangerous,
 *   `houseDangerGrade` `C` or `D` (`HOUSING.HOUSE_NOT_DANGEROUS` otherwise); checked first.
 * - Who, first that applies: dibao-eligible on `asOf` (农区低保户); a wubao member (五保户); a poor
 *   household — counted per-capita income strictly below the dibao standard ×
 *   (1 + `housing.rural-renovation.dibao-edge-margin-rate`), i.e. below 1.5 × standard (the
 *   glossary's `dibaoEdge`, City §1) — with a disabled member (贫困残疾人家庭) or without
 *   (一般贫困户). Income is that of dibao's counted members (tekun excluded), compared exactly:
 *   `total × 10000 < standard × size × (10000 + margin basis points)`. Otherwise `HOUSING.NOT_POOR`.
 * - How: grade D → rebuild (新建) or replacement (置换); grade C → repair (修缮).
 * A missing standard or margin (needed only when the household is neither dibao nor wubao) gives
 * a review decision naming it.
 */
export function ruralRenovationDecisions(f: AssistanceFacts): Decision[] {
  const program = 'housing.rural-renovation';
  const h = f.household;
  const grade = h.houseDangerGrade ?? null;
  const failures: Reason[] = [];
  if (h.hukou !== 'rural') failures.push(reason('HOUSING.NOT_RURAL_HUKOU', '本户为城区户籍，农区危房改造限于农区户籍家庭', 'the household has urban hukou; renovation is for rural households'));
  if (grade !== 'C' && grade !== 'D') {
    failures.push(reason('HOUSING.HOUSE_NOT_DANGEROUS', '住房未被鉴定为C级或D级危房', 'the house is not rated dangerous (grade C or D)'));
  }
  if (failures.length > 0 || (grade !== 'C' && grade !== 'D')) return [{ kind: 'ineligible', program, memberId: null, reasons: failures }];

  const how = grade === 'D' ? '采取新建(拆除重建)或置换方式改造' : '采取修缮加固方式改造';
  const done = (basisZh: string, clauses: string[]) =>
    entitled(program, null, 0, 'once', clauses, `本户为${basisZh}，农区户籍，住房经鉴定为${grade}级危房，纳入农区危房改造，${how}`);

  const s = f.standing();
  if (s.kind === 'eligible') return [done('农区低保户', ['City §10'])];
  const wubao = h.members.filter((m) => isTekun(m, 'wubao'));
  if (wubao.length > 0) return [done(`五保户(五保对象${wubao.map(memberLabel).join('、')})`, ['City §10'])];

  const counted = countedMembers(h);
  if (counted.length === 0) {
    return [
      {
        kind: 'ineligible',
        program,
        memberId: null,
        reasons: [reason('HOUSING.NOT_POOR', '本户不是低保户或五保户，也没有可计算人均收入的成员', 'the household is neither dibao nor wubao and has no counted member'), ...(s.kind === 'ineligible' ? s.reasons : [])],
      },
    ];
  }
  const standard = f.reader.get('dibao.standard');
  const margin = f.reader.get('housing.rural-renovation.dibao-edge-margin-rate');
  if (!standard || !margin) {
    return [review(program, null, 'once', ['City §1', 'City §10'], missingReasons(f.reader, ['dibao.standard', 'housing.rural-renovation.dibao-edge-margin-rate']), '本户农区危房改造')];
  }
  const factorBp = 10000 + rateToBasisPoints(margin.value);
  const total = counted.reduce((sum, m) => sum + m.monthlyIncomeFen, 0);
  const size = counted.length;
  const perCapita = divRoundHalfUp(total, size);
  const lineFen = divRoundHalfUp(standard.value * factorBp, 10000);
  const factor = String(factorBp / 10000);
  const incomeZh = `人均月收入${yuan(perCapita)}元，低于低保标准${yuan(standard.value)}元的${factor}倍(${yuan(lineFen)}元)`;
  if (total * 10000 < standard.value * size * factorBp) {
    const disabled = h.members.filter((m) => m.disability);
    const basisZh = disabled.length > 0 ? `贫困残疾人家庭(残疾人${disabled.map(memberLabel).join('、')}，${incomeZh})` : `一般贫困户(${incomeZh})`;
    return [done(basisZh, ['City §1', 'City §10'])];
  }
  return [
    {
      kind: 'ineligible',
      program,
      memberId: null,
      reasons: [
        reason(
          'HOUSING.NOT_POOR',
          `本户不是低保户或五保户，人均月收入${yuan(perCapita)}元不低于低保标准${yuan(standard.value)}元的${factor}倍(${yuan(lineFen)}元)`,
          `the household is neither dibao nor wubao and its per-capita income ${yuan(perCapita)} yuan is not below ${factor} × the standard (${yuan(lineFen)} yuan)`,
        ),
        ...(s.kind === 'ineligible' ? s.reasons : []),
      ],
    },
  ];
}
