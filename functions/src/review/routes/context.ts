import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditTrail } from '@govshare/domain/audit';
import { NotFoundError } from '@govshare/domain/kernel';
import type { ReviewActor } from '@govshare/domain/review';
import { changeAuditor } from '../../audit/index.ts';
import type { CatalogueLookup } from '../../catalogue/index.ts';
import type { UnitDirectory, WorkingCalendarReader } from '../../identity/index.ts';
import { type Caller, requiredCaller, type TokenVerifier } from '../../platform/auth.ts';
import type { PlatformConfig } from '../../platform/config.ts';
import type { RouteDefinition } from '../../platform/http.ts';
import type { IdempotencyStore } from '../../platform/idempotency.ts';
import type { Telemetry } from '../../platform/observability.ts';
import type { PresignedUploads } from '../../platform/presigned-uploads.ts';
import type { UploadStore } from '../../platform/uploads.ts';
import type { ApprovalReplies } from '../approval-replies.ts';
import type { ProjectChecksQueue } from '../project-checks-queue.ts';
import type { ProjectStore, StoredProject } from '../project-store.ts';
import type { ReviewRegisters } from '../registers.ts';

export type ReviewConfig = PlatformConfig<
  'review' | 'identity' | 'catalogue',
  'documents',
  'project-checks' | 'official-drafts' | 'audit-trail'
>;

/**
 * What the review function is built from: the ports of every route module (submitting, machine
 * checks, decisions, registers, reports), wired once at cold start (handler.ts).
 */
export interface ReviewDeps {
  config: ReviewConfig;
  verifier: TokenVerifier;
  projects: ProjectStore;
  /** The catalogue's codes and their status: a project names only resources the catalogue holds. */
  catalogue: Pick<CatalogueLookup, 'statusOf'>;
  /** Attachment uploads (routes/attachments.ts reviewUploadLayout): a project names only completed uploads of its unit. */
  attachments: UploadStore;
  /** Where a submitted version goes to be checked. */
  checksQueue: ProjectChecksQueue;
  /** What the e-government office keeps: plan items, the register of systems, the rule file (registers.ts). */
  registers: ReviewRegisters;
  /** Identity's units: a system of the register belongs to one. */
  directory: Pick<UnitDirectory, 'unit'>;
  /** The approval reply (批复) requested from the exchange; absent: not requested (tests of the rest). */
  replies?: ApprovalReplies;
  audit: AuditTrail;
  /** Attachment files: presigned PUT, completion checked against the declared SHA-256 (loaded on first use, with S3). */
  uploads: PresignedUploads;
  /** The working-day calendar (identity's): the days a project waited with an office. */
  calendar: WorkingCalendarReader;
  now?: () => Date;
  /** Where the idempotent creates keep their first answers (Idempotency-Key). */
  idempotency?: IdempotencyStore;
  /** The function's logger and metrics, when the cold start made them for its ports too. */
  telemetry?: Telemetry;
}

/** What every route module of review is given: the function's dependencies, its clock and logger. */
export interface ReviewRouteContext extends ReviewDeps {
  now: () => Date;
  logger: Logger;
}

/** A group of routes (projects, decisions, checks, registers, reports): the handler lists them in one array. */
export type ReviewRouteModule = (context: ReviewRouteContext) => RouteDefinition[];

/** The caller as the domain sees it, and what kind of principal it is (for the audit trail). */
export type ReviewCaller = ReviewActor & { kind: Caller['kind'] };

export const actorOf = (caller: Caller | undefined): ReviewCaller => requiredCaller(caller);

const NO_SUCH_PROJECT = 'No project has this id';

/** Whether the actor reads projects of every unit (the offices and the leading group, auditors, the platform admin). */
export const readsEveryUnit = (actor: ReviewActor): boolean =>
  actor.roles.some((role) =>
    [
      'egov-reviewer',
      'finance-reviewer',
      'leading-group-reviewer',
      'auditor',
      'platform-admin',
      'fund-controller',
    ].includes(role),
  );

/**
 * The project if the actor may read it: a submitter reads their unit's projects; the offices,
 * auditors, the platform admin and fund control read every project. Anyone else learns nothing,
 * not even that it exists: 404.
 */
export async function readableProject(
  context: Pick<ReviewDeps, 'projects'>,
  id: string,
  actor: ReviewActor,
): Promise<StoredProject> {
  const project = await context.projects.get(id);
  if (!project) throw new NotFoundError(NO_SUCH_PROJECT);
  if (readsEveryUnit(actor) || project.unit === actor.unit) return project;
  throw new NotFoundError(NO_SUCH_PROJECT);
}

/** Records a state change on the audit trail (audit/change-audit.ts): ids, states and numbers only. */
export const auditor = (context: Pick<ReviewDeps, 'audit'>) => changeAuditor(context.audit);

/** What the audit trail keeps of a project's change: its state, versions and budget, no text. */
export const projectFacts = (project: StoredProject): string[] => [
  `state:${project.state}`,
  `projectVersion:${project.projectVersion}`,
  `version:${project.version}`,
];

/** Records a stored change of a project on the audit trail, at the project's updatedAt, under its unit. */
export function projectAuditor(context: Pick<ReviewDeps, 'audit'>) {
  const audit = auditor(context);
  return (
    stored: StoredProject,
    args: { action: string; caller: Caller | undefined; correlationId: string; items?: string[] },
  ) =>
    audit({
      action: args.action,
      caller: args.caller,
      correlationId: args.correlationId,
      at: stored.updatedAt,
      subject: stored.id,
      unit: stored.unit,
      items: [...projectFacts(stored), ...(args.items ?? [])],
    });
}

export const projectLocation = (id: string) => `/v1/review/projects/${id}`;
