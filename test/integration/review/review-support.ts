import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { type ProjectInput, recordChecks, runMachineChecks } from '@govshare/domain/review';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { decodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { dynamoProjectStore } from '@govshare/functions/review/project-store.ts';
import { planItemKey } from '@govshare/functions/review/table-keys.ts';
import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';

/**
 * The local platform for review's tests, without the `project-checks` consumer: a test moves a
 * submitted project into review itself (inReview), with a report of the domain's machine checks,
 * through the same store call the consumer makes; and reads the queue to see what was sent.
 */
export interface ReviewPlatform {
  local: TestPlatform;
  table: string;
  call(
    method: string,
    path: string,
    user: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  /** A plan item put directly (the registers are another branch's): open, with an envelope in fen. */
  putPlanItem(code: string, envelope: number): Promise<void>;
  planItem(code: string): Promise<Record<string, unknown> | undefined>;
  /** Records the machine checks of the submitted version, as the consumer would. */
  inReview(projectId: string): Promise<void>;
  /** The `project-checks` messages waiting, taken off the queue. */
  takeChecksMessages(): Promise<unknown[]>;
  /** Every item of the review table whose sk starts so (PROJECT, VERSION#, EVENT#, TODO# …). */
  items(skPrefix: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export const PLAN_ITEM = 'GH-2026-015';
/** Catalogue codes of the sample data: the human resources bureau's, and the population base's. */
export const PRODUCED = '301109/000001';
export const CONSUMED = '301105/000001';

export const projectInput = (changes: Partial<ProjectInput> = {}): ProjectInput => ({
  name: '商洛市人社业务经办一体化平台',
  kind: 'new',
  description: '建设全市统一的社保就业业务经办平台。\n对接省级社保系统和政务服务网。',
  functions: ['社保参保登记', '就业失业登记', '待遇资格认证'],
  budgetLines: [
    {
      category: 'software',
      item: '软件开发',
      unit: '人月',
      quantity: 40,
      unitPrice: 2_500_000,
      amount: 100_000_000,
    },
    { category: 'cloud', item: '云主机', unit: '台·年', quantity: 6, unitPrice: 800_000, amount: 4_800_000 },
    { category: 'services', item: '等保测评', quantity: 1, unitPrice: 12_000_000, amount: 12_000_000 },
  ],
  deployment: { mode: 'government-cloud' },
  network: '政务外网',
  securityLevel: 2,
  schedule: { start: '2026-04-01', end: '2026-12-31' },
  planItem: PLAN_ITEM,
  produces: [PRODUCED],
  consumes: [CONSUMED],
  collects: [],
  attachments: [],
  ...changes,
});

export async function startReviewPlatform(name: string, users: readonly string[]): Promise<ReviewPlatform> {
  const { 'project-checks': _checks, ...functions } = govshare.functions;
  const local = await startTestPlatform(name, { blueprint: { ...govshare, functions } });
  const table = local.platform.env[tableEnvName('review')] as string;
  const tokens: Record<string, string> = {};
  for (const user of users) tokens[user] = await local.tokenFor(user);
  const store = dynamoProjectStore(dynamo(), table);
  const sqs = new SQSClient({ endpoint: local.platform.awsEndpoint });
  const queueUrl = local.platform.env[queueUrlEnvName('project-checks')] as string;

  return {
    local,
    table,
    call: (method, path, user, body, headers) =>
      local.request(method, path, {
        token: tokens[user],
        ...(body !== undefined ? { body } : {}),
        ...(headers ? { headers } : {}),
      }),
    async putPlanItem(code, envelope) {
      await dynamo().send(
        new PutCommand({
          TableName: table,
          Item: { ...planItemKey(code), code, name: '政务服务能力提升', state: 'open', envelope },
        }),
      );
    },
    async planItem(code) {
      const { Item } = await dynamo().send(new GetCommand({ TableName: table, Key: planItemKey(code) }));
      return Item;
    },
    async inReview(projectId) {
      const project = await store.get(projectId);
      if (!project) throw new Error(`no project ${projectId}`);
      const report = runMachineChecks({
        projectVersion: project.projectVersion,
        content: project.content,
        planItem: { code: PLAN_ITEM, name: '政务服务能力提升', state: 'open', envelope: 500_000_000 },
        approvedAgainstPlan: 0,
        catalogue: [
          { code: PRODUCED, status: 'published' },
          { code: CONSUMED, status: 'published' },
        ],
      });
      const transition = recordChecks({ project, report, actor: 'project-checks', now: new Date() });
      await store.recordChecks(projectId, report, transition);
    },
    async takeChecksMessages() {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
      return Messages.map((message) => decodeQueueBody(message.Body ?? 'null'));
    },
    async items(skPrefix) {
      const found: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(
          new ScanCommand({
            TableName: table,
            FilterExpression: 'begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':prefix': skPrefix },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        found.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    },
    stop: () => local.stop(),
  };
}
