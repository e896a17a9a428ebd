/**
 * The assessment (绩效考核) of a quarter on the whole local platform, each figure beside its floor on
 * the same emulators in the same run:
 *   - computing the period: the `assessment-computations` consumer's work (createPeriodComputation,
 *     driven in the bench's process on the platform's tables: the directory, every unit's records
 *     through the contexts' readers, scoreUnit, the ranking, the tables written). Floor: the same
 *     storage reads, bare: each unit's Queries the readers make (the inbox with its window filter,
 *     the urges, the provider's resources and stale flags, the access requests, the projects; the
 *     year's information reporting once), 16 in flight, nothing shaped or scored, nothing written.
 *     Also timed, inside the computation: the directory read, the span of the record reads, the
 *     tables written; and apart: the readers alone, the scoring alone.
 *   - a unit's table and one explanation page through the gateway (token check, handler, one
 *     GetItem, the audit message). Floor: a bare GetItem of the same table item.
 * Records are loaded in steps (BENCH_ASSESSMENT_DELIVERIES, cumulative), the catalogue at a tenth
 * of the deliveries, all in the stores' own item shapes (deliveryItem, latestItem, publishedItem,
 * markStale); a step is skipped if the load, at the rate measured so far, would exceed
 * BENCH_ASSESSMENT_MAX_LOAD_SECONDS.
 *
 *   npx tsx bench/assessment.ts                     (10k, 100k, 1M deliveries, 1,000 units)
 *   BENCH_ASSESSMENT_DELIVERIES=5000,20000 BENCH_ASSESSMENT_UNITS=200 BENCH_ASSESSMENT_READS=30 \
 *     npx tsx bench/assessment.ts                   (while developing)
 *
 * Ends with RESULT assessment-compute-<deliveries> (ms), assessment-table-p50/-p95 and
 * assessment-explanation-p50/-p95 (ms, floors as above).
 */
import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Blueprint, govshare, tableEnvName } from '@govshare/blueprint';
import { parsePeriod, scoreUnit, type UnitFacts, type UnitScoreTable } from '@govshare/domain/assessment';
import type { Resource } from '@govshare/domain/catalogue';
import {
  DEFAULT_DELIVERY_DEADLINES,
  type Delivery,
  deadlineAt,
  deliveriesFor,
  type UrgencyLevel,
} from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { createPeriodComputation } from '@govshare/functions/assessment/computation.ts';
import { informationFacts } from '@govshare/functions/assessment/information/information-facts.ts';
import { dynamoInformationStore } from '@govshare/functions/assessment/information/information-store.ts';
import {
  DELIVERY_LOOKBACK_DAYS,
  type PlatformRecordReaders,
  REQUEST_LOOKBACK_DAYS,
  readPlatformFacts,
} from '@govshare/functions/assessment/platform-facts.ts';
import {
  dynamoResultsStore,
  leaseFrom,
  type ResultsStore,
} from '@govshare/functions/assessment/results-store.ts';
import { dynamoSchemeStore } from '@govshare/functions/assessment/scheme-store.ts';
import { tableKey } from '@govshare/functions/assessment/table-keys.ts';
import { auditTrailFromEnv } from '@govshare/functions/audit/audit-trail.ts';
import {
  dynamoCatalogueStore,
  latestItem,
  publishedItem,
} from '@govshare/functions/catalogue/catalogue-store.ts';
import { providerResources } from '@govshare/functions/catalogue/index.ts';
import { deliveryItem, type StoredDelivery } from '@govshare/functions/exchange/delivery-store.ts';
import { exchangeRecords } from '@govshare/functions/exchange/index.ts';
import { dynamoIdentityStore } from '@govshare/functions/identity/identity-store.ts';
import { everyUnit, workingCalendarReader } from '@govshare/functions/identity/index.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { batchPutAll } from '@govshare/functions/platform/dynamo.ts';
import { projectSetbacks } from '@govshare/functions/review/index.ts';
import { dynamoProjectStore } from '@govshare/functions/review/project-store.ts';
import { providerRequests } from '@govshare/functions/sharing/index.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';
import { generated } from './support/catalogue-corpus.ts';

