/**
 * The NDJSON lines the batch route writes for one message of civil affairs' `EvaluateBatch`: the
 * result JSON spliced in as sent, error lines, the summary, and ID numbers masked should a service
 * ever send one (the registry's stream carries none; this is the gateway's own guard).
 */
import type { BatchSummaryMsg } from '@wuhai/contracts';
import { linesOf } from '../src/routes/evaluations-batch.routes';

const summary: BatchSummaryMsg = {
  month: '2015-06',
  asOf: '2015-06-01',
  explain: false,
  households: '2',
  evaluated: '1',
  errors: '1',
  eligible: '1',
  ineligible: '0',
  needsManualReview: '0',
  programs: [{ program: 'dibao', period: 'month', lines: '1', households: '1', amountFen: '60000' }],
};

const parse = (b: Buffer) => b.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('when a message carries a result, an error and the summary, then three lines: the result as sent, the error with null for no member, the summary with numbers', () => {
  const result = { asOf: '2015-06-01', dibaoClass: 'A', entitlements: [{ program: 'dibao', amountFen: 60000, explanation: '张三 一人户' }] };
  const lines = parse(
    linesOf({
      households: [
        { householdId: 'h-1', householdNo: '150302000000001', resultJson: Buffer.from(JSON.stringify(result)), error: null },
        { householdId: 'h-2', householdNo: '', resultJson: Buffer.alloc(0), error: { code: 'REGISTRY.HOUSEHOLD_NOT_FOUND', message: '户 h-2 不存在 / household h-2 not found', memberId: '' } },
      ],
      summary,
    }),
  );
  expect(lines).toEqual([
    { type: 'household', householdId: 'h-1', householdNo: '150302000000001', result },
    { type: 'household', householdId: 'h-2', householdNo: null, error: { code: 'REGISTRY.HOUSEHOLD_NOT_FOUND', message: '户 h-2 不存在 / household h-2 not found', memberId: null } },
    { type: 'summary', month: '2015-06', asOf: '2015-06-01', explain: false, households: 2, evaluated: 1, errors: 1, eligible: 1, ineligible: 0, needsManualReview: 0, programs: [{ program: 'dibao', period: 'month', lines: 1, households: 1, amountFen: 60000 }] },
  ]);
});

test('when a result or an error message holds an ID number (18 or 15 digits), then the line carries it masked (first 6 and last 4 digits kept)', () => {
  const text = linesOf({
    households: [
      { householdId: 'h-1', householdNo: '150302000000001', resultJson: Buffer.from(JSON.stringify({ note: '张三 150302195003150017 已核实' })), error: null },
      { householdId: 'h-2', householdNo: '', resultJson: Buffer.alloc(0), error: { code: 'X', message: '旧号 150302500315001', memberId: 'm1' } },
    ],
    summary: null,
  }).toString('utf8');
  expect(text).not.toContain('150302195003150017');
  expect(text).not.toContain('150302500315001');
  const [first, second] = parse(Buffer.from(text));
  expect(first).toEqual({ type: 'household', householdId: 'h-1', householdNo: '150302000000001', result: { note: '张三 150302********0017 已核实' } });
  expect((second!.error as { message: string }).message).toMatch(/^旧号 150302\*+5001$/);
});
