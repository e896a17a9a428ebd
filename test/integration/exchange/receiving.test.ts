import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import {
  approveReview,
  countLeniently,
  createDraft,
  DOCUMENT_STREAM,
  type DocumentEvent,
  type DraftInput,
  dispatch,
  draftInputSchema,
  type ExchangeActor,
  type ExchangeDocument,
  parseDocumentNumber,
  signOff,
  submitForReview,
} from '@govshare/domain/exchange';
import { answerDueAt, cstDay, workingCalendar } from '@govshare/domain/kernel';
import { type DeliveryReader, deliveryReader } from '@govshare/functions/exchange/delivery-store.ts';
import { LOCAL_CRASH_ENV } from '@govshare/functions/exchange/dispatch-messages.ts';
import { type DocumentStore, dynamoDocumentStore } from '@govshare/functions/exchange/document-store.ts';
import { dynamoIdentityStore } from '@govshare/functions/identity/identity-store.ts';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { LOCAL_CLOCK_ENV } from '@govshare/functions/platform/clock.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * Receiving (收文) on the local platform: a dispatched document fans out through the
 * document-dispatch queue to one delivery per recipient unit, exactly once (redelivered messages,
 * a consumer killed half way through a batch), unknown and dissolved recipients are reported, and
 * the recipients sign for, return, register, assign, circulate, read and handle.
 *
 * Most documents are walked through the domain's sending steps here and saved by the document store
 * (signed without a seal, which receiving never reads), with their `expand` message sent as the
 * dispatch route sends it, so that each case costs one write; the last describe goes through the
 * sending routes end to end.
 */
let local: TestPlatform;
let table: string;
let queueUrl: string;
let reader: DeliveryReader;
let documents: DocumentStore;
const tokens = new Map<string, string>();

const CITY_OFFICE = '611000001';
const CHENGGUAN = '611002001000';
const DAJING = '611002100000';
const SHAHEZI = '611002101000';
const SHANGZHOU_OFFICE = '611002001';
const DISSOLVED_TOWNSHIP = '611002199000';

const token = async (user: string) => {
  const known = tokens.get(user);
  if (known) return known;
  const issued = await local.tokenFor(user);
  tokens.set(user, issued);
  return issued;
};
const call = async (user: string, method: string, path: string, body?: unknown) =>
  local.request(method, path, { token: await token(user), ...(body !== undefined ? { body } : {}) });

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const queueIsEmpty = async () => {
  const { Attributes = {} } = await sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible) ===
    0
  );
};
const drained = () => until('the dispatch queue to drain', queueIsEmpty, Boolean);

const send = (message: unknown) =>
  sqs().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeQueueBody(message) }));

/** Every history entry of a document's deliveries (and undeliverable recipients), by stream. */
async function historyOf(documentId: string): Promise<Map<string, { type: string }[]>> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
      ExpressionAttributeValues: { ':pk': `DOC#${documentId}`, ':hist': 'HIST#' },
      ConsistentRead: true,
    }),
  );
  const streams = new Map<string, { type: string }[]>();
  for (const item of Items) {
    if (item.stream === DOCUMENT_STREAM) continue;
    const list = streams.get(item.stream) ?? [];
    list.push(item.event);
    streams.set(item.stream, list);
  }
  return streams;
}

let documentCount = 0;
/**
 * A document walked through the domain's own steps (draft, review, sign-off, dispatch) by the actors
 * of `issuer`, saved by the document store with its history, and its expand message sent.
 */
