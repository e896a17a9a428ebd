import { createHash } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import {
  countLeniently,
  deliveredEvent,
  deliveriesFor,
  type SealedPackage,
  urgencyLevelOf,
  verifySeal,
} from '@govshare/domain/exchange';
import { cstDay, workingCalendar } from '@govshare/domain/kernel';
import { dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { decodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * Sending (发文) over HTTP on the local platform: drafting, the classified refusal, review with a
 * countersign return, revisions and their diff, sign-off with numbers and seals, rotation,
 * attachments, dispatch onto the document-dispatch queue, replies and paper registrations.
 * The dispatch consumer is left out of the platform so the test reads the queue itself.
 */
let local: TestPlatform;
let table: string;
const tokens: Record<string, string> = {};
const OFFICE = '611000001'; // 商洛市人民政府办公室, 商政办
const FINANCE = '611000108'; // 商洛市财政局
const SHANGZHOU_OFFICE = '611002001'; // 商州区人民政府办公室, 商区政办
const YEAR = cstDay(new Date()).slice(0, 4);
const USERS = [
  'office-drafter',
  'office-reviewer',
  'office-reviewer-2',
  'office-reviewer-3',
  'office-signer',
  'office-clerk',
  'finance-signer',
  'finance-clerk',
  'luonan-signer',
  'shangzhou-drafter',
  'shangzhou-reviewer',
  'shangzhou-signer',
  'shangzhou-handler',
  'egov-admin',
  'egov-auditor',
];

const call = (method: string, path: string, user: string, body?: unknown) =>
  local.request(method, path, { token: tokens[user], body });

const notice = (changes: Record<string, unknown> = {}) => ({
  type: '通知',
  title: '商洛市人民政府办公室关于做好电子公文交换试运行工作的通知',
  issuingUnits: [OFFICE],
  mainRecipients: ['611002000', { group: 'townships-of', county: '611002' }],
  copyRecipients: [FINANCE],
  urgency: '加急',
  body: '各县区人民政府，市政府各工作部门：\n现就电子公文交换试运行有关事项通知如下。\n一、试运行自即日起开始。\n二、请各单位指定收发员。',
  ...changes,
});

async function draft(user = 'office-drafter', changes: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/v1/exchange/documents', user, notice(changes));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id;
}

/** Drafted, submitted to one reviewer and approved. */
async function approved(
  who: { drafter: string; reviewer: string } = { drafter: 'office-drafter', reviewer: 'office-reviewer' },
  changes: Record<string, unknown> = {},
): Promise<string> {
  const id = await draft(who.drafter, changes);
  const submitted = await call('POST', `/v1/exchange/documents/${id}/submit`, who.drafter, {
    steps: [who.reviewer],
  });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  const ok = await call('POST', `/v1/exchange/documents/${id}/approve`, who.reviewer, { opinion: '同意' });
  expect(ok.json.state).toBe('approved');
  return id;
}

const itemsOf = async (id: string, prefix: string) => {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `DOC#${id}`, ':prefix': prefix },
    }),
  );
  return Items;
};

/** What the dispatch consumer would leave: a delivery of the dispatched document to `unit`, and its expansion. */
async function expandedTo(documentId: string, unit: string) {
  const deliveries = dynamoDeliveryStore(dynamo(), table);
  const document = (await call('GET', `/v1/exchange/documents/${documentId}`, 'office-clerk')).json;
  // As the consumer counts: a year the calendar lacks (the next, late in December) on weekends alone.
  const [delivery] = countLeniently(workingCalendar(sampleCalendarYears), (calendar) =>
    deliveriesFor({
      documentId,
      issuingUnits: document.content.issuingUnits,
      urgency: urgencyLevelOf(document.content.urgency),
      main: [unit],
      copy: [],
      now: new Date(),
      calendar,
    }),
  ).value;
  if (!delivery) throw new Error('no delivery');
  await deliveries.createMany([
    {
      delivery: {
        ...delivery,
        title: document.content.title,
        documentType: document.content.type,
        documentNumber: document.number.normalised,
        issuingUnits: document.content.issuingUnits,
      },
      events: [deliveredEvent(delivery)],
    },
  ]);
  await deliveries.recordExpansion({
    documentId,
    expandedAt: new Date().toISOString(),
    main: 1,
    copy: 0,
    undeliverable: 0,
    slices: 1,
  });
}

