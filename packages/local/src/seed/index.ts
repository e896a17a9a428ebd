import {
  seedAssessment,
  seedAssessmentInformation,
  seedAssessmentQuarter,
} from '@govshare/functions/assessment/seed.ts';
import { seedCatalogue } from '@govshare/functions/catalogue/seed.ts';
import { seedExchange } from '@govshare/functions/exchange/seed.ts';
import { seedIdentity } from '@govshare/functions/identity/seed.ts';
import { seedRegistry } from '@govshare/functions/registry/seed.ts';
import { seedReview, seedReviewProjects } from '@govshare/functions/review/seed.ts';
import { seedSharing } from '@govshare/functions/sharing/seed.ts';

export {
  SAMPLE_ADMIN_ID,
  samplePrincipals,
  sampleUnits,
} from '@govshare/functions/identity/sample-directory.ts';

/**
 * Loads every context's sample data, each through its own seed (contexts own their data), in the
 * order their references need: units and users, base databases, catalogue, sharing, the review's
 * registers (plan, systems, earlier projects, rule file), the assessment scheme and the information
 * items units reported, then the exchange's sample documents and the review's sample projects in
 * flight, then the current quarter's assessment is queued on those records (unless `documents` is
 * false: tests count their own).
 */
export async function seedSampleData({ documents = true }: { documents?: boolean } = {}): Promise<{
  created: number;
  skipped: number;
}> {
  const log = (line: string) => console.info(line);
  const results = [
    await seedIdentity(),
    await seedRegistry(log),
    await seedCatalogue(log),
    await seedSharing(log),
    await seedReview(log),
    await seedAssessment(log),
    await seedAssessmentInformation(log),
    ...(documents
      ? [await seedExchange(log), await seedReviewProjects(log), await seedAssessmentQuarter(log)]
      : []),
  ];
  return {
    created: results.reduce((sum, r) => sum + r.created, 0),
    skipped: results.reduce((sum, r) => sum + r.skipped, 0),
  };
}
