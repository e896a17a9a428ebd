import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import type { AuditEvent } from '@govshare/domain/audit';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import type { ProjectInput } from '@govshare/domain/review';
import { catalogueLookup } from '@govshare/functions/catalogue/index.ts';
import { unitDirectory } from '@govshare/functions/identity/index.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { createLogger } from '@govshare/functions/platform/logger.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { corpusIndex } from '@govshare/functions/review/corpus-index.ts';
import { createMachineChecks } from '@govshare/functions/review/machine-checks.ts';
import { dynamoProjectStore } from '@govshare/functions/review/project-store.ts';
import { dynamoReviewRegisters } from '@govshare/functions/review/registers.ts';
import {
  collectsIdNumbersSubmission,
  paraphrasedSubmission,
  selfBuiltSubmission,
} from '@govshare/functions/review/sample-data.ts';
import { projectPk } from '@govshare/functions/review/table-keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The machine checks through the real `project-checks` queue and consumer: a project is filed and
 * submitted over HTTP, the consumer checks it, the report is read over HTTP.
 */
const USERS = ['hrss-submitter', 'luonan-submitter', 'egov-reviewer'] as const;
type User = (typeof USERS)[number];

let local: TestPlatform;
let table: string;
let sqs: SQSClient;
let queueUrl: string;
const tokens: Partial<Record<User, string>> = {};

