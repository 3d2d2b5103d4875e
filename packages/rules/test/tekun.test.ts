import { evaluate } from '../src';
import { ableSupportersOf, relativesOf, tekunMismatches } from '../src/programs/tekun.program';
import { household } from './support/builders';

const LIMITS = { elderlyAge: 60, minorAgeLimit: 16, adultAge: 18 };

describe('relativesOf', () => {
  const h = household({
    members: [
      { id: 'head', birthDate: '1960-01-01' },
      { id: 'wife', sex: 'F', relation: 'spouse', birthDate: '1962-01-01' },
      { id: 'kid', relation: 'child', birthDate: '1990-01-01' },
      { id: 'gran', sex: 'F', relation: 'parent', birthDate: '1935-01-01' },
      { id: 'gramps', relation: 'parent', birthDate: '1933-01-01' },
      { id: 'bro', relation: 'sibling', birthDate: '1965-01-01' },
      { id: 'grandkid', relation: 'grandchild', birthDate: '2012-01-01' },
    ],
  });
  const ids = (r: ReturnType<typeof relativesOf>) => ({
    spouse: r.spouse.map((m) => m.id),
    parents: r.parents.map((m) => m.id),
    children: r.children.map((m) => m.id),
  });
  const byId = (id: string) => h.members.find((m) => m.id === id)!;

  it('when the member is the head, then spouse, parents and children come from the relations to the head', () => {
    expect(ids(relativesOf(byId('head'), h))).toEqual({ spouse: ['wife'], parents: ['gran', 'gramps'], children: ['kid'] });
  });

  it('when the member is a parent of the head, then the other parent is the spouse and the head and siblings are the children', () => {
    expect(ids(relativesOf(byId('gran'), h))).toEqual({ spouse: ['gramps'], parents: [], children: ['head', 'bro'] });
  });

  it('when the member is a child, then the head and spouse are the parents', () => {
    expect(ids(relativesOf(byId('kid'), h))).toEqual({ spouse: [], parents: ['head', 'wife'], children: [] });
  });

  it('when the member is a sibling of the head, then the head’s parents are the parents', () => {
    expect(ids(relativesOf(byId('bro'), h))).toEqual({ spouse: [], parents: ['gran', 'gramps'], children: [] });
  });

  it('when the member is a grandchild, then no relative is guessed from the relations', () => {
    expect(ids(relativesOf(byId('grandkid'), h))).toEqual({ spouse: [], parents: [], children: [] });
  });
});

describe('ableSupportersOf', () => {
  it('when a child who works is 17, then the child is not an adult supporter; at 18 the child is', () => {
    const make = (childBirth: string) =>
      household({
        members: [
          { id: 'm1', birthDate: '1950-01-01', tekun: { kind: 'sanwu' } },
          { id: 'm2', birthDate: childBirth, canWork: true, employed: true, monthlyIncomeFen: 100000 },
        ],
      });
    const h17 = make('1997-06-02');
    const h18 = make('1997-06-01');
    expect(ableSupportersOf(h17.members[0]!, h17, '2015-06-01', 18)).toEqual([]);
    expect(ableSupportersOf(h18.members[0]!, h18, '2015-06-01', 18).map((m) => m.id)).toEqual(['m2']);
  });

  it('when the spouse cannot work but has a pension income, then the spouse is an able supporter', () => {
    const h = household({
      members: [
        { id: 'm1', birthDate: '1940-01-01', tekun: { kind: 'sanwu' } },
        { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1942-01-01', monthlyIncomeFen: 150000 },
      ],
    });
    expect(ableSupportersOf(h.members[0]!, h, '2015-06-01', 18).map((m) => m.id)).toEqual(['m2']);
  });
});

describe('tekunMismatches', () => {
  it('when a sanwu recipient of 50 can work, has income and lives in a rural household, then every unmet criterion is a reason naming the member', () => {
    const h = household({
      hukou: 'rural',
      area: '150303',
      members: [{ id: 'm1', name: '赵大', birthDate: '1965-01-01', canWork: true, monthlyIncomeFen: 20000, tekun: { kind: 'sanwu' } }],
    });
    const reasons = tekunMismatches(h.members[0]!, h, '2015-06-01', LIMITS);
    expect(reasons.map((r) => r.code).sort()).toEqual(['TEKUN.CAN_WORK', 'TEKUN.HAS_INCOME', 'TEKUN.KIND_HUKOU_MISMATCH', 'TEKUN.NOT_IN_TARGET_GROUP']);
    for (const r of reasons) {
      expect(r.memberId).toBe('m1');
      expect(r.message).toContain('赵大');
      expect(r.message).not.toContain('m1');
    }
    expect(reasons.find((r) => r.code === 'TEKUN.HAS_INCOME')!.message).toContain('月收入200元');
  });

  it('when an orphan lives in a rural household, then the hukou is no mismatch (orphans are urban or rural)', () => {
    const h = household({ hukou: 'rural', area: '150303', members: [{ id: 'm1', relation: 'other', birthDate: '2008-01-01', tekun: { kind: 'orphan' } }] });
    expect(tekunMismatches(h.members[0]!, h, '2015-06-01', LIMITS)).toEqual([]);
  });

  it('when the member is not a tekun recipient, then there is nothing to check', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1985-01-01', canWork: true }] });
    expect(tekunMismatches(h.members[0]!, h, '2015-06-01', LIMITS)).toEqual([]);
  });
});

