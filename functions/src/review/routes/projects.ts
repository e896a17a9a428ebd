import { randomUUID } from 'node:crypto';
import {
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  requiredText,
  UnprocessableError,
} from '@govshare/domain/kernel';
import {
  createProject,
  currentDecisions,
  diffVersions,
  editDraft,
  officesAwaited,
  PROJECT_STATES,
  type ProjectContent,
  pipelineYearOf,
  projectInputSchema,
  reviewersOf,
  reviseReturned,
  submitProject,
  tierCodeSchema,
  turnsOf,
  withdrawProject,
} from '@govshare/domain/review';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import type { StoredProject } from '../project-store.ts';
import {
  createProjectResponse,
  diffProjectVersionsResponse,
  editProjectResponse,
  getProjectResponse,
  getProjectVersionResponse,
  listProjectsResponse,
  listProjectVersionsResponse,
  projectHistoryResponse,
  reviseProjectResponse,
  submitProjectResponse,
  withdrawProjectResponse,
} from '../schemas.ts';
import {
  actorOf,
  projectAuditor,
  projectLocation,
  type ReviewRouteContext,
  readableProject,
  readsEveryUnit,
} from './context.ts';

const routes = reviewFunctions.review.routes;

export const projectIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'is not a project id');
export const projectParams = z.strictObject({ id: projectIdSchema });
const projectVersionSchema = z.coerce.number().int().min(1).max(9999);
const versionParams = z.strictObject({ id: projectIdSchema, version: projectVersionSchema });
const diffQuery = z
  .strictObject({ from: projectVersionSchema, to: projectVersionSchema })
  .refine((query) => query.from !== query.to, { path: ['to'], message: 'must differ from from' });
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
};
const listQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  state: z.enum(PROJECT_STATES).optional(),
  unit: z
    .string()
    .regex(/^\d{6,12}$/, 'is not a unit code')
    .optional(),
  planItem: z.string().min(1).max(40).optional(),
  tier: tierCodeSchema.optional(),
  ...pageQuery,
});
const withdrawBody = z.strictObject({ reason: requiredText(2000) });

/** A project as its readers get it: what it is now, and the decisions on this version by office. */
export const projectView = (project: StoredProject) => {
  const current = currentDecisions(project);
  const returned = project.decisions
    .filter((decision) => decision.outcome === 'return')
    .sort((a, b) => b.projectVersion - a.projectVersion)[0];
  return {
    ...project,
    /** The decision of each office on the current version, a carried one marked carriedFromVersion. */
    currentDecisions: current,
    /** The offices of the version's tier (its checks), in the order they decide. */
    reviewers: reviewersOf(project),
    /** Whose decision it waits for now; then, once they approved, whose (the leading group after both offices). */
    awaiting: officesAwaited(project),
    awaitingLater: project.state === 'in-review' ? turnsOf(project).later : [],
    ...(returned ? { lastReturn: returned } : {}),
  };
};

/** A project in a list: what a reader needs to pick it, without its content. */
export const projectSummary = (project: StoredProject) => ({
  id: project.id,
  unit: project.unit,
  state: project.state,
  name: project.content.name,
  kind: project.content.kind,
  planItem: project.content.planItem,
  projectVersion: project.projectVersion,
  requested: project.content.budgetLines.reduce((sum, line) => sum + line.amount, 0),
  ...(project.approvedBudget ? { approved: project.approvedBudget.approved } : {}),
  ...(project.checks ? { tier: project.checks.tier.code, checks: project.checks.outcome } : {}),
  createdAt: project.createdAt,
  updatedAt: project.updatedAt,
  version: project.version,
});

/**
 * What the schema cannot know of a submission: its plan item is the plan's, its produced and
 * consumed resources are the catalogue's, its attachments are completed uploads of the unit.
 */
