import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type AssessmentPeriod,
  parsePeriod,
  previousPeriod,
  type RankingEntry,
  rankUnits,
  scoreUnit,
  type UnitScoreTable,
} from '@govshare/domain/assessment';
import type { AuditTrail } from '@govshare/domain/audit';
import type { Unit } from '@govshare/domain/identity';
import { ConflictError, DomainError, InvalidTransitionError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { changeAuditor } from '../audit/index.ts';
import type { WorkingCalendarReader } from '../identity/index.ts';
import type { Caller } from '../platform/auth.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';
import { queueConsumer } from '../platform/queue-consumer.ts';
import type { BulletinRequests } from './bulletin.ts';
import { type PlatformRecordReaders, readPlatformFacts } from './platform-facts.ts';
import { type Computation, leaseFrom, type ResultsStore, type StoredTable } from './results-store.ts';
import type { SchemeStore } from './scheme-store.ts';

/** What the computations queue carries: the computation (its id names the job item) of one period. */
export const computationMessageSchema = z.strictObject({
  computationId: z.uuid(),
  period: z.string().min(4).max(10),
});
export type ComputationMessage = z.infer<typeof computationMessageSchema>;

export interface ComputationQueue {
  send(message: ComputationMessage): Promise<void>;
}

export const sqsComputationQueue = (sqs: SQSClient, queueUrl: string): ComputationQueue => ({
  async send(message) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeQueueBody(message) }));
  },
});

export interface PeriodComputationDeps {
  results: ResultsStore;
  schemes: SchemeStore;
  readers: PlatformRecordReaders;
  /** Every unit of the directory (identity's everyUnit); dissolved units are not assessed. */
  units: () => Promise<Unit[]>;
  calendar: WorkingCalendarReader;
  audit: AuditTrail;
  /** Where a computation that asks for it (Computation.bulletin) sends the 通报 request. */
  bulletins?: BulletinRequests;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics?: Metrics;
}

/** Progress is written every so many units (and at the end): a few writes per computation, not one per unit. */
export const PROGRESS_EVERY = 25;

/**
 * One computation of one period: the job moves queued → running → done (or failed, saying why).
 * It reads every assessed unit's records, scores each (scoreUnit), ranks them among peers with the
 * previous period's tables when they are stored (rankUnits), and writes the tables and the ranking
 * (results-store.ts: never on a frozen period). A redelivered message of a finished job does
 * nothing; one of a job that died half way computes it again from the start (the tables of the
 * last complete computation stay until the new ones replace them). It writes only while it holds
 * the period (results-store.ts: the lease taken at the request, renewed as the run starts, let go
 * with the last write or a refusal); one whose lease ended and was taken over fails, writing nothing.
 */
