/**
 * Roles a person or system holds for its unit (DOMAIN.md, "Organisations and people").
 * A route names the roles that may call it; everything else is denied.
 */
export const ROLES = [
  'platform-admin', // 电子政务办: administers units, users and the scoreboard
  'catalogue-editor', // registers and publishes information resources
  'data-approver', // approves or refuses access requests to the unit's resources
  'data-consumer', // a unit's system that queries shared data under grants
  'drafter', // drafts official documents
  'reviewer', // 审核
  'signer', // 签发人
  'clerk', // 收发员: sign-for, register, dispatch
  'handler', // 承办人
  'leader', // 单位负责人: receives the urges (催办) escalated to the unit
  'project-submitter',
  'egov-reviewer',
  'finance-reviewer',
  'leading-group-reviewer', // 信息化领导小组办公室: decides, after both offices, the projects above the leading-group threshold
  'fund-controller', // a finance system's fund control: reads whether a project is approved, for how much
  'auditor', // read-only
  'information-officer', // 信息员: submits the unit's 政务信息 and answers the office's 约稿
  'information-editor', // 市政府办公室 政务信息编辑: adopts (采用) or declines items, records 批示, commissions 约稿
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who acts: a person (a civil servant with a unique key) or a system of a unit (client credentials). */
export const PRINCIPAL_KINDS = ['person', 'system'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];
