/**
 * The rules of a household's life that need no database (docs/decisions/0013-deaths-and-moves.md):
 * which days a death or move may carry, who heads a household a member leaves, which relation a
 * person takes on arrival, what a new household needs, and when two addresses are one.
 */
import { DomainError } from '@wuhai/contracts';
import {
  checkDeath,
  checkMove,
  checkNewHousehold,
  headAfterLeaving,
  normaliseAddress,
  relationOnArrival,
  sameAddress,
} from '../../src/domain/household-lifecycle';

const TODAY = '2026-03-16';
const BORN = '1961-04-12';

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('the day of a death', () => {
  test('when the death date is today, or the birth date itself, then it is accepted', () => {
    expect(checkDeath({ deathDate: TODAY, source: 'public-security', note: '' }, BORN, TODAY)).toEqual([]);
    expect(checkDeath({ deathDate: BORN, source: 'medical-certificate', note: '' }, BORN, TODAY)).toEqual([]);
  });

  test('when the death date is after today, then deathDate is named, in Chinese and English', () => {
    expect(checkDeath({ deathDate: '2026-03-17', source: 'family', note: '' }, BORN, TODAY)).toEqual([
      { path: 'deathDate', code: 'VALIDATION.DEATH_DATE_IN_FUTURE', message: '死亡日期不能晚于今天（2026-03-16）/ the death date must not be after today (2026-03-16)' },
    ]);
  });

  test('when the death date is before the birth date, then deathDate is named with the birth date', () => {
    expect(checkDeath({ deathDate: '1961-04-11', source: 'family', note: '' }, BORN, TODAY)).toEqual([
      { path: 'deathDate', code: 'VALIDATION.DEATH_DATE_BEFORE_BIRTH', message: '死亡日期不能早于出生日期（1961-04-12）/ the death date must not be before the birth date (1961-04-12)' },
    ]);
  });

  test('when the death date does not exist, the source is unknown and the note too long, then each field is named', () => {
    const fields = checkDeath({ deathDate: '2026-02-30', source: 'rumour', note: '字'.repeat(501) }, BORN, TODAY);
    expect(fields.map((f) => [f.path, f.code])).toEqual([
      ['deathDate', 'VALIDATION.INVALID_DATE'],
      ['source', 'VALIDATION.DEATH_SOURCE'],
      ['note', 'VALIDATION.TOO_BIG'],
    ]);
    for (const f of fields) expect(f.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
  });

  test('when a move is dated in the future or before the birth, then movedOn is named', () => {
    expect(checkMove({ movedOn: '2026-04-01', note: '' }, BORN, TODAY).map((f) => [f.path, f.code])).toEqual([['movedOn', 'VALIDATION.MOVE_DATE_IN_FUTURE']]);
    expect(checkMove({ movedOn: '1960-01-01', note: '' }, BORN, TODAY).map((f) => [f.path, f.code])).toEqual([['movedOn', 'VALIDATION.MOVE_DATE_BEFORE_BIRTH']]);
    expect(checkMove({ movedOn: '2026-03-01', note: '' }, BORN, TODAY)).toEqual([]);
  });
});

describe('who heads the household a member leaves', () => {
  const head = { personId: 'p-head', name: '王建国', relation: 'head' };
  const spouse = { personId: 'p-spouse', name: '李秀兰', relation: 'spouse' };
  const child = { personId: 'p-child', name: '王小明', relation: 'child' };
  const family = [head, spouse, child];

  test('when a member who is not the head leaves, then the head stays and no new head may be named', () => {
    expect(headAfterLeaving(family, child, '')).toBeNull();
    expect(thrown(() => headAfterLeaving(family, child, spouse.personId))).toMatchObject({
      code: 'REGISTRY.NEW_HEAD_NOT_EXPECTED',
      fields: [expect.objectContaining({ path: 'newHeadPersonId' })],
    });
  });

  test('when the head leaves and others stay without a new head named, then NEW_HEAD_REQUIRED names the field and lists who may be named', () => {
    const e = thrown(() => headAfterLeaving(family, head, ''));
    expect(e).toMatchObject({ code: 'REGISTRY.NEW_HEAD_REQUIRED', kind: 'invalid' });
    expect(e.fields).toHaveLength(1);
    expect(e.fields[0]!.path).toBe('newHeadPersonId');
    expect(e.fields[0]!.message).toContain('李秀兰（p-spouse）、王小明（p-child）');
    expect(e.zh).toContain('王建国 是户主');
  });

  test('when the head leaves and the clerk names another member, then that member becomes head', () => {
    expect(headAfterLeaving(family, head, 'p-spouse')).toEqual(spouse);
  });

  test('when the head leaves and the clerk names someone outside the household (or the head), then NOT_A_MEMBER', () => {
    expect(thrown(() => headAfterLeaving(family, head, 'p-stranger')).code).toBe('REGISTRY.NOT_A_MEMBER');
    expect(thrown(() => headAfterLeaving(family, head, 'p-head')).code).toBe('REGISTRY.NOT_A_MEMBER');
  });

  test('when the only member leaves, then nobody heads the household and nobody may be named', () => {
    expect(headAfterLeaving([head], head, '')).toBeNull();
    expect(thrown(() => headAfterLeaving([head], head, 'p-spouse')).code).toBe('REGISTRY.NEW_HEAD_NOT_EXPECTED');
  });
});

describe('the relation a person takes on arrival', () => {
  test('when a person founds a new household, then they are its head ("" or head), and any other relation is refused', () => {
    expect(relationOnArrival('', { isNew: true, hasHead: false })).toEqual({ relation: 'head' });
    expect(relationOnArrival('head', { isNew: true, hasHead: false })).toEqual({ relation: 'head' });
    expect(relationOnArrival('child', { isNew: true, hasHead: false })).toMatchObject({ fields: [{ path: 'relation', code: 'REGISTRY.NEW_HOUSEHOLD_HEAD' }] });
  });

  test('when a person joins a household with a head, then the relation is required and may not be head', () => {
    expect(relationOnArrival('spouse', { isNew: false, hasHead: true })).toEqual({ relation: 'spouse' });
    expect(relationOnArrival('', { isNew: false, hasHead: true })).toMatchObject({ fields: [{ path: 'relation', code: 'VALIDATION.RELATION' }] });
    expect(relationOnArrival('head', { isNew: false, hasHead: true })).toMatchObject({ fields: [{ path: 'relation', code: 'VALIDATION.ONE_HEAD' }] });
  });

  test('when a person joins a household nobody lives in any more, then they must become its head', () => {
    expect(relationOnArrival('head', { isNew: false, hasHead: false })).toEqual({ relation: 'head' });
    expect(relationOnArrival('child', { isNew: false, hasHead: false })).toMatchObject({ fields: [{ path: 'relation', code: 'VALIDATION.ONE_HEAD' }] });
  });
});

describe('a new household and its address', () => {
  const valid = {
    street: '新华街道',
    address: '海勃湾区新华街道1号',
    householdNo: '',
    area: '150302',
    hukou: 'urban',
    livingAreaM2: 20,
    homeOwned: false,
    houseDangerGrade: null,
    assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 0, businessCapitalFen: 0 },
    familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false },
  };

  test('when the new household is complete, then it is accepted', () => {
    expect(checkNewHousehold(valid)).toMatchObject({ ok: true, facts: { street: '新华街道', area: '150302' } });
  });

  test('when its street is not of its area and its address is blank, then both are named under newHousehold', () => {
    const r = checkNewHousehold({ ...valid, street: '巴音赛街道', address: '  ' });
    expect(r.ok).toBe(false);
    expect((r as { fields: { path: string; code: string }[] }).fields.map((f) => [f.path, f.code]).sort()).toEqual([
      ['newHousehold.address', 'VALIDATION.TOO_SMALL'],
      ['newHousehold.street', 'VALIDATION.STREET_NOT_IN_AREA'],
    ]);
  });

  test('when two addresses differ only by full-width digits, spaces and punctuation, then they are the same address', () => {
    expect(normaliseAddress(' 海勃湾区新华街道 １号，２单元 ')).toBe('海勃湾区新华街道1号2单元');
    expect(sameAddress({ street: '新华街道', address: '海勃湾区新华街道１号' }, { street: '新华街道', address: '海勃湾区 新华街道1号' })).toBe(true);
  });

  test('when the house number or the street differs, then they are not the same address', () => {
    expect(sameAddress({ street: '新华街道', address: '海勃湾区新华街道1号' }, { street: '新华街道', address: '海勃湾区新华街道11号' })).toBe(false);
    expect(sameAddress({ street: '新华街道', address: '1号' }, { street: '海北街道', address: '1号' })).toBe(false);
  });
});
