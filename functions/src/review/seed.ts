import { Logger } from '@aws-lambda-powertools/logger';
import { ConflictError, cstMidnight } from '@govshare/domain/kernel';
import {
  createProject,
  DEFAULT_REVIEW_RULES,
  type DecisionInput,
  decide,
  decisionInputSchema,
  earlierProjectInputSchema,
  type Office,
  type ProjectInput,
  type ProjectTransition,
  planItemInputSchema,
  projectInputSchema,
  submitProject,
  systemInputSchema,
} from '@govshare/domain/review';
import { auditTrailFromEnv } from '../audit/index.ts';
import { catalogueLookup } from '../catalogue/index.ts';
import { sampleCallers, unitDirectory } from '../identity/index.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { dynamoUploadStore } from '../platform/uploads.ts';
import { sqsApprovalReplies } from './approval-replies.ts';
import { reviewFunctions } from './blueprint.ts';
import { corpusIndex } from './corpus-index.ts';
import { createMachineChecks } from './machine-checks.ts';
import { dynamoProjectStore, type StoredProject } from './project-store.ts';
import { dynamoReviewRegisters, type ReviewRegisters } from './registers.ts';
import { reviewUploadLayout } from './routes/attachments.ts';
import { projectAuditor } from './routes/context.ts';
import { checkProjectReferences } from './routes/projects.ts';
import {
  cleanSubmission,
  collectsIdNumbersSubmission,
  ownHotlineSubmission,
  paraphrasedSubmission,
  sampleEarlierProjects,
  samplePlanItems,
  sampleSystems,
} from './sample-data.ts';

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

/**
 * The sample projects `npm start` loads beside the exchange's sample documents (and, like them, not
 * for tests, which count their own), so that a reviewer who signs in finds a worklist, a checks
 * report, a return and an approval reply:
 *   awaiting  洛南县人社局's paraphrase of the city's 就业创业公共服务平台 (sample-data.ts
 *             paraphrasedSubmission), submitted and machine-checked: the duplicate-construction
 *             finding names PRJ-2025-004 and SYS-018; on both offices' worklists
 *             (egov-reviewer, finance-reviewer GET /v1/review/worklist).
 *   returned  洛南县人社局's 农民工工资支付监管系统 (collectsIdNumbersSubmission), checked (身份证号 and
 *             姓名 point to the population database), returned by finance-reviewer with comments per
 *             item: luonan-submitter revises it (POST …/revise) and resubmits.
 *   approved  市人社局's 社会保险待遇资格静默认证系统 (cleanSubmission), approved with a cut by
 *             egov-reviewer and approved by finance-reviewer; its approval reply (批复) is requested
 *             on the `official-drafts` queue, and the exchange's `exchange-drafts` consumer drafts it
 *             among egov-reviewer's drafts once the platform runs (GET /v1/exchange/documents?view=drafts).
 *             Fund control: GET /v1/review/projects/<id>/funding as fund-control-system.
 *   rejected  市人社局's own hotline (ownHotlineSubmission), a copy of the city's 12345 system (SYS-003):
 *             the duplicate-construction check fails and egov-reviewer rejects it, which the
 *             assessment's veto (单项否决 duplicate-construction-rejected) then holds against 市人社局.
 *
 * Every state is reached as the platform reaches it: the domain's transitions written by the project
 * store, each on the audit trail as the routes record it, and the machine checks run by the
 * `project-checks` logic itself (machine-checks.ts) on the sample registers and catalogue, so the
 * reports are the real ones. Times are spread over the last days before the platform's "now", never
 * before the first of this year (a project belongs to the pipeline of the year it was filed in).
 *
 * Idempotent: the projects have fixed ids, and step n of a project is taken only when the project is
 * at version n − 1 (each transition adds one to it), so a second `npm start`, or a rerun after a crash
 * half way, neither repeats nor fails; a sample project a user has moved on is left as it is. The
 * approval reply is requested again on each start while the project is approved (the exchange drafts
 * a document once, so a request lost in a crash is made good and a repeated one changes nothing).
 */
