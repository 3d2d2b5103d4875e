import { z } from 'zod';
import 'zod-openapi';
import {
  areaSchema,
  convertLegacyIdNumber,
  dateSchema,
  householdFactsSchema,
  isCalendarDate,
  isLegacyIdNumber,
  MISMATCH_KINDS,
  monthSchema,
  parseIdNumber,
} from '@wuhai/contracts';

/**
 * The zod schemas of the REST surface (rest-api.md). Request schemas are the ones the routes
 * validate with; `openapi.ts` renders the same objects, so the published document cannot drift
 * from what is enforced. Schemas that depend on the date (birth dates must not be in the future)
 * are functions of `today` (`YYYY-MM-DD`, the city's date).
 */

const UUID_LIKE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const uuidLike = (what: string) =>
  z.string({ error: `${what}必须为UUID / ${what} must be a UUID` }).regex(UUID_LIKE, { error: `${what}必须为UUID / ${what} must be a UUID` });

// ---------------------------------------------------------------------------------------------
// Errors

export const fieldErrorSchema = z.object({
  path: z.string().meta({ description: 'Dotted path into the request, e.g. `household.members.0.idNumber`.' }),
  code: z.string().meta({ example: 'VALIDATION.ID_NUMBER_CHECKSUM' }),
  message: z.string().meta({ description: 'Chinese, then English.' }),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ example: 'AUTH.BAD_CREDENTIALS' }),
    detail: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .meta({ id: 'Problem', description: 'application/problem+json (RFC 9457) with a stable code and field errors.' });

// ---------------------------------------------------------------------------------------------
// Auth

export const loginBodySchema = z
  .object({
    username: z.string({ error: '用户名不能为空 / username is required' }).trim().min(1, { error: '用户名不能为空 / username is required' }).max(64),
    password: z.string({ error: '密码不能为空 / password is required' }).min(1, { error: '密码不能为空 / password is required' }).max(200),
  })
  .meta({ id: 'LoginRequest' });
export const loginResponseSchema = z.object({ token: z.string().meta({ description: 'Send as `Authorization: Bearer <token>`.' }) });

// ---------------------------------------------------------------------------------------------
// Evaluations (evaluations.md)

/** `POST /api/v1/evaluations` body: `{asOf, household}`; `today` bounds birth dates. */
export function evaluationRequestSchema(today: string) {
  return z.object({
    asOf: dateSchema.meta({ description: 'The date to evaluate on, `YYYY-MM-DD`.', example: '2015-06-01' }),
    household: householdFactsSchema(today),
  });
}

const entitlementSchema = z.object({
  program: z.string(),
  memberId: z.string().nullable(),
  amountFen: z.number().int(),
  period: z.enum(['month', 'year', 'once']),
  clauses: z.array(z.string()).min(1),
  explanation: z.string(),
});
const reasonSchema = z.object({ code: z.string(), message: z.string() });

export const evaluationResponseSchema = z.looseObject({
  asOf: z.string(),
  dibaoClass: z.enum(['A', 'B', 'C']).nullable(),
  perCapitaIncomeFen: z.number().int().nullable(),
  entitlements: z.array(entitlementSchema),
  ineligible: z.array(z.object({ program: z.string(), reasons: z.array(reasonSchema) })),
});

// ---------------------------------------------------------------------------------------------
// Households and persons

const idNumberRequired = z
  .custom<string>((v) => typeof v === 'string' && v.length > 0, {
    error: '登记户籍成员必须提供身份证号 / a registered member needs an ID number',
    params: { code: 'VALIDATION.ID_NUMBER_REQUIRED' },
  })
  .meta({ override: { type: 'string', minLength: 15, maxLength: 18, description: 'Required when registering: 18 characters (GB 11643), or a legacy 15-digit number, which the registry converts and keeps beside the 18-character one.' } });

/**
 * `POST /api/v1/households` body: the household of evaluations.md (member `id` = the caller's
 * reference, `idNumber` required) plus `street`, `address` and an optional `householdNo`.
 */
export function householdRegistrationSchema(today: string) {
  return z.intersection(
    householdFactsSchema(today),
    z.object({
      street: z.string({ error: '街道不能为空 / street is required' }).trim().min(1, { error: '街道不能为空 / street is required' }).max(100, { error: '街道不能超过100个字 / street is at most 100 characters' }),
      address: z.string({ error: '地址不能为空 / address is required' }).trim().min(1, { error: '地址不能为空 / address is required' }).max(200, { error: '地址不能超过200个字 / address is at most 200 characters' }),
      householdNo: z.string().trim().min(1).max(40).optional().meta({ description: 'Hukou booklet number; assigned when absent.' }),
      members: z.array(z.object({ idNumber: idNumberRequired })),
    }),
  );
}

