import { randomUUID } from 'node:crypto';
import {
  type AssessmentPeriod,
  assertMayCompute,
  assertMayFreeze,
  parsePeriod,
  periodPhase,
} from '@govshare/domain/assessment';
import { InvalidTransitionError, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type Caller, requiredCaller } from '../../platform/auth.ts';
import { route } from '../../platform/http.ts';
import { assessmentFunctions } from '../blueprint.ts';
import { type Computation, leaseFrom, type PeriodRecord } from '../results-store.ts';
import { bulletinResponse, computationSchema, freezeResponse, periodResponse } from '../schemas.ts';
import {
  type AssessmentRouteContext,
  type AssessmentRouteModule,
  auditor,
  computationLocation,
} from './context.ts';

const routes = assessmentFunctions.assessment.routes;

/** A period key in the path; parsed by the domain so that 2026-Q5 is a 400 naming `period`. */
export const periodParams = z.strictObject({ period: z.string().min(1).max(20) });
const computationParams = z.strictObject({ id: z.uuid() });

export const periodView = (period: AssessmentPeriod, record: PeriodRecord | undefined, now: Date) => ({
  period: period.key,
  kind: period.kind,
  firstDay: period.firstDay,
  lastDay: period.lastDay,
  phase: periodPhase(period, now, record?.frozen ?? false),
  ...(record?.frozenAt ? { frozenAt: record.frozenAt } : {}),
  ...(record?.computationId ? { computationId: record.computationId } : {}),
  ...(record?.computedAt ? { computedAt: record.computedAt } : {}),
  ...(record?.schemeVersion !== undefined ? { schemeVersion: record.schemeVersion } : {}),
  ...(record?.units !== undefined ? { units: record.units } : {}),
  ...(record?.bulletinDocumentId ? { bulletinDocumentId: record.bulletinDocumentId } : {}),
});

/** Asks the exchange for the period's 通报 (drafted once) and records its id on the period. */
async function requestBulletin(context: AssessmentRouteContext, period: AssessmentPeriod, caller: Caller) {
  const { results, schemes, bulletins } = context;
  if (!bulletins) throw new InvalidTransitionError('The 通报 cannot be requested here: no exchange is wired');
  const ranking = await results.ranking(period.key);
  if (!ranking)
    throw new InvalidTransitionError(`Period ${period.key} has not been computed: nothing to report`);
  const scheme = await schemes.current();
  const { documentId } = await bulletins.request({
    period,
    ranking,
    schemeName: scheme?.scheme.name ?? '电子政务绩效考核方案',
    caller,
  });
  await results.recordBulletin(period.key, documentId);
  return { period: period.key, documentId, location: `/v1/exchange/documents/${documentId}` };
}

/** Periods: compute (queued), follow the computation, freeze, the 通报. */
export const periodRoutes: AssessmentRouteModule = (context) => {
  const { results, schemes, computations, now } = context;
  const audit = auditor(context);
  return [
    route(routes.getAssessmentPeriod, {
      response: { status: 200, body: periodResponse },
      params: periodParams,
      handle: async ({ params }) => {
        const period = parsePeriod(params.period);
        return { status: 200, body: periodView(period, await results.period(period.key), now()) };
      },
    }),

    route(routes.computeAssessmentPeriod, {
      response: { status: 202, body: computationSchema },
      params: periodParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        const period = parsePeriod(params.period);
        const record = await results.period(period.key);
        const at = now();
        assertMayCompute(period, at, record?.frozen ?? false);
        const scheme = await schemes.current();
        if (!scheme) throw new InvalidTransitionError('No assessment scheme is saved: save one first');
        if (!scheme.scheme.periodKinds.includes(period.kind))
          throw new ValidationError([
            {
              path: 'period',
              message: `scheme ${scheme.scheme.id} is computed per ${scheme.scheme.periodKinds.join(', ')}, not per ${period.kind}`,
            },
          ]);
        const computation: Computation = {
          id: randomUUID(),
          period: period.key,
          state: 'queued',
          requestedAt: at.toISOString(),
          requestedBy: actor.subject,
          requestedByUnit: actor.unit,
          done: 0,
          total: 0,
          schemeVersion: scheme.scheme.version,
        };
        // One at a time per period: while another holds it (queued or running), 409 naming it.
        await results.createComputation(computation, leaseFrom(at));
        await computations.send({ computationId: computation.id, period: period.key });
        await audit({
          action: 'assessment.period.compute-requested',
          caller,
          correlationId,
          at: computation.requestedAt,
          subject: period.key,
          items: [`computation:${computation.id}`, `scheme:${scheme.scheme.id}/${scheme.scheme.version}`],
        });
        return {
          status: 202,
          body: computation,
          headers: { location: computationLocation(computation.id) },
        };
      },
    }),

    route(routes.getAssessmentComputation, {
      response: { status: 200, body: computationSchema },
      params: computationParams,
      handle: async ({ params }) => {
        const computation = await results.computation(params.id);
        if (!computation) throw new NotFoundError('No computation has this id');
        return { status: 200, body: computation };
      },
    }),

    route(routes.freezeAssessmentPeriod, {
      response: { status: 200, body: freezeResponse },
      params: periodParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        const period = parsePeriod(params.period);
        const record = await results.period(period.key);
        const at = now();
        assertMayFreeze(period, at, record?.frozen ?? false);
        if (!record?.computationId)
          throw new InvalidTransitionError(
            `Period ${period.key} has no computed tables: compute it before freezing`,
          );
        const frozen = await results.freeze(period.key, actor.subject, at.toISOString());
        await audit({
          action: 'assessment.period.frozen',
          caller,
          correlationId,
          at: at.toISOString(),
          subject: period.key,
          items: [`computation:${record.computationId}`, `units:${record.units ?? 0}`],
        });
        // The 通报 follows the freeze; if the request fails, POST …/bulletin asks again (drafted once).
        let bulletin: z.infer<typeof bulletinResponse> | undefined;
        try {
          if (context.bulletins) bulletin = await requestBulletin(context, period, actor);
        } catch (error) {
          context.logger.warn('the 通报 was not requested at freeze', {
            period: period.key,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        if (bulletin) {
          await audit({
            action: 'assessment.bulletin.requested',
            caller,
            correlationId,
            at: at.toISOString(),
            subject: period.key,
            items: [`document:${bulletin.documentId}`],
          });
        }
        const view = periodView(
          period,
          { ...frozen, ...(bulletin ? { bulletinDocumentId: bulletin.documentId } : {}) },
          at,
        );
        return { status: 200, body: { ...view, ...(bulletin ? { bulletin } : {}) } };
      },
    }),

    route(routes.draftAssessmentBulletin, {
      response: { status: 202, body: bulletinResponse },
      params: periodParams,
      handle: async ({ params, caller, correlationId }) => {
        const actor = requiredCaller(caller);
        const period = parsePeriod(params.period);
        const bulletin = await requestBulletin(context, period, actor);
        await audit({
          action: 'assessment.bulletin.requested',
          caller,
          correlationId,
          at: now().toISOString(),
          subject: period.key,
          items: [`document:${bulletin.documentId}`],
        });
        return { status: 202, body: bulletin };
      },
    }),
  ];
};
