import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { today } from './routes/context';
import {
  advanceClockBodySchema,
  applicationBodySchema,
  authorisationBodySchema,
  authorisationStateSchema,
  duplicatesQuerySchema,
  duplicatesResponseSchema,
  verificationBodySchema,
  verificationReportSchema,
  applicationSchema,
  applicationViewSchema,
  caseSchema,
  casesQuerySchema,
  casesResponseSchema,
  clockSchema,
  evaluationRequestSchema,
  evaluationResponseSchema,
  householdCreatedSchema,
  householdRegistrationSchema,
  householdViewSchema,
  householdPatchSchema,
  householdReadQuerySchema,
  householdSearchQuerySchema,
  householdSearchResultSchema,
  idParamsSchema,
  loginBodySchema,
  loginResponseSchema,
  obligationsQuerySchema,
  obligationsResponseSchema,
  personParamsSchema,
  personViewSchema,
  problemSchema,
  readinessSchema,
  transitionBodySchema,
} from './routes/schemas';
import { deathBodySchema, deathRecordedSchema, deathRevocationBodySchema, deathRevokedSchema, moveBodySchema, movedSchema } from './routes/lifecycle.schemas';
import { batchLineSchema, evaluationBatchRequestSchema } from './routes/evaluations-batch.schemas';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** Responses every authenticated route can give besides its own. */
const COMMON: ZodOpenApiResponsesObject = {
  '401': problem('No valid bearer token (`AUTH.MISSING_TOKEN`, `AUTH.INVALID_TOKEN`).'),
  '503': problem('A platform service did not answer in time.'),
};

const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .meta({ description: 'Makes the command safe to repeat: the same key and body return the first response; another body is 409.' }),
});

function op(summary: string, responses: ZodOpenApiResponsesObject, extra: Partial<ZodOpenApiOperationObject> = {}): ZodOpenApiOperationObject {
  return { summary, responses: { ...responses, ...COMMON }, ...extra };
}

let cached: unknown;

/**
 * The OpenAPI 3.1 document of the REST surface, rendered by zod-openapi from the same zod schemas
 * the routes validate requests with (rest-api.md). Built once per process.
 */