export const SAMPLE_PROJECTS = {
  awaiting: '00000000-5eed-4e0c-8000-000000000101',
  returned: '00000000-5eed-4e0c-8000-000000000102',
  approved: '00000000-5eed-4e0c-8000-000000000103',
  rejected: '00000000-5eed-4e0c-8000-000000000104',
} as const;
export type SampleProject = keyof typeof SAMPLE_PROJECTS;

type SampleStep =
  | { kind: 'file' }
  | { kind: 'submit' }
  | { kind: 'check' }
  | { kind: 'decide'; by: string; office: Office; decision: DecisionInput };

interface SampleProjectPlan {
  submitter: string;
  content: ProjectInput;
  /** Taken in order, each when the project is at the version before it. */
  steps: SampleStep[];
}

const FILE_SUBMIT_CHECK: SampleStep[] = [{ kind: 'file' }, { kind: 'submit' }, { kind: 'check' }];

export const SAMPLE_PROJECT_PLANS: Readonly<Record<SampleProject, SampleProjectPlan>> = {
  awaiting: { submitter: 'luonan-submitter', content: paraphrasedSubmission, steps: FILE_SUBMIT_CHECK },
  returned: {
    submitter: 'luonan-submitter',
    content: collectsIdNumbersSubmission,
    steps: [
      ...FILE_SUBMIT_CHECK,
      {
        kind: 'decide',
        by: 'finance-reviewer',
        office: 'finance',
        decision: {
          outcome: 'return',
          comments: [
            { item: 'budgetLines.0', comment: '软件开发工作量测算依据不足，请附功能点清单重新测算' },
            { item: 'collects', comment: '身份证号、姓名请通过人口基础信息库共享获取，不再重复采集' },
          ],
        },
      },
    ],
  },
  approved: {
    submitter: 'hrss-submitter',
    content: cleanSubmission,
    steps: [
      ...FILE_SUBMIT_CHECK,
      {
        kind: 'decide',
        by: 'egov-reviewer',
        office: 'egov',
        decision: {
          outcome: 'approve-with-cuts',
          cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '开发工作量按25人月核定' }],
          opinion: '同意建设，核减软件开发费用',
        },
      },
      { kind: 'decide', by: 'finance-reviewer', office: 'finance', decision: { outcome: 'approve' } },
    ],
  },
  rejected: {
    submitter: 'hrss-submitter',
    content: ownHotlineSubmission,
    steps: [
      ...FILE_SUBMIT_CHECK,
      {
        kind: 'decide',
        by: 'egov-reviewer',
        office: 'egov',
        decision: {
          outcome: 'reject',
          reason:
            '与12345政务服务便民热线系统（SYS-003）重复建设：人社业务咨询投诉并入12345热线统一受理，不再单独建设',
        },
      },
    ],
  },
};

/** How far back the first sample step lies (the last is an hour before now). */
const SAMPLE_SPAN_MS = 6 * 86_400_000;

