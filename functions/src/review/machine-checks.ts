import type { AuditTrail } from '@govshare/domain/audit';
import { ConflictError } from '@govshare/domain/kernel';
import {
  type CatalogueEntry,
  type CheckReport,
  checkDuplicateConstruction,
  checkNoRecollection,
  type HeldResource,
  type PlanItem,
  type ProjectContent,
  type ReviewRules,
  recordChecks,
  rulesLabelOf,
  runMachineChecks,
  type SimilarityIndex,
} from '@govshare/domain/review';
import type { CatalogueLookup } from '../catalogue/index.ts';
import type { UnitDirectory } from '../identity/index.ts';
import { cachedByKey } from '../platform/cache.ts';
import type { createLogger } from '../platform/logger.ts';
import { type Metrics, MetricUnit } from '../platform/observability.ts';
import { queueConsumer } from '../platform/queue-consumer.ts';
import type { CorpusIndex } from './corpus-index.ts';
import { type ProjectChecksMessage, projectChecksMessageSchema } from './project-checks-queue.ts';
import type { ProjectStore, StoredProject } from './project-store.ts';
import type { ReviewRegisters } from './registers.ts';

type Logger = ReturnType<typeof createLogger>;

/**
 * The machine checks (机审) of a submitted project version, run by the `project-checks` consumer:
 * read the project and its frozen version, gather what the checks compare with (the plan item and
 * what is approved against it, the catalogue status of every resource it produces, the resources
 * the platform already holds, the rule file in force, the corpus index without the project itself),
 * run the domain's checks, and record the report once per version with the project's move into
 * review (project store recordChecks: the CHECKS item on condition of its absence, in the same
 * transaction as the project). A message for a version that is no longer current, or already
 * checked, is acknowledged and changes nothing; two runs of one version at once write one report.
 */

/** Who acts in the history and on the audit trail when the checks move a project into review. */
export const CHECKS_ACTOR = 'system:project-checks';

/** Everything the checks of one version are a function of. */
export interface CheckInputs {
  projectVersion: number;
  content: ProjectContent;
  planItem: PlanItem | undefined;
  approvedAgainstPlan: number;
  catalogue: CatalogueEntry[];
  held: HeldResource[];
  rules: ReviewRules;
  index: SimilarityIndex;
  /** Corpus ids the duplicate check never matches: the project itself. */
  exclude: string[];
}

/** The report of one version: a pure function of its inputs (the same inputs, the same report). */
export function judge(inputs: CheckInputs): CheckReport {
  const { content, rules } = inputs;
  return runMachineChecks({
    projectVersion: inputs.projectVersion,
    content,
    planItem: inputs.planItem,
    approvedAgainstPlan: inputs.approvedAgainstPlan,
    catalogue: inputs.catalogue,
    rules: { ...rules.budget, version: rulesLabelOf(rules) },
    others: [
      checkNoRecollection(content.collects, inputs.held),
      checkDuplicateConstruction(
        inputs.index,
        { name: content.name, description: content.description, functions: content.functions },
        { thresholds: rules.similarity, exclude: inputs.exclude },
      ),
    ],
  });
}

export interface MachineCheckDeps {
  projects: Pick<ProjectStore, 'get' | 'getVersion' | 'getChecks' | 'recordChecks'>;
  registers: Pick<ReviewRegisters, 'getPlanItem' | 'currentRules'>;
  catalogue: CatalogueLookup;
  corpus: CorpusIndex;
  /** Names the providers of held resources (a unit code reads as its name). */
  directory: Pick<UnitDirectory, 'unit'>;
  audit: AuditTrail;
  now: () => Date;
  logger: Logger;
  metrics?: Metrics;
}

export type CheckRunOutcome = 'recorded' | 'already-checked' | 'not-current';

/** Held resources change with the catalogue, not with each message: read at most once a minute. */
const HELD_CACHE_MS = 60_000;

