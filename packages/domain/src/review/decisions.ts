import {
  ForbiddenError,
  InvalidTransitionError,
  type Role,
  requiredText,
  ValidationError,
} from '@govshare/domain/kernel';
import * as z from 'zod';
import type { CheckOutcome, CheckReport, ReviewTier } from './checks.ts';
import {
  type BudgetCategory,
  budgetTotal,
  formatYuan,
  type ProjectContent,
  type ProjectKind,
} from './project.ts';

/**
 * The life of a project in pre-review:
 *
 *   draft ──submit──▶ submitted ──machine checks──▶ in-review ──every office of its tier approves──▶ approved
 *     ▲  (edit)        (frozen)                       │  │ any rejects ──▶ rejected
 *     └──revise (a new version)── returned ◀──any returns─┘
 *   withdrawn: by the submitter, from any state before a final decision.
 *
 * Who decides is the review tier the machine checks put the version in (its budget total against
 * the rule file's thresholds, checks.ts reviewTierOf): the e-government office (technical) and the
 * finance office (funds) decide in parallel; above the leading-group threshold the leading group's
 * office (信息化领导小组办公室) decides too, after both have approved (see OFFICE_TURNS). Each office
 * decides once per version: approve, approve with cuts (核减) per budget line, return with comments
 * per item, or reject. The project is approved when every office of its tier has approved the same
 * version; one rejection rejects it; a return sends it back, and an approval another office already
 * gave is carried to the next version (and shown as carried), unless the new version changed what
 * it approved: a budget that rose, or a line it cut that changed or went. Then that office decides again.
 *
 * Every function is pure: it takes the project as stored and returns the new project and the
 * events to append. `version` grows by one per transition (optimistic concurrency, as the exchange's
 * workflow.ts); `projectVersion` is the submission's version (1, 2, … one per resubmission).
 */
export const PROJECT_STATES = [
  'draft',
  'submitted',
  'in-review',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];

export const OFFICES = ['egov', 'finance', 'leading-group'] as const;
export type Office = (typeof OFFICES)[number];
/** The role a person needs to decide for an office. */
export const OFFICE_ROLES: Readonly<Record<Office, Role>> = {
  egov: 'egov-reviewer',
  finance: 'finance-reviewer',
  'leading-group': 'leading-group-reviewer',
};

/**
 * The turn in which each office decides. The leading group reviews what the two offices have
 * passed, as 领导小组 do in practice: it meets rarely, sees only projects that survived the
 * technical and funds review, and decides on the budget as the offices cut it; and it is spared
 * every project the offices return or reject. A return by the leading group sends the project
 * back like any other; the offices' approvals are then carried to the next version where they hold.
 */
export const OFFICE_TURNS: Readonly<Record<Office, number>> = { egov: 1, finance: 1, 'leading-group': 2 };

/** The offices of a version whose tier is not known yet (not checked): the two offices. */
const UNCHECKED_REVIEWERS: readonly Office[] = ['egov', 'finance'];

export interface ReviewActor {
  subject: string;
  unit: string;
  roles: readonly Role[];
}

/** A decision as a route receives it. */
export const decisionInputSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({ outcome: z.literal('approve'), opinion: requiredText(2000).optional() }),
    z.strictObject({
      outcome: z.literal('approve-with-cuts'),
      cuts: z
        .array(
          z.strictObject({
            /** Index of the budget line in the version under review. */
            line: z.number().int('must be a line index').min(0, 'must be a line index'),
            /** What remains of the line after the cut, in fen; 0 cuts it entirely. */
            approvedAmount: z
              .number({ error: 'must be a number of fen' })
              .int('must be a whole number of fen')
              .min(0, 'must not be negative'),
            reason: requiredText(2000),
          }),
        )
        .min(1, 'must cut at least one line (or approve without cuts)')
        .max(200)
        .superRefine((cuts, ctx) => {
          const seen = new Set<number>();
          cuts.forEach((cut, index) => {
            if (seen.has(cut.line))
              ctx.addIssue({ code: 'custom', path: [index, 'line'], message: 'repeats a line' });
            seen.add(cut.line);
          });
        }),
      opinion: requiredText(2000).optional(),
    }),
    z.strictObject({
      outcome: z.literal('return'),
      comments: z
        .array(
          z.strictObject({
            /** What the comment is about: a field of the submission, e.g. `deployment` or `budgetLines.3`. */
            item: requiredText(100),
            comment: requiredText(2000),
          }),
        )
        .min(1, 'must say what to revise')
        .max(200),
    }),
    z.strictObject({ outcome: z.literal('reject'), reason: requiredText(2000) }),
  ],
  { error: 'must be approve, approve-with-cuts, return or reject' },
);
export type DecisionInput = z.input<typeof decisionInputSchema>;
export type DecisionOutcome = z.output<typeof decisionInputSchema>['outcome'];

