/**
 * Document exchange (公文交换) on the whole local platform, each figure beside its floor on the same
 * emulators in the same run:
 *   - dispatch of one document to N units: from POST …/dispatch (the route sends the expand message)
 *     until every delivery is written (a COUNT of the document's deliveries, polled), through the
 *     document-dispatch queue and its consumer as the pollers run it. Floor: bare SendMessageBatch of
 *     the messages the dispatch sends (one expand, one per slice of 50) and bare BatchWriteItem of
 *     the items it writes (each delivery and its first history entry, and the expansion record: the
 *     same items, re-keyed), 10 calls in flight as a batch of 10 slices has.
 *   - inbox listing of a unit holding 10,000 deliveries: GET /v1/exchange/inbox?view=to-sign through
 *     the gateway (token check, handler, one gsi1 Query), a page of the default size (20). Floor:
 *     a bare Query of the same page on gsi1.
 *   - sign-for: POST /v1/exchange/deliveries/{documentId}/{unit}/sign-for through the gateway, each
 *     on a delivery of its own. Floor: a bare conditional UpdateItem of a delivery (on its version).
 *
 *   npx tsx bench/document-exchange.ts                                  (part of `npm run bench`)
 *   BENCH_DISPATCH_UNITS=100,1000 BENCH_INBOX_DELIVERIES=2000 BENCH_INBOX_LISTINGS=100 \
 *     BENCH_SIGN_FORS=50 npx tsx bench/document-exchange.ts
 *
 * Ends with RESULT exchange-dispatch-<N> (ms), exchange-inbox-<M>-p50/-p95 and exchange-sign-for-p50/-p95
 * (ms, floors as above).
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Blueprint, govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { deliveredEvent, deliveriesFor, type UrgencyLevel } from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { dynamoDeliveryStore } from '@govshare/functions/exchange/delivery-store.ts';
import { DELIVER_SLICE_UNITS } from '@govshare/functions/exchange/dispatch-messages.ts';
import {
  DELIVERY_PREFIX,
  deliveryKey,
  documentPk,
  expansionKey,
  HISTORY_PREFIX,
  inboxPk,
} from '@govshare/functions/exchange/table-keys.ts';
import { dynamoIdentityStore } from '@govshare/functions/identity/identity-store.ts';
import { workingCalendarReader } from '@govshare/functions/identity/index.ts';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { batchPutAll } from '@govshare/functions/platform/dynamo.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';

const SIZES = (process.env.BENCH_DISPATCH_UNITS ?? '100,1000,5000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => size > 0);
const INBOX_DELIVERIES = Number(process.env.BENCH_INBOX_DELIVERIES ?? 10_000);
const LISTINGS = Number(process.env.BENCH_INBOX_LISTINGS ?? 200);
const SIGN_FORS = Number(process.env.BENCH_SIGN_FORS ?? 200);
/** The dispatch consumer's batching window, if not the blueprint's (to see what the window costs). */
const BATCH_WINDOW_SECONDS =
  process.env.BENCH_DISPATCH_WINDOW_SECONDS === undefined
    ? undefined
    : Number(process.env.BENCH_DISPATCH_WINDOW_SECONDS);
const WARMUP = 20;
const FLOOR_CONCURRENCY = 10;
const POLL_MS = 100;
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// A small registry, loaded before the platform is ready: no background load competes for the emulator.
process.env.GOVSHARE_SAMPLE_PEOPLE ??= '200';
process.env.GOVSHARE_SAMPLE_COMPANIES ??= '50';

const CITY_GOVERNMENT = '611000000';
const CITY_OFFICE = '611000001';
/** 大荆镇: its clerk (dajing-clerk) lists the inbox and signs for. */
const INBOX_UNIT = '611002100000';
const TOWNSHIPS_PER_COUNTY = 500;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const since = (start: number) => performance.now() - start;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** The platform without the urge schedule: it has nothing to do with these figures and would compete for the emulator. */
function benchBlueprint(): Blueprint {
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  const dispatchConsumer = govshare.functions['document-dispatch'];
  return {
    ...govshare,
    functions: {
      ...functions,
      'document-dispatch':
        BATCH_WINDOW_SECONDS === undefined
          ? dispatchConsumer
          : { ...dispatchConsumer, maxBatchingWindowSeconds: BATCH_WINDOW_SECONDS },
    },
  } as Blueprint;
}

