import { DomainError } from '@wuhai/contracts';
import {
  addDays,
  addWorkingDays,
  applyAction,
  DIBAO_ACTIONS,
  DIBAO_STATUSES,
  isOpen,
  monthAfter,
  newCaseState,
  type DibaoAction,
  type DibaoCaseState,
  type DibaoStatus,
  type EvaluationSummary,
} from '../../src/domain/dibao-case';

// 2026-03-02 is a Monday.
const MONDAY = '2026-03-02';
const eligible: EvaluationSummary = { status: 'ELIGIBLE', reasons: [] };
const ctx = (today: string, note = '', evaluation = eligible) => ({ today, note, evaluation });

function stateIn(status: DibaoStatus, extra: Partial<DibaoCaseState> = {}): DibaoCaseState {
  return { ...newCaseState(MONDAY), status, ...extra };
}

/** Runs `fn`, which must throw a DomainError, and returns it. */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('the dibao procedure as a state machine', () => {
  test('when a case is submitted on a Monday, then it is "submitted" with investigation due 10 working days later (two weekends skipped)', () => {
    expect(newCaseState(MONDAY)).toEqual({
      status: 'submitted',
      noticeStartsOn: null,
      noticeEndsOn: null,
      decidedOn: null,
      paymentFromMonth: null,
      dueDate: '2026-03-16',
    });
  });

  describe('allowed transitions', () => {
    test('when a submitted case is verified on a Friday, then it is "verified" and the community review is due 5 working days later, over the weekend', () => {
      const next = applyAction(stateIn('submitted'), 'verify', ctx('2026-03-06'));
      expect(next).toMatchObject({ status: 'verified', dueDate: '2026-03-13' });
    });

    test('when the notice starts on 2026-03-02, then it ends on 2026-03-08 (7 days inclusive) and the decision is due 3 working days after', () => {
      const next = applyAction(stateIn('verified'), 'start_notice', ctx(MONDAY));
      // 2026-03-08 is a Sunday: Mon 9, Tue 10, Wed 11.
      expect(next).toMatchObject({ status: 'under_notice', noticeStartsOn: MONDAY, noticeEndsOn: '2026-03-08', dueDate: '2026-03-11' });
    });

    test('when approved on 2026-03-09, the day after the notice ended, then it is approved and paid from April 2026', () => {
      const underNotice = applyAction(stateIn('verified'), 'start_notice', ctx(MONDAY));
      const next = applyAction(underNotice, 'approve', ctx('2026-03-09'));
      expect(next).toEqual({
        status: 'approved',
        noticeStartsOn: MONDAY,
        noticeEndsOn: '2026-03-08',
        decidedOn: '2026-03-09',
        paymentFromMonth: '2026-04',
        dueDate: null,
      });
    });

    test.each(['submitted', 'verified', 'under_notice'] as const)('when a %s case is refused with a written reason, then it is refused that day', (status) => {
      const next = applyAction(stateIn(status), 'refuse', ctx('2026-03-04', '家庭人均收入高于低保标准'));
      expect(next).toMatchObject({ status: 'refused', decidedOn: '2026-03-04', dueDate: null, paymentFromMonth: null });
    });
  });

  describe('refused transitions', () => {
    const allowed: Record<DibaoAction, DibaoStatus[]> = {
      verify: ['submitted'],
      start_notice: ['verified'],
      approve: ['under_notice'],
      refuse: ['submitted', 'verified', 'under_notice'],
      resolve_review: [...DIBAO_STATUSES],
    };
    const refused = DIBAO_ACTIONS.flatMap((action) =>
      DIBAO_STATUSES.filter((s) => !allowed[action].includes(s)).map((status) => ({ action, status })),
    );

    test('the table covers every action in every status that does not allow it', () => {
      expect(refused).toHaveLength(DIBAO_ACTIONS.length * DIBAO_STATUSES.length - 11); // 6 allowed pairs of the procedure, resolve_review in all 5 statuses
    });

    test.each(refused)('when "$action" is asked of a $status case, then DIBAO.ACTION_NOT_ALLOWED (precondition)', ({ action, status }) => {
      const err = refusal(() =>
        applyAction(stateIn(status, { noticeEndsOn: '2026-02-01' }), action, ctx('2026-03-20', 'a reason')),
      );
      expect(err).toMatchObject({ code: 'DIBAO.ACTION_NOT_ALLOWED', kind: 'precondition' });
    });
  });

  describe('approval only after the full public notice', () => {
    const underNotice = () => applyAction(stateIn('verified'), 'start_notice', ctx(MONDAY));

    test.each(['2026-03-02', '2026-03-05', '2026-03-08'])('when approval is asked on %s (notice runs 03-02..03-08), then DIBAO.NOTICE_NOT_ENDED', (day) => {
      const err = refusal(() => applyAction(underNotice(), 'approve', ctx(day)));
      expect(err).toMatchObject({ code: 'DIBAO.NOTICE_NOT_ENDED', kind: 'precondition' });
      expect(err.message).toContain('2026-03-08');
    });

    test('when a case under notice has no end date recorded, then approval is refused', () => {
      const err = refusal(() => applyAction(stateIn('under_notice', { noticeEndsOn: null }), 'approve', ctx('2026-12-01')));
      expect(err.code).toBe('DIBAO.NOTICE_NOT_ENDED');
    });

    test('when the household is no longer eligible at approval, then DIBAO.NOT_ELIGIBLE', () => {
      const err = refusal(() =>
        applyAction(underNotice(), 'approve', ctx('2026-03-09', '', { status: 'INELIGIBLE', reasons: ['收入不低于标准'] })),
      );
      expect(err).toMatchObject({ code: 'DIBAO.NOT_ELIGIBLE', kind: 'precondition' });
    });
  });

  describe('the notice needs an eligible household', () => {
    test('when the rules found the household ineligible, then start_notice is refused with DIBAO.NOT_ELIGIBLE and the reasons', () => {
      const err = refusal(() =>
        applyAction(stateIn('verified'), 'start_notice', ctx(MONDAY, '', { status: 'INELIGIBLE', reasons: ['家庭拥有1辆机动车'] })),
      );
      expect(err.code).toBe('DIBAO.NOT_ELIGIBLE');
      expect(err.message).toContain('家庭拥有1辆机动车');
    });

    test('when the rules need manual review, then start_notice is refused with DIBAO.NEEDS_MANUAL_REVIEW', () => {
      const err = refusal(() =>
        applyAction(stateIn('verified'), 'start_notice', ctx(MONDAY, '', { status: 'NEEDS_MANUAL_REVIEW', reasons: ['缺少参数'] })),
      );
      expect(err).toMatchObject({ code: 'DIBAO.NEEDS_MANUAL_REVIEW', kind: 'precondition' });
    });
  });

  test.each(['', '   '])('when a refusal has no written reason (%j), then DIBAO.REFUSAL_NEEDS_REASON names the note', (note) => {
    const err = refusal(() => applyAction(stateIn('verified'), 'refuse', ctx(MONDAY, note)));
    expect(err).toMatchObject({ code: 'DIBAO.REFUSAL_NEEDS_REASON', kind: 'invalid' });
    expect(err.fields.map((f) => f.path)).toEqual(['note']);
  });

  test('when a case is approved or refused, then it is no longer open', () => {
    expect(DIBAO_STATUSES.filter(isOpen)).toEqual(['submitted', 'verified', 'under_notice']);
  });
});

