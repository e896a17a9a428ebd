import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bucketEnvName, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import {
  type AttachmentRef,
  approveReview,
  assign,
  createDraft,
  type Delivery,
  type DeliveryTransition,
  DOCUMENT_STREAM,
  type DocumentEvent,
  deliveredEvent,
  deliveriesFor,
  deliveryStream,
  dispatch,
  draftInputSchema,
  type ExchangeActor,
  markHandled,
  parseDocumentNumber,
  register,
  returnDelivery,
  reviseDraft,
  sealedPackageOf,
  sealedPackageSha256,
  sealTransition,
  sha256Hex,
  signFor,
  signOff,
  submitForReview,
} from '@govshare/domain/exchange';
import { workingCalendar } from '@govshare/domain/kernel';
import { s3ArchivePackages } from '@govshare/functions/exchange/archive-objects.ts';
import { contentObjectKey } from '@govshare/functions/exchange/attachment-store.ts';
import { type DeliveryStore, dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { type DocumentStore, dynamoDocumentStore } from '@govshare/functions/exchange/document-store.ts';
import { notificationEventSchema } from '@govshare/functions/exchange/notification-events.ts';
import {
  dynamoSealKeyStore,
  type SealKeyStore,
  sealAlgorithmFromEnv,
  sealKeyCipherFromEnv,
} from '@govshare/functions/exchange/seal-keys.ts';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { LOCAL_CLOCK_ENV } from '@govshare/functions/platform/clock.ts';
import { decodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * Urges, notifications, history verification and archive on the local platform, through the
 * exchange function's own routes and the `exchange-urges` schedule. The documents and deliveries
 * are made in the past (the sweep runs on a moved clock): walked through the domain's steps and
 * saved by the document and delivery stores, sealed with the office's key from the seal-key store,
 * their attachments where the attachment store keeps checked contents.
 */
let local: TestPlatform;
let table: string;
let documentsBucket: string;
let archiveBucket: string;
let documents: DocumentStore;
let deliveries: DeliveryStore;
let sealKeys: SealKeyStore;
const tokens: Record<string, string> = {};
const calendar = workingCalendar(sampleCalendarYears);

const OFFICE = '611000001'; // 商洛市人民政府办公室: office-drafter, -reviewer, -signer, -clerk, -leader
const DAJING = '611002100000'; // 大荆镇: dajing-clerk, dajing-clerk-2, dajing-handler, dajing-leader
const SHAHEZI = '611002101000'; // 沙河子镇: shahezi-clerk, shahezi-handler, shahezi-leader
const CHENGGUAN = '611002001000'; // 城关街道: chengguan-clerk, chengguan-clerk-2, handlers, leader

const drafter: ExchangeActor = { subject: 'office-drafter', unit: OFFICE, roles: ['drafter'] };
const reviewer: ExchangeActor = { subject: 'office-reviewer', unit: OFFICE, roles: ['reviewer'] };
const signer: ExchangeActor = { subject: 'office-signer', unit: OFFICE, roles: ['signer'] };
const officeClerk: ExchangeActor = { subject: 'office-clerk', unit: OFFICE, roles: ['clerk'] };
const clerkOf = (unit: string): ExchangeActor => ({ subject: `clerk-of-${unit}`, unit, roles: ['clerk'] });
const handlerOf = (unit: string): ExchangeActor => ({
  subject: `handler-of-${unit}`,
  unit,
  roles: ['handler'],
});

const cst = (local: string) => new Date(`${local}+08:00`);
const setClock = (iso: string) => {
  process.env[LOCAL_CLOCK_ENV] = iso;
};

// ---------------------------------------------------------------- fixtures, through the stores

let numberSequence = 0;

type DeliveryStep = (delivery: Delivery) => DeliveryTransition;

/**
 * A document drafted, revised once, reviewed, signed off (numbered and sealed), and dispatched at
 * `at`, saved with its history; each recipient's delivery delivered at `at` and taken through
 * `steps` (sign-for and on), one stored transition each.
 */
async function dispatchedDocument(args: {
  id: string;
  at: Date;
  urgency?: '特急' | '加急';
  recipients: Record<string, DeliveryStep[]>;
  attachments?: { name: string; bytes: Uint8Array; upload?: boolean }[];
}) {
  const { id, at } = args;
  const attachments: AttachmentRef[] = (args.attachments ?? []).map((a) => ({
    name: a.name,
    sha256: sha256Hex(a.bytes),
    size: a.bytes.byteLength,
  }));
  for (const a of args.attachments ?? []) {
    if (a.upload === false) continue;
    await s3().send(
      new PutObjectCommand({
        Bucket: documentsBucket,
        Key: contentObjectKey(OFFICE, sha256Hex(a.bytes)),
        Body: a.bytes,
      }),
    );
  }
  const input = (body: string) =>
    draftInputSchema.parse({
      type: '通知',
      title: '关于做好秋季森林防火工作的通知',
      issuingUnits: [OFFICE],
      mainRecipients: Object.keys(args.recipients),
      ...(args.urgency ? { urgency: args.urgency } : {}),
      body,
      attachments,
    });
  const minutes = (n: number) => new Date(at.getTime() - (60 - n) * 60_000);
  const events: DocumentEvent[] = [];
  let t = createDraft({ id, content: input('草稿：初稿文字，不得归档。'), actor: drafter, now: minutes(1) });
  events.push(...t.events);
  t = reviseDraft({
    document: t.document,
    content: input('各镇人民政府、街道办事处：\n请做好秋季森林防火工作。'),
    actor: drafter,
    now: minutes(2),
  });
  events.push(...t.events);
  t = submitForReview({ document: t.document, steps: ['office-reviewer'], actor: drafter, now: minutes(3) });
  events.push(...t.events);
  t = approveReview({ document: t.document, actor: reviewer, opinion: '同意', now: minutes(4) });
  events.push(...t.events);
  numberSequence += 1;
  const { key, signing } = await sealKeys.signingKey(OFFICE, minutes(5));
  t = sealTransition(
    signOff({
      document: t.document,
      actor: signer,
      now: minutes(5),
      number: parseDocumentNumber(`商政办发〔2026〕${numberSequence}号`),
    }),
    signing,
    [minutes(5).toISOString(), key.validFrom].sort().at(-1) as string,
  );
  events.push(...t.events);
  const sealedSha256 = sealedPackageSha256(sealedPackageOf(t.document));
  t = dispatch({ document: t.document, actor: officeClerk, sealedSha256, now: at });
  events.push(...t.events);
  const document = await documents.saveTransition(undefined, { document: t.document, events });

  for (const delivery of deliveriesFor({
    documentId: id,
    issuingUnits: [OFFICE],
    urgency: args.urgency ?? 'normal',
    main: Object.keys(args.recipients),
    copy: [],
    now: at,
    calendar,
  })) {
    await deliveries.createMany([
      {
        delivery: {
          ...delivery,
          title: document.content.title,
          documentType: document.content.type,
          ...(document.number ? { documentNumber: document.number.normalised } : {}),
          issuingUnits: document.content.issuingUnits,
        },
        events: [deliveredEvent(delivery)],
      },
    ]);
    for (const step of args.recipients[delivery.recipientUnit] ?? []) {
      await deliveries.update(id, delivery.recipientUnit, (current) => step(current));
    }
  }
}

const signedForAt =
  (local: string): DeliveryStep =>
  (delivery) =>
    signFor({ delivery, actor: clerkOf(delivery.recipientUnit), now: cst(local), calendar });
const handledAt =
  (local: string): DeliveryStep =>
  (delivery) => {
    const unit = delivery.recipientUnit;
    const now = cst(local);
    const a = signFor({ delivery, actor: clerkOf(unit), now, calendar });
    const b = register({ delivery: a.delivery, actor: clerkOf(unit), registerNumber: '收〔2026〕1号', now });
    const c = assign({ delivery: b.delivery, actor: clerkOf(unit), lead: handlerOf(unit).subject, now });
    const d = markHandled({ delivery: c.delivery, actor: handlerOf(unit), opinion: '已落实', now });
    return { delivery: d.delivery, events: [...a.events, ...b.events, ...c.events, ...d.events] };
  };
const returnedAt =
  (local: string): DeliveryStep =>
  (delivery) =>
    returnDelivery({
      delivery,
      actor: clerkOf(delivery.recipientUnit),
      input: { reason: 'not-for-us' },
      now: cst(local),
    });

// ---------------------------------------------------------------- the platform and the routes

const request = (
  method: string,
  path: string,
  user: string,
  body?: unknown,
  query?: Record<string, string>,
) =>
  local.request(method, query ? `${path}?${new URLSearchParams(query)}` : path, {
    token: tokens[user],
    ...(body !== undefined ? { body } : {}),
  });

beforeAll(async () => {
  setClock('2026-09-30T02:00:00.000Z');
  local = await startTestPlatform('records', { sampleData: true });
  table = local.platform.env[tableEnvName('exchange')] as string;
  documentsBucket = local.platform.env[bucketEnvName('documents')] as string;
  archiveBucket = local.platform.env[bucketEnvName('archive')] as string;
  documents = dynamoDocumentStore(dynamo(), table);
  deliveries = dynamoDeliveryStore(dynamo(), table);
  // The platform gave its functions the seal key file; this process shares their environment.
  sealKeys = dynamoSealKeyStore(dynamo(), table, sealKeyCipherFromEnv(), sealAlgorithmFromEnv());
  for (const user of [
    'office-clerk',
    'office-leader',
    'office-drafter',
    'dajing-clerk',
    'dajing-clerk-2',
    'dajing-leader',
    'shahezi-clerk',
    'shahezi-leader',
    'egov-auditor',
    'finance-clerk',
  ]) {
    tokens[user] = await local.tokenFor(user);
  }
}, 180_000);

afterAll(async () => {
  delete process.env[LOCAL_CLOCK_ENV];
  await local?.stop();
});

const sweep = async () =>
  (await local.platform.triggerSchedule('exchange-urges')) as {
    late: number;
    level1: number;
    level2: number;
    failed: number;
  };
const noticesOf = async (user: string) =>
  (await request('GET', '/v1/notifications', user, undefined, { limit: '50' })).json;

// ---------------------------------------------------------------- urges

describe('the urge sweep (exchange-urges) with a moving clock', () => {
  beforeAll(async () => {
    // Wednesday 30 September, 加急: sign for by the end of Thursday 8 October (after the holiday).
    await dispatchedDocument({
      id: 'urge-doc-1',
      at: cst('2026-09-30T10:00:00'),
      urgency: '加急',
      recipients: { [DAJING]: [], [SHAHEZI]: [], [CHENGGUAN]: [signedForAt('2026-09-30T11:00:00')] },
    });
  });

  it('urges nobody before the deadline', async () => {
    setClock('2026-10-08T15:00:00.000Z');
    expect(await sweep()).toMatchObject({ level1: 0, level2: 0, failed: 0 });
  });

  it("urges each late recipient's clerks at level 1: their lists and the unit's", async () => {
    setClock('2026-10-08T17:00:00.000Z');
    expect(await sweep()).toEqual({ late: 2, level1: 2, level2: 0, failed: 0 });
    const clerk = await noticesOf('dajing-clerk');
    expect(clerk.unread).toEqual({ mine: 1, unit: 1, total: 2 });
    expect(clerk.items).toHaveLength(2);
    expect(clerk.items[0]).toMatchObject({
      type: 'urge',
      documentId: 'urge-doc-1',
      recipientUnit: DAJING,
      senderUnit: OFFICE,
      kind: 'sign-for',
      level: 1,
      dueAt: '2026-10-08T16:00:00.000Z',
      source: 'sweep',
      by: 'exchange-urges',
      read: false,
    });
    expect(new Set(clerk.items.map((n: { list: string }) => n.list))).toEqual(new Set(['mine', 'unit']));
    expect((await noticesOf('dajing-clerk-2')).unread.mine).toBe(1);
    expect((await noticesOf('shahezi-clerk')).unread.mine).toBe(1);
    expect((await noticesOf('dajing-leader')).unread).toEqual({ mine: 0, unit: 1, total: 1 });
    expect((await noticesOf('office-clerk')).unread.total).toBe(0);
  });

  it('urges nobody twice for the same deadline and level', async () => {
    expect(await sweep()).toEqual({ late: 2, level1: 0, level2: 0, failed: 0 });
    expect((await noticesOf('dajing-clerk')).unread).toEqual({ mine: 1, unit: 1, total: 2 });
    const urges = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
        ExpressionAttributeValues: { ':pk': 'DOC#urge-doc-1', ':u': 'URGE#' },
      }),
    );
    expect(urges.Items?.map((i) => i.sk).sort()).toEqual([
      `URGE#${DAJING}#sign-for#2026-10-08T16:00:00.000Z#1`,
      `URGE#${SHAHEZI}#sign-for#2026-10-08T16:00:00.000Z#1`,
    ]);
  });

  it('escalates a working day later to the leaders and to the issuing unit', async () => {
    setClock('2026-10-09T17:00:00.000Z');
    expect(await sweep()).toEqual({ late: 2, level1: 0, level2: 2, failed: 0 });
    const leader = await noticesOf('dajing-leader');
    expect(leader.unread).toEqual({ mine: 1, unit: 2, total: 3 });
    expect(leader.items.find((n: { list: string }) => n.list === 'mine')).toMatchObject({
      level: 2,
      recipientUnit: DAJING,
    });
    expect((await noticesOf('shahezi-leader')).unread.mine).toBe(1);
    const sender = await noticesOf('office-clerk');
    expect(sender.unread).toEqual({ mine: 2, unit: 2, total: 4 });
    expect(new Set(sender.items.map((n: { recipientUnit: string }) => n.recipientUnit))).toEqual(
      new Set([DAJING, SHAHEZI]),
    );
    expect((await noticesOf('office-leader')).unread).toEqual({ mine: 0, unit: 2, total: 2 });
    // The clerks were urged at level 1 only: nothing new on their own lists.
    expect((await noticesOf('dajing-clerk')).unread.mine).toBe(1);
    expect(await sweep()).toEqual({ late: 2, level1: 0, level2: 0, failed: 0 });
  });

  it("writes each urge on the delivery's history chain, which stays intact", async () => {
    const history = await request('GET', '/v1/exchange/documents/urge-doc-1/history', 'office-clerk');
    expect(history.status).toBe(200);
    const dajing = history.json.items.filter((e: { stream: string }) => e.stream === deliveryStream(DAJING));
    expect(dajing.map((e: { event: { type: string } }) => e.event.type)).toEqual([
      'delivered',
      'urged',
      'urged',
    ]);
    expect(dajing[2].event.details).toEqual({
      kind: 'sign-for',
      level: '2',
      dueAt: '2026-10-08T16:00:00.000Z',
      source: 'sweep',
    });
    const verified = await request('GET', '/v1/exchange/documents/urge-doc-1/history/verify', 'office-clerk');
    expect(verified.json).toMatchObject({ intact: true, streams: 4, breaks: [] });
  });

  it('publishes each urge on notification-events: the documented schema, user ids only', async () => {
    const url = local.platform.env[queueUrlEnvName('notification-events')] as string;
    const events: unknown[] = [];
    for (let i = 0; i < 10 && events.length < 4; i++) {
      const { Messages } = await sqs().send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages ?? []) events.push(decodeQueueBody(message.Body ?? ''));
    }
    const parsed = events.map((event) => notificationEventSchema.parse(event));
    expect(parsed.map((e) => e.level).sort()).toEqual([1, 1, 2, 2]);
    expect(new Set(parsed.map((e) => e.id)).size).toBe(4);
    expect(parsed.find((e) => e.level === 1 && e.recipientUnit === DAJING)).toMatchObject({
      users: ['dajing-clerk', 'dajing-clerk-2'],
      units: [DAJING],
      kind: 'sign-for',
      source: 'sweep',
    });
    expect(parsed.find((e) => e.level === 2 && e.recipientUnit === SHAHEZI)).toMatchObject({
      users: ['office-clerk', 'shahezi-leader'],
      units: [SHAHEZI, OFFICE],
    });
  });
});