export const householdCreatedSchema = z.object({
  id: z.string(),
  members: z.array(
    z.object({
      ref: z.string().meta({ description: "The caller's member id." }),
      personId: z.string(),
      idNumber: z.string().meta({ description: 'The 18-character number registered (a legacy 15-digit one converted, GB 11643-1999).' }),
      legacyIdNumber: z.string().nullable().meta({ description: 'The legacy 15-digit number as given; null when an 18-character one was given.' }),
    }),
  ),
});

const memberViewSchema = z.looseObject({
  id: z.string().meta({ description: 'The person id.' }),
  personId: z.string(),
  idNumber: z.string().nullable(),
  legacyIdNumber: z.string().nullable().meta({ description: 'The legacy 15-digit number the person was registered with (idNumber is its conversion); null when none. Masked like idNumber.' }),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  relation: z.string(),
  monthlyIncomeFen: z.number().int(),
});

export const householdViewSchema = z.object({
  id: z.string(),
  householdNo: z.string(),
  street: z.string(),
  address: z.string(),
  household: z.looseObject({ area: z.string(), hukou: z.string(), members: z.array(memberViewSchema) }),
  history: z.array(z.object({ at: z.string(), by: z.string(), field: z.string(), oldValue: z.unknown(), newValue: z.unknown() })),
  createdAt: z.string(),
  version: z.number().int(),
});

export const idParamsSchema = z.object({ id: z.string().min(1).max(100) });

/** `GET /api/v1/households/{id}?reveal=idNumber`: full ID numbers only when asked (audited). */
export const householdReadQuerySchema = z.object({
  reveal: z.enum(['idNumber'], { error: 'reveal 只能为 idNumber / reveal may only be idNumber' }).optional(),
});

