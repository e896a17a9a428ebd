import type { AuditEvent } from '@govshare/domain/audit';
import type { AppendResult, AuditStore } from '@govshare/functions/audit/audit-store.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

let createAuditTrailConsumer: typeof import('@govshare/functions/audit/consumer.ts').createAuditTrailConsumer;
let logger: ReturnType<typeof import('@govshare/functions/platform/logger.ts').createLogger>;

beforeAll(async () => {
  // The module reads its configuration at load, as a cold start does.
  process.env.TABLE_AUDIT ??= 'audit-unit-test';
  process.env.AUTH_ISSUER ??= 'http://localhost:3000';
  process.env.AUTH_AUDIENCE ??= 'govshare';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  ({ createAuditTrailConsumer } = await import('@govshare/functions/audit/consumer.ts'));
  logger = (await import('@govshare/functions/platform/logger.ts')).createLogger('audit-trail');
});

const event = (id: string): AuditEvent => ({
  id,
  at: '2026-03-14T10:00:00+08:00',
  actor: { unit: '611000106', principal: 'sys-a', kind: 'system' },
  action: 'registry.population.get',
  items: ['name'],
  recordCount: 1,
  subjectHashes: ['b'.repeat(64)],
  outcome: 'ok',
  correlationId: `c-${id}`,
});

const sqsEvent = (bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as unknown as SQSEvent;

function fakeStore(fail = false): AuditStore & { batches: AuditEvent[][] } {
  const batches: AuditEvent[][] = [];
  return {
    batches,
    async appendBatch(events) {
      batches.push([...events]);
      if (fail) throw new Error('throttled');
      return events.map(
        (e, i): AppendResult => ({
          record: { ...e, day: '2026-03-14', seq: i + 1, prevHash: '', recordedAt: '', hash: '' },
          duplicate: false,
        }),
      );
    },
  } as AuditStore & { batches: AuditEvent[][] };
}

describe('audit-trail consumer', () => {
  it('appends the valid events in order and fails only the malformed message', async () => {
    const store = fakeStore();
    const handle = createAuditTrailConsumer(store, logger);
    const response = await handle(
      sqsEvent([
        JSON.stringify(event('a')),
        'not json',
        JSON.stringify({ ...event('x'), subjectHashes: ['11010519491231002X'] }),
        JSON.stringify(event('b')),
      ]),
    );
    expect(store.batches.map((b) => b.map((e) => e.id))).toEqual([['a', 'b']]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });

  it('reads bodies as the producer encodes them and plain-JSON bodies queued before', async () => {
    const store = fakeStore();
    const handle = createAuditTrailConsumer(store, logger);
    const response = await handle(
      sqsEvent([
        encodeQueueBody({ ...event('a'), purpose: '核查𠀀😀\ufffe' }),
        JSON.stringify({ ...event('b'), purpose: '低保审核' }),
      ]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(store.batches[0]?.map((e) => e.purpose)).toEqual(['核查𠀀😀\ufffe', '低保审核']);
  });

  it('sends the whole batch back when appending fails (re-delivery is harmless)', async () => {
    const handle = createAuditTrailConsumer(fakeStore(true), logger);
    const response = await handle(sqsEvent([JSON.stringify(event('a')), JSON.stringify(event('b'))]));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
  });
});

describe('audit consumer metrics', () => {
  it('reports the audit lag of the oldest event of a batch, and how many it appended', async () => {
    const published: { name: string; unit: string; value: number }[] = [];
    const metrics = {
      addMetric: (name: string, unit: string, value: number) => published.push({ name, unit, value }),
      publishStoredMetrics: () => undefined,
    } as unknown as Parameters<typeof createAuditTrailConsumer>[2];
    const consume = createAuditTrailConsumer(fakeStore(), logger, metrics);
    const old = { ...event('e1'), at: new Date(Date.now() - 90_000).toISOString() };
    const fresh = { ...event('e2'), at: new Date().toISOString() };
    await consume(sqsEvent([encodeQueueBody(fresh), encodeQueueBody(old)]));
    const lag = published.find((m) => m.name === 'AuditLag');
    expect(lag?.unit).toBe('Milliseconds');
    expect(lag?.value).toBeGreaterThanOrEqual(90_000);
    expect(lag?.value).toBeLessThan(120_000);
    expect(published.find((m) => m.name === 'AuditEventsAppended')?.value).toBe(2);
  });
});
