import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { officialDraftId } from '@govshare/functions/exchange/index.ts';
import { unitDirectory } from '@govshare/functions/identity/index.ts';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import {
  approvalReplyDocumentId,
  approvalReplyRequest,
  sqsApprovalReplies,
} from '@govshare/functions/review/approval-replies.ts';
import { cleanSubmission } from '@govshare/functions/review/sample-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedProject } from '../../support/approved-project.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The exchange drafts what another context asks for on the `official-drafts` queue: review's approval
 * reply (批复) appears as a draft of the e-government office's reviewer, once however often it is
 * asked for, and goes through sign-off and dispatch to the submitting unit's inbox. A request whose id
 * is not its source's, or whose drafter the directory does not know, drafts nothing.
 */
let local: TestPlatform;
let queueUrl: string;
const tokens = new Map<string, string>();

const EGOV_OFFICE = '611000204';
const HRSS = '611000109';
const FINANCE = '611000108';

const call = async (user: string, method: string, path: string, body?: unknown) => {
  let token = tokens.get(user);
  if (!token) {
    token = await local.tokenFor(user);
    tokens.set(user, token);
  }
  return local.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
};

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const inFlight = async (url: string) => {
  const { Attributes = {} } = await sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
};
const drained = () =>
  until(
    'the official-drafts queue to drain',
    () => inFlight(queueUrl),
    (n) => n === 0,
  );

const draftsOf = async (user: string) =>
  (await call(user, 'GET', '/v1/exchange/documents?view=drafts&limit=100')).json.items as {
    id: string;
    title: string;
    state: string;
  }[];

let projectCount = 0;
const approved = () =>
  approvedProject({
    id: `PRJ-IT-${Date.now().toString(36)}-${++projectCount}`,
    input: cleanSubmission,
    financeDecision: {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '工作量按25人月核定' }],
    },
  });

beforeAll(async () => {
  // A refused request comes back after 2 s, and goes to the dead-letter queue after its fifth receive.
  const draftsQueue = { ...govshare.queues['official-drafts'], visibilityTimeoutSeconds: 2 };
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  local = await startTestPlatform('official-drafts', {
    blueprint: { ...govshare, queues: { ...govshare.queues, 'official-drafts': draftsQueue }, functions },
  });
  queueUrl = local.platform.env[queueUrlEnvName('official-drafts')] as string;
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('official drafts requested by another context', () => {
  it('drafts the approval reply once for the egov reviewer, and it reaches the submitting unit', async () => {
    const directory = unitDirectory(dynamo(), local.platform.env[tableEnvName('identity')] as string);
    const replies = sqsApprovalReplies(sqs(), queueUrl, directory);
    const project = approved();
    const { documentId } = await replies.request(project);
    expect(documentId).toBe(approvalReplyDocumentId(project));

    const drafts = await until(
      'the reply among the egov reviewer’s drafts',
      () => draftsOf('egov-reviewer'),
      (items) => items.some((item) => item.id === documentId),
    );
    expect(drafts.find((item) => item.id === documentId)).toMatchObject({
      state: 'draft',
      title: '关于商洛市社会保险待遇资格静默认证系统项目的批复',
    });
    const document = (await call('egov-reviewer', 'GET', `/v1/exchange/documents/${documentId}`)).json;
    expect(document).toMatchObject({
      drafter: 'egov-reviewer',
      drafterUnit: EGOV_OFFICE,
      content: {
        type: '批复',
        issuingUnits: [EGOV_OFFICE],
        mainRecipients: [HRSS],
        copyRecipients: [FINANCE],
      },
    });
    expect(document.content.body).toMatch(/^商洛市人力资源和社会保障局：\n/);
    expect(document.content.body).toContain('核减¥125,000.00。理由：工作量按25人月核定。');

    // Asked again (a retried approval): nothing more is drafted.
    await replies.request(project);
    await drained();
    const again = await draftsOf('egov-reviewer');
    expect(again.filter((item) => item.id === documentId)).toHaveLength(1);
    const same = (await call('egov-reviewer', 'GET', `/v1/exchange/documents/${documentId}`)).json;
    expect([same.version, same.revision]).toEqual([document.version, 1]);

    // Review (by the office's signer), sign-off and dispatch, as any document of the office.
    const submitted = await call('egov-reviewer', 'POST', `/v1/exchange/documents/${documentId}/submit`, {
      steps: ['egov-signer'],
    });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    const approvedReview = await call('egov-signer', 'POST', `/v1/exchange/documents/${documentId}/approve`, {
      opinion: '同意',
    });
    expect(approvedReview.status, JSON.stringify(approvedReview.json)).toBe(200);
    const signed = await call('egov-signer', 'POST', `/v1/exchange/documents/${documentId}/sign-off`, {});
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    const sent = await call('egov-clerk', 'POST', `/v1/exchange/documents/${documentId}/dispatch`);
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);

    for (const clerk of ['hrss-clerk', 'finance-clerk']) {
      await until(
        `the reply in the inbox of ${clerk}`,
        async () => (await call(clerk, 'GET', '/v1/exchange/inbox?view=to-sign')).json.items ?? [],
        (items: { documentId: string }[]) => items.some((item) => item.documentId === documentId),
      );
    }
  }, 90_000);

  it('drafts nothing for a request whose id is not its source’s, nor for a drafter the directory lacks', async () => {
    const forgedProject = approved();
    const forged = { ...approvalReplyRequest(forgedProject, new Date()), documentId: crypto.randomUUID() };
    const unknownProject = approved();
    const unknownDrafter = { ...approvalReplyRequest(unknownProject, new Date()), drafter: 'nobody-here' };
    for (const message of [forged, unknownDrafter]) {
      await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeQueueBody(message) }));
    }
    // The forged one is dropped at once; the other is refused on every receive, then dead-lettered.
    const dead = await until(
      'the refused request in the dead-letter queue',
      async () =>
        (
          await sqs().send(
            new ReceiveMessageCommand({
              QueueUrl: `${queueUrl}-dlq`,
              WaitTimeSeconds: 1,
              MaxNumberOfMessages: 10,
            }),
          )
        ).Messages ?? [],
      (messages) => messages.length > 0,
      40_000,
    );
    expect(dead.map((m) => JSON.parse(m.Body ?? '{}').drafter)).toEqual(['nobody-here']);
    await drained();
    for (const id of [forged.documentId, officialDraftId(forged.source), unknownDrafter.documentId]) {
      expect((await call('egov-admin', 'GET', `/v1/exchange/documents/${id}`)).status).toBe(404);
    }
  }, 90_000);
});
