/**
 * Registry lookup through the whole HTTP path (gateway → token check → caller from the directory →
 * grant check → quota → masking → audit record) beside two floors on the same emulators in the same
 * run: a bare GetItem of the person, and the semantic floor (the storage calls one lookup must make,
 * issued bare in the best order: grant GetItem ‖ quota UpdateItem ‖ person GetItem, then the audit
 * SendMessage of an audit event of the same shape). p50 and p99 of sequential calls.
 *
 * The three are interleaved (one of each per round, the rounds taking every order in turn), so that
 * the machine's other work, DynamoDB Local's own pauses and the audit consumer appending the events
 * of both weigh on each alike; measured one after another, a burst of other work lands on one only.
 *
 *   npx tsx bench/registry-lookup.ts      (part of `npm run bench`)
 *   BENCH_LOOKUPS=1000 BENCH_BATCHES=100 GOVSHARE_SAMPLE_PEOPLE=100000 npx tsx bench/registry-lookup.ts
 *
 * Ends with RESULT registry-lookup-p50/-p99 (floor: bare GetItem), registry-lookup-semantic-p50/-p99
 * (floor: the semantic floor) and registry-batch-100-p50/-p99 (floor: bare BatchGetItem), in ms.
 */
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { cstDay } from '@govshare/domain/kernel';
import { SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import type { Grant } from '@govshare/domain/sharing';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { encodeQueueBody } from '@govshare/functions/platform/queue-body.ts';
import { registryKeys } from '@govshare/functions/registry/registry-store.ts';
import { sampleGeography, samplePeople } from '@govshare/functions/registry/sample.ts';
import { sampleDivisions } from '@govshare/functions/registry/seed.ts';
import { dynamoGrantStore, grantKey } from '@govshare/functions/sharing/grant-store.ts';
import { SAMPLE_SYSTEM, sampleGrants } from '@govshare/functions/sharing/seed.ts';
import { startTestPlatform } from '../test/support/local-platform.ts';
import { printResults, result } from './result.ts';

const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 400);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const WARMUP = 30;
process.env.GOVSHARE_SAMPLE_PEOPLE ??= '10000';
process.env.GOVSHARE_SAMPLE_COMPANIES ??= '100';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Every order of the names (6 for 3). */
const orders = <K>(names: readonly K[]): K[][] =>
  names.length <= 1
    ? [[...names]]
    : names.flatMap((first, i) =>
        orders([...names.slice(0, i), ...names.slice(i + 1)]).map((rest) => [first, ...rest]),
      );

/**
 * Runs each of `runs` once per round, `count` rounds after WARMUP, each round in the next of all their
 * orders, and returns each one's samples (ms). Every order in turn, not one order rotated: what runs
 * just before weighs on a call (the audit consumer appending the event of a call that sent one, the
 * quota item just written), and rotating [a, b, c] puts c before a in two rounds of three: the lookup
 * followed the semantic floor's audit message twice as often as the floor followed the lookup's
 * (measured: +0.8–1 ms at p50 for a call that follows one sending an audit event).
 */
async function measure<K extends string>(
  count: number,
  runs: Record<K, (i: number) => Promise<void>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(runs) as K[];
  const rounds = orders(names);
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = -WARMUP; round < count; round++) {
    const i = round + WARMUP;
    for (const name of rounds[i % rounds.length] as K[]) {
      const start = performance.now();
      await runs[name](i);
      if (round >= 0) samples[name].push(performance.now() - start);
    }
  }
  return samples;
}

const line = (label: string, name: string, platform: number[], floor: number[]) => {
  const [p50, p99, f50, f99] = [
    percentile(platform, 50),
    percentile(platform, 99),
    percentile(floor, 50),
    percentile(floor, 99),
  ];
  console.log(
    `${label.padEnd(28)} p50 ${p50.toFixed(2).padStart(7)} ms (floor ${f50.toFixed(2)} ms, ×${(p50 / f50).toFixed(1)})` +
      `   p99 ${p99.toFixed(2).padStart(7)} ms (floor ${f99.toFixed(2)} ms, ×${(p99 / f99).toFixed(1)})`,
  );
  result(`${name}-p50`, p50, 'ms', f50);
  result(`${name}-p99`, p99, 'ms', f99);
};

