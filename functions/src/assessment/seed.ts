import { ConflictError } from '@govshare/domain/kernel';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { assessmentFunctions } from './blueprint.ts';
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