export function openApiDocument(): unknown {
  if (cached) return cached;
  const day = today();
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: '乌海市社会救助平台 API / Wuhai social-assistance platform API',
      version: '1.0.0',
      description: 'Money is integer fen; dates `YYYY-MM-DD`; months `YYYY-MM`. Errors are application/problem+json.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/auth/login': {
        post: {
          summary: 'Sign in: `{username, password}` → `{token}`',
          security: [],
          requestBody: json(loginBodySchema),
          responses: {
            '200': { description: 'Signed in.', ...json(loginResponseSchema) },
            '400': problem('Missing username or password.'),
            '401': problem('`AUTH.BAD_CREDENTIALS`.'),
            '429': problem('`AUTH.TOO_MANY_ATTEMPTS`.'),
          },
        },
      },
      '/healthz': {
        get: { summary: 'The gateway is up', security: [], responses: { '200': { description: 'Up.', ...json(z.object({ status: z.literal('ok') })) } } },
      },
      '/readyz': {
        get: {
          summary: 'Ready only when every service reports SERVING',
          security: [],
          responses: {
            '200': { description: 'Ready.', ...json(readinessSchema) },
            '503': { description: 'Some service is not serving.', ...json(readinessSchema) },
          },
        },
      },
      '/api/v1/evaluations': {
        post: op(
          'What a household is entitled to on a date, with reasons (evaluations.md)',
          {
            '200': { description: 'The entitlements.', ...json(evaluationResponseSchema) },
            '400': problem('Every invalid field, e.g. `VALIDATION.ID_NUMBER_CHECKSUM`.'),
            '413': problem('The body is over 256 KiB.'),
          },
          { requestBody: json(evaluationRequestSchema(day)) },
        ),
      },
      '/api/v1/evaluations/batch': {
        post: op(
          'Evaluate many households for a month (payroll, monthly review), streamed as NDJSON: one line per household, then a summary (civil-affairs and finance staff; audited)',
          {
            '200': {
              description:
                'One `household` line per household (its result, or `error` when its facts were refused or it was not found; the batch goes on), then one `summary` line with counts and per-program totals. A `{"type":"error"}` line instead of the summary: the batch broke off and is incomplete.',
              content: { 'application/x-ndjson': { schema: batchLineSchema } },
            },
            '400': problem('A bad month (`YYYY-MM`, from 2014-01), an unknown program, area or household id — each named.'),
            '403': problem('`AUTH.WRONG_DEPARTMENT`: only civil-affairs and finance staff.'),
            '413': problem('The body is over 256 KiB.'),
          },
          { requestBody: json(evaluationBatchRequestSchema) },
        ),
      },
      '/api/v1/households': {
        get: op(
          'Find households by a member name (prefix), street or area; ID numbers masked',
          { '200': { description: 'Matching households.', ...json(householdSearchResultSchema) }, '400': problem('No filter, or an invalid one.') },
          { requestParams: { query: householdSearchQuerySchema } },
        ),
        post: op(
          'Register a household',
          {
            '201': { description: 'Registered.', ...json(householdCreatedSchema) },
            '400': problem('Invalid fields.'),
            '409': problem(
              'An ID number is already registered in another household (`REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD`, naming the member and that household: a person leaves a household by a move), or the Idempotency-Key was reused.',
            ),
          },
          { requestBody: json(householdRegistrationSchema(day)), requestParams: { header: idempotencyHeader } },
        ),
      },
      '/api/v1/households/{id}': {
        get: op(
          'The household, its members (ID numbers masked unless `reveal=idNumber`) and its change history (audited)',
          { '200': { description: 'The household.', ...json(householdViewSchema) }, '400': problem('Invalid query.'), '404': problem('No such household.') },
          { requestParams: { path: idParamsSchema, query: householdReadQuerySchema } },
        ),
        patch: op(
          'Change facts of a household (income, work, address, living area, assets); recorded and announced',
          {
            '200': { description: 'The household after the change.', ...json(householdViewSchema) },
            '400': problem('Invalid fields, or a person who is not a member.'),
            '404': problem('No such household.'),
            '409': problem('`If-Match` names an older version.'),
          },
          { requestBody: json(householdPatchSchema), requestParams: { path: idParamsSchema } },
        ),
      },
      '/api/v1/persons/{idNumber}': {
        get: op(
          'The person and the household they belong to (audited)',
          {
            '200': { description: 'The person.', ...json(personViewSchema) },
            '400': problem('A malformed ID number.'),
            '404': problem('No person has this ID number.'),
            '409': problem(
              '`REGISTRY.ID_NUMBER_AMBIGUOUS` (field `idNumber`): two registered persons answer to this 18-character number — one registered with it, one with the legacy 15-digit number that converts to it. The platform never picks one silently: the pair is listed for a clerk to resolve at `GET /api/v1/registry/duplicates?kind=same-person-15-18`; the 15-digit number still finds the person registered with it. Nothing of either person is answered; the attempt is audited.',
            ),
          },
          { requestParams: { path: personParamsSchema(day) } },
        ),
      },
      '/api/v1/persons/{idNumber}/death': {
        post: op(
          'Record a death (City §18): the person stays marked deceased and leaves the household; recorded in its history and announced so every department stops what it pays (audited)',
          {
            '201': { description: 'Recorded; the household after the death (ID numbers masked).', ...json(deathRecordedSchema) },
            '400': problem(
              'Invalid fields: `deathDate` after today (`VALIDATION.DEATH_DATE_IN_FUTURE`) or before the birth (`VALIDATION.DEATH_DATE_BEFORE_BIRTH`), `source`; the head died and others remain without `newHeadPersonId` (`REGISTRY.NEW_HEAD_REQUIRED`, listing who may be named).',
            ),
            '403': problem('Registry and civil-affairs staff only.'),
            '404': problem('No person has this ID number.'),
            '409': problem('`REGISTRY.PERSON_DECEASED`: the death is recorded already; `REGISTRY.ID_NUMBER_AMBIGUOUS`: two registered persons share this number (see `GET /api/v1/persons/{idNumber}`), nothing recorded; or the Idempotency-Key was reused.'),
          },
          { requestParams: { path: personParamsSchema(day), header: idempotencyHeader }, requestBody: json(deathBodySchema) },
        ),
      },
      '/api/v1/persons/{idNumber}/death/revocation': {
        post: op(
          'Revoke a death recorded by mistake: the person is alive again, back in the household they were in with their old relation (`other` when they were head and a new head was named meanwhile); kept in its history with the reason and announced, so civil affairs pays for them again from the month after the revoked death (audited)',
          {
            '200': { description: 'Revoked; the household with the person back (ID numbers masked).', ...json(deathRevokedSchema) },
            '400': problem('`reason` missing (`VALIDATION.REQUIRED`), blank (`VALIDATION.TOO_SMALL`) or over 500 characters (`VALIDATION.TOO_BIG`), named in Chinese and English; nothing changes.'),
            '403': problem('Registry and civil-affairs staff only.'),
            '404': problem('No person has this ID number.'),
            '409': problem('`REGISTRY.PERSON_NOT_DECEASED`: the person is not recorded deceased; `REGISTRY.ID_NUMBER_AMBIGUOUS`: two registered persons share this number; or the Idempotency-Key was reused.'),
          },
          { requestParams: { path: personParamsSchema(day), header: idempotencyHeader }, requestBody: json(deathRevocationBodySchema) },
        ),
      },
      '/api/v1/persons/{idNumber}/moves': {
        post: op(
          'Move a person to another household or a new one, in one recorded change (one person in one household at a time); a new household at the address left is flagged as a possible split household (audited)',
          {
            '201': { description: 'Moved.', ...json(movedSchema) },
            '400': problem('Invalid fields: both or neither of `toHouseholdId` and `newHousehold`, `movedOn`, `relation`, `newHousehold.*`, `newHeadPersonId` — each named.'),
            '403': problem('Registry and civil-affairs staff only.'),
            '404': problem('No person has this ID number, or no household `toHouseholdId`.'),
            '409': problem('The person is already a member of that household or is recorded deceased; a booklet number taken; `REGISTRY.ID_NUMBER_AMBIGUOUS`: two registered persons share this number (see `GET /api/v1/persons/{idNumber}`), nothing moved; or the Idempotency-Key was reused.'),
          },
          { requestParams: { path: personParamsSchema(day), header: idempotencyHeader }, requestBody: json(moveBodySchema) },
        ),
      },
      '/api/v1/households/{id}/authorisations': {
        post: op(
          'Record the signed authorisation to verify (MCA-2012): which adult members have signed, which are missing',
          {
            '201': { description: "The household's authorisation state.", ...json(authorisationStateSchema) },
            '400': problem('No person ids, a person who is not a member (`VERIFICATION.NOT_A_MEMBER`, each named), a bad or future `signedAt`.'),
            '403': problem('Civil-affairs and registry staff only.'),
            '404': problem('No such household.'),
            '409': problem('The Idempotency-Key was reused or is in progress.'),
          },
          { requestBody: json(authorisationBodySchema(day)), requestParams: { path: idParamsSchema, header: idempotencyHeader } },
        ),
      },
      '/api/v1/verifications': {
        post: op(
          'Run the cross-registry verification of a household (City §18); the report states facts, civil affairs decides (audited)',
          {
            '201': { description: 'The stored report (a new version per run).', ...json(verificationReportSchema) },
            '400': problem('A missing or malformed householdId; or `RULES.MISSING_PARAMETER` on `asOf`: the run\'s date has no income tolerance (a date before 2014-01-01, decision 0014), each parameter named — nothing is stored.'),
            '403': problem('Civil-affairs and registry staff only.'),
            '404': problem('No such household.'),
            '409': problem('`VERIFICATION.NOT_AUTHORISED`: adult members who have not signed, each named; or the Idempotency-Key was reused.'),
          },
          { requestBody: json(verificationBodySchema), requestParams: { header: idempotencyHeader } },
        ),
      },
      '/api/v1/verifications/{id}': {
        get: op(
          'A stored verification report: findings and mismatches per member and source (audited)',
          { '200': { description: 'The report, as stored.', ...json(verificationReportSchema) }, '403': problem('Civil-affairs and registry staff only.'), '404': problem('No such report.') },
          { requestParams: { path: idParamsSchema } },
        ),
      },
      '/api/v1/registry/duplicates': {
        get: op(
          'Possible duplicates for a clerk (15/18-digit numbers, same name and birth date, hukou in another household, possible split household); never merged',
          { '200': { description: 'One page.', ...json(duplicatesResponseSchema) }, '400': problem('Invalid query.'), '403': problem('Civil-affairs and registry staff only.') },
          { requestParams: { query: duplicatesQuerySchema } },
        ),
      },
      '/api/v1/applications': {
        post: op(
          'Intake window: submit an application',
          {
            '201': { description: 'Accepted, with the cases it opened.', ...json(applicationSchema) },
            '400': problem('Invalid fields, unknown program, unsigned declaration.'),
            '403': problem('Only civil-affairs staff take applications.'),
            '404': problem('No such household.'),
            '409': problem('An open dibao case exists, or the Idempotency-Key was reused or is in progress.'),
          },
          { requestBody: json(applicationBodySchema), requestParams: { header: idempotencyHeader } },
        ),
      },
      '/api/v1/applications/{id}': {
        get: op(
          'The application, its cases and what every department holds for the household',
          { '200': { description: 'The application.', ...json(applicationViewSchema) }, '404': problem('No such application.') },
          { requestParams: { path: idParamsSchema } },
        ),
      },
      '/api/v1/cases': {
        get: op(
          "The caller's department work queue",
          { '200': { description: 'One page of the queue.', ...json(casesResponseSchema) }, '400': problem('Invalid filter.'), '403': problem('This department has no queue.') },
          { requestParams: { query: casesQuerySchema } },
        ),
      },
      '/api/v1/cases/{id}': {
        get: op(
          'One dibao case: facts, evaluation with clause citations, history (audited)',
          { '200': { description: 'The case.', ...json(caseSchema) }, '403': problem('Civil affairs only.'), '404': problem('No such case.') },
          { requestParams: { path: idParamsSchema } },
        ),
      },
      '/api/v1/cases/{id}/transitions': {
        post: op(
          'Move a case through its procedure',
          {
            '200': { description: 'The case after the action.', ...json(caseSchema) },
            '400': problem('Unknown action, refusal without reasons, `resolve_review` without a note (`REVIEW.NOTE_REQUIRED`).'),
            '403': problem("The caller's department or role may not act on the case."),
            '404': problem('No such case.'),
            '409': problem(
              "The case's state does not allow the action (e.g. `DIBAO.ACTION_NOT_ALLOWED`, `DIBAO.NOTICE_NOT_ENDED`); `verify`: an adult member has not signed the authorisation (`VERIFICATION.NOT_AUTHORISED`, each named) or the verification found mismatches (`DIBAO.VERIFICATION_MISMATCH`, each listed; the case stays submitted); `resolve_review`: no such open review (`REVIEW.NOT_OPEN`).",
            ),
          },
          { requestParams: { path: idParamsSchema }, requestBody: json(transitionBodySchema) },
        ),
      },
      '/api/v1/finance/obligations': {
        get: op(
          'What departments have committed for a month',
          { '200': { description: 'Obligations and totals.', ...json(obligationsResponseSchema) }, '400': problem('A bad month.'), '403': problem('Finance only.') },
          { requestParams: { query: obligationsQuerySchema } },
        ),
      },
      '/api/v1/demo/clock': {
        get: op('Demo mode: the procedure clock', { '200': { description: 'The clock.', ...json(clockSchema) }, '404': problem('Not in demo mode.') }),
        post: op(
          'Demo mode: move the procedure clock forward',
          { '200': { description: 'The clock.', ...json(clockSchema) }, '403': problem('Civil affairs only.'), '404': problem('Not in demo mode.') },
          { requestBody: json(advanceClockBodySchema) },
        ),
      },
      '/api/v1/openapi.json': {
        get: op('This document', { '200': { description: 'OpenAPI 3.1.' } }),
      },
    },
  });
  return cached;
}
