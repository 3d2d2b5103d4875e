import { z } from 'zod';
import 'zod-openapi';
import { AREA_CODES, monthSchema } from '@wuhai/contracts';
import { PROGRAM_CODES } from '@wuhai/rules';
import { evaluationResponseSchema } from './schemas';

/**
 * The zod schemas of `POST /api/v1/evaluations/batch`: the request the route validates, and the
 * NDJSON lines it answers (published in the OpenAPI document).
 */

/** The most household ids one batch may name. */
export const MAX_BATCH_HOUSEHOLD_IDS = 5000;
/** The first month the policy (and its parameters, from 2014-01-01) applies to. */
export const FIRST_POLICY_MONTH = '2014-01';

const UUID_LIKE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const evaluationBatchRequestSchema = z
  .object({
    month: monthSchema
      .refine((m) => m >= FIRST_POLICY_MONTH, {
        error: `月份不能早于${FIRST_POLICY_MONTH}（政策及其参数自2014-01-01起施行） / month must be ${FIRST_POLICY_MONTH} or later (the policy and its parameters apply from 2014-01-01)`,
        params: { code: 'VALIDATION.MONTH_BEFORE_POLICY' },
      })
      .meta({
        description:
          'The month, `YYYY-MM`; every household is evaluated on its first day (the payroll pays a month on what the rules decide on its 1st), as it was that day: the members who belonged to it then (moves from the registry\'s history), born by then and alive then — a member who dies during the month is counted (the month of a death is paid in full). A household nobody belonged to on that day is left out, or answers `RULES.NO_MEMBERS` when listed in `householdIds`.',
        example: '2015-06',
      }),
    programs: z
      .array(z.enum(PROGRAM_CODES, { error: `救助项目必须为 evaluations.md 的项目代码 / program must be one of ${PROGRAM_CODES.join(' | ')}` }))
      .max(PROGRAM_CODES.length * 2)
      .optional()
      .meta({ description: 'Program codes of evaluations.md; absent or empty: every program.' }),
    explain: z
      .boolean({ error: 'explain 必须为 true 或 false / explain must be true or false' })
      .optional()
      .meta({ description: 'true: each result with its steps and sentences, as `POST /api/v1/evaluations`; false (default): the same amounts, statuses and reason codes without sentences.' }),
    householdIds: z
      .array(z.string().regex(UUID_LIKE, { error: '户编号必须为UUID / a household id must be a UUID' }))
      .max(MAX_BATCH_HOUSEHOLD_IDS, { error: `一次最多${MAX_BATCH_HOUSEHOLD_IDS}户 / at most ${MAX_BATCH_HOUSEHOLD_IDS} household ids` })
      .optional()
      .meta({ description: 'The households to evaluate; absent or empty: every household (of `area`).' }),
    area: z
      .enum(AREA_CODES, { error: `行政区划代码必须为 ${AREA_CODES.join(' | ')} / area must be one of ${AREA_CODES.join(' | ')}` })
      .optional()
      .meta({ description: 'Only the households of this area; staff of one area always get only their own.' }),
  })
  .meta({ id: 'EvaluationBatchRequest' });
export type EvaluationBatchRequest = z.output<typeof evaluationBatchRequestSchema>;

export const batchHouseholdLineSchema = z
  .object({
    type: z.literal('household'),
    householdId: z.string(),
    householdNo: z.string().nullable().meta({ description: 'Hukou booklet number; null for an id the registry does not hold.' }),
    result: evaluationResponseSchema.optional().meta({ description: 'What the household is entitled to in the month (the response of evaluations.md); absent with `error`.' }),
    error: z
      .object({
        code: z.string().meta({ example: 'RULES.NO_MEMBERS' }),
        message: z.string().meta({ description: 'Chinese, then English.' }),
        memberId: z.string().nullable(),
      })
      .optional()
      .meta({ description: 'Why the household could not be evaluated (its facts refused by the rules, `REGISTRY.HOUSEHOLD_NOT_FOUND`); the batch goes on.' }),
  })
  .meta({ id: 'EvaluationBatchHouseholdLine', description: 'One line per household. Members are named by person id; no line carries a full ID number.' });

export const batchSummaryLineSchema = z
  .object({
    type: z.literal('summary'),
    month: z.string(),
    asOf: z.string().meta({ description: 'The evaluation date, the first day of the month.' }),
    explain: z.boolean(),
    households: z.number().int(),
    evaluated: z.number().int(),
    errors: z.number().int(),
    eligible: z.number().int(),
    ineligible: z.number().int(),
    needsManualReview: z.number().int(),
    programs: z.array(
      z.object({
        program: z.string(),
        period: z.enum(['month', 'year', 'once']),
        lines: z.number().int().meta({ description: 'Entitlement lines.' }),
        households: z.number().int().meta({ description: 'Households with at least one line.' }),
        amountFen: z.number().int().meta({ description: 'Sum of the lines, integer fen, per `period`.' }),
      }),
    ),
  })
  .meta({ id: 'EvaluationBatchSummaryLine', description: 'The last line of a complete batch.' });

export const batchFailureLineSchema = z
  .object({
    type: z.literal('error'),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'EvaluationBatchFailureLine', description: 'The batch broke off after the response had begun (e.g. a service became unavailable): no summary follows, the batch is incomplete.' });

export const batchLineSchema = z.discriminatedUnion('type', [batchHouseholdLineSchema, batchSummaryLineSchema, batchFailureLineSchema]);