const SIZES = (process.env.BENCH_ASSESSMENT_DELIVERIES ?? '10000,100000,1000000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => size > 0)
  .sort((a, b) => a - b);
const UNITS = Number(process.env.BENCH_ASSESSMENT_UNITS ?? 1000);
/** Catalogue events (published resources, a few drafts of a next version, stale flags) per delivery. */
const CATALOGUE_PER_DELIVERY = 0.1;
const READS = Number(process.env.BENCH_ASSESSMENT_READS ?? 100);
const MAX_LOAD_SECONDS = Number(process.env.BENCH_ASSESSMENT_MAX_LOAD_SECONDS ?? 900);
const LOAD_CONCURRENCY = 8;
const FLOOR_CONCURRENCY = 16;
const RECIPIENTS_PER_DOCUMENT = 50;
const PERIOD = parsePeriod(process.env.BENCH_ASSESSMENT_PERIOD ?? '2026-Q3');
const READER = 'egov-reviewer';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.GOVSHARE_SAMPLE_PEOPLE ??= '200';
process.env.GOVSHARE_SAMPLE_COMPANIES ??= '50';

const CITY_GOVERNMENT = '611000000';
const TOWNSHIPS_PER_COUNTY = 500;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const since = (start: number) => performance.now() - start;
const count = (n: number) => n.toLocaleString('en-US');

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
const chunked = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, c) => items.slice(c * size, c * size + size));

/** The platform without its schedules: the urge sweep, the freshness sweep and the search snapshot would compete for the emulator. */
function benchBlueprint(): Blueprint {
  const functions = Object.fromEntries(
    Object.entries(govshare.functions).filter(([, fn]) => (fn as { kind: string }).kind !== 'schedule'),
  );
  return { ...govshare, functions } as Blueprint;
}

