import {
  ForbiddenError,
  InvalidTransitionError,
  ValidationError,
  workingDaysBetween,
} from '@govshare/domain/kernel';
import {
  decide,
  decisionInputSchema,
  fundingStatusOf,
  OFFICE_ROLES,
  OFFICES,
  type Office,
  type ReviewActor,
} from '@govshare/domain/review';
import * as z from 'zod';
import { parseAs, type RouteDefinition, route } from '../../platform/http.ts';
import { reviewFunctions } from '../blueprint.ts';
import type { StoredProject } from '../project-store.ts';
import {
  decideProjectResponse,
  projectFundingResponse,
  requestApprovalReplyResponse,
  reviewWorklistResponse,
} from '../schemas.ts';
import { actorOf, auditor, projectAuditor, type ReviewRouteContext, readableProject } from './context.ts';
import { pageQuery, projectParams, projectView } from './projects.ts';

const routes = reviewFunctions.review.routes;

const officeSchema = z.enum(OFFICES, { error: `must be one of ${OFFICES.join(', ')}` });
/** The decision, and for a person who reviews for both offices, which office decides. */
const decisionBody = z.looseObject({ office: officeSchema.optional() });
const worklistQuery = z.strictObject({ office: officeSchema.optional(), ...pageQuery });

/** The office the actor acts for: the one their role names, or the one they say if they hold both. */
function officeOf(actor: ReviewActor, named: Office | undefined, where: string): Office {
  const held = OFFICES.filter((office) => actor.roles.includes(OFFICE_ROLES[office]));
  if (named !== undefined) {
    if (!held.includes(named))
      throw new ForbiddenError(`Only a ${OFFICE_ROLES[named]} acts for the ${named} office`);
    return named;
  }
  const [only, ...others] = held;
  if (!only) {
    throw new ForbiddenError(
      'Only a reviewer of the e-government office, the finance office or the leading group acts here',
    );
  }
  if (others.length > 0) {
    throw new ValidationError([
      {
        path: where,
        message: `must say which office you act for (${held.join(' or ')}): you review for ${held.length === 2 ? 'both' : 'each'}`,
      },
    ]);
  }
  return only;
}

/** What fund control reads: whether the project may start, for how much in all and per line. */
const fundingView = (project: StoredProject) => ({
  ...fundingStatusOf(project),
  ...(project.state === 'approved' && project.approvedBudget
    ? {
        requestedAmount: project.approvedBudget.requested,
        lines: project.approvedBudget.lines.map(({ line, category, item, requested, approved }) => ({
          line,
          category,
          item,
          requested,
          approved,
        })),
      }
    : {}),
});

/** 审核: the offices' worklists and decisions, the approval reply, and fund control's question. */
export function decisionRoutes(context: ReviewRouteContext): RouteDefinition[] {
  const { projects, now } = context;
  const auditProject = projectAuditor(context);
  const audit = auditor(context);

  /** Asks the exchange for the approval reply; a failure leaves the approval as it is (the reply route asks again). */
  const requestReply = async (project: StoredProject): Promise<'requested' | 'not-requested'> => {
    if (!context.replies) return 'not-requested';
    try {
      await context.replies.request(project);
      return 'requested';
    } catch (error) {
      context.logger.error('the approval reply of an approved project could not be requested', {
        projectId: project.id,
        projectVersion: project.projectVersion,
        error: error as Error,
      });
      return 'not-requested';
    }
  };

  return [
    route(routes.reviewWorklist, {
      response: { status: 200, body: reviewWorklistResponse },
      query: worklistQuery,
      handle: async ({ query, caller }) => {
        const office = officeOf(actorOf(caller), query.office, 'query.office');
        const page = await projects.worklist(office, { limit: query.limit, cursor: query.cursor });
        const at = now();
        const items = await context.calendar.withCalendar((calendar) =>
          page.items.map((entry) => {
            let waitedWorkingDays: number | undefined;
            try {
              waitedWorkingDays = workingDaysBetween(new Date(entry.since), at, calendar);
            } catch {
              // A year the calendar does not hold yet: the list shows the entry without the count.
            }
            return { ...entry, ...(waitedWorkingDays !== undefined ? { waitedWorkingDays } : {}) };
          }),
        );
        return {
          status: 200,
          body: { office, items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
        };
      },
    }),

    route(routes.decideProject, {
      response: { status: 200, body: decideProjectResponse },
      params: projectParams,
      body: decisionBody,
      handle: async ({ params, body, caller, correlationId }) => {
        const actor = actorOf(caller);
        const { office: named, ...rest } = body;
        const office = officeOf(actor, named, 'body.office');
        const decision = parseAs(decisionInputSchema, rest, 'body');
        const before = await readableProject(context, params.id, actor);
        const transition = decide({ project: before, office, decision, actor, now: now() });
        const stored = await projects.save(transition, { expectedVersion: before.version });
        const given = stored.decisions.at(-1);
        const cut = (given?.cuts ?? []).reduce((sum, c) => sum + (c.requested - c.approved), 0);
        await auditProject(stored, {
          action: 'review.decided',
          caller,
          correlationId,
          items: [
            `office:${office}`,
            `outcome:${decision.outcome}`,
            `cut:${cut}`,
            ...(stored.approvedBudget && stored.state === 'approved'
              ? [`approved:${stored.approvedBudget.approved}`]
              : []),
          ],
        });
        const reply = stored.state === 'approved' ? { reply: await requestReply(stored) } : {};
        return { status: 200, body: { ...projectView(stored), ...reply } };
      },
    }),

    route(routes.requestApprovalReply, {
      response: { status: 202, body: requestApprovalReplyResponse },
      params: projectParams,
      handle: async ({ params, caller, correlationId }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        if (project.state !== 'approved') {
          throw new InvalidTransitionError(
            `Project ${project.id} is ${project.state}: only an approved project has a reply`,
          );
        }
        if (!context.replies) {
          return {
            status: 501,
            headers: { 'content-type': 'application/problem+json' },
            body: {
              type: 'about:blank',
              title: 'Not implemented',
              status: 501,
              detail: 'The approval reply is not wired to the exchange in this deployment yet',
            },
          };
        }
        const { documentId } = await context.replies.request(project);
        await audit({
          action: 'review.reply-requested',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: project.id,
          unit: project.unit,
          items: [`projectVersion:${project.projectVersion}`, `document:${documentId}`],
        });
        return {
          status: 202,
          body: { projectId: project.id, projectVersion: project.projectVersion, documentId },
        };
      },
    }),

    route(routes.projectFunding, {
      response: { status: 200, body: projectFundingResponse },
      params: projectParams,
      handle: async ({ params, caller }) => {
        const project = await readableProject(context, params.id, actorOf(caller));
        return { status: 200, body: fundingView(project) };
      },
    }),
  ];
}
