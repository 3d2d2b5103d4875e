import { z } from 'zod';
import { convertLegacyIdNumber, isLegacyIdNumber, parseIdNumber } from './id-number';
import { dateSchema, fenSchema, fieldIssue } from './validation';

/**
 * The household facts of `shared/contracts/evaluations.md`, as zod schemas. The same shape is the
 * registry's record of a household, the rules' input and the REST request body.
 */

export const AREA_CODES = ['150302', '150303', '150304'] as const;
export const AREA_NAMES: Record<(typeof AREA_CODES)[number], string> = {
  '150302': '海勃湾区',
  '150303': '海南区',
  '150304': '乌达区',
};
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export const SCHOOL_LEVELS = ['preschool', 'primary', 'junior', 'senior', 'vocational'] as const;
export const ADMISSION_LEVELS = ['bachelor', 'junior-college'] as const;
export const ILLNESSES = ['mental', 'infectious', 'serious'] as const;
export const TEKUN_KINDS = ['wubao', 'sanwu', 'orphan'] as const;
export const HARDSHIP_CATEGORIES = ['fire', 'accident', 'illness', 'expense', 'disaster', 'funeral', 'other'] as const;

const enumOf = <const T extends readonly [string, ...string[]]>(values: T, zh: string, en: string) =>
  z.enum(values, { error: `${zh}必须为 ${values.join(' | ')} / ${en} must be one of ${values.join(' | ')}` });

export const areaSchema = enumOf(AREA_CODES, '行政区划代码', 'area code');
export const hukouSchema = enumOf(['urban', 'rural'], '户籍类型', 'hukou');

export const disabilitySchema = z.object({
  category: z.number().int().min(1, { error: '残疾类别为1–7 / category is 1–7' }).max(7, { error: '残疾类别为1–7 / category is 1–7' }),
  grade: z.number().int().min(1, { error: '残疾等级为1–4 / grade is 1–4' }).max(4, { error: '残疾等级为1–4 / grade is 1–4' }),
});

const ID_PROBLEM_TEXT: Record<string, string> = {
  'VALIDATION.ID_NUMBER_FORMAT': '身份证号应为18位 / ID number must be 18 characters',
  'VALIDATION.ID_NUMBER_BIRTH_DATE': '身份证号中的出生日期不存在 / the birth date inside the ID number is impossible',
  'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE': '身份证号中的出生日期晚于今天 / the birth date inside the ID number is in the future',
  'VALIDATION.ID_NUMBER_CHECKSUM': '身份证号校验位错误 / ID number check digit is wrong',
};

const LEGACY_PROBLEM_TEXT: Record<string, string> = {
  'VALIDATION.ID_NUMBER_BIRTH_DATE': '15位旧身份证号中的出生日期不存在 / the birth date inside the 15-digit ID number is impossible',
  'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE': '15位旧身份证号中的出生日期晚于今天 / the birth date inside the 15-digit ID number is in the future',
};

/**
 * The 18-character number an ID number stands for: itself, or the GB 11643-1999 conversion of a
 * legacy 15-digit number (kept as given by the registry). Undefined when it is neither valid.
 */
export function idNumberAsEighteen(value: string, today: string): string | undefined {
  if (isLegacyIdNumber(value)) {
    const converted = convertLegacyIdNumber(value, today);
    return converted.ok ? converted.idNumber : undefined;
  }
  const parsed = parseIdNumber(value, today);
  return parsed.ok ? parsed.value.idNumber : undefined;
}

/**
 * An optional ID number, checked on the field itself (GB 11643) so its error is reported even when
 * other fields of the member are invalid too (zod skips object-level refinements then). A legacy
 * 15-digit number (15 digits, a real 19xx birth date not after `today`) is accepted as given.
 */