/** `GET /api/v1/households?name=&street=&area=`: at least one filter. */
export const householdSearchQuerySchema = z
  .object({
    name: z.string().trim().max(50).optional(),
    street: z.string().trim().max(100).optional(),
    area: z.enum(['150302', '150303', '150304'], { error: '行政区划代码无效 / unknown area code' }).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .refine((q) => Boolean(q.name || q.street || q.area), {
    error: '请至少提供姓名、街道或行政区之一 / give a name, a street or an area',
    path: ['name'],
  });

export const householdSearchResultSchema = z.object({
  total: z.number().int(),
  households: z.array(
    z.object({
      householdId: z.string(),
      householdNo: z.string(),
      area: z.string(),
      street: z.string(),
      hukou: z.string(),
      headName: z.string(),
      headIdNumberMasked: z.string(),
      members: z.number().int(),
      perCapitaIncomeFen: z.number().int(),
      matchedName: z.string().nullable(),
    }),
  ),
});

/** `PATCH /api/v1/households/{id}`: the same schema the registry validates with. */
export { householdPatchSchema } from '@wuhai/contracts';

/** `GET /api/v1/persons/{idNumber}` path parameters; `today` bounds the birth date in the number. */
export function personParamsSchema(today: string) {
  return z.object({
    idNumber: z
      .string()
      .superRefine((value, ctx) => {
        if (isLegacyIdNumber(value)) {
          // a legacy 15-digit number: the registry finds the person registered with it
          const converted = convertLegacyIdNumber(value, today);
          if (!converted.ok) {
            const legacyText: Record<string, string> = {
              'VALIDATION.ID_NUMBER_BIRTH_DATE': '15位旧身份证号中的出生日期不存在 / the birth date inside the 15-digit ID number is impossible',
              'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE': '15位旧身份证号中的出生日期晚于今天 / the birth date inside the 15-digit ID number is in the future',
            };
            ctx.addIssue({ code: 'custom', message: legacyText[converted.problem]!, params: { code: converted.problem } });
          }
          return;
        }
        const parsed = parseIdNumber(value, today);
        if (parsed.ok) return;
        const text: Record<string, string> = {
          'VALIDATION.ID_NUMBER_FORMAT': '身份证号应为18位（或15位旧号码）/ ID number must be 18 characters (or a legacy 15-digit number)',
          'VALIDATION.ID_NUMBER_BIRTH_DATE': '身份证号中的出生日期不存在 / the birth date inside the ID number is impossible',
          'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE': '身份证号中的出生日期晚于今天 / the birth date inside the ID number is in the future',
          'VALIDATION.ID_NUMBER_CHECKSUM': '身份证号校验位错误 / ID number check digit is wrong',
        };
        ctx.addIssue({ code: 'custom', message: text[parsed.problem]!, params: { code: parsed.problem } });
      })
      .meta({ param: { description: '18-character resident ID number (GB 11643), or the legacy 15-digit number a person was registered with.' }, example: '150302195003150018' }),
  });
}

export const personViewSchema = z.object({
  personId: z.string(),
  person: memberViewSchema,
  householdId: z.string(),
  householdNo: z.string(),
  street: z.string(),
  area: z.string(),
  deathDate: z.string().nullable().meta({ description: 'The day of death when recorded (the person is then no longer a member; householdId is the household they belonged to), else null.' }),
});

// ---------------------------------------------------------------------------------------------
// Applications and cases

export const applicationBodySchema = z.object({
  householdId: uuidLike('householdId'),
  programs: z
    .array(z.string().min(1).max(64), { error: '须选择救助项目 / programs are required' })
    .min(1, { error: '至少选择一个救助项目 / choose at least one program' })
    .max(20)
    .meta({ description: 'Program codes, e.g. `["dibao"]`; `["unsure"]` lets the platform route by evaluation.' }),
  note: z.string().max(2000).default(''),
  // each unsigned paper is its own field error (rest-api.md: every invalid field), checked here
  // before civil affairs is asked; the declaration keeps civil affairs' code
  declarationSigned: z
    .boolean({ error: '须说明是否签署申请声明 / declarationSigned is required' })
    .refine((v) => v, { error: '须签署申请声明 / the declaration must be signed', params: { code: 'INTAKE.DECLARATION_NOT_SIGNED' } })
    .meta({ description: 'The household signed the declaration; must be true.' }),
  authorisationSigned: z
    .boolean({ error: '须说明是否签署核对授权书 / authorisationSigned is required' })
    .refine((v) => v, { error: '须签署核对授权书 / the authorisation to verify must be signed', params: { code: 'INTAKE.AUTHORISATION_NOT_SIGNED' } })
    .meta({ description: 'The household signed the authorisation to verify; must be true.' }),
});

const routeSchema = z.object({
  service: z.string(),
  caseId: z.string(),
  status: z.string(),
  program: z.string(),
  dueDate: z.string().nullable(),
});

export const applicationSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  programs: z.array(z.string()),
  note: z.string(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  area: z.string(),
  routes: z.array(routeSchema),
});

export const departmentItemSchema = z.looseObject({
  program: z.string(),
  memberId: z.string().nullable(),
  memberName: z.string(),
  amountFen: z.number().int(),
  period: z.string(),
  status: z.string(),
  explanation: z.string(),
  clauses: z.array(z.string()),
});

export const applicationViewSchema = applicationSchema.extend({
  departments: z.array(
    z.object({
      service: z.string(),
      state: z.enum(['ok', 'unavailable']),
      items: z.array(departmentItemSchema),
    }),
  ),
});

export const casesQuerySchema = z.object({
  status: z.string().max(32).optional(),
  program: z.string().max(64).optional(),
  area: areaSchema.optional(),
  after: z.string().max(200).optional().meta({ description: 'The `nextAfter` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  review: z
    .enum(['open'], { error: '复核筛选只能为 open / review must be "open"' })
    .optional()
    .meta({ description: 'Civil affairs: `open` lists only cases with an open review (复核).' }),
});

export const queueItemSchema = z.looseObject({
  id: z.string(),
  program: z.string(),
  status: z.string(),
  householdId: z.string(),
  memberName: z.string(),
  amountFen: z.number().int(),
  period: z.string(),
  explanation: z.string(),
  clauses: z.array(z.string()),
  createdAt: z.string(),
});
export const casesResponseSchema = z.object({ cases: z.array(queueItemSchema), nextAfter: z.string().nullable() });

export const STATUS_LABELS: Record<string, string> = {
  submitted: '已受理',
  verified: '已调查核实',
  under_notice: '公示中',
  approved: '已批准',
  refused: '不予批准',
};

export const caseReviewSchema = z
  .object({
    id: z.string(),
    reason: z.string().meta({ description: 'verification-mismatch | verification-inquiry | authorisation-missing | possible-split-household | member-died | member-moved | …' }),
    reasonLabel: z.string(),
    reasons: z.array(z.string()).meta({ description: 'One Chinese / English sentence per thing to look at.' }),
    reportId: z.string().nullable().meta({ description: 'The verification report behind the review (GET /api/v1/verifications/{id}).' }),
    openedAt: z.string(),
    openedBy: z.string(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolutionNote: z.string().nullable(),
  })
  .meta({ id: 'CaseReview', description: 'A review (复核): what a clerk must look at and why. It never refuses the case or changes its payment; the payroll holds a case with an open review.' });

export const caseSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  householdId: z.string(),
  program: z.string(),
  status: z.enum(['submitted', 'verified', 'under_notice', 'approved', 'refused']),
  statusLabel: z.string().meta({ description: '已受理 | 已调查核实 | 公示中 | 已批准 | 不予批准' }),
  area: z.string(),
  hukou: z.string(),
  dibaoClass: z.string().nullable(),
  monthlyAmountFen: z.number().int(),
  evaluation: z.unknown().meta({ description: "The rules' result at the last evaluation, with clause citations." }),
  noticeStartsOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  paymentFromMonth: z.string().nullable(),
  dueDate: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), note: z.string() })),
  createdAt: z.string(),
  householdName: z.string(),
  householdSize: z.number().int(),
  verification: z
    .object({
      reportId: z.string(),
      version: z.number().int(),
      runAt: z.string(),
      mismatchCount: z.number().int(),
      mismatches: z.array(z.looseObject({ kind: z.string(), memberId: z.string(), source: z.string(), field: z.string(), declared: z.unknown(), found: z.unknown(), note: z.string() })),
    })
    .nullable()
    .meta({ description: 'The verification report the last `verify` relied on (GET /api/v1/verifications/{reportId} has its findings), null before any.' }),
  reviews: z.array(caseReviewSchema).meta({ description: 'Reviews of the case, oldest first.' }),
  openReviews: z.number().int().meta({ description: 'Reviews not yet resolved.' }),
});