beforeAll(async () => {
  // Without the dispatch consumer and the urge sweep (others' work): the test reads the queue itself.
  const { 'document-dispatch': _consumer, 'exchange-urges': _sweep, ...functions } = govshare.functions;
  local = await startTestPlatform('sending', { blueprint: { ...govshare, functions } });
  table = local.platform.env[tableEnvName('exchange')] as string;
  for (const user of USERS) tokens[user] = await local.tokenFor(user);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('drafting (拟稿)', () => {
  it('keeps a draft readable by its participants only, in its drafter’s list', async () => {
    const id = await draft();
    const own = await call('GET', `/v1/exchange/documents/${id}`, 'office-drafter');
    expect(own.json).toMatchObject({
      state: 'draft',
      revision: 1,
      drafter: 'office-drafter',
      drafterUnit: OFFICE,
    });
    expect(own.json.content.copyRecipients).toEqual([FINANCE]);
    expect((await call('GET', `/v1/exchange/documents/${id}`, 'egov-auditor')).status).toBe(200);
    // Another unit learns nothing of it, not even that it exists.
    const other = await call('GET', `/v1/exchange/documents/${id}`, 'finance-clerk');
    expect([other.status, other.json.type]).toEqual([404, 'urn:govshare:problem:not-found']);
    const mine = await call('GET', '/v1/exchange/documents?view=drafts', 'office-drafter');
    expect(mine.json.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(mine.json.items[0]).not.toHaveProperty('content');
    const forged = await call('GET', '/v1/exchange/documents?view=drafts&cursor=e30', 'office-drafter');
    expect([forged.status, forged.json.errors?.[0]?.path]).toEqual([400, 'query.cursor']);
  });

  it('refuses unknown recipients and groups, naming each (422)', async () => {
    const res = await call(
      'POST',
      '/v1/exchange/documents',
      'office-drafter',
      notice({
        mainRecipients: [
          '611002000',
          '999999999',
          { group: 'townships-of', county: '619999' },
          { list: 'no-such-list' },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.mainRecipients.1',
      'body.mainRecipients.2',
      'body.mainRecipients.3',
    ]);
    const onlyItself = await call(
      'POST',
      '/v1/exchange/documents',
      'office-drafter',
      notice({ mainRecipients: [OFFICE], copyRecipients: [] }),
    );
    expect([onlyItself.status, onlyItself.json.errors?.[0]?.path]).toEqual([422, 'body.mainRecipients']);
  });

  it('refuses a classified document (field, title, body) and keeps nothing of it', async () => {
    const marker = `试点标记${Date.now()}`;
    const cases = [
      notice({ classification: '机密', body: `${marker}：正文` }),
      notice({ title: `机密★1年 ${marker}关于有关事项的通知` }),
      notice({ body: `绝密★长期\n${marker}\n正文。` }),
    ];
    for (const body of cases) {
      const res = await call('POST', '/v1/exchange/documents', 'office-drafter', body);
      expect(res.status).toBe(422);
      expect(res.json.type).toBe('urn:govshare:problem:classified-document');
      expect(res.json.detail).not.toContain(marker);
    }
    const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: table }));
    expect(Items.filter((item) => JSON.stringify(item).includes(marker))).toEqual([]);
  });
});

describe('review (审核, 会签)', () => {
  it('cancels the other co-signers when one returns, keeps every revision, diffs them, and goes round again', async () => {
    const id = await draft();
    const steps = [
      'office-reviewer',
      { countersign: ['office-reviewer-2', 'office-reviewer-3', 'finance-signer'] },
    ];
    const refused = await call('POST', `/v1/exchange/documents/${id}/submit`, 'office-drafter', {
      steps: ['office-reviewer', { countersign: ['office-clerk', 'nobody-here'] }],
    });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.steps.1.countersign.0',
      'body.steps.1.countersign.1',
    ]);
    expect(
      (await call('POST', `/v1/exchange/documents/${id}/submit`, 'office-drafter', { steps })).status,
    ).toBe(200);
    expect((await itemsOf(id, 'TODO#')).map((t) => t.sk)).toEqual(['TODO#office-reviewer']);
    await call('POST', `/v1/exchange/documents/${id}/approve`, 'office-reviewer', { opinion: '拟同意' });
    expect((await itemsOf(id, 'TODO#')).map((t) => t.sk).sort()).toEqual([
      'TODO#finance-signer',
      'TODO#office-reviewer-2',
      'TODO#office-reviewer-3',
    ]);
    const waiting = await call('GET', '/v1/exchange/documents?view=review', 'office-reviewer-2');
    expect(waiting.json.items.map((d: { id: string }) => d.id)).toContain(id);
    await call('POST', `/v1/exchange/documents/${id}/approve`, 'office-reviewer-2', { opinion: '同意' });

    const returned = await call('POST', `/v1/exchange/documents/${id}/return`, 'office-reviewer-3', {
      comments: '第二条表述不准确',
    });
    expect(returned.json.state).toBe('returned');
    const round1 = returned.json.reviews.filter((r: { round: number }) => r.round === 1);
    expect(round1.map((r: { reviewer: string; outcome: string }) => [r.reviewer, r.outcome])).toEqual([
      ['office-reviewer', 'approved'],
      ['office-reviewer-2', 'approved'],
      ['office-reviewer-3', 'returned'],
      ['finance-signer', 'cancelled'],
    ]);
    // No to-do left dangling, none doubled.
    expect(await itemsOf(id, 'TODO#')).toEqual([]);
    const gone = await call('GET', '/v1/exchange/documents?view=review', 'finance-signer');
    expect(gone.json.items.map((d: { id: string }) => d.id)).not.toContain(id);
    const late = await call('POST', `/v1/exchange/documents/${id}/approve`, 'finance-signer', {});
    expect(late.status).toBe(409);
    const history = await itemsOf(id, 'HIST#document#');
    expect(history.map((h) => h.event.type)).toEqual([
      'drafted',
      'submitted',
      'review-approved',
      'review-step-completed',
      'review-approved',
      'review-returned',
      'review-cancelled',
    ]);

    const revised = await call(
      'PUT',
      `/v1/exchange/documents/${id}`,
      'office-drafter',
      notice({
        title: '商洛市人民政府办公室关于做好电子公文交换试运行工作的补充通知',
        body: '各县区人民政府，市政府各工作部门：\n现就电子公文交换试运行有关事项通知如下。\n一、试运行自即日起开始。\n二、请各单位指定收发员一名。\n三、请于三日内报送名单。',
      }),
    );
    expect(revised.json).toMatchObject({ state: 'draft', revision: 2 });
    const revisions = await call('GET', `/v1/exchange/documents/${id}/revisions`, 'office-reviewer-3');
    expect(revisions.json.items.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    const first = await call('GET', `/v1/exchange/documents/${id}/revisions/1`, 'office-drafter');
    expect(first.json.content.body).toBe(notice().body);
    const diff = await call('GET', `/v1/exchange/documents/${id}/diff?from=1&to=2`, 'office-drafter');
    expect(diff.json.fields).toEqual([
      {
        field: 'title',
        from: notice().title,
        to: '商洛市人民政府办公室关于做好电子公文交换试运行工作的补充通知',
      },
    ]);
    expect(diff.json.body).toMatchObject({ linesAdded: 2, linesRemoved: 1 });
    expect(diff.json.body.runs.filter((r: { kind: string }) => r.kind !== 'unchanged')).toEqual([
      { kind: 'removed', lines: ['二、请各单位指定收发员。'], fromLine: 4 },
      { kind: 'added', lines: ['二、请各单位指定收发员一名。', '三、请于三日内报送名单。'], toLine: 4 },
    ]);

    // Round 2: every co-signer anew.
    await call('POST', `/v1/exchange/documents/${id}/submit`, 'office-drafter', { steps });
    for (const reviewer of ['office-reviewer', 'office-reviewer-2', 'office-reviewer-3', 'finance-signer']) {
      const res = await call('POST', `/v1/exchange/documents/${id}/approve`, reviewer, { opinion: '同意' });
      expect(res.status, reviewer).toBe(200);
    }
    const done = await call('GET', `/v1/exchange/documents/${id}`, 'office-drafter');
    expect([done.json.state, done.json.round]).toEqual(['approved', 2]);
    expect((await itemsOf(id, 'TODO#')).map((t) => t.sk)).toEqual([`TODO#SIGN#${OFFICE}`]);

    // 签发: only a signer of the issuing unit. The finance signer reviewed it (may read it) but is
    // not of an issuing unit: 403. A signer with nothing to do with it learns nothing: 404.
    expect((await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-clerk', {})).status).toBe(
      403,
    );
    expect((await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'finance-signer', {})).status).toBe(
      403,
    );
    expect((await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'luonan-signer', {})).status).toBe(
      404,
    );
    const toSign = await call('GET', '/v1/exchange/documents?view=sign', 'office-signer');
    expect(toSign.json.items.map((d: { id: string }) => d.id)).toContain(id);
    const signed = await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {
      opinion: '同意印发',
    });
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect(signed.json).toMatchObject({ state: 'signed', number: { normalised: `商政办发〔${YEAR}〕1号` } });
    expect(signed.json.writtenOn).toBe(cstDay(new Date()));
    expect(signed.json.seal).toMatchObject({ algorithm: 'SM2-SM3' });
    expect(await itemsOf(id, 'TODO#')).toEqual([]);
    const twice = await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {});
    expect([twice.status, twice.json.type]).toEqual([409, 'urn:govshare:problem:invalid-transition']);
  });
});