async function dispatched(
  input: Partial<DraftInput> & { mainRecipients: DraftInput['mainRecipients'] },
  options: { issuer?: string; inReplyTo?: string; expand?: boolean; at?: Date } = {},
): Promise<ExchangeDocument> {
  const issuer = options.issuer ?? CITY_OFFICE;
  const actor = (role: ExchangeActor['roles'][number], who: string): ExchangeActor => ({
    subject: `${who}-${issuer}`,
    unit: issuer,
    roles: [role],
  });
  const now = options.at ?? new Date();
  const id = `rcv-${Date.now().toString(36)}-${++documentCount}`;
  const content = draftInputSchema.parse({
    type: '通知',
    title: `关于做好第${documentCount}项工作的通知`,
    issuingUnits: [issuer],
    body: '各有关单位：现将有关事项通知如下。',
    ...input,
  });
  if (options.inReplyTo) Object.assign(content, { inReplyTo: { documentId: options.inReplyTo } });
  const events: DocumentEvent[] = [];
  let step = createDraft({ id, content, actor: actor('drafter', 'drafter'), now });
  events.push(...step.events);
  step = submitForReview({
    document: step.document,
    steps: ['reviewer'],
    actor: actor('drafter', 'drafter'),
    now,
  });
  events.push(...step.events);
  step = approveReview({
    document: step.document,
    actor: { ...actor('reviewer', 'x'), subject: 'reviewer' },
    now,
  });
  events.push(...step.events);
  const number = parseDocumentNumber(`商政办发〔${cstDay(now).slice(0, 4)}〕${documentCount}号`);
  step = signOff({ document: step.document, actor: actor('signer', 'signer'), now, number });
  events.push(...step.events);
  step = dispatch({
    document: step.document,
    actor: actor('clerk', 'clerk'),
    sealedSha256: 'a'.repeat(64),
    now,
  });
  events.push(...step.events);
  await documents.saveTransition(undefined, { document: step.document, events });
  if (options.expand !== false) await send({ kind: 'expand', documentId: id });
  return step.document;
}

const deliveriesOf = (documentId: string, count: number) =>
  until(
    `${count} deliveries of ${documentId}`,
    () => reader.ofDocument(documentId),
    (all) => all.length >= count,
  );

beforeAll(async () => {
  // A failed dispatch message comes back after 4 s instead of two minutes, so that the batch of a
  // crashed consumer is redelivered within the test. The urge schedule is left out: on its wall-clock
  // timer it would urge what the moved clock makes overdue, and count in the versions checked here
  // (records.test.ts runs it).
  const dispatchQueue = { ...govshare.queues['document-dispatch'], visibilityTimeoutSeconds: 4 };
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  local = await startTestPlatform('receiving', {
    blueprint: {
      ...govshare,
      queues: { ...govshare.queues, 'document-dispatch': dispatchQueue },
      functions,
    },
  });
  table = local.platform.env[tableEnvName('exchange')] as string;
  queueUrl = local.platform.env[queueUrlEnvName('document-dispatch')] as string;
  reader = deliveryReader(dynamo(), table);
  documents = dynamoDocumentStore(dynamo(), table);
  // A township dissolved (撤销) in a merger: it keeps its record but receives nothing.
  const created = await call('egov-admin', 'POST', '/v1/units', {
    code: DISSOLVED_TOWNSHIP,
    name: '商州区原某乡人民政府',
    shortName: '商区原某乡',
    parentCode: '611002000',
    level: 'township',
    kind: 'government',
    dissolved: true,
  });
  expect(created.status).toBe(201);
}, 120_000);

afterAll(async () => {
  delete process.env[LOCAL_CRASH_ENV];
  delete process.env[LOCAL_CLOCK_ENV];
  await local?.stop();
});