beforeAll(async () => {
  local = await startTestPlatform('review-checks');
  table = local.platform.env[tableEnvName('review')] as string;
  queueUrl = local.platform.env[queueUrlEnvName('project-checks')] as string;
  sqs = new SQSClient({ endpoint: local.platform.awsEndpoint });
  for (const user of USERS) tokens[user] = await local.tokenFor(user);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const call = (method: string, path: string, user: User, body?: unknown) =>
  local.request(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function submit(user: User, input: ProjectInput): Promise<string> {
  const created = await call('POST', '/v1/review/projects', user, input);
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const submitted = await call('POST', `/v1/review/projects/${id}/submit`, user);
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  return id;
}

/** The report, once the consumer has written it. */
async function checksOf(id: string, user: User = 'egov-reviewer') {
  for (let attempt = 0; attempt < 150; attempt++) {
    const report = await call('GET', `/v1/review/projects/${id}/checks`, user);
    if (report.status === 200) return report.json;
    expect(report.status).toBe(404);
    await sleep(200);
  }
  throw new Error(`project ${id} was not checked`);
}

const resultOf = (report: Record<string, unknown>, check: string) =>
  (report.results as { check: string; outcome: string; reason: string; evidence: unknown[] }[]).find(
    (result) => result.check === check,
  );

async function partition(id: string, prefix: string) {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': projectPk(id), ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items;
}
const checkedEvents = async (id: string) =>
  (await partition(id, 'EVENT#')).filter((event) => event.type === 'checked');

describe('the machine checks (机审) on submission', () => {
  let paraphrased = '';

  it('names the earlier project a paraphrased submission copies, with the overlapping functions', async () => {
    paraphrased = await submit('luonan-submitter', paraphrasedSubmission);
    const report = await checksOf(paraphrased, 'luonan-submitter');
    expect(report).toMatchObject({ projectId: paraphrased, projectVersion: 1 });
    const duplicate = resultOf(report, 'duplicate-construction');
    expect(['warn', 'fail']).toContain(duplicate?.outcome);
    const matches = duplicate?.evidence as {
      id: string;
      score: number;
      overlappingFunctions: { submitted: string; earlier: string }[];
    }[];
    const named = matches.find((match) => match.id === 'PRJ-2025-004' || match.id === 'SYS-018');
    expect(named, duplicate?.reason).toBeDefined();
    expect(named?.overlappingFunctions.length).toBeGreaterThanOrEqual(3);
    expect(duplicate?.reason).toContain(matches[0]?.id);
    // The project itself is in the corpus now, and never its own match.
    expect(matches.map((match) => match.id)).not.toContain(paraphrased);

    const project = await call('GET', `/v1/review/projects/${paraphrased}`, 'egov-reviewer');
    expect(project.json).toMatchObject({ state: 'in-review', checks: { projectVersion: 1 } });
    expect(project.json.checks.rules).toMatch(/^1\//);
  });

  it('fails cloud first for a self-built deployment without a justification', async () => {
    const id = await submit('hrss-submitter', selfBuiltSubmission);
    const report = await checksOf(id);
    const cloud = resultOf(report, 'cloud-first');
    expect(cloud?.outcome).toBe('fail');
    expect(cloud?.evidence).toContainEqual(expect.objectContaining({ ref: 'deployment.justification' }));
    expect(report.outcome).toBe('fail');
  });

  it('points 身份证号 to the population base database', async () => {
    const id = await submit('luonan-submitter', collectsIdNumbersSubmission);
    const report = await checksOf(id);
    const recollection = resultOf(report, 'no-re-collection');
    expect(recollection?.outcome).toBe('fail');
    expect(recollection?.evidence).toContainEqual(
      expect.objectContaining({
        item: '身份证号',
        resource: { code: BASE_RESOURCES.population.code, name: BASE_RESOURCES.population.name },
        provider: '商洛市公安局',
      }),
    );
  });

  it('writes one report and one transition for a message delivered twice, or queued again', async () => {
    const before = await checksOf(paraphrased);
    for (let i = 0; i < 2; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: encodeQueueBody({ projectId: paraphrased, projectVersion: 1 }),
        }),
      );
    }
    const rerun = await call('POST', `/v1/review/projects/${paraphrased}/checks`, 'egov-reviewer');
    expect(rerun.status).toBe(202);
    expect(rerun.json).toMatchObject({ projectVersion: 1, alreadyChecked: true });
    expect((await call('POST', `/v1/review/projects/${paraphrased}/checks`, 'hrss-submitter')).status).toBe(
      403,
    );
    await sleep(3000);
    expect(await partition(paraphrased, 'CHECKS#')).toHaveLength(1);
    expect(await checkedEvents(paraphrased)).toHaveLength(1);
    expect(await checksOf(paraphrased)).toEqual(before);
  });

  it('repeats nothing when two runs of one version race (a crash between reading and writing)', async () => {
    const env = local.platform.env;
    const registers = dynamoReviewRegisters(dynamo(), table);
    const audited: AuditEvent[] = [];
    const checks = createMachineChecks({
      projects: dynamoProjectStore(dynamo(), table),
      registers,
      catalogue: catalogueLookup(dynamo(), env[tableEnvName('catalogue')] as string),
      corpus: corpusIndex(registers),
      directory: unitDirectory(dynamo(), env[tableEnvName('identity')] as string),
      audit: {
        record: async (event: AuditEvent) => {
          audited.push(event);
        },
      },
      now: () => new Date(),
      logger: createLogger('review-checks-test'),
    });
    const id = await submit('hrss-submitter', { ...selfBuiltSubmission, name: '人社业务数据备份系统' });
    // The consumer races the two runs here as well.
    const outcomes = await Promise.all([
      checks.run({ projectId: id, projectVersion: 1 }),
      checks.run({ projectId: id, projectVersion: 1 }),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'recorded').length).toBeLessThanOrEqual(1);
    await checksOf(id);
    expect(await partition(id, 'CHECKS#')).toHaveLength(1);
    expect(await checkedEvents(id)).toHaveLength(1);
    expect(audited.filter((event) => event.action === 'review.checked').length).toBeLessThanOrEqual(1);
    // A version that is no longer current, or one never submitted, is acknowledged and changes nothing.
    expect(await checks.run({ projectId: id, projectVersion: 2 })).toBe('not-current');
    expect(await checks.run({ projectId: 'no-such-project', projectVersion: 1 })).toBe('not-current');
  });
});