const started = performance.now();
const local = await startTestPlatform('bench-exchange', { blueprint: benchBlueprint() });
const table = local.platform.env[tableEnvName('exchange')] as string;
const identityTable = local.platform.env[tableEnvName('identity')] as string;
const tokens = new Map<string, string>();
const call = async (user: string, method: string, path: string, body?: unknown) => {
  let token = tokens.get(user);
  if (!token) {
    token = await local.tokenFor(user);
    tokens.set(user, token);
  }
  const res = await local.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300)
    throw new Error(`${user} ${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res;
};

// ---------------------------------------------------------------- recipient units

/** County `index` of the bench: region 6199xx, its government and `townships` townships (镇 100…). */
const county = (index: number) => `6199${String(index).padStart(2, '0')}`;
function countyUnits(index: number, townships: number): Unit[] {
  const region = county(index);
  const government = `${region}000`;
  return [
    {
      code: government,
      name: `基准测试第${index}县人民政府`,
      shortName: `基准${index}政`,
      parentCode: CITY_GOVERNMENT,
      level: 'county',
      kind: 'government',
    },
    ...Array.from(
      { length: townships },
      (_, i): Unit => ({
        code: `${region}${100 + i}000`,
        name: `基准测试第${index}县第${i + 1}镇人民政府`,
        shortName: `基准${index}镇${i + 1}`,
        parentCode: government,
        level: 'township',
        kind: 'government',
      }),
    ),
  ];
}

/**
 * The counties a dispatch to `size` units is addressed to (all townships of each): full counties of
 * 500 shared by every size, and one county of the remainder per size that has one.
 */
function countiesFor(size: number): { index: number; townships: number }[] {
  const full = Math.floor(size / TOWNSHIPS_PER_COUNTY);
  const rest = size % TOWNSHIPS_PER_COUNTY;
  return [
    ...Array.from({ length: full }, (_, i) => ({ index: i + 1, townships: TOWNSHIPS_PER_COUNTY })),
    ...(rest > 0 ? [{ index: 50 + SIZES.indexOf(size), townships: rest }] : []),
  ];
}

async function createRecipientUnits() {
  const store = dynamoIdentityStore(dynamo(), identityTable);
  const counties = new Map<number, number>();
  for (const size of SIZES) {
    for (const { index, townships } of countiesFor(size)) {
      counties.set(index, Math.max(counties.get(index) ?? 0, townships));
    }
  }
  const units = [...counties].flatMap(([index, townships]) => countyUnits(index, townships));
  const start = performance.now();
  // Governments first: a township's parent must exist.
  const create = (unit: Unit) =>
    store.createUnit(unit).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  await inParallel(
    units.filter((u) => u.level === 'county'),
    16,
    create,
  );
  await inParallel(
    units.filter((u) => u.level === 'township'),
    16,
    create,
  );
  console.log(
    `  ${units.length} recipient units created through the identity store in ${seconds(since(start))}`,
  );
}

// ---------------------------------------------------------------- dispatch

/** A notice to every township of the size's counties, drafted, reviewed and signed through the routes. */
async function signedNotice(size: number): Promise<string> {
  const created = await call('office-drafter', 'POST', '/v1/exchange/documents', {
    type: '通知',
    title: `商洛市人民政府办公室关于基准测试的通知（${size}个单位）`,
    issuingUnits: [CITY_OFFICE],
    mainRecipients: countiesFor(size).map(({ index }) => ({ group: 'townships-of', county: county(index) })),
    body: '各镇人民政府：\n这是一份基准测试用的通知。',
  });
  const id = created.json.id as string;
  await call('office-drafter', 'POST', `/v1/exchange/documents/${id}/submit`, { steps: ['office-reviewer'] });
  await call('office-reviewer', 'POST', `/v1/exchange/documents/${id}/approve`, {});
  await call('office-signer', 'POST', `/v1/exchange/documents/${id}/sign-off`, {});
  return id;
}

/** The document's deliveries, counted (a COUNT reads 1 MB a page, about 1,200 deliveries). */
const countDeliveries = async (documentId: string) => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': documentPk(documentId), ':prefix': DELIVERY_PREFIX },
        Select: 'COUNT',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};

const expansionRecorded = async (documentId: string) =>
  (
    await dynamo().send(
      new GetCommand({
        TableName: table,
        Key: expansionKey(documentId),
        ConsistentRead: true,
      }),
    )
  ).Item !== undefined;

interface DispatchRun {
  size: number;
  documentId: string;
  routeMs: number;
  expandedMs: number;
  deliveredMs: number;
  polls: number;
}

async function timedDispatch(size: number): Promise<DispatchRun> {
  const documentId = await signedNotice(size);
  const start = performance.now();
  const sent = await call('office-clerk', 'POST', `/v1/exchange/documents/${documentId}/dispatch`);
  const routeMs = since(start);
  if (sent.status !== 202) throw new Error(`dispatch answered ${sent.status}`);
  let expandedMs = Number.NaN;
  let polls = 0;
  const timeout = Math.max(120_000, size * 60);
  for (;;) {
    polls++;
    const [count, expanded] = await Promise.all([
      countDeliveries(documentId),
      Number.isNaN(expandedMs) ? expansionRecorded(documentId) : Promise.resolve(true),
    ]);
    if (expanded && Number.isNaN(expandedMs)) expandedMs = since(start);
    if (count >= size) {
      if (count > size) throw new Error(`${count} deliveries for ${size} recipients`);
      return { size, documentId, routeMs, expandedMs, deliveredMs: since(start), polls };
    }
    if (since(start) > timeout)
      throw new Error(`only ${count} of ${size} deliveries after ${seconds(timeout)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What the dispatch of `run` wrote, re-keyed into a partition of the floor's own (indexes included). */
async function floorItemsOf(run: DispatchRun): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const prefixes = [DELIVERY_PREFIX, `${HISTORY_PREFIX}delivery:`, expansionKey(run.documentId).sk];
  for (const prefix of prefixes) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': documentPk(run.documentId), ':prefix': prefix },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  const pk = `BENCHFLOOR#${run.documentId}`;
  return items.map((item) => ({
    ...item,
    pk,
    ...(item.gsi1pk ? { gsi1pk: `BENCHFLOOR#${item.gsi1pk}` } : {}),
    ...(item.gsi2pk ? { gsi2pk: `BENCHFLOOR#${item.gsi2pk}` } : {}),
  }));
}

async function floorOf(run: DispatchRun, queueUrl: string) {
  const items = await floorItemsOf(run);
  const messages = 1 + Math.ceil(run.size / DELIVER_SLICE_UNITS);
  const body = JSON.stringify({
    kind: 'deliver',
    documentId: run.documentId,
    units: Array.from({ length: DELIVER_SLICE_UNITS }, (_, i) => `619901${100 + i}000`),
    names: Array.from({ length: DELIVER_SLICE_UNITS }, (_, i) => `基准测试第1县第${i + 1}镇人民政府`),
    as: 'main',
    dispatchedAt: new Date().toISOString(),
  });
  const start = performance.now();
  const batches = Array.from({ length: Math.ceil(messages / 10) }, (_, b) =>
    Array.from({ length: Math.min(10, messages - b * 10) }, (_, i) => ({ Id: String(i), MessageBody: body })),
  );
  await Promise.all(
    batches.map((Entries) => sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }))),
  );
  const sentMs = since(start);
  const chunks = Array.from({ length: Math.ceil(items.length / 25) }, (_, c) =>
    items.slice(c * 25, c * 25 + 25),
  );
  await inParallel(chunks, FLOOR_CONCURRENCY, (chunk) => batchPutAll(dynamo(), table, chunk));
  const totalMs = since(start);
  // DynamoDB Local writes a transaction of 100 items faster than four BatchWriteItem calls of 25
  // (one SQLite transaction against one per item, it seems): the same items once more, that way.
  const again = items.map((item) => ({ ...item, pk: `${item.pk}#TX` }));
  const transactStart = performance.now();
  const transactions = Array.from({ length: Math.ceil(again.length / 100) }, (_, c) =>
    again.slice(c * 100, c * 100 + 100),
  );
  await inParallel(transactions, FLOOR_CONCURRENCY, async (chunk) => {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: chunk.map((Item) => ({
          Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  });
  return { messages, items: items.length, sentMs, totalMs, transactMs: sentMs + since(transactStart) };
}

// ---------------------------------------------------------------- inbox and sign-for

/** `count` deliveries to the inbox unit, as the dispatch consumer writes them (the delivery store's createMany). */
async function fillInbox(count: number): Promise<string[]> {
  const deliveries = dynamoDeliveryStore(dynamo(), table);
  const calendar = workingCalendarReader(dynamo(), identityTable);
  const urgencies: UrgencyLevel[] = [
    'normal',
    'normal',
    'normal',
    '加急',
    'normal',
    '特急',
    'normal',
    '加急',
  ];
  const now = Date.now();
  const fresh = await calendar.withCalendar((held) =>
    Array.from({ length: count }, (_, i) => {
      const documentId = `bench-inbox-${String(i).padStart(6, '0')}`;
      // Dispatched over the last ten days, so that the deadlines (and the order) differ.
      const dispatchedAt = new Date(now - ((i * 7919) % (10 * 86_400_000)));
      const [delivery] = deliveriesFor({
        documentId,
        issuingUnits: [CITY_OFFICE],
        urgency: urgencies[i % urgencies.length] as UrgencyLevel,
        main: [INBOX_UNIT],
        copy: [],
        now: dispatchedAt,
        dispatchedAt,
        calendar: held,
      });
      if (!delivery) throw new Error('no delivery');
      const full = {
        ...delivery,
        recipientName: '商州区大荆镇人民政府',
        title: `商洛市人民政府办公室关于基准测试第${i + 1}号的通知`,
        documentType: '通知' as const,
        documentNumber: `商政办发〔2026〕${i + 1}号`,
        issuingUnits: [CITY_OFFICE],
      };
      return { delivery: full, events: [deliveredEvent(full)] };
    }),
  );
  const start = performance.now();
  const chunks = Array.from({ length: Math.ceil(fresh.length / 50) }, (_, c) =>
    fresh.slice(c * 50, c * 50 + 50),
  );
  await inParallel(chunks, 8, async (chunk) => {
    await deliveries.createMany(chunk);
  });
  console.log(
    `  ${count} deliveries to ${INBOX_UNIT} written by the delivery store in ${seconds(since(start))}`,
  );
  return fresh.map((f) => f.delivery.documentId);
}

async function measure(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(WARMUP, count); i++) await run(count + i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(since(start));
  }
  return samples;
}

const line = (label: string, samples: number[], floor: number[]) => {
  const [p50, p95, f50, f95] = [
    percentile(samples, 50),
    percentile(samples, 95),
    percentile(floor, 50),
    percentile(floor, 95),
  ];
  console.log(
    `${label.padEnd(34)} p50 ${p50.toFixed(2).padStart(7)} ms (floor ${f50.toFixed(2)} ms, ×${(p50 / f50).toFixed(1)})` +
      `   p95 ${p95.toFixed(2).padStart(7)} ms (floor ${f95.toFixed(2)} ms, ×${(p95 / f95).toFixed(1)})`,
  );
  return { p50, p95, f50, f95 };
};

try {
  console.log(
    `document exchange bench: platform up in ${seconds(since(started))}; dispatch to ${SIZES.join(', ')} units` +
      ` (batching window ${BATCH_WINDOW_SECONDS ?? (govshare.functions['document-dispatch'] as { maxBatchingWindowSeconds?: number }).maxBatchingWindowSeconds ?? 0} s), ` +
      `inbox of ${INBOX_DELIVERIES} deliveries, ${LISTINGS} listings, ${SIGN_FORS} sign-fors`,
  );
  await createRecipientUnits();
  // A queue of the platform's that no function consumes: the floor's messages stay there.
  const floorQueue = local.platform.env[queueUrlEnvName('notification-events')] as string;

  // The consumer's first batch pays its environment's cold start; Lambda's steady state is what is timed.
  const warm = await timedDispatch(Math.min(...SIZES));
  const warmFloor = await floorOf(warm, floorQueue);
  console.log(
    `  warm-up dispatch to ${warm.size} units (cold consumer): ${seconds(warm.deliveredMs)}, its floor ${seconds(warmFloor.totalMs)}`,
  );
  for (const size of SIZES) {
    const run = await timedDispatch(size);
    const floor = await floorOf(run, floorQueue);
    console.log(
      `dispatch to ${String(size).padStart(5)} units  ${seconds(run.deliveredMs).padStart(8)}` +
        `  (floor ${seconds(floor.totalMs)}: ${floor.messages} messages in ${seconds(floor.sentMs)}, ${floor.items} items;` +
        ` ×${(run.deliveredMs / floor.totalMs).toFixed(2)}; with TransactWriteItems ${seconds(floor.transactMs)},` +
        ` ×${(run.deliveredMs / floor.transactMs).toFixed(2)})` +
        `   route answered in ${run.routeMs.toFixed(0)} ms, expansion recorded at ${seconds(run.expandedMs)}, ${run.polls} polls`,
    );
    result(`exchange-dispatch-${size}`, run.deliveredMs, 'ms', floor.totalMs);
    result(`exchange-dispatch-${size}-vs-transactions`, run.deliveredMs, 'ms', floor.transactMs);
  }

  const documentIds = await fillInbox(INBOX_DELIVERIES);
  const pageOf = `/v1/exchange/inbox?view=to-sign`;
  const listing = await measure(LISTINGS, async () => {
    const res = await call('dajing-clerk', 'GET', pageOf);
    if (res.json.items.length !== 20) throw new Error(`a page of ${res.json.items.length}`);
  });
  const bareListing = await measure(LISTINGS, async () => {
    const { Items = [] } = await dynamo().send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :view)',
        ExpressionAttributeValues: { ':pk': inboxPk(INBOX_UNIT), ':view': 'SIGN#' },
        Limit: 20,
      }),
    );
    if (Items.length !== 20) throw new Error(`a bare page of ${Items.length}`);
  });
  const inbox = line(`inbox of ${INBOX_DELIVERIES} (page of 20)`, listing, bareListing);
  result(`exchange-inbox-${INBOX_DELIVERIES}-p50`, inbox.p50, 'ms', inbox.f50);
  result(`exchange-inbox-${INBOX_DELIVERIES}-p95`, inbox.p95, 'ms', inbox.f95);

  // Each sign-for on a delivery of its own; the floor's updates on others (never the same twice).
  const needed = 2 * (SIGN_FORS + WARMUP);
  if (documentIds.length < needed) throw new Error(`BENCH_INBOX_DELIVERIES must be at least ${needed}`);
  const signed = await measure(SIGN_FORS, async (i) => {
    await call('dajing-clerk', 'POST', `/v1/exchange/deliveries/${documentIds[i]}/${INBOX_UNIT}/sign-for`);
  });
  const offset = SIGN_FORS + WARMUP;
  const bareSigned = await measure(SIGN_FORS, async (i) => {
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: deliveryKey(documentIds[offset + i] as string, INBOX_UNIT),
        UpdateExpression: 'SET #state = :state, signedForAt = :at, signedForBy = :by, #version = :next',
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
        ExpressionAttributeValues: {
          ':state': 'signed-for',
          ':at': new Date().toISOString(),
          ':by': 'bench-floor',
          ':version': 1,
          ':next': 2,
        },
      }),
    );
  });
  const signFor = line('sign-for', signed, bareSigned);
  result('exchange-sign-for-p50', signFor.p50, 'ms', signFor.f50);
  result('exchange-sign-for-p95', signFor.p95, 'ms', signFor.f95);
  printResults();
} finally {
  await local.stop();
}