export function idNumberFieldSchema(today: string) {
  return z
    .string()
    .optional()
    .nullable()
    .superRefine((v, ctx) => {
      if (v == null || v === '') return;
      if (isLegacyIdNumber(v)) {
        const converted = convertLegacyIdNumber(v, today);
        if (!converted.ok) ctx.addIssue({ code: 'custom', message: LEGACY_PROBLEM_TEXT[converted.problem] ?? ID_PROBLEM_TEXT[converted.problem]!, params: { code: converted.problem } });
        return;
      }
      const parsed = parseIdNumber(v, today);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: ID_PROBLEM_TEXT[parsed.problem]!, params: { code: parsed.problem } });
    });
}

/** Builds the member schema; `today` (`YYYY-MM-DD`) bounds birth dates. */
export function memberSchema(today: string) {
  return z
    .object({
      id: z.string().min(1).max(64),
      idNumber: idNumberFieldSchema(today),
      name: z.string().trim().min(1, { error: '姓名不能为空 / name is required' }).max(50),
      sex: enumOf(['M', 'F'], '性别', 'sex'),
      birthDate: dateSchema
        .refine((d) => d <= today, { error: '出生日期不能晚于今天 / birth date must not be in the future' })
        .refine((d) => d >= '1900-01-01', { error: '出生日期不能早于1900-01-01 / birth date must not be before 1900-01-01' }),
      relation: enumOf(RELATIONS, '与户主关系', 'relation'),
      minority: z.boolean().default(false),
      disability: disabilitySchema.nullable().default(null),
      monthlyIncomeFen: fenSchema,
      canWork: z.boolean(),
      employed: z.boolean(),
      pensionInsured: z.boolean().default(false),
      illness: enumOf(ILLNESSES, '疾病', 'illness').nullable().default(null),
      school: z
        .object({ level: enumOf(SCHOOL_LEVELS, '学段', 'school level'), boarding: z.boolean() })
        .nullable()
        .default(null),
      admission: z.object({ level: enumOf(ADMISSION_LEVELS, '录取层次', 'admission level') }).nullable().default(null),
      tekun: z.object({ kind: enumOf(TEKUN_KINDS, '特困类别', 'tekun kind') }).nullable().default(null),
    })
    .superRefine((m, ctx) => {
      // runs only when every field is valid: then the ID number must agree with birth date and sex
      if (m.idNumber == null || m.idNumber === '') return;
      const parsed = parseIdNumber(idNumberAsEighteen(m.idNumber, today) ?? m.idNumber, today);
      if (!parsed.ok) return;
      if (parsed.value.birthDate !== m.birthDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['birthDate'],
          ...fieldIssue('VALIDATION.BIRTH_DATE_MISMATCH', '出生日期与身份证号不符', 'birth date does not match the ID number'),
        });
      }
      if (parsed.value.sex !== m.sex) {
        ctx.addIssue({
          code: 'custom',
          path: ['sex'],
          ...fieldIssue('VALIDATION.SEX_MISMATCH', '性别与身份证号不符', 'sex does not match the ID number'),
        });
      }
    });
}

export const assetsSchema = z.object({
  financialFen: fenSchema,
  vehicles: z.number().int().min(0),
  disabilityVehicles: z.number().int().min(0).default(0),
  residences: z.number().int().min(0),
  businessCapitalFen: fenSchema,
});

export const familyPlanningSchema = z.object({
  onlyChild: enumOf(['disabled', 'deceased'], '独生子女情况', 'onlyChild').nullable().default(null),
  ruralOneChildOrTwoDaughters: z.boolean().default(false),
  urbanOneChild: z.boolean().default(false),
});

