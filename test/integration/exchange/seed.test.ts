import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Blueprint, govshare, tableEnvName } from '@govshare/blueprint';
import {
  checkSealedPackage,
  type DeliveryState,
  type DocumentState,
  overdueFor,
  sealedPackageOf,
} from '@govshare/domain/exchange';
import { dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { dynamoDocumentStore } from '@govshare/functions/exchange/document-store.ts';
import {
  dynamoSealKeyStore,
  sealAlgorithmFromEnv,
  sealKeyCipherFromEnv,
} from '@govshare/functions/exchange/seal-keys.ts';
import type { SampleDocument } from '@govshare/functions/exchange/seed.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { LOCAL_CLOCK_ENV } from '@govshare/functions/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The exchange's sample documents (functions/src/exchange/seed.ts) on a fresh local platform: every
 * state is there, each seal and history chain verifies, and loading them again changes nothing.
 * The urge schedule is left out, so that nothing but the seed writes meanwhile.
 */
const { 'exchange-urges': _urges, ...functions } = govshare.functions;
/**
 * The platform's clock (GOVSHARE_LOCAL_CLOCK) is held at a Wednesday of a year the sample calendar
 * holds, with the story's nine working days and its deadlines all inside it: the story is told the
 * same whatever the real date (late in December its deadlines would run into a year not yet entered).
 */
const NOW = new Date('2026-11-18T02:00:00.000Z');
const blueprint = { ...govshare, functions } as Blueprint;

let local: TestPlatform;
let table: string;
let SAMPLE: Record<SampleDocument, string>;
const tokens = new Map<string, string>();

const call = async (user: string, method: string, path: string, body?: unknown) => {
  let token = tokens.get(user);
  if (!token) {
    token = await local.tokenFor(user);
    tokens.set(user, token);
  }
  return local.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
};

const scanAll = async () => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: table,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (item: Record<string, unknown>) => `${item.pk}\u0000${item.sk}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : 1));
};

beforeAll(async () => {
  process.env[LOCAL_CLOCK_ENV] = NOW.toISOString();
  local = await startTestPlatform('exchange-seed', {
    blueprint,
    sampleDocuments: true,
  });
  table = local.platform.env[tableEnvName('exchange')] as string;
  // Imported once the platform has set the functions' environment, which the seed's modules read.
  ({ SAMPLE_DOCUMENTS: SAMPLE } = await import('@govshare/functions/exchange/seed.ts'));
}, 180_000);

afterAll(async () => {
  await local?.stop();
  delete process.env[LOCAL_CLOCK_ENV];
});

describe('the sample documents', () => {
  it('hold a document in every state of the workflow', async () => {
    const documents = dynamoDocumentStore(dynamo(), table);
    const states: Record<SampleDocument, DocumentState> = {
      archived: 'archived',
      notice: 'dispatched',
      reply: 'dispatched',
      forward: 'dispatched',
      draft: 'draft',
      inReview: 'in-review',
      returned: 'returned',
      approved: 'approved',
    };
    for (const [name, state] of Object.entries(states)) {
      expect((await documents.get(SAMPLE[name as SampleDocument]))?.state, name).toBe(state);
    }
    const returned = await documents.get(SAMPLE.returned);
    expect(returned?.reviews.map((r) => r.outcome).sort()).toEqual(['cancelled', 'returned']);
    const inReview = await documents.get(SAMPLE.inReview);
    expect(inReview?.reviews.filter((r) => r.outcome === 'pending').map((r) => r.reviewer)).toEqual([
      'finance-leader',
    ]);
    const notice = await documents.get(SAMPLE.notice);
    expect(notice?.revision).toBe(2);
    expect(notice?.number).toMatchObject({ issuerCode: '商政办发', sequence: 1 });
    expect((await documents.get(SAMPLE.archived))?.number).toMatchObject({
      issuerCode: '商政办函',
      sequence: 1,
    });
    const reply = await documents.get(SAMPLE.reply);
    expect(reply?.content.inReplyTo).toEqual({
      documentId: SAMPLE.notice,
      number: notice?.number?.normalised,
    });
  });

  it("gives the notice's 30 recipients every state of a delivery, the late ones overdue", async () => {
    const deliveries = await dynamoDeliveryStore(dynamo(), table).ofDocument(SAMPLE.notice);
    expect(deliveries).toHaveLength(30);
    const byUnit = new Map(deliveries.map((d) => [d.recipientUnit, d]));
    const expected: Record<string, DeliveryState> = {
      '611000108': 'handled',
      '611002000': 'replied',
      '611021000': 'assigned',
      '611023000': 'registered',
      '611022000': 'signed-for',
      '611000109': 'signed-for',
      '611024000': 'opened',
      '611000118': 'returned',
    };
    for (const [unit, state] of Object.entries(expected)) expect(byUnit.get(unit)?.state, unit).toBe(state);
    const now = NOW;
    const waiting = deliveries.filter((d) => !(d.recipientUnit in expected));
    expect(waiting).toHaveLength(22);
    for (const d of waiting) {
      expect(d.state).toBe('delivered');
      expect(overdueFor(d, now), d.recipientUnit).toBe('sign-for');
    }
    expect(overdueFor(byUnit.get('611024000') as (typeof deliveries)[number], now)).toBe('sign-for');
    expect(overdueFor(byUnit.get('611021000') as (typeof deliveries)[number], now)).toBe('handling');
    expect(byUnit.get('611002000')?.replyDocumentId).toBe(SAMPLE.reply);
    expect(byUnit.get('611000118')).toMatchObject({ returnReason: 'misdirected' });

    const matrix = await call('office-clerk', 'GET', `/v1/exchange/documents/${SAMPLE.notice}/deliveries`);
    expect(matrix.status).toBe(200);
    expect(matrix.json.counts).toMatchObject({ total: 30, overdue: 24, undeliverable: 0 });
  });

  it('fills the inboxes and to-do lists the header names', async () => {
    const ids = async (user: string, path: string) => {
      const res = await call(user, 'GET', path);
      expect(res.status, `${user} ${path}: ${JSON.stringify(res.json)}`).toBe(200);
      return res.json.items.map((item: { id?: string; documentId?: string }) => item.documentId ?? item.id);
    };
    expect(await ids('dajing-clerk', '/v1/exchange/inbox?view=to-sign')).toEqual([SAMPLE.forward]);
    expect(await ids('office-clerk', '/v1/exchange/inbox?view=to-sign')).toEqual([SAMPLE.reply]);
    expect(await ids('shahezi-clerk', '/v1/exchange/inbox?view=to-do')).toEqual([SAMPLE.forward]);
    expect(await ids('chengguan-handler', '/v1/exchange/inbox?view=to-do&scope=me')).toEqual([
      SAMPLE.forward,
    ]);
    expect(await ids('chengguan-handler-2', '/v1/exchange/inbox?view=to-do&scope=me')).toEqual([
      SAMPLE.forward,
    ]);
    expect(await ids('chengguan-leader', '/v1/exchange/inbox?view=to-read')).toEqual([SAMPLE.forward]);
    expect(await ids('luonan-gov-handler', '/v1/exchange/inbox?view=to-do&scope=me')).toEqual([
      SAMPLE.notice,
    ]);
    expect(await ids('shanyang-gov-clerk', '/v1/exchange/inbox?view=to-sign')).toEqual([SAMPLE.notice]);
    expect((await ids('finance-clerk', '/v1/exchange/inbox?view=done')).sort()).toEqual(
      [SAMPLE.archived, SAMPLE.notice].sort(),
    );
    expect((await ids('office-drafter', '/v1/exchange/documents?view=drafts')).sort()).toEqual(
      [SAMPLE.draft, SAMPLE.returned].sort(),
    );
    expect(await ids('finance-leader', '/v1/exchange/documents?view=review')).toEqual([SAMPLE.inReview]);
    expect(await ids('office-signer', '/v1/exchange/documents?view=sign')).toEqual([SAMPLE.approved]);
    expect((await ids('office-clerk', '/v1/exchange/documents?view=sent')).sort()).toEqual(
      [SAMPLE.notice, SAMPLE.archived].sort(),
    );
  });

  it('urges the late recipients, escalates, and notifies', async () => {
    type Notice = { kind: string; level: number; source: string };
    const notices = async (user: string): Promise<Notice[]> => {
      const res = await call(user, 'GET', '/v1/notifications?limit=100');
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.items;
    };
    expect((await notices('luonan-gov-handler')).some((n) => n.kind === 'handling' && n.level === 1)).toBe(
      true,
    );
    expect((await notices('luonan-gov-leader')).some((n) => n.kind === 'handling' && n.level === 2)).toBe(
      true,
    );
    expect((await notices('shanyang-gov-clerk')).map((n) => `${n.source}:${n.level}`)).toEqual(
      expect.arrayContaining(['manual:1', 'sweep:1']),
    );
    const sender = await notices('office-clerk');
    expect(sender.filter((n) => n.level === 2 && n.kind === 'sign-for').length).toBeGreaterThan(20);
  });

  it('seals every signed document so that its seal verifies, keeps every history intact, archives one', async () => {
    const documents = dynamoDocumentStore(dynamo(), table);
    const keys = dynamoSealKeyStore(dynamo(), table, sealKeyCipherFromEnv(), sealAlgorithmFromEnv());
    for (const name of ['archived', 'notice', 'reply', 'forward'] as const) {
      const document = await documents.get(SAMPLE[name]);
      if (!document) throw new Error(`no ${name}`);
      const lead = document.content.issuingUnits[0] as string;
      expect(checkSealedPackage(sealedPackageOf(document), await keys.keysOf(lead)), name).toMatchObject({
        valid: true,
      });
      const seal = await call('egov-auditor', 'GET', `/v1/exchange/documents/${SAMPLE[name]}/seal`);
      expect(seal.status, name).toBe(200);
      const verified = await call('egov-auditor', 'POST', '/v1/exchange/seals/verify', seal.json.sealed);
      expect(verified.json, name).toMatchObject({ valid: true, unit: lead });
    }
    for (const [name, id] of Object.entries(SAMPLE)) {
      const verified = await call('egov-auditor', 'GET', `/v1/exchange/documents/${id}/history/verify`);
      expect(verified.json, name).toMatchObject({ intact: true, breaks: [] });
    }
    const archive = await call(
      'egov-auditor',
      'GET',
      `/v1/exchange/documents/${SAMPLE.archived}/archive?verify=true`,
    );
    expect(archive.json).toMatchObject({ integrity: 'intact', manifest: { checks: expect.any(Array) } });
  });

  it('loads again without changing anything', async () => {
    const before = await scanAll();
    const { seedExchange } = await import('@govshare/functions/exchange/seed.ts');
    const lines: string[] = [];
    expect(await seedExchange((line) => lines.push(line))).toEqual({ created: 0, skipped: 8 });
    expect(lines).toEqual([]);
    expect(await scanAll()).toEqual(before);
  });
});