export async function checkProjectReferences(
  context: Pick<ReviewRouteContext, 'projects' | 'catalogue' | 'attachments'>,
  content: ProjectContent,
  unit: string,
): Promise<void> {
  const codes = [...content.produces, ...content.consumes];
  const [planItemExists, statuses, uploads] = await Promise.all([
    context.projects.planItemExists(content.planItem),
    codes.length ? context.catalogue.statusOf(codes) : Promise.resolve([]),
    content.attachments.length
      ? context.attachments.contents(
          unit,
          content.attachments.map((a) => a.sha256),
        )
      : Promise.resolve(new Map()),
  ]);
  const issues: FieldIssue[] = [];
  if (!planItemExists) {
    issues.push({ path: 'body.planItem', message: `is not an item of the plan (${content.planItem})` });
  }
  const known = new Set(statuses.map((entry) => entry.code));
  for (const field of ['produces', 'consumes'] as const) {
    content[field].forEach((code, index) => {
      if (!known.has(code))
        issues.push({
          path: `body.${field}.${index}`,
          message: `is not a resource of the catalogue (${code})`,
        });
    });
  }
  content.attachments.forEach((attachment, index) => {
    const upload = uploads.get(attachment.sha256);
    if (!upload || upload.size !== attachment.size) {
      issues.push({
        path: `body.attachments.${index}`,
        message: 'is not a completed upload of your unit (POST /v1/review/attachments, then complete it)',
      });
    }
  });
  if (issues.length > 0) throw new UnprocessableError(issues, 'The project names what cannot be used');
}

/** The content of a version: as frozen at its submission, or the current draft's. */
async function versionContent(
  context: ReviewRouteContext,
  project: StoredProject,
  projectVersion: number,
  where: string,
): Promise<{ content: ProjectContent; submittedAt?: string }> {
  const frozen = await context.projects.getVersion(project.id, projectVersion);
  if (frozen) return { content: frozen.content, submittedAt: frozen.submittedAt };
  if (projectVersion === project.projectVersion) return { content: project.content };
  throw new NotFoundError(`Project ${project.id} has no version ${projectVersion} (${where})`);
}