/** Loads the sample projects (see above). Runs after the registers' seed and the identity sample. */
export async function seedReviewProjects(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(reviewFunctions.review);
  const table = config.tables.review;
  const client = dynamo();
  const registers = dynamoReviewRegisters(client, table);
  const projects = dynamoProjectStore(client, table);
  const catalogue = catalogueLookup(client, config.tables.catalogue);
  const directory = unitDirectory(client, config.tables.identity);
  const audit = auditTrailFromEnv();
  const auditProject = projectAuditor({ audit });
  const references = {
    projects,
    catalogue,
    attachments: dynamoUploadStore(client, table, reviewUploadLayout),
  };
  const replies = sqsApprovalReplies(sqs(), config.queues['official-drafts'], directory, () =>
    platformNow(config.mode),
  );

  const now = platformNow(config.mode);
  const yearStart = cstMidnight(`${now.toISOString().slice(0, 4)}-01-01`).getTime();
  const from = Math.max(now.getTime() - SAMPLE_SPAN_MS, yearStart);
  const until = Math.max(now.getTime() - 3_600_000, from);
  const plans = Object.entries(SAMPLE_PROJECT_PLANS) as [SampleProject, SampleProjectPlan][];
  const totalSteps = plans.reduce((sum, [, plan]) => sum + plan.steps.length, 0);
  /** The instant of the n-th step of all (0-based), the steps of the projects interleaved in time. */
  const instant = (n: number) =>
    new Date(from + Math.round(((until - from) * n) / Math.max(totalSteps - 1, 1)));

  const clock = { at: now };
  const checks = createMachineChecks({
    projects,
    registers,
    catalogue,
    corpus: corpusIndex(registers),
    directory,
    audit,
    now: () => clock.at,
    logger: new Logger({ serviceName: 'govshare-review-sample', logLevel: 'ERROR' }),
  });

  const caller = sampleCallers(directory);
  const correlationOf = (project: SampleProject, step: number) => `sample-data:review:${project}:${step + 1}`;

  const requireProject = (stored: StoredProject | undefined, project: SampleProject): StoredProject => {
    if (!stored) throw new Error(`sample project ${project} is missing before a step that needs it`);
    return stored;
  };

  const take = async (project: SampleProject, plan: SampleProjectPlan, index: number, at: Date) => {
    const id = SAMPLE_PROJECTS[project];
    const step = plan.steps[index] as SampleStep;
    const before = await projects.get(id);
    const correlationId = correlationOf(project, index);
    const save = async (transition: ProjectTransition, stored: StoredProject) =>
      projects.save(transition, { expectedVersion: stored.version });
    switch (step.kind) {
      case 'file': {
        const actor = await caller(plan.submitter);
        const content = projectInputSchema.parse(plan.content);
        await checkProjectReferences(references, content, actor.unit);
        const stored = await projects.create(createProject({ id, content, actor, now: at }));
        await auditProject(stored, { action: 'review.drafted', caller: actor, correlationId });
        return;
      }
      case 'submit': {
        const actor = await caller(plan.submitter);
        const current = requireProject(before, project);
        const stored = await save(submitProject({ project: current, actor, now: at }), current);
        await auditProject(stored, {
          action: 'review.submitted',
          caller: actor,
          correlationId,
          items: [`budget:${stored.content.budgetLines.reduce((sum, line) => sum + line.amount, 0)}`],
        });
        return;
      }
      case 'check': {
        const current = requireProject(before, project);
        clock.at = at;
        const outcome = await checks.run({ projectId: id, projectVersion: current.projectVersion });
        if (outcome === 'not-current') throw new Error(`sample project ${project} could not be checked`);
        return;
      }
      case 'decide': {
        const actor = await caller(step.by);
        const current = requireProject(before, project);
        const decision = decisionInputSchema.parse(step.decision);
        const transition = decide({ project: current, office: step.office, decision, actor, now: at });
        const stored = await save(transition, current);
        const given = stored.decisions.at(-1);
        const cut = (given?.cuts ?? []).reduce((sum, c) => sum + (c.requested - c.approved), 0);
        await auditProject(stored, {
          action: 'review.decided',
          caller: actor,
          correlationId,
          items: [
            `office:${step.office}`,
            `outcome:${decision.outcome}`,
            `cut:${cut}`,
            ...(stored.approvedBudget && stored.state === 'approved'
              ? [`approved:${stored.approvedBudget.approved}`]
              : []),
          ],
        });
        return;
      }
    }
  };

  let created = 0;
  let skipped = 0;
  let repliesRequested = 0;
  let n = 0;
  const work = plans.flatMap(([project, plan]) => plan.steps.map((_, index) => ({ project, plan, index })));
  // The steps in time order: the first step of every project, then the second of every project, …
  work.sort((a, b) => a.index - b.index);
  for (const { project, plan, index } of work) {
    const at = instant(n++);
    const stored = await projects.get(SAMPLE_PROJECTS[project]);
    const version = stored?.version ?? 0;
    if (version > index) {
      skipped += 1;
      continue;
    }
    if (version < index) {
      throw new Error(`sample project ${project} is at version ${version}, short of step ${index + 1}`);
    }
    await take(project, plan, index, at);
    created += 1;
  }
  for (const [project] of plans) {
    const stored = await projects.get(SAMPLE_PROJECTS[project]);
    if (stored?.state !== 'approved') continue;
    await replies.request(stored);
    repliesRequested += 1;
  }
  log(
    `review: ${plans.length} sample projects (${created} steps taken, ${skipped} already there; ${repliesRequested} approval reply requested from the exchange)`,
  );
  return { created, skipped };
}