describe('tekun program in evaluate()', () => {
  it('when a household has a dibao member and a sanwu parent, then dibao leaves the parent out and tekun pays the parent', () => {
    // Dibao: only 孟军 counted (孟母 is tekun), income 0 → top-up 60000 × 1 − 0 = 60000 fen.
    // Tekun: 孟母 is 80; her son (肢体一级, cannot work, no income) is not able to support her →
    // paid the 2015 sanwu standard 900 yuan = 90000 fen.
    const h = household({
      members: [
        { id: 'm1', name: '孟军', birthDate: '1970-01-01', disability: { category: 4, grade: 1 } },
        { id: 'm2', name: '孟母', sex: 'F', relation: 'parent', birthDate: '1935-01-01', tekun: { kind: 'sanwu' } },
      ],
    });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['dibao', 'tekun'] });
    expect(r.entitlements.map(({ program, memberId, amountFen, period }) => ({ program, memberId, amountFen, period }))).toEqual([
      { program: 'dibao', memberId: null, amountFen: 60000, period: 'month' },
      { program: 'tekun', memberId: 'm2', amountFen: 90000, period: 'month' },
    ]);
    const tekun = r.entitlements[1]!;
    expect(tekun.explanation).toContain('孟母（80周岁老年人）为城镇“三无”人员');
    expect(tekun.explanation).toContain('依据《乌海市人民政府');
    expect(tekun.explanation).toContain('《社会救助暂行办法》(国务院令第649号)第14条、第18条');
  });

  it('when a recipient fails a criterion, then no amount is paid and the review line names the member and the criterion', () => {
    const h = household({ members: [{ id: 'm1', name: '马兰', sex: 'F', birthDate: '1945-01-01', monthlyIncomeFen: 30000, tekun: { kind: 'sanwu' } }] });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['tekun'] });
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.entitlements).toEqual([]);
    expect(r.needsManualReview).toEqual([
      { program: 'tekun', reasons: [expect.objectContaining({ code: 'TEKUN.HAS_INCOME', memberId: 'm1', message: expect.stringContaining('马兰为已核准的城镇“三无”人员') })] },
    ]);
  });

  it('when no parameter is in force, then every missing parameter is named for the member and nothing is paid', () => {
    const h = household({ members: [{ id: 'm1', name: '刘福', birthDate: '1940-03-01', tekun: { kind: 'orphan' } }] });
    const r = evaluate({ asOf: '2013-06-01', household: h }, { programs: ['tekun'] });
    const named = r.needsManualReview[0]!.reasons.map((x) => x.parameter).sort();
    expect(named).toEqual(['person.elderly-age', 'tekun.adult-age', 'tekun.minor-age-limit', 'tekun.orphan-standard']);
    expect(r.needsManualReview[0]!.reasons.every((x) => x.memberId === 'm1' && x.message.startsWith('刘福：'))).toBe(true);
    expect(r.entitlements).toEqual([]);
  });
});
