import {
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '@govshare/domain/identity';
import { ConflictError, UnprocessableError } from '@govshare/domain/kernel';
import {
  budgetTotal,
  type CheckReport,
  OFFICES,
  type Office,
  officesAwaited,
  type ProjectContent,
  type ProjectEvent,
  type ProjectState,
  type ProjectTransition,
  pipelineYearOf,
  type ReviewProject,
  type SimilarityDocument,
} from '@govshare/domain/review';
import {
  cancellationCodes,
  indexPage,
  isConditionFailure,
  queryAll,
  type TransactItem,
} from '../platform/dynamo.ts';
import { approvalReplyDocumentId } from './approval-replies.ts';
import { corpusEntryWrites } from './registers.ts';
import {
  checksKey,
  EVENT_PREFIX,
  eventKey,
  pipelinePk,
  pipelineSk,
  planItemKey,
  projectKey,
  projectPk,
  todoKey,
  VERSION_PREFIX,
  versionKey,
  worklistPk,
  worklistSk,
} from './table-keys.ts';

/**
 * Projects on the `review` table (layout in blueprint.ts), one partition per project. Every
 * transition is ONE TransactWriteItems: the project on condition of its stored `version` (a new
 * one on condition that none exists), a history line (EVENT) per domain event, the to-dos of the
 * offices it waits for (put when review opens and when a later turn opens, i.e. the leading
 * group's once both offices approved, deleted in the transaction that ends the wait), on
 * submission the frozen VERSION and the project's duplicate-construction corpus entry, on
 * approval the amount approved against the plan item (`approvedFen`) and the reply's document id.
 */
export type StoredProject = ReviewProject & {
  /** The approval reply's document in the exchange, known in the approval's own transaction. */
  replyDocumentId?: string;
};

/** A submitted version as it was frozen. */
export interface FrozenVersion {
  projectId: string;
  projectVersion: number;
  content: ProjectContent;
  createdAt: string;
  by: string;
  submittedAt: string;
}

/** A project's entry in the duplicate-construction corpus: its latest submitted version. */
export type CorpusProjectEntry = SimilarityDocument & { kind: 'project'; updatedAt: string };

/** What an office's worklist shows of a project waiting for it. */
export interface WorklistEntry {
  projectId: string;
  office: Office;
  /** When the office started waiting (review opened). */
  since: string;
  projectVersion: number;
  unit: string;
  name: string;
  kind: ReviewProject['content']['kind'];
  planItem: string;
  requested: number;
  tier?: string;
  checksOutcome?: string;
}

export interface PipelineFilter {
  unit?: string | undefined;
  state?: ProjectState | undefined;
  planItem?: string | undefined;
  tier?: string | undefined;
}

export interface ProjectStore {
  get(id: string): Promise<StoredProject | undefined>;
  getVersion(id: string, projectVersion: number): Promise<FrozenVersion | undefined>;
  /** Every frozen version, oldest first. */
  versions(id: string): Promise<FrozenVersion[]>;
  /** Every history line, oldest first. */
  history(id: string): Promise<ProjectEvent[]>;
  /** Writes a new project; ConflictError if the id exists. */
  create(transition: ProjectTransition): Promise<StoredProject>;
  /** Writes a transition of a stored project; ConflictError if it changed since `expectedVersion`. */
  save(transition: ProjectTransition, options: { expectedVersion: number }): Promise<StoredProject>;
  /**
   * Writes a version's machine-check report, once, with the project's move into review (the
   * domain's recordChecks transition) in the same transaction. If the version's report is already
   * stored, nothing is written and the stored report is returned (`recorded: false`).
   */
  recordChecks(
    projectId: string,
    report: CheckReport,
    transition: ProjectTransition,
  ): Promise<{ report: CheckReport; recorded: boolean }>;
  getChecks(projectId: string, projectVersion: number): Promise<CheckReport | undefined>;
  /** Whether the plan holds an item of this code (the registers keep the items; a project names one). */
  planItemExists(code: string): Promise<boolean>;
  /** The projects created in `year`, by unit then creation, paged; filters applied in the query. */
  pipeline(
    year: number,
    page: { limit: number; cursor?: string | undefined; filter?: PipelineFilter },
  ): Promise<Page<StoredProject>>;
  /** What waits for the office, longest waiting first, paged. */
  worklist(
    office: Office,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<WorklistEntry>>;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;
function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}

const hasEvent = (transition: ProjectTransition, type: ProjectEvent['type']) =>
  transition.events.some((event) => event.type === type);

export function dynamoProjectStore(client: DynamoDBDocumentClient, table: string): ProjectStore {
  /** The project as the transition leaves it, with what the adapter adds. */
  const storedAfter = (transition: ProjectTransition, before?: StoredProject): StoredProject => {
    const project: StoredProject = { ...transition.project };
    const replyDocumentId = hasEvent(transition, 'approved')
      ? approvalReplyDocumentId(project)
      : (before?.replyDocumentId ?? (transition.project as StoredProject).replyDocumentId);
    if (replyDocumentId) project.replyDocumentId = replyDocumentId;
    return project;
  };

  const projectPut = (project: StoredProject, expectedVersion: number | undefined): TransactItem => ({
    Put: {
      TableName: table,
      Item: {
        ...project,
        ...projectKey(project.id),
        gsi1pk: pipelinePk(pipelineYearOf(new Date(project.createdAt))),
        gsi1sk: pipelineSk(project.unit, project.createdAt, project.id),
      },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': expectedVersion },
          }),
    },
  });

  const eventPuts = (transition: ProjectTransition): TransactItem[] =>
    transition.events.map((event, index) => ({
      Put: {
        TableName: table,
        Item: { ...event, ...eventKey(event.projectId, event.at, index) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));

  const todoPut = (project: StoredProject, office: Office): TransactItem => {
    const entry: WorklistEntry = {
      projectId: project.id,
      office,
      since: project.updatedAt,
      projectVersion: project.projectVersion,
      unit: project.unit,
      name: project.content.name,
      kind: project.content.kind,
      planItem: project.content.planItem,
      requested: budgetTotal(project.content.budgetLines),
      ...(project.checks ? { tier: project.checks.tier.code, checksOutcome: project.checks.outcome } : {}),
    };
    return {
      Put: {
        TableName: table,
        Item: {
          ...entry,
          ...todoKey(project.id, office),
          gsi1pk: worklistPk(office),
          gsi1sk: worklistSk(entry.since, project.id),
        },
      },
    };
  };

  /** The items a transition writes besides the project itself and its history. */
  const sideItems = (transition: ProjectTransition, project: StoredProject): TransactItem[] => {
    const items: TransactItem[] = [];
    const leftReview = transition.events.some((event) => event.from === 'in-review');
    if (leftReview) {
      const awaited = officesAwaited(project);
      for (const office of OFFICES) {
        if (!awaited.includes(office))
          items.push({ Delete: { TableName: table, Key: todoKey(project.id, office) } });
      }
    }
    for (const event of transition.events) {
      const office = event.type === 'referred' ? (event.details?.office as Office | undefined) : undefined;
      if (office) items.push(todoPut(project, office));
    }
    if (hasEvent(transition, 'submitted')) {
      const record = project.versions.find((v) => v.projectVersion === project.projectVersion);
      const frozen: FrozenVersion = {
        projectId: project.id,
        projectVersion: project.projectVersion,
        content: project.content,
        createdAt: record?.createdAt ?? project.createdAt,
        by: record?.by ?? project.submitter,
        submittedAt: record?.submittedAt ?? project.updatedAt,
      };
      items.push({
        Put: {
          TableName: table,
          Item: { ...frozen, ...versionKey(project.id, project.projectVersion) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      const entry: CorpusProjectEntry = {
        kind: 'project',
        id: project.id,
        unit: project.unit,
        name: project.content.name,
        description: project.content.description,
        functions: project.content.functions,
        updatedAt: project.updatedAt,
      };
      // The shard's revision moves with the entry, so a warm checks consumer sees the new submission.
      items.push(...corpusEntryWrites(table, entry));
    }
    if (hasEvent(transition, 'approved') && project.approvedBudget) {
      items.push({
        Update: {
          TableName: table,
          Key: planItemKey(project.content.planItem),
          UpdateExpression: 'ADD approvedFen :approved',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':approved': project.approvedBudget.approved },
        },
      });
    }
    return items;
  };

  const write = async (items: TransactItem[], project: StoredProject, expectedVersion?: number) => {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const codes = cancellationCodes(error) ?? [];
      const failedPlan = items.some(
        (item, i) =>
          item.Update?.UpdateExpression?.startsWith('ADD approvedFen') &&
          codes[i] === 'ConditionalCheckFailed',
      );
      if (failedPlan) {
        throw new UnprocessableError(
          [{ path: 'planItem', message: `plan item ${project.content.planItem} no longer exists` }],
          `Project ${project.id} cannot be approved against a plan item that is gone`,
        );
      }
      throw new ConflictError(
        expectedVersion === undefined
          ? `Project ${project.id} already exists`
          : `Project ${project.id} changed meanwhile (it was at version ${expectedVersion}): read it again`,
      );
    }
    return project;
  };

  const query = async (input: Omit<QueryCommandInput, 'TableName'>) =>
    queryAll(client, { TableName: table, ...input });

  const pageOf = (
    input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey' | 'TableName' | 'IndexName'>,
    gsi1pk: string,
    page: { limit: number; cursor?: string | undefined },
  ) => indexPage(client, { ...input, TableName: table, IndexName: 'gsi1' }, gsi1pk, page);

  const get = async (id: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: projectKey(id), ConsistentRead: true }),
    );
    return Item ? withoutKeys<StoredProject>(Item) : undefined;
  };

  const getChecks = async (projectId: string, projectVersion: number) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: checksKey(projectId, projectVersion), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { projectId: _id, ...report } = withoutKeys<CheckReport & { projectId: string }>(Item);
    return report as CheckReport;
  };

  return {
    get,
    getChecks,

    async planItemExists(code) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: table,
          Key: planItemKey(code),
          ProjectionExpression: 'pk',
          ConsistentRead: true,
        }),
      );
      return Item !== undefined;
    },

    async getVersion(id, projectVersion) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: versionKey(id, projectVersion), ConsistentRead: true }),
      );
      return Item ? withoutKeys<FrozenVersion>(Item) : undefined;
    },

    async versions(id) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': projectPk(id), ':prefix': VERSION_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<FrozenVersion>(item));
    },

    async history(id) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': projectPk(id), ':prefix': EVENT_PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<ProjectEvent>(item));
    },

    async create(transition) {
      const project = storedAfter(transition);
      return write([projectPut(project, undefined), ...eventPuts(transition)], project);
    },

    async save(transition, { expectedVersion }) {
      const project = storedAfter(transition);
      return write(
        [projectPut(project, expectedVersion), ...eventPuts(transition), ...sideItems(transition, project)],
        project,
        expectedVersion,
      );
    },

    async recordChecks(projectId, report, transition) {
      const checksPut: TransactItem = {
        Put: {
          TableName: table,
          Item: { ...report, projectId, ...checksKey(projectId, report.projectVersion) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const project = storedAfter(transition);
      const items: TransactItem[] = [checksPut];
      if (transition.events.length > 0) {
        items.push(projectPut(project, transition.project.version - 1), ...eventPuts(transition));
        for (const office of officesAwaited(project)) items.push(todoPut(project, office));
      }
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return { report, recorded: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
          const stored = await getChecks(projectId, report.projectVersion);
          if (stored) return { report: stored, recorded: false };
        }
        throw new ConflictError(
          `Project ${projectId} changed while its checks of version ${report.projectVersion} were recorded`,
        );
      }
    },

    async pipeline(year, { limit, cursor, filter = {} }) {
      const gsi1pk = pipelinePk(year);
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':pk': gsi1pk };
      const conditions: string[] = [];
      if (filter.state) {
        names['#state'] = 'state';
        values[':state'] = filter.state;
        conditions.push('#state = :state');
      }
      if (filter.planItem) {
        names['#content'] = 'content';
        names['#planItem'] = 'planItem';
        values[':planItem'] = filter.planItem;
        conditions.push('#content.#planItem = :planItem');
      }
      if (filter.tier) {
        names['#checks'] = 'checks';
        names['#tier'] = 'tier';
        names['#code'] = 'code';
        values[':tier'] = filter.tier;
        conditions.push('#checks.#tier.#code = :tier');
      }
      let keyCondition = 'gsi1pk = :pk';
      if (filter.unit) {
        values[':unit'] = `${filter.unit}#`;
        keyCondition += ' AND begins_with(gsi1sk, :unit)';
      }
      const { items, nextCursor } = await pageOf(
        {
          KeyConditionExpression: keyCondition,
          ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        },
        gsi1pk,
        { limit, cursor },
      );
      return {
        items: items.map((item) => withoutKeys<StoredProject>(item)),
        ...(nextCursor ? { nextCursor } : {}),
      };
    },

    async worklist(office, page) {
      const gsi1pk = worklistPk(office);
      const { items, nextCursor } = await pageOf(
        { KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': gsi1pk } },
        gsi1pk,
        page,
      );
      return {
        items: items.map((item) => withoutKeys<WorklistEntry>(item)),
        ...(nextCursor ? { nextCursor } : {}),
      };
    },
  };
}