const started = performance.now();
const local = await startTestPlatform('bench-assessment', { blueprint: benchBlueprint() });
const env = local.platform.env;
const tableOf = (name: Parameters<typeof tableEnvName>[0]) => env[tableEnvName(name)] as string;
const tables = {
  exchange: tableOf('exchange'),
  catalogue: tableOf('catalogue'),
  review: tableOf('review'),
  identity: tableOf('identity'),
  assessment: tableOf('assessment'),
};
const client = dynamo();
/** DynamoDB calls by command, counted while `calls.counting` (one computation). */
const calls = { counting: false, byCommand: new Map<string, number>() };
client.middlewareStack.add(
  (next, context) => async (args) => {
    if (calls.counting) {
      const name = context.commandName ?? 'unknown';
      calls.byCommand.set(name, (calls.byCommand.get(name) ?? 0) + 1);
    }
    return next(args);
  },
  { step: 'initialize', name: 'benchCallCounter' },
);
const storageCalls = () => [...calls.byCommand.values()].reduce((sum, n) => sum + n, 0);
const callsLine = () =>
  [...calls.byCommand]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name.replace(/Command$/, '')} ${count(n)}`)
    .join(', ');
const calendar = workingCalendarReader(client, tables.identity);

// ---------------------------------------------------------------- units

/** The bench's townships: counties 6199xx of 500 townships each under the city government. */
function benchUnits(): Unit[] {
  const units: Unit[] = [];
  for (let index = 1; units.length < UNITS + Math.ceil(UNITS / TOWNSHIPS_PER_COUNTY); index++) {
    const region = `6199${String(index).padStart(2, '0')}`;
    const government = `${region}000`;
    const townships = Math.min(TOWNSHIPS_PER_COUNTY, UNITS - (index - 1) * TOWNSHIPS_PER_COUNTY);
    units.push(
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
    );
  }
  return units;
}

const units = benchUnits();
const townships = units.filter((u) => u.level === 'township').map((u) => u.code);
{
  const store = dynamoIdentityStore(client, tables.identity);
  const start = performance.now();
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
  console.log(`${units.length} units created through the identity store in ${seconds(since(start))}`);
}

// ---------------------------------------------------------------- records

const DAY = 86_400_000;
const windowStart = Date.parse(PERIOD.startsAt) - DELIVERY_LOOKBACK_DAYS * DAY;
const windowLength = Date.parse(PERIOD.endsAt) - windowStart;
const URGENCIES: UrgencyLevel[] = ['normal', 'normal', '加急', 'normal', '特急', 'normal'];
/** A deterministic spread in [0, 1) of an integer. */
const spread = (n: number) => ((n * 2654435761) % 4294967296) / 4294967296;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Document `d`: from one township to the next 50 (40 主送, 10 抄送), delivered at a spread instant
 * of the window the readers read; each delivery's outcome from its index: signed and handled on
 * time (60%), signed late (15%), handled late (10%), still open (7%), returned (4%), withdrawn (4%).
 */
function documentDeliveries(
  d: number,
  held: Parameters<typeof deliveriesFor>[0]['calendar'],
): StoredDelivery[] {
  const sender = d % townships.length;
  const recipients = Math.min(RECIPIENTS_PER_DOCUMENT, townships.length - 1);
  const to = Array.from(
    { length: recipients },
    (_, k) => townships[(sender + 1 + k) % townships.length] as string,
  );
  const deliveredAt = new Date(windowStart + Math.floor(spread(d + 1) * windowLength));
  const urgency = URGENCIES[d % URGENCIES.length] as UrgencyLevel;
  const documentId = `bench-assess-${String(d).padStart(7, '0')}`;
  const fresh = deliveriesFor({
    documentId,
    issuingUnits: [townships[sender] as string],
    urgency,
    main: to.slice(0, Math.ceil(recipients * 0.8)),
    copy: to.slice(Math.ceil(recipients * 0.8)),
    now: deliveredAt,
    dispatchedAt: deliveredAt,
    documentType: '通知',
    calendar: held,
  });
  return fresh.map((delivery, k) => {
    const outcome = (d * 31 + k * 17) % 100;
    const signDue = Date.parse(delivery.signForDueAt);
    const at = Date.parse(delivery.deliveredAt);
    let next: Delivery = delivery;
    if (outcome < 85) {
      const signedAt = outcome >= 60 && outcome < 75 ? signDue + DAY : at + 2 * 3_600_000;
      next = { ...next, state: 'signed-for', signedForAt: iso(signedAt), signedForBy: 'bench-clerk' };
      if (delivery.as === 'main') {
        const within = delivery.handleWithin ?? DEFAULT_DELIVERY_DEADLINES.handle[delivery.urgency];
        const handleDueAt = deadlineAt(new Date(signedAt), within, held);
        const handledAt = outcome >= 75 ? Date.parse(handleDueAt) + 2 * DAY : signedAt + 3 * DAY;
        next = {
          ...next,
          state: 'handled',
          handleDueAt,
          handledAt: iso(handledAt),
          handledBy: 'bench-handler',
        };
      }
    } else if (outcome < 92) {
      // still to sign for
    } else if (outcome < 96) {
      next = { ...next, state: 'returned', returnReason: 'misdirected', returnedAt: iso(at + 3_600_000) };
    } else {
      next = { ...next, state: 'withdrawn', withdrawnAt: iso(at + 3_600_000) };
    }
    return {
      ...next,
      recipientName: `基准测试单位${next.recipientUnit}`,
      title: `关于基准测试第${d + 1}号的通知`,
      documentType: '通知',
      documentNumber: `基准发〔2026〕${d + 1}号`,
      issuingUnits: [next.senderUnit],
      historyHead: { seq: 1, hash: `bench-${documentId}` },
    };
  });
}

/**
 * Resource `j` of township j mod N, published in the window; one in 20 with a draft of its next
 * version as the latest (the reader reads its published copy), one in 50 flagged stale.
 */
function catalogueItems(j: number): { items: Record<string, unknown>[]; stale?: Resource } {
  const at = iso(windowStart + Math.floor(spread(j + 7) * windowLength));
  const resource: Resource = {
    ...generated(j, at),
    code: `${900 + (j % 100)}/${String(j).padStart(7, '0')}`,
    providerUnit: townships[j % townships.length] as string,
  };
  const items: Record<string, unknown>[] = [publishedItem(resource)];
  if (j % 20 === 3) {
    const { publishedAt: _p, ...rest } = resource;
    items.push(latestItem({ ...rest, version: 2, status: 'draft', updatedAt: iso(Date.parse(at) + DAY) }));
  } else {
    items.push(latestItem(resource));
  }
  return j % 50 === 7 ? { items, stale: resource } : { items };
}

/**
 * Items written as one TransactWriteItems of up to 100 puts: on DynamoDB Local 2–3× faster than the
 * same items in BatchWriteItem calls of 25 (bench/README.md, document exchange); batchPutAll if
 * BENCH_ASSESSMENT_LOAD=batch.
 */
async function putAll(table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  if (process.env.BENCH_ASSESSMENT_LOAD === 'batch') return batchPutAll(client, table, items);
  await client.send(
    new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: table, Item } })) }),
  );
}

let loadedDeliveries = 0;
let loadedCatalogue = 0;
let loadMs = 0;
/** Loads deliveries (and the catalogue's tenth) up to `size`; the milliseconds it took. */
async function loadTo(size: number): Promise<number> {
  const start = performance.now();
  const catalogue = dynamoCatalogueStore(client, tables.catalogue);
  const firstDocument = Math.ceil(loadedDeliveries / RECIPIENTS_PER_DOCUMENT);
  const lastDocument = Math.ceil(size / RECIPIENTS_PER_DOCUMENT);
  const perDocument = Math.min(RECIPIENTS_PER_DOCUMENT, townships.length - 1);
  // Generated and written a slice of documents at a time: 1M deliveries are not held at once.
  const SLICE = 200;
  for (let from = firstDocument; from < lastDocument; from += SLICE) {
    const to = Math.min(lastDocument, from + SLICE);
    const items = await calendar.withCalendar((held) =>
      Array.from({ length: to - from }, (_, i) => documentDeliveries(from + i, held)).flat(),
    );
    await inParallel(chunked(items.map(deliveryItem), 100), LOAD_CONCURRENCY, (chunk) =>
      putAll(tables.exchange, chunk),
    );
    loadedDeliveries += items.length;
  }
  const deliveriesMs = since(start);
  const catalogueTarget = Math.round(lastDocument * perDocument * CATALOGUE_PER_DELIVERY);
  const indices = Array.from(
    { length: Math.max(0, catalogueTarget - loadedCatalogue) },
    (_, i) => loadedCatalogue + i,
  );
  for (const slice of chunked(indices, 2000)) {
    const made = slice.map(catalogueItems);
    await inParallel(
      chunked(
        made.flatMap((m) => m.items),
        100,
      ),
      LOAD_CONCURRENCY,
      (chunk) => putAll(tables.catalogue, chunk),
    );
    await inParallel(
      made.flatMap((m) => (m.stale ? [m.stale] : [])),
      LOAD_CONCURRENCY,
      async (r) => {
        await catalogue.markStale({
          code: r.code,
          version: r.version,
          name: r.name,
          providerUnit: r.providerUnit,
          updateCycle: r.updateCycle,
          publishedAt: r.publishedAt as string,
          staleSince: iso(Date.parse(PERIOD.startsAt) + 10 * DAY),
        });
      },
    );
  }
  loadedCatalogue = Math.max(loadedCatalogue, catalogueTarget);
  const ms = since(start);
  console.log(
    `  deliveries written in ${seconds(deliveriesMs)}, the catalogue in ${seconds(ms - deliveriesMs)}`,
  );
  loadMs += ms;
  return ms;
}

// ---------------------------------------------------------------- the computation and its floor

const information = dynamoInformationStore(client, tables.assessment);
const readers: PlatformRecordReaders = {
  exchange: exchangeRecords(client, tables.exchange),
  catalogue: providerResources(client, tables.catalogue),
  sharing: providerRequests(client, tables.catalogue),
  review: projectSetbacks(client, tables.review),
  information: informationFacts(information, () => new Date()),
};
/** Within one computation: when its first record read started and its last ended, the directory read. */
const span = { firstRead: Number.POSITIVE_INFINITY, lastRead: 0, directoryMs: 0, calls: 0 };
function timed<T extends object>(reader: T): T {
  return Object.fromEntries(
    Object.entries(reader).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        span.firstRead = Math.min(span.firstRead, performance.now());
        span.calls++;
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        } finally {
          span.lastRead = Math.max(span.lastRead, performance.now());
        }
      },
    ]),
  ) as T;
}
const inCompute: PlatformRecordReaders = {
  exchange: timed(readers.exchange),
  catalogue: timed(readers.catalogue),
  sharing: timed(readers.sharing),
  review: timed(readers.review),
  ...(readers.information ? { information: readers.information } : {}),
};
const results = dynamoResultsStore(client, tables.assessment);
/** The time the computation spends writing its tables and ranking (the store's writeResults). */
let writeMs = 0;
const timedResults: ResultsStore = {
  ...results,
  async writeResults(args) {
    const start = performance.now();
    try {
      await results.writeResults(args);
    } finally {
      writeMs += since(start);
    }
  },
};
const silent = { info() {}, warn() {}, error: console.error };
const computation = createPeriodComputation({
  results: timedResults,
  schemes: dynamoSchemeStore(client, tables.assessment),
  readers: inCompute,
  units: async () => {
    const start = performance.now();
    const all = await everyUnit(client, tables.identity);
    span.directoryMs = since(start);
    return all;
  },
  calendar,
  audit: auditTrailFromEnv(env),
  now: () => new Date(),
  logger: silent,
});
const requester = await dynamoIdentityStore(client, tables.identity).getPrincipal(READER);
if (!requester) throw new Error(`no ${READER} in the sample directory`);

interface Computed {
  ms: number;
  writeMs: number;
  readMs: number;
  directoryMs: number;
  calls: number;
  storageCalls: number;
  callsLine: string;
}
async function compute(): Promise<Computed> {
  writeMs = 0;
  Object.assign(span, { firstRead: Number.POSITIVE_INFINITY, lastRead: 0, directoryMs: 0, calls: 0 });
  const id = randomUUID();
  const requestedAt = new Date().toISOString();
  await results.createComputation(
    {
      id,
      period: PERIOD.key,
      state: 'queued',
      requestedAt,
      requestedBy: READER,
      requestedByUnit: requester?.unitCode as string,
      done: 0,
      total: 0,
    },
    leaseFrom(requestedAt),
  );
  calls.byCommand.clear();
  calls.counting = true;
  const start = performance.now();
  const done = await computation.run({ computationId: id, period: PERIOD.key }).finally(() => {
    calls.counting = false;
  });
  const ms = since(start);
  if (done?.state !== 'done') throw new Error(`computation ${id}: ${JSON.stringify(done)}`);
  return {
    ms,
    writeMs,
    readMs: span.lastRead - span.firstRead,
    directoryMs: span.directoryMs,
    calls: span.calls,
    storageCalls: storageCalls(),
    callsLine: callsLine(),
  };
}

const daysBefore = (instant: string, days: number) => iso(Date.parse(instant) - days * DAY);

/** Every page of a Query, bare: the items counted, nothing kept. */
async function bareQuery(input: QueryCommandInput): Promise<number> {
  let items = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The storage reads of the readers, bare and once: per unit the inbox (same key, same window
 * filter), its urges, its resources and stale flags, the requests to it, its projects of the two
 * pipeline years; the year's information reporting (scoring method, quotas, items, 约稿) once.
 */
async function floorRead(unitCodes: readonly string[]): Promise<{ ms: number; items: number }> {
  const projects = dynamoProjectStore(client, tables.review);
  const from = daysBefore(PERIOD.startsAt, DELIVERY_LOOKBACK_DAYS);
  const requestsFrom = daysBefore(PERIOD.startsAt, REQUEST_LOOKBACK_DAYS);
  let items = 0;
  const start = performance.now();
  for (const read of await Promise.all([
    information.scoringMethod(PERIOD.year).then((method) => (method ? 1 : 0)),
    information.quotaTable(PERIOD.year).then((quotas) => quotas.quotas.length),
    information.yearItems(PERIOD.year).then((items) => items.length),
    information.yearCommissions(PERIOD.year).then((commissions) => commissions.length),
  ]))
    items += read;
  const reads = unitCodes.flatMap((unit) => [
    () =>
      bareQuery({
        TableName: tables.exchange,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: '#type = :delivery AND deliveredAt >= :from AND deliveredAt < :to',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':pk': `INBOX#${unit}`,
          ':delivery': 'delivery',
          ':from': from,
          ':to': PERIOD.endsAt,
        },
      }),
    () =>
      bareQuery({
        TableName: tables.exchange,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `NOTICES#UNIT#${unit}`,
          ':from': PERIOD.startsAt,
          ':to': PERIOD.endsAt,
        },
      }),
    () =>
      bareQuery({
        TableName: tables.catalogue,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `PROVIDER#${unit}` },
      }),
    () =>
      bareQuery({
        TableName: tables.catalogue,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `STALE#${unit}` },
      }),
    () =>
      bareQuery({
        TableName: tables.catalogue,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `ACCESSREQ-PROVIDER#${unit}`,
          ':from': requestsFrom,
          ':to': PERIOD.endsAt,
        },
      }),
    async () => (await projects.pipeline(PERIOD.year - 1, { limit: 100, filter: { unit } })).items.length,
    async () => (await projects.pipeline(PERIOD.year, { limit: 100, filter: { unit } })).items.length,
  ]);
  await inParallel(reads, FLOOR_CONCURRENCY, async (read) => {
    const found = await read();
    items += found;
  });
  return { ms: since(start), items };
}