describe('document numbers (发文字号)', () => {
  it('uses no number for a withdrawn document: the next one signed follows on, no gap, no duplicate', async () => {
    const withdrawn = await approved();
    const gone = await call('POST', `/v1/exchange/documents/${withdrawn}/withdraw`, 'office-drafter', {
      reason: '情况变化',
    });
    expect(gone.json.state).toBe('withdrawn');
    expect(await itemsOf(withdrawn, 'TODO#')).toEqual([]);
    const next = await approved();
    const signed = await call('POST', `/v1/exchange/documents/${next}/sign-off`, 'office-signer', {});
    expect(signed.json.number.normalised).toBe(`商政办发〔${YEAR}〕2号`);
    const numbers = await call(
      'GET',
      `/v1/exchange/numbers/${encodeURIComponent('商政办发')}/${YEAR}`,
      'office-clerk',
    );
    expect(numbers.json).toMatchObject({ used: [1, 2], highest: 2, missing: [] });
  });

  it('gives 10 concurrent sign-offs of one issuer the numbers 1 to 10 exactly', async () => {
    const who = { drafter: 'shangzhou-drafter', reviewer: 'shangzhou-reviewer' };
    const ids = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        await approved(who, {
          issuingUnits: [SHANGZHOU_OFFICE],
          mainRecipients: ['611002100000'],
          copyRecipients: [],
        }),
      );
    }
    const signed = await Promise.all(
      ids.map((id) => call('POST', `/v1/exchange/documents/${id}/sign-off`, 'shangzhou-signer', {})),
    );
    for (const res of signed) expect(res.status, JSON.stringify(res.json)).toBe(200);
    const sequences = signed.map((res) => res.json.number.sequence).sort((a: number, b: number) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(signed.map((res) => res.json.number.normalised)).size).toBe(10);
    expect(signed[0]?.json.number.issuerCode).toBe('商区政办发');
    // Every one sealed with the one key the unit's first sign-offs agreed on.
    expect(new Set(signed.map((res) => res.json.seal.keyId)).size).toBe(1);
    const keys = await local.request('GET', `/v1/exchange/seal-keys?unit=${SHANGZHOU_OFFICE}`);
    expect(keys.json.items).toHaveLength(1);
  });

  it('needs a signer of every issuing unit of a joint document (联合行文)', async () => {
    const id = await approved(undefined, { issuingUnits: [OFFICE, FINANCE], copyRecipients: [] });
    const first = await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {});
    expect([first.json.state, first.json.signatures.length, first.json.number]).toEqual([
      'approved',
      1,
      undefined,
    ]);
    expect((await itemsOf(id, 'TODO#')).map((t) => t.sk)).toEqual([`TODO#SIGN#${FINANCE}`]);
    const again = await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {});
    expect(again.status).toBe(409);
    const last = await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'finance-signer', {});
    expect(last.json).toMatchObject({ state: 'signed', number: { normalised: `商政办发〔${YEAR}〕3号` } });
    expect(last.json.signatures.map((s: { unit: string }) => s.unit)).toEqual([OFFICE, FINANCE]);
  });
});