describe('dispatch: one delivery per recipient unit, exactly once', () => {
  let notice: ExchangeDocument;

  it('delivers to every township of a county and reports the unknown and dissolved recipients', async () => {
    notice = await dispatched({
      mainRecipients: [{ group: 'townships-of', county: '611002' }],
      copyRecipients: [
        SHANGZHOU_OFFICE,
        '611002998',
        { group: 'townships-of', county: '619999' },
        { list: 'no-such-list' },
      ],
    });
    const all = await deliveriesOf(notice.id, 4);
    expect(all.map((d) => [d.recipientUnit, d.as, d.state]).sort()).toEqual(
      [
        [CHENGGUAN, 'main', 'delivered'],
        [DAJING, 'main', 'delivered'],
        [SHAHEZI, 'main', 'delivered'],
        [SHANGZHOU_OFFICE, 'copy', 'delivered'],
      ].sort(),
    );
    const first = all.find((d) => d.recipientUnit === CHENGGUAN);
    expect(first).toMatchObject({
      title: notice.content.title,
      documentType: '通知',
      documentNumber: notice.number?.normalised,
      issuingUnits: [CITY_OFFICE],
      recipientName: '商州区城关街道办事处',
      historyHead: { seq: 1 },
    });
    await drained();
    const matrix = await call('office-clerk', 'GET', `/v1/exchange/documents/${notice.id}/deliveries`);
    expect(matrix.status).toBe(200);
    expect(matrix.json.counts).toMatchObject({ total: 4, undeliverable: 4, byState: { delivered: 4 } });
    expect(
      matrix.json.undeliverable
        .map((u: { recipient: string; reason: string; via?: string }) => [
          u.recipient,
          u.reason,
          u.via ?? null,
        ])
        .sort(),
    ).toEqual(
      [
        [`unit:${DISSOLVED_TOWNSHIP}`, 'dissolved', 'townships-of:611002'],
        ['unit:611002998', 'unknown-unit', null],
        ['townships-of:619999', 'unknown-group', null],
        ['list:no-such-list', 'unknown-list', null],
      ].sort(),
    );
    // The dispatch route knows from this that no second expand is needed.
    const { Item: expansion } = await dynamo().send(
      new GetCommand({ TableName: table, Key: { pk: `DOC#${notice.id}`, sk: 'EXPANSION' } }),
    );
    expect(expansion).toMatchObject({ main: 3, copy: 1, undeliverable: 4, slices: 2 });
    const history = await historyOf(notice.id);
    expect(history.get(`delivery:${CHENGGUAN}`)?.map((e) => e.type)).toEqual(['delivered']);
    expect(history.get(`delivery:${DISSOLVED_TOWNSHIP}`)?.map((e) => e.type)).toEqual(['undeliverable']);
    // Each chain ends at the head its item keeps, the undeliverable recipients' too.
    const verified = await call('office-clerk', 'GET', `/v1/exchange/documents/${notice.id}/history/verify`);
    expect(verified.json).toMatchObject({ intact: true, streams: 9, breaks: [] });
    // Only the issuing units (and the platform administrator, auditors) see the matrix.
    expect(
      (await call('chengguan-clerk', 'GET', `/v1/exchange/documents/${notice.id}/deliveries`)).status,
    ).toBe(403);
    expect((await call('egov-auditor', 'GET', `/v1/exchange/documents/${notice.id}/deliveries`)).status).toBe(
      200,
    );
  });

  it('writes no duplicate when the same expand and deliver messages come twice', async () => {
    await send({ kind: 'expand', documentId: notice.id });
    await send({ kind: 'deliver', documentId: notice.id, units: [CHENGGUAN, DAJING], as: 'main' });
    await send({ kind: 'deliver', documentId: notice.id, units: [CHENGGUAN, DAJING], as: 'main' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await drained();
    const all = await reader.ofDocument(notice.id);
    expect(all).toHaveLength(4);
    expect(all.every((d) => d.version === 1 && d.historyHead.seq === 1)).toBe(true);
    const history = await historyOf(notice.id);
    for (const [stream, events] of history) expect([stream, events.length]).toEqual([stream, 1]);
  });

  it('loses nothing and doubles nothing when the consumer dies in the middle of a deliver batch', async () => {
    // A county of 130 townships: three deliver slices (50, 50, 30), handled in one batch.
    const identity = dynamoIdentityStore(dynamo(), local.platform.env[tableEnvName('identity')] as string);
    const county = '619901';
    await identity.createUnit({
      code: `${county}000`,
      name: '测试县人民政府',
      shortName: '测政',
      parentCode: '611000000',
      level: 'county',
      kind: 'government',
    });
    const townships = Array.from({ length: 130 }, (_, i) => `${county}${String(i + 1).padStart(3, '0')}000`);
    await Promise.all(
      townships.map((code, i) =>
        identity.createUnit({
          code,
          name: `测试县第${i + 1}镇人民政府`,
          shortName: `测${i + 1}镇`,
          parentCode: `${county}000`,
          level: 'township',
          kind: 'government',
        }),
      ),
    );
    // The consumer's environment exits (as a killed Lambda) once it has written 60 deliveries.
    process.env[LOCAL_CRASH_ENV] = '60';
    const big = await dispatched({ mainRecipients: [{ group: 'townships-of', county }] });
    await until(
      'the crash',
      async () => process.env[LOCAL_CRASH_ENV],
      (value) => value === undefined,
    );
    const all = await deliveriesOf(big.id, 130);
    await drained();
    const again = await reader.ofDocument(big.id);
    expect(again.map((d) => d.recipientUnit).sort()).toEqual(townships);
    const history = await historyOf(big.id);
    expect(history.size).toBe(130);
    for (const events of history.values()) expect(events.map((e) => e.type)).toEqual(['delivered']);
    expect(all.every((d) => d.version === 1)).toBe(true);
  }, 90_000);
});

describe('receiving: sign for, return, withdraw, resend, handle', () => {
  let doc: ExchangeDocument;
  const path = (unit: string, action = '') =>
    `/v1/exchange/deliveries/${doc.id}/${unit}${action ? `/${action}` : ''}`;

  beforeAll(async () => {
    doc = await dispatched({ mainRecipients: [CHENGGUAN, DAJING, SHAHEZI], urgency: '加急' });
    await deliveriesOf(doc.id, 3);
  });

  it('records the first opening by the recipient unit, not by the sender', async () => {
    expect((await call('office-clerk', 'GET', path(CHENGGUAN))).json.delivery.state).toBe('delivered');
    const opened = await call('chengguan-leader', 'GET', path(CHENGGUAN));
    expect(opened.status).toBe(200);
    expect(opened.json.delivery).toMatchObject({ state: 'opened', openedBy: 'chengguan-leader' });
    expect(opened.json.document.content.title).toBe(doc.content.title);
    expect((await call('chengguan-clerk', 'GET', path(CHENGGUAN))).json.delivery.openedBy).toBe(
      'chengguan-leader',
    );
    // Another township learns nothing of it.
    expect((await call('dajing-clerk', 'GET', path(CHENGGUAN))).status).toBe(404);
  });

  it('signs for once when two clerks click at once: the other is told who signed', async () => {
    const [a, b] = await Promise.all([
      call('chengguan-clerk', 'POST', path(CHENGGUAN, 'sign-for')),
      call('chengguan-clerk-2', 'POST', path(CHENGGUAN, 'sign-for')),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    expect(loser.json.detail).toContain(`by ${winner.json.delivery.signedForBy}`);
    const stored = await reader.get(doc.id, CHENGGUAN);
    expect(stored).toMatchObject({ state: 'signed-for', version: 3, historyHead: { seq: 3 } });
    expect(stored?.handleDueAt).toBeDefined();
  });

  it('returns (退文) with a reason, which the sender sees at once', async () => {
    const returned = await call('dajing-clerk', 'POST', path(DAJING, 'return'), {
      reason: 'misdirected',
      text: '非我镇职责',
    });
    expect(returned.status).toBe(200);
    const matrix = await call(
      'office-clerk',
      'GET',
      `/v1/exchange/documents/${doc.id}/deliveries?state=returned`,
    );
    expect(matrix.json.items).toEqual([
      expect.objectContaining({
        recipientUnit: DAJING,
        state: 'returned',
        returnReason: 'misdirected',
        returnedBy: 'dajing-clerk',
      }),
    ]);
    expect((await call('dajing-clerk', 'POST', path(DAJING, 'return'), { reason: 'lost' })).status).toBe(400);
  });

  it('resends to a corrected recipient after the return; handling before sign-for is refused', async () => {
    const resent = await call('office-clerk', 'POST', `/v1/exchange/documents/${doc.id}/deliveries/resend`, {
      from: DAJING,
      to: SHANGZHOU_OFFICE,
    });
    expect(resent.status).toBe(201);
    expect(resent.json.delivery).toMatchObject({
      recipientUnit: SHANGZHOU_OFFICE,
      state: 'delivered',
      resentFrom: DAJING,
    });
    expect(resent.json.returned).toMatchObject({ resentTo: SHANGZHOU_OFFICE });
    const twice = await call('office-clerk', 'POST', `/v1/exchange/documents/${doc.id}/deliveries/resend`, {
      from: DAJING,
      to: '611002108',
    });
    expect(twice.status).toBe(409);
    // shangzhou-clerk is a clerk and a handler of the county office: handling before sign-for is a transition refused.
    const early = await call('shangzhou-clerk', 'POST', path(SHANGZHOU_OFFICE, 'handle'), {
      opinion: '已阅',
    });
    expect(early.status).toBe(409);
    expect(early.json.type).toBe('urn:govshare:problem:invalid-transition');
    expect((await reader.get(doc.id, SHANGZHOU_OFFICE))?.version).toBe(1);
  });

  it('withdraws what is not signed for yet; signing for a withdrawn delivery is refused and writes nothing', async () => {
    const withdrawn = await call(
      'office-clerk',
      'POST',
      `/v1/exchange/documents/${doc.id}/deliveries/withdraw`,
      {
        units: [SHAHEZI, CHENGGUAN],
      },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.results.map((r: { unit: string; status: number }) => [r.unit, r.status])).toEqual([
      [SHAHEZI, 200],
      [CHENGGUAN, 409],
    ]);
    const before = await reader.get(doc.id, SHAHEZI);
    const late = await call('shahezi-clerk', 'POST', path(SHAHEZI, 'sign-for'));
    expect(late.status).toBe(409);
    expect(late.json.type).toBe('urn:govshare:problem:invalid-transition');
    expect(await reader.get(doc.id, SHAHEZI)).toEqual(before);
    const inbox = await call('shahezi-clerk', 'GET', '/v1/exchange/inbox?view=to-sign');
    expect(inbox.json.items.map((i: { documentId: string }) => i.documentId)).not.toContain(doc.id);
  });

  it('registers, assigns one lead and a co-handler, circulates, reads, and the lead handles with an opinion', async () => {
    expect(
      (
        await call('chengguan-clerk', 'POST', path(CHENGGUAN, 'register'), {
          registerNumber: '城收〔2026〕8号',
        })
      ).status,
    ).toBe(200);
    const notHandler = await call('chengguan-clerk', 'POST', path(CHENGGUAN, 'assign'), {
      lead: 'chengguan-leader',
    });
    expect(notHandler.status).toBe(400);
    expect(notHandler.json.errors[0].path).toBe('body.lead');
    const otherUnit = await call('chengguan-clerk', 'POST', path(CHENGGUAN, 'assign'), {
      lead: 'dajing-handler',
    });
    expect(otherUnit.json.errors[0].path).toBe('body.lead');
    const due = cstDay(new Date(Date.now() + 7 * 86_400_000));
    const assigned = await call('chengguan-clerk', 'POST', path(CHENGGUAN, 'assign'), {
      lead: 'chengguan-handler',
      others: ['chengguan-handler-2'],
      dueOn: due,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json.delivery).toMatchObject({
      state: 'assigned',
      handler: 'chengguan-handler',
      coHandlers: ['chengguan-handler-2'],
    });
    const todo = await call('chengguan-handler-2', 'GET', '/v1/exchange/inbox?view=to-do&scope=me');
    expect(
      todo.json.items.map((t: { documentId: string; lead: boolean }) => [t.documentId, t.lead]),
    ).toContainEqual([doc.id, false]);

    const circulated = await call('chengguan-leader', 'POST', path(CHENGGUAN, 'circulate'), {
      readers: ['chengguan-clerk-2', 'chengguan-leader'],
    });
    expect(circulated.status).toBe(200);
    expect(circulated.json.added).toEqual(['chengguan-clerk-2', 'chengguan-leader']);
    const toHandler = await call('chengguan-leader', 'POST', path(CHENGGUAN, 'circulate'), {
      readers: ['chengguan-handler'],
    });
    expect(toHandler.status).toBe(400);
    const toRead = await call('chengguan-clerk-2', 'GET', '/v1/exchange/inbox?view=to-read');
    expect(toRead.json.items.map((t: { documentId: string }) => t.documentId)).toContain(doc.id);
    expect((await call('chengguan-clerk-2', 'POST', path(CHENGGUAN, 'read'))).status).toBe(200);
    const read = await call('chengguan-clerk-2', 'GET', '/v1/exchange/inbox?view=read');
    expect(read.json.items.map((t: { documentId: string }) => t.documentId)).toContain(doc.id);
    expect((await call('dajing-clerk', 'POST', path(CHENGGUAN, 'read'))).status).toBe(404);

    expect(
      (await call('chengguan-handler-2', 'POST', path(CHENGGUAN, 'handle'), { opinion: '已办' })).status,
    ).toBe(403);
    const handled = await call('chengguan-handler', 'POST', path(CHENGGUAN, 'handle'), {
      opinion: '已按通知要求组织落实',
    });
    expect(handled.status).toBe(200);
    expect(handled.json.delivery).toMatchObject({
      state: 'handled',
      handledBy: 'chengguan-handler',
      opinion: '已按通知要求组织落实',
    });
    const done = await call('chengguan-handler-2', 'GET', '/v1/exchange/inbox?view=done&scope=me');
    expect(done.json.items.map((t: { documentId: string }) => t.documentId)).toContain(doc.id);
    const unitDone = await call('chengguan-clerk', 'GET', '/v1/exchange/inbox?view=done');
    expect(unitDone.json.items.map((i: { documentId: string }) => i.documentId)).toContain(doc.id);

    const history = await historyOf(doc.id);
    expect(history.get(`delivery:${CHENGGUAN}`)?.map((e) => e.type)).toEqual([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'circulated',
      'read',
      'handled',
    ]);
    const stored = await reader.get(doc.id, CHENGGUAN);
    expect(stored?.historyHead.seq).toBe(8);
    const matrix = await call(
      'office-clerk',
      'GET',
      `/v1/exchange/documents/${doc.id}/deliveries?sort=state`,
    );
    expect(matrix.json.counts.byState).toMatchObject({ handled: 1, returned: 1, withdrawn: 1, delivered: 1 });
  });
});

describe('replies and inboxes', () => {
  it('marks the answered delivery replied, once, when the reply is dispatched', async () => {
    const original = await dispatched({ mainRecipients: [SHAHEZI] });
    await deliveriesOf(original.id, 1);
    expect(
      (await call('shahezi-clerk', 'POST', `/v1/exchange/deliveries/${original.id}/${SHAHEZI}/sign-for`))
        .status,
    ).toBe(200);
    const reply = await dispatched(
      { type: '报告', mainRecipients: [CITY_OFFICE] },
      { issuer: SHAHEZI, inReplyTo: original.id },
    );
    await deliveriesOf(reply.id, 1);
    const answered = await until(
      'the reply to close the original',
      () => reader.get(original.id, SHAHEZI),
      (d) => d?.state === 'replied',
    );
    expect(answered).toMatchObject({ replyDocumentId: reply.id, version: 3 });
    await send({ kind: 'expand', documentId: reply.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await drained();
    expect((await reader.get(original.id, SHAHEZI))?.version).toBe(3);
  });

  it('lists 待签收 most urgent and oldest due first, page by page, and refuses a forged cursor', async () => {
    const unit = '611002108'; // 商州区财政局: a unit nothing else sends to
    const normal = await dispatched({ mainRecipients: [unit] });
    const urgent = await dispatched({ mainRecipients: [unit], urgency: '特急' });
    const soon = await dispatched({ mainRecipients: [unit], urgency: '加急' });
    const report = await dispatched({ type: '函', mainRecipients: [unit] });
    for (const d of [normal, urgent, soon, report]) await deliveriesOf(d.id, 1);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'shangzhou-finance-clerk',
        'GET',
        `/v1/exchange/inbox?view=to-sign&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((i: { documentId: string }) => i.documentId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 2)).toEqual([urgent.id, soon.id]);
    expect(seen.slice(2).sort()).toEqual([normal.id, report.id].sort());
    const letters = await call('shangzhou-finance-clerk', 'GET', '/v1/exchange/inbox?view=to-sign&type=函');
    expect(letters.json.items.map((i: { documentId: string }) => i.documentId)).toEqual([report.id]);
    const forged = await call(
      'shangzhou-finance-clerk',
      'GET',
      `/v1/exchange/inbox?view=to-sign&cursor=${Buffer.from('{"pk":"x"}').toString('base64url')}`,
    );
    expect(forged.status).toBe(400);
    expect(forged.json.errors[0].path).toBe('query.cursor');
    const first = await call('shangzhou-finance-clerk', 'GET', '/v1/exchange/inbox?view=to-sign&limit=1');
    const otherView = await call(
      'shangzhou-finance-clerk',
      'GET',
      `/v1/exchange/inbox?view=to-do&cursor=${first.json.nextCursor}`,
    );
    expect(otherView.status).toBe(400);
    expect((await call('shangzhou-finance-handler', 'GET', '/v1/exchange/inbox?view=to-sign')).status).toBe(
      403,
    );
    expect(
      (await call('shangzhou-finance-clerk', 'GET', '/v1/exchange/inbox?view=to-read&scope=unit')).status,
    ).toBe(400);

    const many = await call('shangzhou-finance-clerk', 'POST', '/v1/exchange/inbox/sign-for', {
      documentIds: [urgent.id, soon.id, 'no-such-document'],
    });
    expect(many.status).toBe(200);
    expect(many.json.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 404]);
    const todo = await call('shangzhou-finance-clerk', 'GET', '/v1/exchange/inbox?view=to-do');
    expect(todo.json.items.map((i: { documentId: string }) => i.documentId)).toEqual([urgent.id, soon.id]);
  });
});

describe('deadlines, the urge index and the audit trail', () => {
  it('counts a year the calendar lacks on weekends alone, and flags the delivery', async () => {
    // Wednesday 30 December 2026: two working days run into 2027, which the sample calendar lacks.
    const at = new Date('2026-12-30T02:00:00.000Z');
    process.env[LOCAL_CLOCK_ENV] = at.toISOString();
    try {
      const late = await dispatched({ mainRecipients: [DAJING] }, { at });
      const [delivery] = await deliveriesOf(late.id, 1);
      expect(delivery).toMatchObject({
        deadlinesWithoutHolidays: [2027],
        signForDueAt: '2027-01-01T16:00:00.000Z',
      });
      const history = await historyOf(late.id);
      expect(history.get(`delivery:${DAJING}`)?.[0]).toMatchObject({ details: { weekendsOnly: '2027' } });
      const signed = await call(
        'dajing-clerk',
        'POST',
        `/v1/exchange/deliveries/${late.id}/${DAJING}/sign-for`,
      );
      expect(signed.status).toBe(200);
      expect(signed.json.delivery.deadlinesWithoutHolidays).toEqual([2027]);
      expect(signed.json.delivery.handleDueAt > '2027-01-01').toBe(true);
    } finally {
      delete process.env[LOCAL_CLOCK_ENV];
    }
  });

  it('keeps open deliveries, and only those, in the due index of the urge sweep', async () => {
    const due = await reader.dueBy('2099-01-01T00:00:00.000Z', { limit: 10_000 });
    const keys = new Set(due.map((d) => `${d.documentId}/${d.unit}`));
    const all = (
      await Promise.all([...new Set(due.map((d) => d.documentId))].map((id) => reader.ofDocument(id)))
    ).flat();
    for (const delivery of all) {
      const open = ['delivered', 'opened', 'signed-for', 'registered', 'assigned'].includes(delivery.state);
      const expected =
        open &&
        (delivery.state === 'delivered' || delivery.state === 'opened' || delivery.handleDueAt !== undefined);
      expect([delivery.id, keys.has(delivery.id)]).toEqual([delivery.id, expected]);
    }
    expect(due.map((d) => d.dueAt)).toEqual([...due.map((d) => d.dueAt)].sort());
    expect((await reader.dueBy('2000-01-01T00:00:00.000Z')).length).toBe(0);
  });

  it('sends every transition to the audit trail, with ids and states only', async () => {
    const auditTable = local.platform.env[tableEnvName('audit')] as string;
    const wanted = [
      'deliver',
      'undeliverable',
      'open',
      'sign-for',
      'return',
      'resend',
      'withdraw',
      'register',
      'assign',
      'circulate',
      'read',
      'handle',
      'reply',
    ].map((verb) => `exchange.delivery.${verb}`);
    const actions = await until(
      'the audit trail',
      async () => {
        const { Items = [] } = await dynamo().send(
          new ScanCommand({
            TableName: auditTable,
            FilterExpression: 'begins_with(#action, :prefix)',
            ExpressionAttributeNames: { '#action': 'action' },
            ExpressionAttributeValues: { ':prefix': 'exchange.delivery.' },
          }),
        );
        return Items;
      },
      (items) => wanted.every((action) => items.some((item) => item.action === action)),
    );
    const signFor = actions.find((item) => item.action === 'exchange.delivery.sign-for');
    expect(signFor?.items?.[0]).toMatch(/^delivery:rcv-/);
    expect(JSON.stringify(actions)).not.toContain('关于做好');
  });
});

describe('through the sending routes: draft, review, sign-off, dispatch, receive, reply', () => {
  it('dispatches a signed notice to its recipients once, and a reply closes the delivery it answers', async () => {
    const created = await call('office-drafter', 'POST', '/v1/exchange/documents', {
      type: '通知',
      title: '商洛市人民政府办公室关于做好冬季森林防火工作的通知',
      issuingUnits: [CITY_OFFICE],
      mainRecipients: [SHANGZHOU_OFFICE, { group: 'townships-of', county: '611002' }],
      copyRecipients: ['611000108'],
      urgency: '加急',
      handleWithinWorkingDays: 3,
      body: '各县区人民政府办公室，各镇人民政府、街道办事处：\n现就冬季森林防火工作通知如下。',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.id;
    expect(
      (
        await call('office-drafter', 'POST', `/v1/exchange/documents/${id}/submit`, {
          steps: ['office-reviewer'],
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('office-reviewer', 'POST', `/v1/exchange/documents/${id}/approve`, { opinion: '同意' }))
        .status,
    ).toBe(200);
    expect((await call('office-signer', 'POST', `/v1/exchange/documents/${id}/sign-off`, {})).status).toBe(
      200,
    );
    const sent = await call('office-clerk', 'POST', `/v1/exchange/documents/${id}/dispatch`);
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);

    const all = await deliveriesOf(id, 5);
    expect(all.map((d) => [d.recipientUnit, d.as]).sort()).toEqual(
      [
        [SHANGZHOU_OFFICE, 'main'],
        [CHENGGUAN, 'main'],
        [DAJING, 'main'],
        [SHAHEZI, 'main'],
        ['611000108', 'copy'],
      ].sort(),
    );
    await drained();
    // The expansion is recorded: dispatching again sends nothing more.
    const again = await call('office-clerk', 'POST', `/v1/exchange/documents/${id}/dispatch`);
    expect([again.status, again.json.expansion]).toEqual([200, 'recorded']);
    const matrix = await call('office-signer', 'GET', `/v1/exchange/documents/${id}/deliveries`);
    expect(matrix.json.counts).toMatchObject({ total: 5, undeliverable: 1 });
    expect(matrix.json.undeliverable[0]).toMatchObject({ unit: DISSOLVED_TOWNSHIP, reason: 'dissolved' });

    const received = await call(
      'shangzhou-clerk',
      'GET',
      `/v1/exchange/deliveries/${id}/${SHANGZHOU_OFFICE}`,
    );
    expect(received.json.document.number.normalised).toMatch(/^商政办发〔\d{4}〕\d+号$/);
    // The sender's handling deadline is sealed with the document and kept on each main delivery.
    const seal = await call('office-clerk', 'GET', `/v1/exchange/documents/${id}/seal`);
    expect(seal.json.sealed.document.metadata.handleWithinWorkingDays).toBe(3);
    expect(all.map((d) => [d.as, d.handleWithin ?? null])).toContainEqual(['copy', null]);
    expect(all.filter((d) => d.as === 'main').every((d) => d.handleWithin === 3)).toBe(true);
    const signed = await call(
      'shangzhou-clerk',
      'POST',
      `/v1/exchange/deliveries/${id}/${SHANGZHOU_OFFICE}/sign-for`,
    );
    expect(signed.status).toBe(200);
    const { signedForAt, handleDueAt } = signed.json.delivery;
    // 3 working days from the day of sign-for, on the sample calendar (weekends alone past its end).
    const sample = workingCalendar(sampleCalendarYears);
    expect(handleDueAt).toBe(
      countLeniently(sample, (held) => answerDueAt(new Date(signedForAt), 3, held)).value,
    );

    const reply = await call(
      'shangzhou-handler',
      'POST',
      `/v1/exchange/deliveries/${id}/${SHANGZHOU_OFFICE}/reply`,
      {
        type: '报告',
        title: '商州区人民政府办公室关于冬季森林防火工作落实情况的报告',
        body: '市政府办公室：\n我区已按通知要求部署冬季森林防火工作，现将有关情况报告如下。',
      },
    );
    expect(reply.status, JSON.stringify(reply.json)).toBe(201);
    const replyId: string = reply.json.id;
    await call('shangzhou-handler', 'POST', `/v1/exchange/documents/${replyId}/submit`, {
      steps: ['shangzhou-reviewer'],
    });
    await call('shangzhou-reviewer', 'POST', `/v1/exchange/documents/${replyId}/approve`, {});
    expect(
      (await call('shangzhou-signer', 'POST', `/v1/exchange/documents/${replyId}/sign-off`, {})).status,
    ).toBe(200);
    expect((await call('shangzhou-clerk', 'POST', `/v1/exchange/documents/${replyId}/dispatch`)).status).toBe(
      202,
    );

    await deliveriesOf(replyId, 1);
    const answered = await until(
      'the reply to close the delivery it answers',
      () => reader.get(id, SHANGZHOU_OFFICE),
      (d) => d?.state === 'replied',
    );
    expect(answered).toMatchObject({ replyDocumentId: replyId, repliedBy: 'shangzhou-handler' });
    const office = await call('office-clerk', 'GET', '/v1/exchange/inbox?view=to-sign');
    expect(office.json.items.map((i: { documentId: string }) => i.documentId)).toContain(replyId);
  });
});