/** Builds the household schema of evaluations.md; `today` (`YYYY-MM-DD`) bounds birth dates. */
export function householdFactsSchema(today: string) {
  return z
    .object({
      area: areaSchema,
      hukou: hukouSchema,
      livingAreaM2: z.number().min(0, { error: '居住面积不能为负 / living area must not be negative' }).max(100000),
      homeOwned: z.boolean(),
      houseDangerGrade: enumOf(['C', 'D'], '危房等级', 'house danger grade').nullable().default(null),
      assets: assetsSchema,
      familyPlanning: familyPlanningSchema.default({ onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false }),
      members: z
        .array(memberSchema(today))
        .min(1, { error: '家庭成员不能为空 / a household needs at least one member' })
        .max(30, { error: '家庭成员不能超过30人 / a household has at most 30 members' }),
      medicalBills: z
        .array(z.object({ memberId: z.string().min(1), outOfPocketFen: fenSchema, reimbursedThisYearFen: fenSchema.default(0) }))
        .default([]),
      hardship: z.object({ category: enumOf(HARDSHIP_CATEGORIES, '困难类别', 'hardship category'), assessedNeedFen: fenSchema }).nullable().default(null),
    })
    .superRefine((h, ctx) => {
      const seenRefs = new Map<string, number>();
      const seenIds = new Map<string, number>();
      h.members.forEach((m, i) => {
        if (seenRefs.has(m.id)) {
          ctx.addIssue({ code: 'custom', path: ['members', i, 'id'], ...fieldIssue('VALIDATION.DUPLICATE_MEMBER', '成员编号重复', 'member id appears twice') });
        }
        seenRefs.set(m.id, i);
        // a legacy 15-digit number is the same person as its 18-character conversion
        const idn = m.idNumber ? (idNumberAsEighteen(m.idNumber, today) ?? m.idNumber.toUpperCase()) : undefined;
        if (idn) {
          if (seenIds.has(idn)) {
            ctx.addIssue({ code: 'custom', path: ['members', i, 'idNumber'], ...fieldIssue('VALIDATION.DUPLICATE_ID_NUMBER', '同一身份证号在家庭中出现两次', 'the same ID number appears twice in the household') });
          }
          seenIds.set(idn, i);
        }
      });
      if (h.members.filter((m) => m.relation === 'head').length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['members'], ...fieldIssue('VALIDATION.ONE_HEAD', '家庭必须有且只有一名户主', 'a household has exactly one head') });
      }
      h.medicalBills.forEach((b, i) => {
        if (!seenRefs.has(b.memberId)) {
          ctx.addIssue({ code: 'custom', path: ['medicalBills', i, 'memberId'], ...fieldIssue('VALIDATION.UNKNOWN_MEMBER', '未知的家庭成员', 'no member has this id') });
        }
      });
    });
}

export type HouseholdFacts = z.output<ReturnType<typeof householdFactsSchema>>;
export type MemberFacts = HouseholdFacts['members'][number];
export type AreaCode = (typeof AREA_CODES)[number];

/**
 * What `PATCH /api/v1/households/{id}` may change. Every field is optional and none has a default
 * (zod 4 would otherwise fill absent fields and overwrite data: DESIGN.md pitfalls).
 */
export const householdPatchSchema = z
  .object({
    street: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(200),
    livingAreaM2: z.number().min(0).max(100000),
    homeOwned: z.boolean(),
    houseDangerGrade: z.enum(['C', 'D']).nullable(),
    assets: z
      .object({
        financialFen: fenSchema,
        vehicles: z.number().int().min(0),
        disabilityVehicles: z.number().int().min(0),
        residences: z.number().int().min(0),
        businessCapitalFen: fenSchema,
      })
      .partial()
      .strict(),
    members: z
      .array(
        z
          .object({
            personId: z.uuid({ error: '成员编号无效 / personId must be a person id' }),
            monthlyIncomeFen: fenSchema,
            canWork: z.boolean(),
            employed: z.boolean(),
            pensionInsured: z.boolean(),
            illness: z.enum(ILLNESSES).nullable(),
            school: z.object({ level: z.enum(SCHOOL_LEVELS), boarding: z.boolean() }).nullable(),
            disability: disabilitySchema.nullable(),
          })
          .partial()
          .required({ personId: true })
          .strict(),
      )
      .max(30),
  })
  .partial()
  .strict();
export type HouseholdPatch = z.infer<typeof householdPatchSchema>;