describe('resolving a review', () => {
  test.each([...DIBAO_STATUSES])('when a review of a %s case is resolved with a note, then the case state is unchanged', (status) => {
    const state = stateIn(status, { noticeEndsOn: '2026-02-01', decidedOn: status === 'approved' ? '2026-02-05' : null });
    expect(applyAction(state, 'resolve_review', ctx('2026-03-20', '已入户核实，车辆已出售'))).toEqual(state);
  });

  test('when a review is resolved without a note, then REVIEW.NOTE_REQUIRED names the note', () => {
    const err = refusal(() => applyAction(stateIn('approved'), 'resolve_review', ctx('2026-03-20', '  ')));
    expect(err).toMatchObject({ code: 'REVIEW.NOTE_REQUIRED', kind: 'invalid' });
    expect(err.fields.map((f) => f.path)).toEqual(['note']);
  });
});

describe('calendar helpers', () => {
  test.each([
    ['2026-03-06', 1, '2026-03-09'], // Friday + 1 working day = Monday
    ['2026-03-07', 1, '2026-03-09'], // Saturday + 1 = Monday
    ['2026-03-08', 3, '2026-03-11'], // Sunday + 3 = Wednesday
    ['2026-03-02', 5, '2026-03-09'], // Monday + 5 = next Monday
    ['2026-12-31', 1, '2027-01-01'], // Thursday to Friday across the year
    ['2026-03-02', 0, '2026-03-02'],
  ])('when %s plus %i working days, then %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  test.each([
    ['2026-03-02', 6, '2026-03-08'],
    ['2026-02-25', 7, '2026-03-04'], // 2026 is not a leap year
    ['2028-02-25', 7, '2028-03-03'], // 2028 is
    ['2026-12-28', 7, '2027-01-04'],
  ])('when %s plus %i calendar days, then %s', (from, n, expected) => {
    expect(addDays(from, n)).toBe(expected);
  });

  test.each([
    ['2026-03-09', '2026-04'],
    ['2026-11-30', '2026-12'],
    ['2026-12-01', '2027-01'],
    ['2026-12-31', '2027-01'],
  ])('when a case is decided on %s, then payment starts in %s', (decidedOn, month) => {
    expect(monthAfter(decidedOn)).toBe(month);
  });

  test('when a case is approved on 31 December, then it is paid from January of the next year', () => {
    const underNotice = applyAction(stateIn('verified'), 'start_notice', ctx('2026-12-20'));
    expect(underNotice.noticeEndsOn).toBe('2026-12-26');
    expect(applyAction(underNotice, 'approve', ctx('2026-12-31')).paymentFromMonth).toBe('2027-01');
  });
});
