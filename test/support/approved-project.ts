import {
  budgetTotal,
  type CheckReport,
  createProject,
  type DecisionInput,
  decide,
  decisionInputSchema,
  officesAwaited,
  type ProjectInput,
  projectInputSchema,
  type ReviewActor,
  type ReviewProject,
  recordChecks,
  reviewTierOf,
  submitProject,
} from '@govshare/domain/review';

/**
 * A project walked through the domain's steps to approval (created, submitted, checked, decided by
 * both offices, and by the leading group when its budget puts it in that tier), as the review
 * routes would leave it: for tests of what follows approval (the approval reply, reports) without
 * the routes. The sample directory's people by default.
 */
export function approvedProject(args: {
  id?: string;
  input: ProjectInput;
  submitter?: ReviewActor;
  egov?: ReviewActor;
  finance?: ReviewActor;
  leadingGroup?: ReviewActor;
  egovDecision?: DecisionInput;
  financeDecision?: DecisionInput;
  leadingGroupDecision?: DecisionInput;
  at?: Date;
}): ReviewProject {
  const at = args.at ?? new Date('2026-11-20T09:00:00+08:00');
  const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
  const submitter = args.submitter ?? {
    subject: 'hrss-submitter',
    unit: '611000109',
    roles: ['project-submitter'],
  };
  const egov = args.egov ?? { subject: 'egov-reviewer', unit: '611000204', roles: ['egov-reviewer'] };
  const finance = args.finance ?? {
    subject: 'finance-reviewer',
    unit: '611000108',
    roles: ['finance-reviewer'],
  };
  const content = projectInputSchema.parse(args.input);
  let project = createProject({ id: args.id ?? 'PRJ-TEST-1', content, actor: submitter, now: at }).project;
  project = submitProject({ project, actor: submitter, now: later(1) }).project;
  const report: CheckReport = {
    projectVersion: project.projectVersion,
    outcome: 'pass',
    tier: reviewTierOf(budgetTotal(content.budgetLines)),
    handledAs: content.kind,
    rules: 'test',
    results: [],
  };
  project = recordChecks({ project, report, actor: 'project-checks', now: later(2) }).project;
  project = decide({
    project,
    office: 'egov',
    decision: decisionInputSchema.parse(args.egovDecision ?? { outcome: 'approve' }),
    actor: egov,
    now: later(60),
  }).project;
  project = decide({
    project,
    office: 'finance',
    decision: decisionInputSchema.parse(args.financeDecision ?? { outcome: 'approve' }),
    actor: finance,
    now: later(120),
  }).project;
  if (!officesAwaited(project).includes('leading-group')) return project;
  return decide({
    project,
    office: 'leading-group',
    decision: decisionInputSchema.parse(args.leadingGroupDecision ?? { outcome: 'approve' }),
    actor: args.leadingGroup ?? {
      subject: 'leading-group-reviewer',
      unit: '611000001',
      roles: ['leading-group-reviewer'],
    },
    now: later(180),
  }).project;
}