interface Phases {
  units: number;
  directoryMs: number;
  readMs: number;
  scoreMs: number;
  deliveriesRead: number;
  heapMb: number;
}

/** The computation's parts, each alone: the directory, the readers, the scoring (in memory). */
async function phases(): Promise<Phases> {
  let start = performance.now();
  const all = (await everyUnit(client, tables.identity)).filter((u) => !u.dissolved);
  const directoryMs = since(start);
  start = performance.now();
  const facts = await readPlatformFacts(
    readers,
    PERIOD,
    all.map((u) => u.code),
  );
  const readMs = since(start);
  // What the facts of every unit hold in memory at once (the consumer keeps them until scored).
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const stored = await dynamoSchemeStore(client, tables.assessment).current();
  if (!stored) throw new Error('no scheme');
  const now = new Date();
  start = performance.now();
  const scored: UnitScoreTable[] = await calendar.withCalendar((held) =>
    all.map((unit) =>
      scoreUnit({
        scheme: stored.scheme,
        period: PERIOD,
        unit,
        facts: facts.get(unit.code) as UnitFacts,
        calendar: held,
        now,
      }),
    ),
  );
  const scoreMs = since(start);
  let deliveriesRead = 0;
  for (const f of facts.values()) deliveriesRead += f.received.length;
  if (scored.length !== all.length) throw new Error('not every unit scored');
  return { units: all.length, directoryMs, readMs, scoreMs, deliveriesRead, heapMb };
}