describe('urging from the status matrix (POST /v1/exchange/documents/{id}/urge)', () => {
  it('urges every overdue recipient once a day, and reports those already urged today', async () => {
    setClock('2026-10-09T18:00:00.000Z');
    const first = await request('POST', '/v1/exchange/documents/urge-doc-1/urge', 'office-clerk', {
      all: true,
    });
    expect(first.status).toBe(200);
    expect(first.json.urged).toBe(2);
    expect(first.json.results).toEqual(
      expect.arrayContaining([
        { unit: DAJING, outcome: 'urged', kind: 'sign-for', users: 2 },
        { unit: SHAHEZI, outcome: 'urged', kind: 'sign-for', users: 1 },
      ]),
    );
    const again = await request('POST', '/v1/exchange/documents/urge-doc-1/urge', 'office-clerk', {
      all: true,
    });
    expect(again.json.urged).toBe(0);
    expect(again.json.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'already-urged-today',
      'already-urged-today',
    ]);
    expect(
      (await noticesOf('dajing-clerk')).items.filter((n: { source: string }) => n.source === 'manual'),
    ).toHaveLength(2);
  });

  it('urges named recipients, late or not, and names those it cannot urge', async () => {
    const named = await request('POST', '/v1/exchange/documents/urge-doc-1/urge', 'office-clerk', {
      units: [CHENGGUAN, '611021001000'],
    });
    expect(named.json.results).toEqual([
      { unit: CHENGGUAN, outcome: 'urged', kind: 'handling', users: 2 },
      { unit: '611021001000', outcome: 'not-a-recipient' },
    ]);
  });

  it('is for the issuing unit only, and refuses a body that says neither units nor all', async () => {
    const recipient = await request('POST', '/v1/exchange/documents/urge-doc-1/urge', 'dajing-clerk', {
      all: true,
    });
    expect(recipient.status).toBe(403);
    const neither = await request('POST', '/v1/exchange/documents/urge-doc-1/urge', 'office-clerk', {});
    expect(neither.status).toBe(400);
    expect(neither.json.errors[0].path).toBe('body.units');
    const unknown = await request('POST', '/v1/exchange/documents/no-such-doc/urge', 'office-clerk', {
      all: true,
    });
    expect(unknown.status).toBe(404);
  });
});

