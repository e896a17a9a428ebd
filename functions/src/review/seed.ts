import { ConflictError } from '@govshare/domain/kernel';
import {
  DEFAULT_REVIEW_RULES,
  earlierProjectInputSchema,
  planItemInputSchema,
  systemInputSchema,
} from '@govshare/domain/review';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { reviewFunctions } from './blueprint.ts';
import { dynamoReviewRegisters, type ReviewRegisters } from './registers.ts';
import { sampleEarlierProjects, samplePlanItems, sampleSystems } from './sample-data.ts';

/** Who the sample rule file is written by. */
const SEED_AUTHOR = 'seed';

/**
 * What the e-government office keeps, for the sample city (sample-data.ts): the plan items with
 * what earlier years approved against them, the register of existing information systems, the
 * projects of the years before the platform, and a first version of the rule file (the domain's
 * defaults, so that GET /v1/review/rules shows a stored version and the next PUT writes version 2).
 * Everything goes through the registers, each input through the routes' own schema, so the sample
 * is what an office could have entered. Idempotent: what exists is left as it is (an office's
 * changes survive a second `npm start`).
 */
export async function seedReviewRegisters(
  registers: ReviewRegisters,
  at: string,
): Promise<{ created: number; skipped: number }> {
  let created = 0;
  let skipped = 0;
  const count = (wrote: boolean) => {
    if (wrote) created += 1;
    else skipped += 1;
  };

  for (const item of samplePlanItems) {
    const input = planItemInputSchema.parse({ name: item.name, envelope: item.envelope, state: item.state });
    count(await registers.addPlanItem({ code: item.code, ...input, approved: item.approvedFen }, at));
  }
  for (const system of sampleSystems) {
    if (await registers.getCorpusEntry('system', system.id)) {
      count(false);
      continue;
    }
    const { id, investmentFen, ...rest } = system;
    await registers.putSystem(id, systemInputSchema.parse({ ...rest, investment: investmentFen }), at);
    count(true);
  }
  for (const project of sampleEarlierProjects) {
    if (await registers.getCorpusEntry('project', project.id)) {
      count(false);
      continue;
    }
    const { id, approvedFen, planItem: _planItem, ...rest } = project;
    await registers.putEarlierProject(
      id,
      earlierProjectInputSchema.parse({ ...rest, investment: approvedFen }),
      at,
    );
    count(true);
  }
  const rules = await registers.currentRules();
  if (rules.version === 0) {
    try {
      await registers.putRules(DEFAULT_REVIEW_RULES, 0, SEED_AUTHOR, at);
      count(true);
    } catch (error) {
      // Written meanwhile by an office (or a seed run beside this one): theirs stands.
      if (!(error instanceof ConflictError)) throw error;
      count(false);
    }
  } else count(false);
  return { created, skipped };
}

/** The local seeding's entry (packages/local/src/seed): the sample registers into the review table. */
export async function seedReview(log: (line: string) => void): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(reviewFunctions.review);
  const registers = dynamoReviewRegisters(dynamo(), config.tables.review);
  const result = await seedReviewRegisters(registers, platformNow(config.mode).toISOString());
  log(
    `review: ${samplePlanItems.length} plan items, ${sampleSystems.length} existing systems, ${sampleEarlierProjects.length} earlier projects, the rule file (${result.created} written, ${result.skipped} already there)`,
  );
  return result;
}