export function createPeriodComputation(deps: PeriodComputationDeps) {
  const audit = changeAuditor(deps.audit);
  /** The 通报 a computation asked for; a refusal (no drafter in the unit) is logged and leaves the tables be. */
  const requestBulletin = async (
    period: AssessmentPeriod,
    ranking: RankingEntry[],
    schemeName: string,
    caller: Caller,
  ): Promise<{ documentId: string } | undefined> => {
    if (!deps.bulletins) return undefined;
    try {
      return await deps.bulletins.request({ period, ranking, schemeName, caller });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      deps.logger.warn('bulletin not requested', { period: period.key, reason: error.message });
      return undefined;
    }
  };
  return {
    async run(message: ComputationMessage): Promise<Computation | undefined> {
      const job = await deps.results.computation(message.computationId);
      if (!job || job.state === 'done' || job.state === 'failed') return job;
      const period = parsePeriod(message.period);
      try {
        const record = await deps.results.period(period.key);
        if (record?.frozen)
          throw new InvalidTransitionError(`Period ${period.key} is frozen: its tables are final`);
        const stored = await deps.schemes.current();
        if (!stored) throw new InvalidTransitionError('No assessment scheme is saved');
        const { scheme } = stored;
        const units = (await deps.units()).filter((unit) => !unit.dissolved);
        const startedAt = deps.now().toISOString();
        if (!(await deps.results.renewLease(period.key, job.id, leaseFrom(startedAt))))
          throw new ConflictError(
            `Computation ${job.id} no longer holds period ${period.key}: its lease ended and another computation took it over`,
          );
        await deps.results.updateComputation(job.id, {
          state: 'running',
          startedAt,
          total: units.length,
          done: 0,
          schemeVersion: scheme.version,
        });
        let reported = 0;
        const facts = await readPlatformFacts(
          deps.readers,
          period,
          units.map((unit) => unit.code),
          async (done) => {
            if (done - reported < PROGRESS_EVERY || done >= units.length) return;
            reported = done;
            await deps.results.updateComputation(job.id, { done });
          },
        );
        const now = deps.now();
        const tables: UnitScoreTable[] = await deps.calendar.withCalendar((calendar) =>
          units.map((unit) =>
            scoreUnit({
              scheme,
              period,
              unit,
              facts: facts.get(unit.code) ?? {
                received: [],
                sent: [],
                urges: [],
                catalogueEntries: [],
                accessRequests: [],
                projects: [],
                information: { entries: [] },
              },
              calendar,
              now,
            }),
          ),
        );
        const previous = (await deps.results.tables(previousPeriod(period).key)).map((t) => t.table);
        const ranking = rankUnits(tables, previous);
        const byUnit = new Map(ranking.map((entry) => [entry.unitCode, entry]));
        const withRanks: StoredTable[] = tables.map((table) => {
          const entry = byUnit.get(table.unit.code);
          return {
            table,
            rank: entry?.rank ?? null,
            ranked: entry?.ranked ?? 0,
            ...(entry && 'rankChange' in entry ? { rankChange: entry.rankChange ?? null } : {}),
            ...(entry && 'totalChange' in entry ? { totalChange: entry.totalChange ?? null } : {}),
          };
        });
        // Recorded as the computation of whoever asked for it: the consumer acts on their request.
        const requester: Caller = {
          subject: job.requestedBy,
          unit: job.requestedByUnit,
          roles: [],
          kind: 'person',
        };
        // Before the results: a retried run asks again and the exchange drafts the 通报 once (its id is the period's).
        const bulletin = job.bulletin
          ? await requestBulletin(period, ranking, scheme.name, requester)
          : undefined;
        const finishedAt = deps.now().toISOString();
        const done: Computation = {
          ...job,
          state: 'done',
          done: units.length,
          total: units.length,
          startedAt,
          finishedAt,
          schemeVersion: scheme.version,
        };
        await deps.results.writeResults({
          period: period.key,
          tables: withRanks,
          ranking,
          computation: done,
          at: finishedAt,
        });
        await deps.results.updateComputation(job.id, {
          state: 'done',
          done: units.length,
          total: units.length,
          finishedAt,
        });
        await audit({
          action: 'assessment.period.computed',
          caller: requester,
          correlationId: job.id,
          at: finishedAt,
          subject: period.key,
          items: [
            `computation:${job.id}`,
            `scheme:${scheme.id}/${scheme.version}`,
            `units:${units.length}`,
            `state:${tables[0]?.state ?? 'provisional'}`,
          ],
        });
        if (bulletin) {
          await deps.results.recordBulletin(period.key, bulletin.documentId);
          await audit({
            action: 'assessment.bulletin.requested',
            caller: requester,
            correlationId: job.id,
            at: finishedAt,
            subject: period.key,
            items: [`document:${bulletin.documentId}`],
          });
        }
        deps.logger.info('period computed', {
          period: period.key,
          units: units.length,
          computationId: job.id,
        });
        return done;
      } catch (error) {
        // A refusal (frozen meanwhile, no scheme) ends the job; anything else is retried by the queue.
        if (!(error instanceof DomainError)) throw error;
        const failed = {
          state: 'failed' as const,
          failure: error.message,
          finishedAt: deps.now().toISOString(),
        };
        await deps.results.updateComputation(job.id, failed);
        await deps.results.releaseLease(period.key, job.id);
        deps.logger.warn('computation refused', {
          period: period.key,
          computationId: job.id,
          reason: error.message,
        });
        return { ...job, ...failed };
      }
    },
  };
}

export function createComputationsConsumer(deps: PeriodComputationDeps) {
  const computation = createPeriodComputation(deps);
  return queueConsumer({
    queue: 'assessment-computations',
    schema: computationMessageSchema,
    logger: deps.logger as Logger,
    metrics: deps.metrics,
    handle: async (message) => {
      await computation.run(message);
    },
  });
}