// ---------------------------------------------------------------- a unit's table and explanation

const token = await local.tokenFor(READER);
async function get(path: string): Promise<void> {
  const res = await local.request('GET', path, { token });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.json)}`);
}

async function tableReads() {
  const table: number[] = [];
  const explanation: number[] = [];
  const floor: number[] = [];
  const bare = async (unit: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tables.assessment, Key: tableKey(PERIOD.key, unit) }),
    );
    if (!Item) throw new Error(`no table of ${unit}`);
  };
  const WARMUP = 10;
  for (let i = 0; i < READS + WARMUP; i++) {
    const unit = townships[(i * 37) % townships.length] as string;
    const steps: [number[], () => Promise<void>][] = [
      [table, () => get(`/v1/assessment/periods/${PERIOD.key}/units/${unit}`)],
      [explanation, () => get(`/v1/assessment/periods/${PERIOD.key}/units/${unit}/explanation?limit=50`)],
      [floor, () => bare(unit)],
    ];
    // In turn first, so that neither a burst of other work nor a warm cache favours one of them.
    for (let s = 0; s < steps.length; s++) {
      const [samples, run] = steps[(s + i) % steps.length] as [number[], () => Promise<void>];
      const start = performance.now();
      await run();
      if (i >= WARMUP) samples.push(since(start));
    }
  }
  return { table, explanation, floor };
}

// ---------------------------------------------------------------- the run

console.log(
  `platform started and ${units.length} units created in ${seconds(since(started))}; period ${PERIOD.key}, ` +
    `deliveries from ${daysBefore(PERIOD.startsAt, DELIVERY_LOOKBACK_DAYS).slice(0, 10)}`,
);
interface Row {
  deliveries: number;
  catalogue: number;
  units: number;
  loadMs: number;
  computeMs: number;
  floorMs: number;
  floorItems: number;
  phases: Phases;
  run: Computed;
}
const rows: Row[] = [];
for (const size of SIZES) {
  const rate = loadedDeliveries > 0 ? loadMs / loadedDeliveries : 0;
  const projected = ((size - loadedDeliveries) * rate) / 1000;
  if (rate > 0 && projected > MAX_LOAD_SECONDS) {
    console.log(
      `\n${count(size)} deliveries skipped: loading ${count(size - loadedDeliveries)} more would take ~${projected.toFixed(0)} s ` +
        `at the rate so far (BENCH_ASSESSMENT_MAX_LOAD_SECONDS=${MAX_LOAD_SECONDS})`,
    );
    continue;
  }
  const ms = await loadTo(size);
  console.log(
    `\nloaded to ${count(loadedDeliveries)} deliveries and ${count(loadedCatalogue)} catalogue resources in ${seconds(ms)} ` +
      `(${((loadedDeliveries / loadMs) * 1000).toFixed(0)} deliveries/s overall)`,
  );
  // A first computation pays the cold paths (and writes the tables the second one replaces).
  const first = (await compute()).ms;
  const run = await compute();
  const computeMs = run.ms;
  const floor = await floorRead(
    (await everyUnit(client, tables.identity)).filter((u) => !u.dissolved).map((u) => u.code),
  );
  const parts = await phases();
  console.log(
    `  compute ${seconds(computeMs)} (first ${seconds(first)}), floor ${seconds(floor.ms)} (${count(floor.items)} items read bare), ` +
      `×${(computeMs / floor.ms).toFixed(2)}`,
  );
  console.log(
    `  in the computation: directory ${seconds(run.directoryMs)} (${parts.units} units), record reads ${seconds(run.readMs)} ` +
      `(${count(run.calls)} reader calls), tables written ${seconds(run.writeMs)}, the rest (job, scoring, ranking, audit) ` +
      `${seconds(computeMs - run.directoryMs - run.readMs - run.writeMs)}`,
  );
  console.log(`  DynamoDB calls of the computation: ${count(run.storageCalls)} (${run.callsLine})`);
  console.log(
    `  alone, after: directory ${seconds(parts.directoryMs)}, readers ${seconds(parts.readMs)} ` +
      `(${count(parts.deliveriesRead)} deliveries; heap ${parts.heapMb.toFixed(0)} MB with the facts read), scoring ${seconds(parts.scoreMs)}`,
  );
  rows.push({
    deliveries: loadedDeliveries,
    catalogue: loadedCatalogue,
    units: parts.units,
    loadMs: ms,
    computeMs,
    floorMs: floor.ms,
    floorItems: floor.items,
    phases: parts,
    run,
  });
  result(`assessment-compute-${loadedDeliveries}`, computeMs, 'ms', floor.ms);
}

const reads = await tableReads();
console.log('\n| figure | p50 | p95 | floor p50 | floor p95 | ratio p50 / p95 |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, samples] of [
  ['table', reads.table],
  ['explanation', reads.explanation],
] as const) {
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const f50 = percentile(reads.floor, 50);
  const f95 = percentile(reads.floor, 95);
  console.log(
    `| ${name} (${samples.length}) | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms | ${f50.toFixed(1)} ms | ${f95.toFixed(1)} ms | ×${(p50 / f50).toFixed(1)} / ×${(p95 / f95).toFixed(1)} |`,
  );
  result(`assessment-${name}-p50`, p50, 'ms', f50);
  result(`assessment-${name}-p95`, p95, 'ms', f95);
}

console.log(
  '\n| deliveries | catalogue | units | load | compute | floor (bare reads) | ratio | directory | record reads | tables written | scoring (alone) | storage calls |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${count(row.deliveries)} | ${count(row.catalogue)} | ${row.units} | ${seconds(row.loadMs)} | ${seconds(row.computeMs)} | ` +
      `${seconds(row.floorMs)} | ×${(row.computeMs / row.floorMs).toFixed(2)} | ${seconds(row.run.directoryMs)} | ` +
      `${seconds(row.run.readMs)} | ${seconds(row.run.writeMs)} | ${seconds(row.phases.scoreMs)} | ${count(row.run.storageCalls)} |`,
  );
}
printResults();
await local.stop();
process.exit(0);
