import { randomUUID } from 'node:crypto';
import { periodOf } from '@govshare/domain/assessment';
import { ConflictError } from '@govshare/domain/kernel';
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
 * After the other contexts' sample records are in (the exchange's documents, the review's projects),
 * the current quarter is computed once, as the e-government office would ask for it: the job goes
 * on the `assessment-computations` queue and the tables and ranking appear when the consumer has
 * run (GET /v1/assessment/periods/<quarter>/ranking). A quarter already computed is left as it is.
 */
export async function seedAssessmentQuarter(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(assessmentFunctions.assessment);
  const results = dynamoResultsStore(dynamo(), config.tables.assessment);
  const schemes = dynamoSchemeStore(dynamo(), config.tables.assessment);
  const now = platformNow(config.mode);
  const period = periodOf('quarter', now);
  const [record, scheme] = await Promise.all([results.period(period.key), schemes.current()]);
  if (record?.computationId || !scheme) return { created: 0, skipped: 1 };
  const computation: Computation = {
    id: randomUUID(),
    period: period.key,
    state: 'queued',
    requestedAt: now.toISOString(),
    requestedBy: SAMPLE_SCHEME_SAVED_BY,
    requestedByUnit: SAMPLE_SCHEME_SAVED_BY,
    done: 0,
    total: 0,
    schemeVersion: scheme.scheme.version,
  };
  try {
    await results.createComputation(computation, leaseFrom(now));
  } catch (error) {
    // Another computation of the quarter holds it (a start while one is queued): that one will do.
    if (error instanceof ConflictError) return { created: 0, skipped: 1 };
    throw error;
  }
  await sqsComputationQueue(sqs(), config.queues['assessment-computations']).send({
    computationId: computation.id,
    period: period.key,
  });
  log(`assessment: ${period.key} queued for computation (GET /v1/assessment/computations/${computation.id})`);
  return { created: 1, skipped: 0 };
}
