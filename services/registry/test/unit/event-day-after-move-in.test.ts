/**
 * A death or a move is not dated before the person moved into the household they leave
 * (docs/decisions/0013-deaths-and-moves.md: one person in one household at a time, every change kept
 * as history — a history must never read "moved in, then moved out earlier").
 */
import { checkDeath, checkMove } from '../../src/domain/household-lifecycle';

const TODAY = '2026-11-30';
const BORN = '1962-07-07';
const MOVED_IN = '2026-11-01';

describe('a day before the move into the current household', () => {
  test('when a move out is dated the day before the move in, then movedOn is refused naming the move-in day in Chinese and English', () => {
    expect(checkMove({ movedOn: '2026-10-31', note: '' }, BORN, TODAY, MOVED_IN)).toEqual([
      {
        path: 'movedOn',
        code: 'VALIDATION.MOVE_DATE_BEFORE_MOVE_IN',
        message: '迁移日期不能早于此人迁入现户的日期（2026-11-01）/ the move date must not be before the day the person moved into their current household (2026-11-01)',
      },
    ]);
  });

  test('when a death is dated before the move in, then deathDate is refused; on the day of the move in or later it is accepted', () => {
    expect(checkDeath({ deathDate: '2026-10-15', source: 'family', note: '' }, BORN, TODAY, MOVED_IN).map((f) => [f.path, f.code])).toEqual([
      ['deathDate', 'VALIDATION.DEATH_DATE_BEFORE_MOVE_IN'],
    ]);
    expect(checkDeath({ deathDate: MOVED_IN, source: 'family', note: '' }, BORN, TODAY, MOVED_IN)).toEqual([]);
    expect(checkMove({ movedOn: TODAY, note: '' }, BORN, TODAY, MOVED_IN)).toEqual([]);
  });

  test('a member since the household was registered (no move-in day) may leave on any day from birth to today', () => {
    expect(checkMove({ movedOn: BORN, note: '' }, BORN, TODAY, null)).toEqual([]);
    expect(checkDeath({ deathDate: '1990-01-01', source: 'family', note: '' }, BORN, TODAY)).toEqual([]);
  });

  test('a day in the future or before the birth keeps its own error, not the move-in one', () => {
    expect(checkMove({ movedOn: '2026-12-01', note: '' }, BORN, TODAY, MOVED_IN).map((f) => f.code)).toEqual(['VALIDATION.MOVE_DATE_IN_FUTURE']);
    expect(checkMove({ movedOn: '1960-01-01', note: '' }, BORN, TODAY, MOVED_IN).map((f) => f.code)).toEqual(['VALIDATION.MOVE_DATE_BEFORE_BIRTH']);
  });
});