export function createMachineChecks(deps: MachineCheckDeps) {
  const providerName = cachedByKey(
    async (code) => {
      const unit = await deps.directory.unit(code);
      return unit ? unit.name : code;
    },
    { maxAgeMs: 10 * 60_000 },
  );
  const heldResources = cachedByKey(
    async () =>
      Promise.all(
        (await deps.catalogue.heldResources()).map(async (resource) => ({
          ...resource,
          provider: await providerName(resource.provider),
        })),
      ),
    { maxAgeMs: HELD_CACHE_MS, maxEntries: 1 },
  );

  const alreadyChecked = async (project: StoredProject, projectVersion: number) =>
    project.checks?.projectVersion === projectVersion ||
    (await deps.projects.getChecks(project.id, projectVersion)) !== undefined;

  const gather = async (project: StoredProject, projectVersion: number): Promise<CheckInputs> => {
    const frozen = await deps.projects.getVersion(project.id, projectVersion);
    if (!frozen) throw new Error(`project ${project.id} has no frozen version ${projectVersion}`);
    const content = frozen.content;
    const [planItem, catalogue, held, rules, corpus] = await Promise.all([
      deps.registers.getPlanItem(content.planItem),
      deps.catalogue.statusOf(content.produces),
      heldResources('held'),
      deps.registers.currentRules(),
      deps.corpus.current(),
    ]);
    if (corpus.rebuilt && deps.metrics) {
      deps.metrics.addMetric('CorpusIndexRebuilt', MetricUnit.Count, 1);
      deps.metrics.addMetric('CorpusSize', MetricUnit.Count, corpus.size);
    }
    return {
      projectVersion,
      content,
      planItem: planItem
        ? { code: planItem.code, name: planItem.name, state: planItem.state, envelope: planItem.envelope }
        : undefined,
      approvedAgainstPlan: planItem?.approved ?? 0,
      catalogue,
      held,
      rules,
      index: corpus.index,
      exclude: [project.id],
    };
  };

  /** Checks one version, once. */
  async function run(message: ProjectChecksMessage): Promise<CheckRunOutcome> {
    const { projectId, projectVersion } = message;
    const project = await deps.projects.get(projectId);
    if (!project || project.projectVersion !== projectVersion || project.state !== 'submitted') {
      if (project && (await alreadyChecked(project, projectVersion))) return skip('already-checked', message);
      return skip('not-current', message, project?.state);
    }
    if (await alreadyChecked(project, projectVersion)) return skip('already-checked', message);

    const report = judge(await gather(project, projectVersion));
    const transition = recordChecks({ project, report, actor: CHECKS_ACTOR, now: deps.now() });
    let recorded: boolean;
    try {
      ({ recorded } = await deps.projects.recordChecks(projectId, report, transition));
    } catch (error) {
      // Another run of the same version won the race (or the project moved on): nothing to repeat.
      if (error instanceof ConflictError && (await deps.projects.getChecks(projectId, projectVersion)))
        return skip('already-checked', message);
      throw error;
    }
    if (!recorded) return skip('already-checked', message);

    const at = transition.project.updatedAt;
    await deps.audit.record({
      id: `review.checked:${projectId}:${projectVersion}`,
      at,
      actor: { unit: project.unit, principal: CHECKS_ACTOR, kind: 'system' },
      action: 'review.checked',
      providerUnit: project.unit,
      resourceCode: projectId,
      items: [`version:${projectVersion}`, `outcome:${report.outcome}`, `tier:${report.tier.code}`],
      recordCount: 1,
      subjectHashes: [],
      outcome: 'ok',
      correlationId: `${projectId}:${projectVersion}`,
    });
    deps.metrics?.addMetric('ProjectsChecked', MetricUnit.Count, 1);
    deps.logger.info('project checked', {
      projectId,
      projectVersion,
      outcome: report.outcome,
      tier: report.tier.code,
    });
    return 'recorded';
  }

  function skip(
    outcome: Exclude<CheckRunOutcome, 'recorded'>,
    message: ProjectChecksMessage,
    state?: string,
  ) {
    deps.logger.info('checks message acknowledged without a change', { ...message, outcome, state });
    return outcome;
  }

  return { run, gather };
}

/** The `project-checks` consumer: each message checked on its own; failures reported per message. */
export function createChecksConsumer(deps: MachineCheckDeps) {
  const checks = createMachineChecks(deps);
  return queueConsumer({
    queue: 'project-checks',
    schema: projectChecksMessageSchema,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: async (message) => {
      await checks.run(message);
    },
  });
}
