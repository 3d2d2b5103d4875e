/**
 * Words of civil affairs' case reviews (复核; City §18) shared by civil affairs, which opens them,
 * and the gateway, which shows them (docs/decisions/0012-reviews-of-paid-households.md).
 */

/**
 * Chinese labels of the review reasons the platform opens (`CaseReview.reason`), for queues and
 * the case view; a reason not listed is shown as its code.
 */
export const REVIEW_REASON_LABELS: Readonly<Record<string, string>> = {
  'verification-mismatch': '核对发现与申报不符',
  'verification-inquiry': '核对发现需人工核实的收入',
  'authorisation-missing': '缺少核对授权',
  'possible-split-household': '疑似分户',
  'member-died': '家庭成员死亡',
  'member-moved': '家庭成员迁移',
  'death-revoked': '撤销死亡登记',
};