const started = performance.now();
const local = await startTestPlatform('bench-registry', { sampleData: true });
const { platform } = local;
try {
  console.log(
    `registry lookup bench: ${process.env.GOVSHARE_SAMPLE_PEOPLE} people loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; ${LOOKUPS} lookups, ${BATCHES} batches of 100`,
  );
  const geo = sampleGeography(await sampleDivisions(), SAMPLE_CITY_CODE);
  const ids = [...samplePeople(Math.min(Number(process.env.GOVSHARE_SAMPLE_PEOPLE), 2000), geo)].map(
    (p) => p.citizenId,
  );
  // A grant whose quota the bench cannot exhaust; named in each request, as a caller may.
  const grant: Grant = { ...(sampleGrants()[0] as Grant), id: 'bench-registry', dailyQuota: 100_000_000 };
  await dynamoGrantStore(dynamo(), process.env[tableEnvName('catalogue')] as string).put(grant);
  const token = await local.tokenFor(SAMPLE_SYSTEM);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const table = process.env[tableEnvName('registry')] as string;
  const id = (i: number) => ids[i % ids.length] as string;

  const catalogueTable = process.env[tableEnvName('catalogue')] as string;
  const auditQueue = process.env[queueUrlEnvName('audit-trail')] as string;
  const lookup = async (i: number) => {
    const res = await fetch(
      `${platform.apiUrl}/v1/registry/people/${id(i)}?purpose=bench&grant=bench-registry`,
      { headers },
    );
    if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const bareGet = async (i: number) => {
    await dynamo().send(new GetCommand({ TableName: table, Key: registryKeys.person(id(i)) }));
  };
  // The semantic floor: the storage calls one lookup must make, issued bare in the best order:
  // grant GetItem ‖ quota UpdateItem ‖ person GetItem, then the audit SendMessage. Its message is an
  // audit event of the lookup's own shape, so that the audit consumer appends it as it appends the
  // lookup's (a malformed one would be refused at once and come back until the dead-letter queue:
  // other work than the lookup's, on the same emulators).
  const semanticFloor = async (i: number) => {
    await Promise.all([
      dynamo().send(new GetCommand({ TableName: catalogueTable, Key: grantKey(grant.id) })),
      dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `QUOTA#bench-floor`, sk: `DAY#${cstDay(new Date())}` },
          UpdateExpression: 'ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
      dynamo().send(new GetCommand({ TableName: table, Key: registryKeys.person(id(i)) })),
    ]);
    const eventId = `bench:${crypto.randomUUID()}`;
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: auditQueue,
        MessageBody: encodeQueueBody({
          id: eventId,
          at: new Date().toISOString(),
          actor: { unit: grant.consumerUnit, principal: SAMPLE_SYSTEM, kind: 'system' },
          action: 'registry.population.get',
          providerUnit: grant.providerUnit,
          resourceCode: grant.resourceCode,
          grantId: grant.id,
          purpose: 'bench',
          items: grant.items,
          recordCount: 1,
          subjectHashes: [createHash('sha256').update(id(i)).digest('hex')],
          outcome: 'ok',
          correlationId: crypto.randomUUID(),
        }),
        MessageAttributes: { eventId: { DataType: 'String', StringValue: eventId } },
      }),
    );
  };
  // What else holds up this thread (the gateway's, the pollers', the bench's own) while it runs.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  delay.enable();
  gc.observe({ entryTypes: ['gc'] });
  const single = await measure(LOOKUPS, { lookup, bareGet, semanticFloor });
  gc.disconnect();
  delay.disable();
  line('lookup by ID (HTTP path)', 'registry-lookup', single.lookup, single.bareGet);
  line('lookup by ID vs its semantic floor', 'registry-lookup-semantic', single.lookup, single.semanticFloor);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    `  (runtime main thread while they ran: event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms;` +
      ` GC ${pauses.length} pauses, ${pauses.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...pauses).toFixed(1)} ms)`,
  );

  const batchOf = (i: number) => Array.from({ length: 100 }, (_, k) => id(i * 100 + k));
  const batches = await measure(BATCHES, {
    http: async (i) => {
      const res = await fetch(`${platform.apiUrl}/v1/registry/people/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ids: batchOf(i), purpose: 'bench', grant: 'bench-registry' }),
      });
      if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    },
    bare: async (i) => {
      await dynamo().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: batchOf(i).map((k) => registryKeys.person(k)) } },
        }),
      );
    },
  });
  line('batch of 100 (HTTP path)', 'registry-batch-100', batches.http, batches.bare);
  printResults();
} finally {
  await local.stop();
}
