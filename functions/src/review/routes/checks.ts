import { InvalidTransitionError, NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { changeAuditor } from '../../audit/index.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import { getProjectChecksResponse, rerunProjectChecksResponse } from '../schemas.ts';
import { actorOf, type ReviewRouteContext, readableProject } from './context.ts';

const routes = reviewFunctions.review.routes;

const projectParams = z.strictObject({ id: z.string().min(1).max(100) });
const checksQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(9999).optional() });

/** The states in which a version waits for, or has, its machine checks and may be queued again. */
const RERUNNABLE = new Set(['submitted', 'in-review']);

/** The machine-check reports (机审) of a project's versions, and queueing a version's checks again. */
export function checkRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { projects, checksQueue, now } = context;
  const audit = changeAuditor(context.audit);

  return [
    route(routes.getProjectChecks, {
      response: { status: 200, body: getProjectChecksResponse },
      params: projectParams,
      query: checksQuery,
      handle: async ({ params, query, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        // Default: the version judged last, or the current one (a draft after a return has none yet).
        const projectVersion = query.version ?? project.checks?.projectVersion ?? project.projectVersion;
        const report = await projects.getChecks(project.id, projectVersion);
        if (!report) {
          throw new NotFoundError(
            projectVersion > project.projectVersion
              ? `Project ${project.id} has no version ${projectVersion}`
              : `Version ${projectVersion} of project ${project.id} has no machine-check report (yet)`,
          );
        }
        return { status: 200, body: { projectId: project.id, ...report } };
      },
    }),

    route(routes.rerunProjectChecks, {
      response: { status: 202, body: rerunProjectChecksResponse },
      params: projectParams,
      handle: async ({ params, caller, correlationId }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        if (!RERUNNABLE.has(project.state)) {
          throw new InvalidTransitionError(
            `Project ${project.id} is ${project.state}: only a submitted version or one in review is checked`,
          );
        }
        const message = { projectId: project.id, projectVersion: project.projectVersion };
        const checked = (await projects.getChecks(project.id, project.projectVersion)) !== undefined;
        await checksQueue.send(message);
        await audit({
          action: 'review.checks.rerun',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: project.id,
          unit: project.unit,
          items: [`projectVersion:${project.projectVersion}`, `checked:${checked}`],
        });
        // A version checked before keeps its report: the consumer acknowledges the message and
        // writes nothing, so the same version gives the same report.
        return { status: 202, body: { ...message, queued: true, alreadyChecked: checked } };
      },
    }),
  ];
}