describe('notification lists (GET /v1/notifications)', () => {
  it('pages my notices and my unit’s together, newest first, with a cursor', async () => {
    const all = (await noticesOf('dajing-clerk')).items as { id: string; at: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request('GET', '/v1/notifications', 'dajing-clerk', undefined, {
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((n: { id: string }) => n.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((n) => n.id));
    const ats = all.map((n) => n.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const forged = await request('GET', '/v1/notifications', 'dajing-clerk', undefined, {
      cursor: 'eyJ4IjoxfQ',
    });
    expect(forged.status).toBe(400);
    expect(forged.json.errors[0].path).toBe('query.cursor');
  });

  it('marks one read (once), lowers the unread count, and keeps others’ notices out of reach', async () => {
    const before = await noticesOf('dajing-clerk');
    const mine = before.items.find((n: { list: string; read: boolean }) => n.list === 'mine' && !n.read);
    const read = await request('POST', `/v1/notifications/${mine.id}/read`, 'dajing-clerk');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: mine.id, read: true, readBy: 'dajing-clerk' });
    const after = await noticesOf('dajing-clerk');
    expect(after.unread.mine).toBe(before.unread.mine - 1);
    expect((await request('POST', `/v1/notifications/${mine.id}/read`, 'dajing-clerk')).status).toBe(200);
    expect((await noticesOf('dajing-clerk')).unread.mine).toBe(after.unread.mine);
    expect((await request('POST', `/v1/notifications/${mine.id}/read`, 'shahezi-clerk')).status).toBe(404);
    expect((await request('POST', '/v1/notifications/not-an-id/read', 'dajing-clerk')).status).toBe(400);
    const unread = await request('GET', '/v1/notifications', 'dajing-clerk', undefined, { unread: 'true' });
    expect(unread.json.items.every((n: { read: boolean }) => !n.read)).toBe(true);
  });
});

// ---------------------------------------------------------------- history verification

describe('history verification (GET …/history/verify)', () => {
  beforeAll(async () => {
    await dispatchedDocument({
      id: 'history-doc-1',
      at: cst('2026-10-12T09:00:00'),
      recipients: {
        [DAJING]: [signedForAt('2026-10-12T10:00:00')],
        [SHAHEZI]: [signedForAt('2026-10-12T11:00:00')],
      },
    });
  });
  const verify = (user = 'office-clerk') =>
    request('GET', '/v1/exchange/documents/history-doc-1/history/verify', user);

  it('finds an untouched document intact, and shows a recipient only its own streams', async () => {
    expect((await verify()).json).toMatchObject({ intact: true, streams: 3, breaks: [] });
    expect((await verify('dajing-clerk')).json).toMatchObject({ intact: true, streams: 2 });
    const page = await request('GET', '/v1/exchange/documents/history-doc-1/history', 'dajing-clerk');
    expect(new Set(page.json.items.map((e: { stream: string }) => e.stream))).toEqual(
      new Set([DOCUMENT_STREAM, deliveryStream(DAJING)]),
    );
    expect((await verify('finance-clerk')).status).toBe(404);
    expect((await verify('egov-auditor')).json.streams).toBe(3);
  });

  it('pages the history with a cursor', async () => {
    const all = (await request('GET', '/v1/exchange/documents/history-doc-1/history', 'office-clerk')).json
      .items;
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(
        'GET',
        '/v1/exchange/documents/history-doc-1/history',
        'office-clerk',
        undefined,
        {
          limit: '3',
          ...(cursor ? { cursor } : {}),
        },
      );
      seen.push(...page.json.items);
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('detects an altered entry', async () => {
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'DOC#history-doc-1', sk: `HIST#${deliveryStream(DAJING)}#000002` },
        UpdateExpression: 'SET #event.#actor = :forger',
        ExpressionAttributeNames: { '#event': 'event', '#actor': 'actor' },
        ExpressionAttributeValues: { ':forger': 'someone-else' },
      }),
    );
    expect((await verify()).json).toMatchObject({
      intact: false,
      breaks: [{ stream: deliveryStream(DAJING), seq: 2, reason: 'altered' }],
    });
  });

  it('detects the last entry removed (by the head kept on the delivery)', async () => {
    await dynamo().send(
      new DeleteCommand({
        TableName: table,
        Key: { pk: 'DOC#history-doc-1', sk: `HIST#${deliveryStream(SHAHEZI)}#000002` },
      }),
    );
    const { json } = await verify();
    expect(json.intact).toBe(false);
    expect(json.breaks).toEqual(
      expect.arrayContaining([{ stream: deliveryStream(SHAHEZI), seq: 2, reason: 'head-mismatch' }]),
    );
  });
});

