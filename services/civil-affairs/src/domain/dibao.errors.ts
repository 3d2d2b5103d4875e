import { DomainError } from '@wuhai/contracts';

export const caseNotFound = (id: string) =>
  new DomainError('DIBAO.CASE_NOT_FOUND', 'not_found', `案件 ${id} 不存在`, `case ${id} not found`);
export const applicationNotFound = (id: string) =>
  new DomainError('INTAKE.APPLICATION_NOT_FOUND', 'not_found', `申请 ${id} 不存在`, `application ${id} not found`);
export const actionNotAllowed = (action: string, status: string) =>
  new DomainError(
    'DIBAO.ACTION_NOT_ALLOWED',
    'precondition',
    `案件当前状态（${status}）不允许执行“${action}”`,
    `action "${action}" is not allowed while the case is ${status}`,
  );
export const noticeNotEnded = (endsOn: string) =>
  new DomainError(
    'DIBAO.NOTICE_NOT_ENDED',
    'precondition',
    `公示期至 ${endsOn} 结束，结束前不能审批`,
    `the public notice runs until ${endsOn}; the case cannot be approved before it ends`,
  );
export const notEligible = (reasons: string) =>
  new DomainError('DIBAO.NOT_ELIGIBLE', 'precondition', `不符合低保条件，不能公示：${reasons}`, `the household does not qualify for dibao: ${reasons}`);
export const needsManualReview = (reasons: string) =>
  new DomainError('DIBAO.NEEDS_MANUAL_REVIEW', 'precondition', `需人工审核：${reasons}`, `needs manual review: ${reasons}`);
export const refusalNeedsReason = () =>
  new DomainError('DIBAO.REFUSAL_NEEDS_REASON', 'invalid', '不予批准须书面说明理由', 'a refusal must state its reasons in writing', [
    { path: 'note', code: 'DIBAO.REFUSAL_NEEDS_REASON', message: '请填写不予批准的理由 / give the reasons for the refusal' },
  ]);
export const openCaseExists = (caseId: string) =>
  new DomainError('DIBAO.OPEN_CASE_EXISTS', 'conflict', `该户已有办理中的低保案件 ${caseId}`, `the household already has an open dibao case ${caseId}`);
export const declarationMissing = () =>
  new DomainError('INTAKE.DECLARATION_NOT_SIGNED', 'invalid', '申请须由家庭成员签署声明和核对授权书', 'every member must sign the declaration and the authorisation to verify', [
    { path: 'declarationSigned', code: 'INTAKE.DECLARATION_NOT_SIGNED', message: '须签署申请声明 / the declaration must be signed' },
  ]);
export const unknownProgram = (program: string, index: number) =>
  new DomainError('INTAKE.UNKNOWN_PROGRAM', 'invalid', `未知的救助项目 ${program}`, `unknown program ${program}`, [
    { path: `programs.${index}`, code: 'INTAKE.UNKNOWN_PROGRAM', message: `未知的救助项目 / unknown program: ${program}` },
  ]);
export const demoOnly = () =>
  new DomainError('DEMO.DISABLED', 'forbidden', '仅演示模式可调整时钟', 'the clock can be moved in demo mode only');
export const invalidCursor = () =>
  new DomainError('VALIDATION.INVALID_CURSOR', 'invalid', '分页游标无效', 'the page cursor is invalid', [
    { path: 'page.after', code: 'VALIDATION.INVALID_CURSOR', message: '分页游标无效 / the page cursor is invalid' },
  ]);
export const alreadyReceiving = (caseId: string) =>
  new DomainError(
    'DIBAO.ALREADY_RECEIVING',
    'conflict',
    `该户已在享受低保（案件 ${caseId}），不能重复申请；家庭情况变化请办理复核`,
    `the household already receives dibao (case ${caseId}); a change of circumstances is handled by a review, not a new application`,
  );
/**
 * The registry's verification found mismatches (City §18): the case stays `submitted` until the
 * clerk resolves them (corrects the declaration and verifies again, or refuses with reasons). Each
 * mismatch is a field `verification.mismatches.<i>` whose message is the report's sentence.
 */
export const verificationMismatch = (reportId: string, mismatches: { kind: string; note: string }[]) =>
  new DomainError(
    'DIBAO.VERIFICATION_MISMATCH',
    'precondition',
    `核对报告 ${reportId} 发现 ${mismatches.length} 处与申报不符，案件仍为已受理，请核实处理：${mismatches.map((m) => m.note.split(' / ')[0]).join('；')}`,
    `verification report ${reportId} lists ${mismatches.length} mismatch(es) with the declaration; the case stays submitted until they are resolved`,
    mismatches.map((m, i) => ({ path: `verification.mismatches.${i}`, code: `VERIFICATION.${m.kind.toUpperCase().replace(/-/g, '_')}`, message: m.note })),
  );