describe('seals (电子印章)', () => {
  let sha256 = '';
  const attachmentBytes = Buffer.from('附件一：试运行单位名单\n商州区人民政府办公室\n', 'utf8');

  it('accepts an attachment whose upload matches its declared hash, refuses one that does not', async () => {
    sha256 = createHash('sha256').update(attachmentBytes).digest('hex');
    const started = await call('POST', '/v1/exchange/attachments', 'office-drafter', {
      name: '试运行单位名单.txt',
      sha256,
      size: attachmentBytes.length,
    });
    expect(started.status).toBe(201);
    const put = await fetch(started.json.uploadUrl, {
      method: 'PUT',
      body: attachmentBytes,
      headers: { 'content-type': 'text/plain' },
    });
    expect(put.status).toBe(200);
    const done = await call(
      'POST',
      `/v1/exchange/attachments/${started.json.upload.id}/complete`,
      'office-drafter',
    );
    expect(done.json.status).toBe('complete');

    const wrong = await call('POST', '/v1/exchange/attachments', 'office-drafter', {
      name: '另一个附件.txt',
      sha256: 'c'.repeat(64),
      size: attachmentBytes.length,
    });
    await fetch(wrong.json.uploadUrl, {
      method: 'PUT',
      body: attachmentBytes,
      headers: { 'content-type': 'text/plain' },
    });
    const refused = await call(
      'POST',
      `/v1/exchange/attachments/${wrong.json.upload.id}/complete`,
      'office-drafter',
    );
    expect([refused.status, refused.json.errors?.[0]?.path]).toEqual([422, 'upload.sha256']);
    const naming = await call(
      'POST',
      '/v1/exchange/documents',
      'office-drafter',
      notice({
        attachments: [{ name: '另一个附件.txt', sha256: 'c'.repeat(64), size: attachmentBytes.length }],
      }),
    );
    expect([naming.status, naming.json.errors?.[0]?.path]).toEqual([422, 'body.attachments.0']);
  });

  it('verifies against the published key, fails on any changed byte, and survives rotation', async () => {
    const id = await approved(undefined, {
      attachments: [{ name: '试运行单位名单.txt', sha256, size: attachmentBytes.length }],
    });
    await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {});
    const seal = await call('GET', `/v1/exchange/documents/${id}/seal`, 'office-drafter');
    const sealed = seal.json.sealed as SealedPackage;
    expect(sealed.document.metadata).toMatchObject({
      number: expect.stringMatching(/^商政办发/),
      sealedBy: OFFICE,
    });
    expect(sealed.document.attachments).toEqual([{ name: '试运行单位名单.txt', sha256 }]);

    // Published: no private part.
    const keys = await local.request('GET', `/v1/exchange/seal-keys?unit=${OFFICE}`);
    expect(keys.status).toBe(200);
    expect(JSON.stringify(keys.json)).not.toMatch(/encryptedPrivateKey|"d":/);
    const [key] = keys.json.items;
    expect(key).toMatchObject({ unit: OFFICE, keyId: sealed.seal.keyId, algorithm: 'SM2-SM3' });
    // Offline, with the published key alone.
    expect(verifySeal(sealed.document, sealed.seal, key.publicJwk)).toBe(true);

    const verify = (body: unknown) => call('POST', '/v1/exchange/seals/verify', 'finance-clerk', body);
    expect((await verify(sealed)).json).toMatchObject({ valid: true, unit: OFFICE, keyId: key.keyId });
    const changed = (change: (copy: SealedPackage) => void) => {
      const copy = structuredClone(sealed);
      change(copy);
      return copy;
    };
    for (const tampered of [
      changed((c) => {
        c.document.metadata.title = `${c.document.metadata.title}。`;
      }),
      changed((c) => {
        c.document.body = c.document.body.replace('一、', '一，');
      }),
      changed((c) => {
        (c.document.attachments[0] as { sha256: string }).sha256 =
          `${sha256.slice(0, 63)}${sha256.endsWith('0') ? '1' : '0'}`;
      }),
    ]) {
      expect((await verify(tampered)).json).toMatchObject({ valid: false, reason: 'signature-mismatch' });
    }

    const rotated = await call('POST', `/v1/exchange/seal-keys/${OFFICE}/rotate`, 'egov-admin');
    expect(rotated.status).toBe(200);
    expect(rotated.json.previous).toMatchObject({ keyId: key.keyId, validTo: expect.any(String) });
    expect(rotated.json.current.keyId).not.toBe(key.keyId);
    // The old document still verifies against the old key, which was valid when it was sealed.
    expect((await verify(sealed)).json).toMatchObject({ valid: true, keyId: key.keyId });
    const later = await approved();
    const signedLater = await call('POST', `/v1/exchange/documents/${later}/sign-off`, 'office-signer', {});
    expect(signedLater.json.seal.keyId).toBe(rotated.json.current.keyId);
    const laterSeal = await call('GET', `/v1/exchange/documents/${later}/seal`, 'office-drafter');
    expect((await verify(laterSeal.json.sealed)).json).toMatchObject({ valid: true });
    expect((await local.request('GET', `/v1/exchange/seal-keys?unit=${OFFICE}`)).json.items).toHaveLength(2);

    // Its attachment, to those who may read the document.
    const attachment = await call(
      'GET',
      `/v1/exchange/documents/${id}/attachments/${sha256}`,
      'office-drafter',
    );
    const bytes = Buffer.from(await (await fetch(attachment.json.url)).arrayBuffer());
    expect(bytes.equals(attachmentBytes)).toBe(true);
    expect(
      (await call('GET', `/v1/exchange/documents/${id}/attachments/${sha256}`, 'luonan-signer')).status,
    ).toBe(404);
  });
});