/** 申报: filing, editing, submitting, revising and withdrawing a project; its versions and history. */
export function projectRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { projects, now } = context;
  const auditProject = projectAuditor(context);

  /** Sends a submitted version to the machine checks; a failure leaves it submitted (rerun requeues it). */
  const queueChecks = async (project: StoredProject): Promise<'queued' | 'not-queued'> => {
    try {
      await context.checksQueue.send({ projectId: project.id, projectVersion: project.projectVersion });
      return 'queued';
    } catch (error) {
      context.logger.error('the machine checks of a submitted project could not be queued', {
        projectId: project.id,
        projectVersion: project.projectVersion,
        error: error as Error,
      });
      return 'not-queued';
    }
  };

  return [
    route(routes.createProject, {
      response: { status: 201, body: createProjectResponse },
      body: projectInputSchema,
      handle: async ({ body, caller, correlationId }) => {
        const actor = actorOf(caller);
        await checkProjectReferences(context, body, actor.unit);
        const transition = createProject({ id: randomUUID(), content: body, actor, now: now() });
        const stored = await projects.create(transition);
        await auditProject(stored, { action: 'review.drafted', caller, correlationId });
        return {
          status: 201,
          headers: { location: projectLocation(stored.id) },
          body: projectView(stored),
        };
      },
    }),

    route(routes.listProjects, {
      response: { status: 200, body: listProjectsResponse },
      query: listQuery,
      handle: async ({ query, caller }) => {
        const actor = actorOf(caller);
        let unit = query.unit;
        if (!readsEveryUnit(actor)) {
          if (unit !== undefined && unit !== actor.unit) {
            throw new ForbiddenError("A project submitter sees their own unit's projects only");
          }
          unit = actor.unit;
        }
        const year = query.year ?? pipelineYearOf(now());
        const page = await projects.pipeline(year, {
          limit: query.limit,
          cursor: query.cursor,
          filter: { unit, state: query.state, planItem: query.planItem, tier: query.tier },
        });
        return {
          status: 200,
          body: {
            year,
            items: page.items.map(projectSummary),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          },
        };
      },
    }),

    route(routes.getProject, {
      response: { status: 200, body: getProjectResponse },
      params: projectParams,
      handle: async ({ params, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        return { status: 200, body: projectView(project) };
      },
    }),

    route(routes.editProject, {
      response: { status: 200, body: editProjectResponse },
      params: projectParams,
      body: projectInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableProject(context, params.id, actor);
        const transition = editDraft({ project: before, content: body, actor, now: now() });
        await checkProjectReferences(context, body, before.unit);
        const stored = await projects.save(transition, { expectedVersion: before.version });
        await auditProject(stored, { action: 'review.edited', caller, correlationId });
        return { status: 200, body: projectView(stored) };
      },
    }),

    route(routes.submitProject, {
      response: { status: 200, body: submitProjectResponse },
      params: projectParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableProject(context, params.id, actor);
        const transition = submitProject({ project: before, actor, now: now() });
        // The plan item or a resource may have gone since the draft was written.
        await checkProjectReferences(context, before.content, before.unit);
        const stored = await projects.save(transition, { expectedVersion: before.version });
        await auditProject(stored, {
          action: 'review.submitted',
          caller,
          correlationId,
          items: [`budget:${stored.content.budgetLines.reduce((sum, line) => sum + line.amount, 0)}`],
        });
        const checks = await queueChecks(stored);
        return { status: 200, body: { ...projectView(stored), checks } };
      },
    }),

    route(routes.reviseProject, {
      response: { status: 200, body: reviseProjectResponse },
      params: projectParams,
      body: projectInputSchema,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableProject(context, params.id, actor);
        const transition = reviseReturned({ project: before, content: body, actor, now: now() });
        await checkProjectReferences(context, body, before.unit);
        const stored = await projects.save(transition, { expectedVersion: before.version });
        await auditProject(stored, { action: 'review.revised', caller, correlationId });
        return { status: 200, body: projectView(stored) };
      },
    }),

    route(routes.withdrawProject, {
      response: { status: 200, body: withdrawProjectResponse },
      params: projectParams,
      body: withdrawBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const before = await readableProject(context, params.id, actor);
        const transition = withdrawProject({ project: before, actor, reason: body.reason, now: now() });
        // The reason is the submitter's text: the history line keeps it, the audit trail does not.
        const stored = await projects.save(transition, { expectedVersion: before.version });
        await auditProject(stored, { action: 'review.withdrawn', caller, correlationId });
        return { status: 200, body: projectView(stored) };
      },
    }),

    route(routes.listProjectVersions, {
      response: { status: 200, body: listProjectVersionsResponse },
      params: projectParams,
      handle: async ({ params, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        return {
          status: 200,
          body: { projectId: project.id, current: project.projectVersion, items: project.versions },
        };
      },
    }),

    route(routes.getProjectVersion, {
      response: { status: 200, body: getProjectVersionResponse },
      params: versionParams,
      handle: async ({ params, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        const version = await versionContent(context, project, params.version, 'params.version');
        const record = project.versions.find((v) => v.projectVersion === params.version);
        return {
          status: 200,
          body: {
            projectId: project.id,
            projectVersion: params.version,
            ...record,
            frozen: version.submittedAt !== undefined,
            content: version.content,
          },
        };
      },
    }),

    route(routes.diffProjectVersions, {
      response: { status: 200, body: diffProjectVersionsResponse },
      params: projectParams,
      query: diffQuery,
      handle: async ({ params, query, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        const [from, to] = await Promise.all([
          versionContent(context, project, query.from, 'query.from'),
          versionContent(context, project, query.to, 'query.to'),
        ]);
        return {
          status: 200,
          body: {
            projectId: project.id,
            from: query.from,
            to: query.to,
            ...diffVersions(from.content, to.content),
          },
        };
      },
    }),

    route(routes.projectHistory, {
      response: { status: 200, body: projectHistoryResponse },
      params: projectParams,
      handle: async ({ params, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        return { status: 200, body: { projectId: project.id, items: await projects.history(project.id) } };
      },
    }),
  ];
}