/** One cut (核减): the line as it was requested, what remains of it, and why. */
export interface BudgetCut {
  line: number;
  category: BudgetCategory;
  item: string;
  requested: number;
  approved: number;
  reason: string;
}

export interface OfficeDecision {
  office: Office;
  /** The project version decided on. */
  projectVersion: number;
  outcome: DecisionOutcome;
  reviewer: string;
  reviewerUnit: string;
  at: string;
  opinion?: string;
  reason?: string;
  cuts: BudgetCut[];
  comments: { item: string; comment: string }[];
  /** The budget total of the version decided on (fen): a carried approval holds only if it did not rise. */
  requestedTotal: number;
  /** Set when the decision was given on an earlier version and carried to this one. */
  carriedFromVersion?: number;
}

export interface ProjectVersionRecord {
  projectVersion: number;
  createdAt: string;
  by: string;
  submittedAt?: string;
}

/** What the machine checks of one version concluded (the full report is stored beside the project). */
export interface ChecksSummary {
  projectVersion: number;
  outcome: CheckOutcome;
  tier: ReviewTier;
  handledAs: ProjectKind;
  rules: string;
}

export interface ApprovedLine {
  line: number;
  category: BudgetCategory;
  item: string;
  requested: number;
  approved: number;
  cuts: { office: Office; approved: number; reason: string }[];
}

export interface ApprovedBudget {
  lines: ApprovedLine[];
  requested: number;
  approved: number;
  cut: number;
}