export const transitionBodySchema = z.object({
  action: z.enum(['verify', 'start_notice', 'approve', 'refuse', 'resolve_review'], {
    error: '操作必须为 verify | start_notice | approve | refuse | resolve_review / action must be one of verify | start_notice | approve | refuse | resolve_review',
  }),
  note: z.string().max(2000).default(''),
  reviewId: z
    .string()
    .max(100)
    .optional()
    .meta({ description: '`resolve_review`: the review to resolve; absent → every open review of the case. The note (required) says what was found and decided.' }),
});

// ---------------------------------------------------------------------------------------------
// Finance

export const obligationsQuerySchema = z.object({ month: monthSchema.meta({ example: '2026-01' }) });

export const obligationsResponseSchema = z.object({
  month: z.string(),
  obligations: z.array(
    z.object({
      id: z.string(),
      department: z.string(),
      program: z.string(),
      householdId: z.string(),
      caseId: z.string(),
      area: z.string(),
      monthlyAmountFen: z.number().int(),
      fromMonth: z.string(),
      untilMonth: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  totals: z.array(z.object({ department: z.string(), program: z.string(), area: z.string(), households: z.number().int(), amountFen: z.number().int() })),
  totalFen: z.number().int(),
});

// ---------------------------------------------------------------------------------------------
// Health and demo

export const readinessSchema = z.object({
  ready: z.boolean(),
  services: z.record(z.string(), z.enum(['SERVING', 'NOT_SERVING', 'UNREACHABLE'])),
  database: z.enum(['up', 'down']),
});

export const clockSchema = z.object({ now: z.string(), today: z.string(), offsetDays: z.number().int(), demo: z.boolean() });
export const advanceClockBodySchema = z.object({
  days: z.number({ error: '天数必须为1–366的整数 / days must be a whole number 1–366' }).int().min(1).max(366),
});

// ---------------------------------------------------------------------------------------------
// Verification (City §18): authorisations, reports, duplicates

/** `POST /api/v1/households/{id}/authorisations` body; `today` bounds the signing date. */
export function authorisationBodySchema(today: string) {
  return z.object({
    personIds: z
      .array(z.string().trim().min(1).max(100), { error: '须列出签署的成员 / personIds is required' })
      .min(1, { error: '至少一名成员签署 / at least one member must sign' })
      .max(50)
      .meta({ description: 'Person ids of the members who signed the authorisation to verify.' }),
    signedAt: dateSchema
      // only a real date is compared with today: a malformed one has the format error alone
      .refine((d) => !isCalendarDate(d) || d <= today, { error: '签署日期不能晚于今天 / the signing date must not be in the future', params: { code: 'VERIFICATION.SIGNED_IN_FUTURE' } })
      .meta({ description: 'The day they signed, `YYYY-MM-DD`, not in the future, not before a signer\'s birth date.', example: '2026-03-02' }),
  });
}

const memberRefSchema = z.object({ personId: z.string(), name: z.string() });
export const authorisationStateSchema = z
  .object({
    householdId: z.string(),
    asOf: z.string().meta({ description: 'Adults are members aged 18 or older on this day.' }),
    complete: z.boolean().meta({ description: 'Every adult member has signed: a verification may run.' }),
    signed: z.array(memberRefSchema.extend({ signedAt: z.string(), authorisationId: z.string() })),
    missing: z.array(memberRefSchema),
    recordedIds: z.array(z.string()),
  })
  .meta({ id: 'AuthorisationState' });

export const verificationBodySchema = z.object({ householdId: uuidLike('householdId') });

const mismatchSchema = z
  .object({
    kind: z.enum(MISMATCH_KINDS),
    memberId: z.string().meta({ description: 'Person id.' }),
    source: z.string(),
    field: z.string().meta({ example: 'monthlyIncomeFen' }),
    declared: z.unknown(),
    found: z.unknown(),
    detail: z.unknown().meta({ description: 'The months or records behind the mismatch.' }),
    note: z.string().meta({ description: 'Chinese / English.' }),
  })
  .meta({ id: 'VerificationMismatch' });

export const verificationReportSchema = z
  .object({
    id: z.string(),
    householdId: z.string(),
    householdNo: z.string(),
    version: z.number().int().meta({ description: '1, 2, … per household; a report never changes.' }),
    runAt: z.string(),
    runBy: z.string(),
    asOf: z.string(),
    months: z.object({ from: z.string(), to: z.string() }).meta({ description: 'The 12 months compared.' }),
    sources: z.array(z.object({ source: z.string(), fileIds: z.array(z.number().int()) })),
    findings: z.array(z.object({ memberId: z.string(), source: z.string(), found: z.unknown() })).meta({ description: 'Per member and source, what was found.' }),
    mismatches: z.array(mismatchSchema),
    mismatchCount: z.number().int(),
    authorisationIds: z.array(z.string()),
    inquiries: z
      .array(
        z.object({
          kind: z.literal('annual-figure'),
          memberId: z.string(),
          source: z.enum(['tax', 'social-insurance', 'housing-fund']),
          year: z.string(),
          field: z.string(),
          amountFen: z.number().int(),
          declaredMonthlyFen: z.number().int(),
          detail: z.unknown(),
          note: z.string(),
        }),
      )
      .meta({ description: 'Annual figures (a source gave only a year): never mismatches, never divided into months; for a person to resolve.' }),
    inquiryCount: z.number().int(),
    parameters: z
      .array(z.object({ name: z.string(), value: z.string(), unit: z.string(), effectiveFrom: z.string(), clause: z.string() }))
      .meta({ description: 'The dated parameters the run used (the income tolerance) with their effective dates.' }),
  })
  .meta({ id: 'VerificationReport', description: 'Facts only: what the sources hold and where they differ from the declaration; civil affairs decides.' });

export const duplicatesQuerySchema = z.object({
  kind: z
    .enum(['same-person-15-18', 'same-name-birth-date', 'hukou-other-household', 'possible-split-household'], { error: '未知的重复类型 / unknown kind' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const duplicatesResponseSchema = z.object({
  total: z.number().int(),
  duplicates: z.array(
    z.object({
      kind: z.string(),
      persons: z.array(
        z.object({
          personId: z.string(),
          householdId: z.string(),
          householdNo: z.string(),
          name: z.string(),
          birthDate: z.string(),
          idNumberMasked: z.string(),
          legacyIdNumberMasked: z.string().nullable(),
        }),
      ),
      foundHouseholdNo: z.string().nullable(),
      foundHouseholdId: z.string().nullable(),
      sourceFileId: z.number().int().nullable(),
      note: z.string(),
    }),
  ),
});
