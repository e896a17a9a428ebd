import { randomUUID } from 'node:crypto';
import { type AssessmentPeriod, periodOf, previousPeriod } from '@govshare/domain/assessment';
import { ConflictError } from '@govshare/domain/kernel';
import { sampleCallers, unitDirectory } from '../identity/index.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { assessmentFunctions } from './blueprint.ts';
import { sqsComputationQueue } from './computation.ts';
import { dynamoInformationStore } from './information/information-store.ts';
import { seedInformation } from './information/seed.ts';
import { type Computation, dynamoResultsStore, leaseFrom } from './results-store.ts';
import { dynamoSchemeStore, sampleScheme } from './scheme-store.ts';

/** Who saved the sample scheme: the platform itself, at the first start. */
export const SAMPLE_SCHEME_SAVED_BY = 'govshare-seed';

/**
 * The assessment's sample data: the sample scheme (packages/domain/src/assessment/sample-scheme.ts)
 * saved as version 1 unless a scheme is saved already (an administrator's later versions are kept).
 */
export async function seedAssessment(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(assessmentFunctions.assessment);
  const schemes = dynamoSchemeStore(dynamo(), config.tables.assessment);
  const scheme = sampleScheme();
  if (await schemes.current()) {
    log('assessment: a scheme is saved already');
    return { created: 0, skipped: 1 };
  }
  try {
    await schemes.save(scheme, SAMPLE_SCHEME_SAVED_BY, platformNow(config.mode).toISOString());
  } catch (error) {
    if (error instanceof ConflictError) return { created: 0, skipped: 1 };
    throw error;
  }
  log(`assessment: scheme ${scheme.id} v${scheme.version} (${scheme.indicators.length} indicators)`);
  return { created: 1, skipped: 0 };
}

/** The sample city's information reporting (information/seed.ts): quotas, scoring method, a quarter of items. */
export async function seedAssessmentInformation(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(assessmentFunctions.assessment);
  const result = await seedInformation(dynamoInformationStore(dynamo(), config.tables.assessment), {
    now: platformNow(config.mode),
  });
  log(`assessment: information reporting (${result.created} written, ${result.skipped} already there)`);
  return result;
}

/**
 * How far back the sample activity of the other contexts reaches from "now" (the exchange's nine
 * working days, sharing's requests filed up to 30 days before, the information items of the last
 * 12 days, the catalogue's lapsed entries): a current quarter younger than this holds only part
 * of it, the rest lies in the quarter before.
 */
export const SAMPLE_ACTIVITY_REACH_DAYS = 45;

/**
 * The quarters the first start computes: the current one and, while it is younger than the sample
 * activity's reach, the one before, so that a start in the first weeks of a quarter still shows a
 * quarter with the sample city's late deliveries, stale entries and adoptions in it.
 */
export function sampleQuarters(now: Date): AssessmentPeriod[] {
  const current = periodOf('quarter', now);
  const age = now.getTime() - Date.parse(current.startsAt);
  return age < SAMPLE_ACTIVITY_REACH_DAYS * 86_400_000 ? [current, previousPeriod(current)] : [current];
}

/**
 * After the other contexts' sample records are in (the exchange's documents, the review's projects),
 * the sample quarters (sampleQuarters) are computed once, as the e-government office would ask for
 * them: each job goes on the `assessment-computations` queue and the tables and ranking appear
 * when the consumer has run (GET /v1/assessment/periods/<quarter>/ranking). A quarter already
 * computed (or being computed) is left as it is.
 */
export async function seedAssessmentQuarter(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(assessmentFunctions.assessment);
  const results = dynamoResultsStore(dynamo(), config.tables.assessment);
  const schemes = dynamoSchemeStore(dynamo(), config.tables.assessment);
  const queue = sqsComputationQueue(sqs(), config.queues['assessment-computations']);
  const now = platformNow(config.mode);
  const scheme = await schemes.current();
  // The e-government office, the unit of its sample reviewer.
  const office = (await sampleCallers(unitDirectory(dynamo(), config.tables.identity))('egov-reviewer')).unit;
  const quarters = sampleQuarters(now);
  // The quarter before while the current one is young (it holds most of the activity), else the current.
  const bulletinQuarter = quarters[quarters.length - 1] as AssessmentPeriod;
  let created = 0;
  let skipped = 0;
  for (const period of quarters) {
    const record = await results.period(period.key);
    if (record?.computationId || !scheme) {
      skipped += 1;
      continue;
    }
    const computation: Computation = {
      id: randomUUID(),
      period: period.key,
      state: 'queued',
      requestedAt: now.toISOString(),
      requestedBy: SAMPLE_SCHEME_SAVED_BY,
      // As the e-government office would: its 通报 of the fullest sample quarter waits for sign-off.
      requestedByUnit: office,
      done: 0,
      total: 0,
      schemeVersion: scheme.scheme.version,
      ...(period.key === bulletinQuarter.key ? { bulletin: true } : {}),
    };
    try {
      await results.createComputation(computation, leaseFrom(now));
    } catch (error) {
      // Another computation of the quarter holds it (a start while one is queued): that one will do.
      if (error instanceof ConflictError) {
        skipped += 1;
        continue;
      }
      throw error;
    }
    await queue.send({ computationId: computation.id, period: period.key });
    log(
      `assessment: ${period.key} queued for computation (GET /v1/assessment/computations/${computation.id})`,
    );
    created += 1;
  }
  return { created, skipped };
}