export interface ReviewProject {
  id: string;
  unit: string;
  submitter: string;
  state: ProjectState;
  projectVersion: number;
  /** The current version's content; the adapter keeps each submitted version's content apart. */
  content: ProjectContent;
  versions: ProjectVersionRecord[];
  checks?: ChecksSummary;
  /** Every decision on every version, carried ones included. */
  decisions: OfficeDecision[];
  approvedBudget?: ApprovedBudget;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type ProjectEventType =
  | 'drafted'
  | 'edited'
  | 'submitted'
  | 'checked'
  | 'decided'
  | 'decision-carried'
  | 'decision-reopened'
  /** An office's turn opened (the leading group, once both offices approved): its to-do is put. */
  | 'referred'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'revised'
  | 'withdrawn';

/** One line of the project's history: ids, versions, outcomes and amounts, never the submission's text. */
export interface ProjectEvent {
  projectId: string;
  type: ProjectEventType;
  at: string;
  actor: string;
  from?: ProjectState;
  to: ProjectState;
  details?: Record<string, string | number>;
}

export interface ProjectTransition {
  project: ReviewProject;
  events: ProjectEvent[];
}

const describe = (project: ReviewProject) => `Project ${project.id} is ${project.state}`;

function assertState(project: ReviewProject, allowed: readonly ProjectState[], action: string): void {
  if (!allowed.includes(project.state)) {
    throw new InvalidTransitionError(`${describe(project)}: it cannot be ${action}`);
  }
}

function assertSubmitter(project: ReviewProject, actor: ReviewActor, action: string): void {
  if (actor.subject !== project.submitter) {
    throw new ForbiddenError(`Only the submitter of project ${project.id} may ${action} it`);
  }
}

function event(
  project: ReviewProject,
  type: ProjectEventType,
  actor: string,
  at: string,
  from: ProjectState | undefined,
  details?: Record<string, string | number>,
): ProjectEvent {
  const line: ProjectEvent = { projectId: project.id, type, at, actor, to: project.state };
  if (from !== undefined) line.from = from;
  if (details) line.details = details;
  return line;
}

const next = (project: ReviewProject, now: string, changes: Partial<ReviewProject>): ReviewProject => ({
  ...project,
  ...changes,
  updatedAt: now,
  version: project.version + 1,
});

export function createProject(args: {
  id: string;
  content: ProjectContent;
  actor: ReviewActor;
  now: Date;
}): ProjectTransition {
  const { id, content, actor } = args;
  if (!actor.roles.includes('project-submitter')) {
    throw new ForbiddenError('Only a project submitter may file a project');
  }
  const now = args.now.toISOString();
  const project: ReviewProject = {
    id,
    unit: actor.unit,
    submitter: actor.subject,
    state: 'draft',
    projectVersion: 1,
    content,
    versions: [{ projectVersion: 1, createdAt: now, by: actor.subject }],
    decisions: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return {
    project,
    events: [event(project, 'drafted', actor.subject, now, undefined, { projectVersion: 1 })],
  };
}

/** Edits a draft in place: a draft has no version anyone has seen yet. A submitted version is frozen. */
export function editDraft(args: {
  project: ReviewProject;
  content: ProjectContent;
  actor: ReviewActor;
  now: Date;
}): ProjectTransition {
  const { project, actor } = args;
  if (project.state !== 'draft') {
    throw new InvalidTransitionError(
      `${describe(project)}: version ${project.projectVersion} is frozen once submitted${project.state === 'returned' ? '; revise it to make a new version' : ''}`,
    );
  }
  assertSubmitter(project, actor, 'edit');
  const now = args.now.toISOString();
  const edited = next(project, now, { content: args.content });
  return {
    project: edited,
    events: [
      event(edited, 'edited', actor.subject, now, 'draft', { projectVersion: project.projectVersion }),
    ],
  };
}

/** After a return: a new version, a draft again, starting from the returned one's content. */
export function reviseReturned(args: {
  project: ReviewProject;
  content: ProjectContent;
  actor: ReviewActor;
  now: Date;
}): ProjectTransition {
  const { project, actor } = args;
  if (project.state !== 'returned') {
    throw new InvalidTransitionError(`${describe(project)}: only a returned project can be resubmitted`);
  }
  assertSubmitter(project, actor, 'revise');
  const now = args.now.toISOString();
  const projectVersion = project.projectVersion + 1;
  const { checks: _previous, ...rest } = project;
  const revised = next(rest, now, {
    state: 'draft',
    projectVersion,
    content: args.content,
    versions: [...project.versions, { projectVersion, createdAt: now, by: actor.subject }],
  });
  return {
    project: revised,
    events: [event(revised, 'revised', actor.subject, now, 'returned', { projectVersion })],
  };
}

const lineKey = (category: string, item: string) => `${category}\u0000${item}`;

/**
 * Whether an approval given on an earlier version still holds for `content`, and if so the same
 * approval with its cuts pointing at the new version's lines; else the reason it does not.
 */
function carryApproval(
  decision: OfficeDecision,
  content: ProjectContent,
): { carried: OfficeDecision } | { reopened: string } {
  const total = budgetTotal(content.budgetLines);
  if (total > decision.requestedTotal) {
    return {
      reopened: `the budget rose from ${formatYuan(decision.requestedTotal)} to ${formatYuan(total)} since it was approved`,
    };
  }
  const used = new Set<number>();
  const cuts: BudgetCut[] = [];
  for (const cut of decision.cuts) {
    const index = content.budgetLines.findIndex(
      (line, i) => !used.has(i) && lineKey(line.category, line.item) === lineKey(cut.category, cut.item),
    );
    const line = content.budgetLines[index];
    if (!line) return { reopened: `the line it cut (${cut.item}) is gone` };
    if (line.amount !== cut.requested) {
      return {
        reopened: `the line it cut (${cut.item}) changed from ${formatYuan(cut.requested)} to ${formatYuan(line.amount)}`,
      };
    }
    used.add(index);
    cuts.push({ ...cut, line: index });
  }
  return {
    carried: {
      ...decision,
      cuts,
      projectVersion: decision.projectVersion + 1,
      requestedTotal: total,
      carriedFromVersion: decision.carriedFromVersion ?? decision.projectVersion,
    },
  };
}

/**
 * Freezes the current version and sends it to the machine checks. A resubmission brings along the
 * approval the other office gave the version before, where it still holds.
 */
export function submitProject(args: {
  project: ReviewProject;
  actor: ReviewActor;
  now: Date;
}): ProjectTransition {
  const { project, actor } = args;
  assertState(project, ['draft'], 'submitted');
  assertSubmitter(project, actor, 'submit');
  const now = args.now.toISOString();
  const carried: OfficeDecision[] = [];
  const notes: {
    type: 'decision-carried' | 'decision-reopened';
    details: Record<string, string | number>;
  }[] = [];
  for (const earlier of project.decisions) {
    if (earlier.projectVersion !== project.projectVersion - 1) continue;
    if (earlier.outcome !== 'approve' && earlier.outcome !== 'approve-with-cuts') continue;
    const result = carryApproval(earlier, project.content);
    if ('carried' in result) {
      carried.push(result.carried);
      notes.push({
        type: 'decision-carried',
        details: {
          office: earlier.office,
          fromVersion: result.carried.carriedFromVersion ?? earlier.projectVersion,
        },
      });
    } else {
      notes.push({ type: 'decision-reopened', details: { office: earlier.office, reason: result.reopened } });
    }
  }
  const submitted = next(project, now, {
    state: 'submitted',
    versions: project.versions.map((record) =>
      record.projectVersion === project.projectVersion ? { ...record, submittedAt: now } : record,
    ),
    decisions: [...project.decisions, ...carried],
  });
  return {
    project: submitted,
    events: [
      event(submitted, 'submitted', actor.subject, now, 'draft', {
        projectVersion: project.projectVersion,
        budget: budgetTotal(project.content.budgetLines),
      }),
      ...notes.map((note) => event(submitted, note.type, actor.subject, now, 'draft', note.details)),
    ],
  };
}

/**
 * Records the machine checks of a version and opens human review. Idempotent by project version:
 * a report for a version already checked, or for a version that is no longer current (a message
 * delivered again, or late), changes nothing.
 */
export function recordChecks(args: {
  project: ReviewProject;
  report: CheckReport;
  /** The checking system's principal. */
  actor: string;
  now: Date;
}): ProjectTransition {
  const { project, report } = args;
  const stale = report.projectVersion !== project.projectVersion;
  const done = project.checks?.projectVersion === report.projectVersion;
  if (stale || done) return { project, events: [] };
  assertState(project, ['submitted'], 'checked');
  const now = args.now.toISOString();
  let checked = next(project, now, {
    state: 'in-review',
    checks: {
      projectVersion: report.projectVersion,
      outcome: report.outcome,
      tier: report.tier,
      handledAs: report.handledAs,
      rules: report.rules,
    },
  });
  const events = [
    event(checked, 'checked', args.actor, now, 'submitted', {
      projectVersion: report.projectVersion,
      outcome: report.outcome,
      tier: report.tier.code,
    }),
  ];
  // A version whose tier is lower than the last one's may find every office it needs already
  // carried (the leading group returned it, the new version fell below its threshold): a new
  // version is never approved by nobody, so those carried approvals are reopened.
  if (officesAwaited(checked).length === 0) {
    const reopened = checked.decisions.filter(
      (d) => d.projectVersion === checked.projectVersion && d.carriedFromVersion !== undefined,
    );
    checked = { ...checked, decisions: checked.decisions.filter((d) => !reopened.includes(d)) };
    for (const decision of reopened) {
      events.push(
        event(checked, 'decision-reopened', args.actor, now, 'submitted', {
          office: decision.office,
          reason: `version ${checked.projectVersion} is reviewed at tier ${report.tier.code}, whose offices had all approved an earlier version: it needs a decision of its own`,
        }),
      );
    }
  }
  return { project: checked, events };
}

/** The offices that must decide the current version: its tier's reviewers, in turn order. */
export function reviewersOf(project: Pick<ReviewProject, 'checks' | 'projectVersion'>): Office[] {
  const tier =
    project.checks?.projectVersion === project.projectVersion ? project.checks.tier.reviewers : undefined;
  const reviewers = tier ?? UNCHECKED_REVIEWERS;
  return OFFICES.filter((office) => reviewers.includes(office));
}

/** The decisions on the current version, by office. */
export function currentDecisions(project: ReviewProject): Partial<Record<Office, OfficeDecision>> {
  const current: Partial<Record<Office, OfficeDecision>> = {};
  for (const decision of project.decisions) {
    if (decision.projectVersion === project.projectVersion) current[decision.office] = decision;
  }
  return current;
}

/**
 * The offices whose decision the version in review still waits for: each has a to-do (a worklist
 * entry) exactly while it is listed here. A carried approval counts as the office's decision.
 */
export function officesAwaited(project: ReviewProject): Office[] {
  if (project.state !== 'in-review') return [];
  return turnsOf(project).now;
}

/**
 * The offices of the tier still to decide, split into those whose turn it is (`now`) and those
 * who decide after them (`later`). In review, every decision given so far is an approval (any other
 * closes the review), so a turn opens as soon as every office of the turns before it has decided.
 */
export function turnsOf(project: ReviewProject): { now: Office[]; later: Office[] } {
  const current = currentDecisions(project);
  const undecided = reviewersOf(project).filter((office) => !current[office]);
  const turn = Math.min(...undecided.map((office) => OFFICE_TURNS[office]));
  return {
    now: undecided.filter((office) => OFFICE_TURNS[office] === turn),
    later: undecided.filter((office) => OFFICE_TURNS[office] > turn),
  };
}

/** The approved budget per line: each line at the lowest of what the deciding offices left of it. */
export function approvedBudgetOf(
  content: ProjectContent,
  decisions: readonly OfficeDecision[],
): ApprovedBudget {
  const lines = content.budgetLines.map((line, index): ApprovedLine => {
    const cuts = decisions.flatMap((decision) =>
      decision.cuts
        .filter((cut) => cut.line === index)
        .map((cut) => ({ office: decision.office, approved: cut.approved, reason: cut.reason })),
    );
    const approved = Math.min(line.amount, ...cuts.map((cut) => cut.approved));
    return { line: index, category: line.category, item: line.item, requested: line.amount, approved, cuts };
  });
  const requested = budgetTotal(content.budgetLines);
  const approved = lines.reduce((sum, line) => sum + line.approved, 0);
  return { lines, requested, approved, cut: requested - approved };
}

function decisionFrom(
  input: z.output<typeof decisionInputSchema>,
  project: ReviewProject,
  office: Office,
  actor: ReviewActor,
  now: string,
): OfficeDecision {
  const decision: OfficeDecision = {
    office,
    projectVersion: project.projectVersion,
    outcome: input.outcome,
    reviewer: actor.subject,
    reviewerUnit: actor.unit,
    at: now,
    cuts: [],
    comments: [],
    requestedTotal: budgetTotal(project.content.budgetLines),
  };
  if (input.outcome === 'approve' && input.opinion) decision.opinion = input.opinion;
  if (input.outcome === 'reject') decision.reason = input.reason;
  if (input.outcome === 'return') decision.comments = input.comments.map((c) => ({ ...c }));
  if (input.outcome === 'approve-with-cuts') {
    if (input.opinion) decision.opinion = input.opinion;
    const issues: { path: string; message: string }[] = [];
    input.cuts.forEach((cut, index) => {
      const line = project.content.budgetLines[cut.line];
      if (!line) {
        issues.push({
          path: `body.cuts.${index}.line`,
          message: `must be a budget line of version ${project.projectVersion} (0 to ${project.content.budgetLines.length - 1})`,
        });
        return;
      }
      if (cut.approvedAmount >= line.amount) {
        issues.push({
          path: `body.cuts.${index}.approvedAmount`,
          message: `must be less than the ${line.amount} fen requested for line ${cut.line}`,
        });
        return;
      }
      decision.cuts.push({
        line: cut.line,
        category: line.category,
        item: line.item,
        requested: line.amount,
        approved: cut.approvedAmount,
        reason: cut.reason,
      });
    });
    if (issues.length > 0) throw new ValidationError(issues);
  }
  return decision;
}

/**
 * One office's decision on the version under review. A reviewer of the submitting unit may not
 * decide, and an office decides once per version (a carried approval counts as its decision).
 */
export function decide(args: {
  project: ReviewProject;
  office: Office;
  decision: z.output<typeof decisionInputSchema>;
  actor: ReviewActor;
  now: Date;
}): ProjectTransition {
  const { project, office, actor } = args;
  if (!actor.roles.includes(OFFICE_ROLES[office])) {
    throw new ForbiddenError(`Only a ${OFFICE_ROLES[office]} may decide for the ${office} office`);
  }
  if (actor.unit === project.unit) {
    throw new ForbiddenError(`A reviewer of the submitting unit may not decide on project ${project.id}`);
  }
  assertState(project, ['in-review'], 'decided on');
  const reviewers = reviewersOf(project);
  if (!reviewers.includes(office)) {
    throw new InvalidTransitionError(
      `${describe(project)} at tier ${project.checks?.tier.code ?? 'unchecked'}, which the ${reviewers.join(', ')} offices decide: the ${office} office has no decision to give`,
    );
  }
  const already = currentDecisions(project)[office];
  if (already) {
    throw new InvalidTransitionError(
      `${describe(project)}, and the ${office} office already decided version ${project.projectVersion} (${already.outcome}${already.carriedFromVersion ? `, carried from version ${already.carriedFromVersion}` : ''})`,
    );
  }
  const awaited = officesAwaited(project);
  if (!awaited.includes(office)) {
    throw new InvalidTransitionError(
      `${describe(project)}: the ${office} office decides after the ${awaited.join(' and ')} office${awaited.length > 1 ? 's have' : ' has'} approved version ${project.projectVersion}`,
    );
  }
  const now = args.now.toISOString();
  const decision = decisionFrom(args.decision, project, office, actor, now);
  const decisions = [...project.decisions, decision];
  const details = {
    office,
    projectVersion: project.projectVersion,
    outcome: decision.outcome,
    ...(decision.cuts.length ? { cuts: decision.cuts.length } : {}),
  };

  if (decision.outcome === 'reject' || decision.outcome === 'return') {
    const state: ProjectState = decision.outcome === 'reject' ? 'rejected' : 'returned';
    const closed = next(project, now, { state, decisions });
    return {
      project: closed,
      events: [
        { ...event(closed, 'decided', actor.subject, now, 'in-review', details), to: 'in-review' },
        event(closed, state, actor.subject, now, 'in-review', {
          office,
          projectVersion: project.projectVersion,
        }),
      ],
    };
  }

  const updated = next(project, now, { decisions });
  const stillAwaited = officesAwaited(updated);
  if (stillAwaited.length > 0) {
    // The next turn opens: the offices named by `referred` get their to-do in this transition.
    const opened = stillAwaited.filter((o) => !awaited.includes(o));
    return {
      project: updated,
      events: [
        event(updated, 'decided', actor.subject, now, 'in-review', details),
        ...opened.map((o) =>
          event(updated, 'referred', actor.subject, now, 'in-review', {
            office: o,
            projectVersion: project.projectVersion,
          }),
        ),
      ],
    };
  }
  const current = decisions.filter(
    (d) => d.projectVersion === project.projectVersion && reviewers.includes(d.office),
  );
  const approvedBudget = approvedBudgetOf(project.content, current);
  const approved = next(project, now, { state: 'approved', decisions, approvedBudget });
  return {
    project: approved,
    events: [
      { ...event(approved, 'decided', actor.subject, now, 'in-review', details), to: 'in-review' },
      event(approved, 'approved', actor.subject, now, 'in-review', {
        projectVersion: project.projectVersion,
        requested: approvedBudget.requested,
        approved: approvedBudget.approved,
      }),
    ],
  };
}

const WITHDRAWABLE: readonly ProjectState[] = ['draft', 'submitted', 'in-review', 'returned'];

export function withdrawProject(args: {
  project: ReviewProject;
  actor: ReviewActor;
  reason: string;
  now: Date;
}): ProjectTransition {
  const { project, actor } = args;
  assertState(project, WITHDRAWABLE, 'withdrawn');
  assertSubmitter(project, actor, 'withdraw');
  const now = args.now.toISOString();
  const withdrawn = next(project, now, { state: 'withdrawn' });
  return {
    project: withdrawn,
    events: [event(withdrawn, 'withdrawn', actor.subject, now, project.state, { reason: args.reason })],
  };
}

/**
 * What fund control asks: may this project start, and for how much. Only an approved project may;
 * its amount is the approved budget after cuts.
 */
export function fundingStatusOf(project: ReviewProject): {
  projectId: string;
  state: ProjectState;
  approved: boolean;
  projectVersion: number;
  approvedAmount?: number;
} {
  const status = {
    projectId: project.id,
    state: project.state,
    approved: project.state === 'approved',
    projectVersion: project.projectVersion,
  };
  return project.state === 'approved' && project.approvedBudget
    ? { ...status, approvedAmount: project.approvedBudget.approved }
    : status;
}