describe('dispatch (核发), replies and paper', () => {
  it('sends exactly one expand message, again only while the expansion is not recorded', async () => {
    const sqs = new SQSClient({});
    const queueUrl = local.platform.env[queueUrlEnvName('document-dispatch')];
    const drain = async () => {
      const bodies: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: i === 0 ? 1 : 0,
          }),
        );
        for (const message of Messages) {
          bodies.push(decodeQueueBody(message.Body ?? ''));
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
      return bodies;
    };
    await drain();
    const id = await approved();
    expect((await call('POST', `/v1/exchange/documents/${id}/dispatch`, 'office-clerk')).status).toBe(409);
    await call('POST', `/v1/exchange/documents/${id}/sign-off`, 'office-signer', {});
    expect((await call('POST', `/v1/exchange/documents/${id}/dispatch`, 'finance-clerk')).status).toBe(404);
    const sent = await call('POST', `/v1/exchange/documents/${id}/dispatch`, 'office-clerk');
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    const document = await call('GET', `/v1/exchange/documents/${id}`, 'office-clerk');
    expect(document.json).toMatchObject({
      state: 'dispatched',
      sealedSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const seal = await call('GET', `/v1/exchange/documents/${id}/seal`, 'office-clerk');
    expect(seal.json.sealedSha256).toBe(document.json.sealedSha256);
    expect(await drain()).toEqual([{ kind: 'expand', documentId: id }]);

    // The consumer has not recorded the expansion (it does not run here): a second dispatch sends again.
    const resent = await call('POST', `/v1/exchange/documents/${id}/dispatch`, 'office-clerk');
    expect(resent.json).toMatchObject({ queued: true, expansion: 'pending' });
    expect(await drain()).toEqual([{ kind: 'expand', documentId: id }]);
    // Once the consumer has recorded the expansion (as it does when every slice is queued, here with
    // the one delivery this test needs), nothing more is sent.
    await expandedTo(id, SHANGZHOU_OFFICE);
    const recorded = await call('POST', `/v1/exchange/documents/${id}/dispatch`, 'office-clerk');
    expect([recorded.status, recorded.json.expansion]).toEqual([200, 'recorded']);
    expect(await drain()).toEqual([]);
    sqs.destroy();

    const sentList = await call('GET', '/v1/exchange/documents?view=sent', 'office-clerk');
    expect(sentList.json.items.map((d: { id: string }) => d.id)).toContain(id);

    // A recipient unit reads it as it was sent (not the review behind it, nor the earlier drafts),
    // and its handler drafts a reply citing it, and takes it through review and sign-off.
    const received = await call('GET', `/v1/exchange/documents/${id}`, 'shangzhou-handler');
    expect(received.status).toBe(200);
    expect(received.json).toMatchObject({ state: 'dispatched', number: document.json.number });
    expect(received.json).not.toHaveProperty('reviews');
    expect((await call('GET', `/v1/exchange/documents/${id}/revisions`, 'shangzhou-handler')).status).toBe(
      404,
    );
    const reply = await call(
      'POST',
      `/v1/exchange/deliveries/${id}/${SHANGZHOU_OFFICE}/reply`,
      'shangzhou-handler',
      {
        type: '报告',
        title: '商州区人民政府办公室关于电子公文交换试运行准备情况的报告',
        body: '市政府办公室：\n我区已指定收发员，现将有关情况报告如下。',
      },
    );
    expect(reply.status, JSON.stringify(reply.json)).toBe(201);
    expect(reply.json).toMatchObject({
      state: 'draft',
      drafter: 'shangzhou-handler',
      content: {
        issuingUnits: [SHANGZHOU_OFFICE],
        mainRecipients: [OFFICE],
        inReplyTo: { documentId: id, number: document.json.number.normalised },
      },
    });
    const replyId = reply.json.id;
    await call('POST', `/v1/exchange/documents/${replyId}/submit`, 'shangzhou-handler', {
      steps: ['shangzhou-reviewer'],
    });
    await call('POST', `/v1/exchange/documents/${replyId}/approve`, 'shangzhou-reviewer', {});
    const signedReply = await call(
      'POST',
      `/v1/exchange/documents/${replyId}/sign-off`,
      'shangzhou-signer',
      {},
    );
    expect(signedReply.json.number.issuerCode).toBe('商区政办发');
    const replySeal = await call('GET', `/v1/exchange/documents/${replyId}/seal`, 'shangzhou-handler');
    expect(replySeal.json.sealed.document.metadata.inReplyTo).toEqual({
      documentId: id,
      number: document.json.number.normalised,
    });
    const notRecipient = await call(
      'POST',
      `/v1/exchange/deliveries/${id}/${SHANGZHOU_OFFICE}/reply`,
      'finance-clerk',
      {},
    );
    expect(notRecipient.status).toBe(403);
  });

  it('registers a paper document under its number as written, once per unit', async () => {
    const paper = {
      issuer: '陕西省人民政府办公厅',
      number: '陕政办发［2026］３号',
      title: '陕西省人民政府办公厅关于推进政务服务一网通办的通知',
      receivedOn: '2026-01-12',
    };
    const first = await call('POST', '/v1/exchange/paper-documents', 'office-clerk', paper);
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json.number).toMatchObject({
      normalised: '陕政办发〔2026〕3号',
      original: '陕政办发［2026］３号',
    });
    const again = await call('POST', '/v1/exchange/paper-documents', 'office-clerk', {
      ...paper,
      number: '陕政办发〔2026〕3号',
    });
    expect(again.status).toBe(409);
    const elsewhere = await call('POST', '/v1/exchange/paper-documents', 'finance-clerk', paper);
    expect(elsewhere.status).toBe(201);
    const classified = await call('POST', '/v1/exchange/paper-documents', 'office-clerk', {
      ...paper,
      number: '陕政办发〔2026〕4号',
      classification: '秘密',
    });
    expect([classified.status, classified.json.type]).toEqual([
      422,
      'urn:govshare:problem:classified-document',
    ]);
  });
});