// ---------------------------------------------------------------- archive

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1'));
const DOC_BYTES = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]);
const finished = {
  [DAJING]: [handledAt('2026-10-13T10:00:00')],
  [SHAHEZI]: [returnedAt('2026-10-13T09:00:00')],
};
const archiveOf = (id: string, user = 'office-clerk') =>
  request('POST', `/v1/exchange/documents/${id}/archive`, user);
const stored = async (id: string) =>
  (
    await dynamo().send(
      new GetCommand({ TableName: table, Key: { pk: `DOC#${id}`, sk: 'DOC' }, ConsistentRead: true }),
    )
  ).Item;

function extract(bytes: Uint8Array): { dir: string; names: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'archive-package-'));
  writeFileSync(join(dir, 'package.tar'), bytes);
  const names = execFileSync('tar', ['-tf', join(dir, 'package.tar')], { encoding: 'utf8' })
    .trim()
    .split('\n');
  execFileSync('tar', ['-xf', join(dir, 'package.tar'), '-C', dir]);
  return { dir, names };
}

describe('archive (归档)', () => {
  beforeAll(async () => {
    await dispatchedDocument({
      id: 'archive-doc-1',
      at: cst('2026-10-12T09:00:00'),
      recipients: finished,
      attachments: [{ name: '附件1 防火责任人名单.pdf', bytes: PDF }],
    });
  });

  it('refuses while a main delivery is open, naming it (409)', async () => {
    await dispatchedDocument({
      id: 'archive-open',
      at: cst('2026-10-12T09:00:00'),
      recipients: {
        [DAJING]: [signedForAt('2026-10-12T10:00:00')],
        [SHAHEZI]: [returnedAt('2026-10-12T10:00:00')],
      },
    });
    const refused = await archiveOf('archive-open');
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(new RegExp(`${DAJING} \\(signed-for\\)`));
  });

  it('writes the final signed version, its attachment, seal and history as one package with a manifest', async () => {
    setClock('2026-10-14T02:00:00.000Z');
    const archived = await archiveOf('archive-doc-1');
    expect(archived.status).toBe(201);
    expect(archived.json.key).toMatch(/^exchange\/archive-doc-1\/[0-9a-f-]{36}\.tar$/);
    expect(
      archived.json.manifest.checks.map((c: { check: string; passed: boolean }) => [c.check, c.passed]),
    ).toEqual([
      ['authentic', true],
      ['complete', true],
      ['usable', true],
      ['secure', true],
    ]);
    const object = await s3().send(new GetObjectCommand({ Bucket: archiveBucket, Key: archived.json.key }));
    const bytes = await (
      object.Body as { transformToByteArray(): Promise<Uint8Array> }
    ).transformToByteArray();
    expect(sha256Hex(bytes)).toBe(archived.json.sha256);
    const { dir, names } = extract(bytes);
    try {
      expect(names).toEqual([
        'manifest.json',
        'document.json',
        'body.txt',
        'seal.json',
        'sealed-document.json',
        'history.json',
        'attachments/001.pdf',
      ]);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(sha256Hex(readFileSync(join(dir, 'manifest.json')))).toBe(archived.json.manifestSha256);
      for (const file of manifest.files) {
        const content = readFileSync(join(dir, file.path));
        expect([file.path, sha256Hex(content), content.byteLength]).toEqual([
          file.path,
          file.sha256,
          file.size,
        ]);
      }
      expect(manifest.files.find((f: { role: string }) => f.role === 'attachment')).toMatchObject({
        name: '附件1 防火责任人名单.pdf',
        mediaType: 'application/pdf',
      });
      expect(readFileSync(join(dir, 'attachments/001.pdf'))).toEqual(Buffer.from(PDF));
      expect(readFileSync(join(dir, 'body.txt'), 'utf8')).toBe(
        '各镇人民政府、街道办事处：\n请做好秋季森林防火工作。',
      );
      // Never a draft: the first revision's text is nowhere in the package.
      for (const name of names)
        expect(readFileSync(join(dir, name)).includes(Buffer.from('初稿文字'))).toBe(false);
      const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8'));
      expect(history.verification).toMatchObject({ intact: true, streams: 3 });
      expect(history.entries.at(-1).event).toMatchObject({ type: 'archived', to: 'archived' });
      const seal = JSON.parse(readFileSync(join(dir, 'seal.json'), 'utf8'));
      expect(seal.publicKey.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the document archived, with the archiving on its history, and never archives it twice', async () => {
    const item = await stored('archive-doc-1');
    expect(item?.state).toBe('archived');
    const history = await request('GET', '/v1/exchange/documents/archive-doc-1/history', 'office-clerk');
    const documentStream = history.json.items.filter((e: { stream: string }) => e.stream === DOCUMENT_STREAM);
    expect(documentStream.at(-1).event).toMatchObject({
      type: 'archived',
      from: 'dispatched',
      to: 'archived',
    });
    expect(
      (await request('GET', '/v1/exchange/documents/archive-doc-1/history/verify', 'office-clerk')).json
        .intact,
    ).toBe(true);
    const again = await archiveOf('archive-doc-1');
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/archived already/);
  });

  it('serves the manifest and a presigned GET of the package, which hashes to the record', async () => {
    const got = await request(
      'GET',
      '/v1/exchange/documents/archive-doc-1/archive',
      'dajing-clerk',
      undefined,
      {
        verify: 'true',
      },
    );
    expect(got.status).toBe(200);
    expect(got.json.integrity).toBe('intact');
    const download = await fetch(got.json.downloadUrl);
    expect(download.status).toBe(200);
    expect(sha256Hex(new Uint8Array(await download.arrayBuffer()))).toBe(got.json.sha256);
    expect(
      (await request('GET', '/v1/exchange/documents/archive-doc-1/archive', 'finance-clerk')).status,
    ).toBe(404);
  });

  it('cannot be overwritten by the platform, and an overwrite from outside is detected', async () => {
    const record = (await request('GET', '/v1/exchange/documents/archive-doc-1/archive', 'office-clerk'))
      .json;
    const packages = s3ArchivePackages(s3(), archiveBucket);
    await expect(
      packages.write(
        record.key,
        (async function* () {
          yield new Uint8Array([1]);
        })(),
      ),
    ).rejects.toThrow(/already stored/);
    // In AWS, Object Lock (COMPLIANCE) keeps the written version: a PUT makes a new version beside
    // it and getArchive reads the locked one by its VersionId. fauxqs has no Object Lock nor
    // versioning, so here the PUT replaces the bytes, and the recorded SHA-256 shows it.
    await s3().send(new PutObjectCommand({ Bucket: archiveBucket, Key: record.key, Body: 'replaced' }));
    const after = await request(
      'GET',
      '/v1/exchange/documents/archive-doc-1/archive',
      'office-clerk',
      undefined,
      {
        verify: 'true',
      },
    );
    expect(after.json.integrity).toBe('altered');
  });

  describe('refuses with the failed check named (422 archive-check-failed), writing nothing', () => {
    const expectRefused = async (id: string, check: string) => {
      const refused = await archiveOf(id);
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ type: 'urn:govshare:problem:archive-check-failed', check });
      expect((await stored(id))?.state).toBe('dispatched');
      const archiveItem = await dynamo().send(
        new GetCommand({ TableName: table, Key: { pk: `DOC#${id}`, sk: 'ARCHIVE' } }),
      );
      expect(archiveItem.Item).toBeUndefined();
      return refused.json;
    };

    it('authentic: the seal does not verify against the published key', async () => {
      await dispatchedDocument({
        id: 'archive-forged',
        at: cst('2026-10-12T09:00:00'),
        recipients: finished,
      });
      // A byte of the body changed after sign-off: the sealed form no longer matches its seal.
      await dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'DOC#archive-forged', sk: 'DOC' },
          UpdateExpression: 'SET content.body = :changed',
          ExpressionAttributeValues: { ':changed': '各镇人民政府、街道办事处：\n请做好冬季森林防火工作。' },
        }),
      );
      const problem = await expectRefused('archive-forged', 'authentic');
      expect(problem.problems[0]).toMatch(/does not verify/);
    });

    it('complete: an attachment was never uploaded', async () => {
      await dispatchedDocument({
        id: 'archive-missing',
        at: cst('2026-10-12T09:00:00'),
        recipients: finished,
        attachments: [
          { name: '附件.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4 never uploaded')), upload: false },
        ],
      });
      expect((await expectRefused('archive-missing', 'complete')).problems).toEqual([
        'attachment 附件.pdf is missing',
      ]);
    });

    it('complete: a history chain is broken', async () => {
      await dispatchedDocument({
        id: 'archive-tampered',
        at: cst('2026-10-12T09:00:00'),
        recipients: finished,
      });
      await dynamo().send(
        new DeleteCommand({
          TableName: table,
          Key: { pk: 'DOC#archive-tampered', sk: `HIST#${deliveryStream(SHAHEZI)}#000002` },
        }),
      );
      expect((await expectRefused('archive-tampered', 'complete')).problems[0]).toMatch(/head-mismatch/);
    });

    it('usable: an attachment in a closed format', async () => {
      await dispatchedDocument({
        id: 'archive-closed-format',
        at: cst('2026-10-12T09:00:00'),
        recipients: finished,
        attachments: [{ name: '方案.doc', bytes: DOC_BYTES }],
      });
      expect((await expectRefused('archive-closed-format', 'usable')).problems).toEqual([
        '方案.doc: .doc is not an accepted archival format',
      ]);
    });

    it('secure: the stored document carries a classification', async () => {
      await dispatchedDocument({
        id: 'archive-classified',
        at: cst('2026-10-12T09:00:00'),
        recipients: finished,
      });
      await dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'DOC#archive-classified', sk: 'DOC' },
          UpdateExpression: 'SET content.classification = :level',
          ExpressionAttributeValues: { ':level': '机密' },
        }),
      );
      expect((await expectRefused('archive-classified', 'secure')).problems).toEqual([
        'the classification marks the document 机密',
      ]);
    });

    it('and only the lead issuing unit’s clerk may archive', async () => {
      expect((await archiveOf('archive-forged', 'dajing-clerk')).status).toBe(403);
    });
  });
});
