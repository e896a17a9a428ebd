/**
 * Registry lookup through the whole HTTP path (gateway → token check → grant check → quota →
 * masking → audit record) beside two floors on the same emulators in the same run: a bare GetItem /
 * BatchGetItem of the same keys, and the semantic floor (the grant, quota and record calls in
 * parallel, then the audit message). p50 and p99 of sequential calls.
 *
 *   npx tsx bench/registry-lookup.ts      (part of `npm run bench`)
 *   BENCH_LOOKUPS=1000 BENCH_BATCHES=100 GOVSHARE_SAMPLE_PEOPLE=100000 npx tsx bench/registry-lookup.ts
 *
 * Ends with RESULT registry-lookup-p50/-p99 (floor: bare GetItem), registry-lookup-semantic-p50/-p99
 * (floor: the semantic floor) and registry-batch-100-p50/-p99 (floor: bare BatchGetItem), in ms.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import { cstDay } from '@govshare/domain/kernel';
import { SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import type { Grant } from '@govshare/domain/sharing';
import { dynamo, sqs } from '@govshare/functions/platform/aws-clients.ts';
import { registryKeys } from '@govshare/functions/registry/registry-store.ts';
import { sampleGeography, samplePeople } from '@govshare/functions/registry/sample.ts';
import { sampleDivisions } from '@govshare/functions/registry/seed.ts';
import { dynamoGrantStore } from '@govshare/functions/sharing/grant-store.ts';
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

async function measure(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
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

  const http = await measure(LOOKUPS, async (i) => {
    const res = await fetch(
      `${platform.apiUrl}/v1/registry/people/${id(i)}?purpose=bench&grant=bench-registry`,
      { headers },
    );
    if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  });
  const bare = await measure(LOOKUPS, async (i) => {
    await dynamo().send(new GetCommand({ TableName: table, Key: registryKeys.person(id(i)) }));
  });
  line('lookup by ID (HTTP path)', 'registry-lookup', http, bare);
  // The semantic floor: the storage calls one lookup must make, issued bare in the best order:
  // grant GetItem ‖ quota UpdateItem ‖ person GetItem, then the audit SendMessage.
  const catalogueTable = process.env[tableEnvName('catalogue')] as string;
  const auditQueue = process.env[queueUrlEnvName('audit-trail')] as string;
  const semantic = await measure(LOOKUPS, async (i) => {
    await Promise.all([
      dynamo().send(
        new GetCommand({ TableName: catalogueTable, Key: { pk: `GRANT#${grant.id}`, sk: 'GRANT' } }),
      ),
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
    await sqs().send(
      new SendMessageCommand({ QueueUrl: auditQueue, MessageBody: JSON.stringify({ bench: i }) }),
    );
  });
  line('lookup by ID vs its semantic floor', 'registry-lookup-semantic', http, semantic);

  const batchOf = (i: number) => Array.from({ length: 100 }, (_, k) => id(i * 100 + k));
  const httpBatch = await measure(BATCHES, async (i) => {
    const res = await fetch(`${platform.apiUrl}/v1/registry/people/batch`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ids: batchOf(i), purpose: 'bench', grant: 'bench-registry' }),
    });
    if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  });
  const bareBatch = await measure(BATCHES, async (i) => {
    await dynamo().send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: batchOf(i).map((k) => registryKeys.person(k)) } },
      }),
    );
  });
  line('batch of 100 (HTTP path)', 'registry-batch-100', httpBatch, bareBatch);
  printResults();
} finally {
  await local.stop();
}
