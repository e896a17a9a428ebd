import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bucketEnvName, tableEnvName } from '@govshare/blueprint';
import { cachedCatalogueSearch } from '@govshare/functions/catalogue/catalogue-search.ts';
import { dynamoCatalogueStore } from '@govshare/functions/catalogue/catalogue-store.ts';
import {
  type SearchSnapshot,
  SNAPSHOT_KEY,
  s3SnapshotStore,
} from '@govshare/functions/catalogue/search-snapshot.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { s3 } from '@govshare/functions/platform/s3-clients.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * The search index's snapshot on the real local platform (DynamoDB Local, the S3 emulator, the
 * scheduler): the scheduled builder writes it to the search bucket, and a new search instance (as a
 * cold Lambda instance makes it) loads it and catches up with what was published after it.
 */
let local: TestPlatform;
let stats: string;

const census = {
  code: '301202/000077',
  name: '第七次人口普查分县汇总',
  category: 'departmental',
  abstract: '人口普查的分县汇总数据。',
  format: 'spreadsheet',
  items: [{ name: 'regionCode', title: '行政区划代码', type: 'string', length: 6 }],
  shareType: 'unconditional',
  shareMethod: 'file',
  updateCycle: 'yearly',
  tags: ['人口普查'],
  relatedResources: [],
};

/** A new instance's search, recording what its snapshot read returned. */
function coldInstance() {
  const warnings: string[] = [];
  const snapshots = s3SnapshotStore(s3(), process.env[bucketEnvName('search')] as string, (message) =>
    warnings.push(message),
  );
  const reads: (SearchSnapshot | undefined)[] = [];
  const search = cachedCatalogueSearch(
    dynamoCatalogueStore(dynamo(), process.env[tableEnvName('catalogue')] as string),
    {
      snapshots: {
        read: async () => {
          const snapshot = await snapshots.read();
          reads.push(snapshot);
          return snapshot;
        },
      },
    },
  );
  return { search, reads, warnings };
}

beforeAll(async () => {
  local = await startTestPlatform('catalogue-snapshot', { sampleData: true });
  stats = await local.tokenFor('stats-editor');
});

afterAll(async () => {
  await local?.stop();
});

describe('catalogue search snapshot', () => {
  it('is written by the builder, loaded by a new instance, which sees a publish made after it', async () => {
    const built = (await local.platform.triggerSchedule('catalogue-search-snapshot')) as {
      entries: number;
      written: boolean;
    };
    expect(built.written).toBe(true);
    expect(built.entries).toBeGreaterThanOrEqual(20);

    expect(
      (await local.request('POST', '/v1/catalogue/resources', { token: stats, body: census })).status,
    ).toBe(201);
    const published = await local.request('POST', '/v1/catalogue/resources/301202-000077/publish', {
      token: stats,
      body: {},
    });
    expect(published.status).toBe(200);

    const cold = coldInstance();
    const result = await cold.search.search({ text: '人口普查', limit: 5 });
    expect(cold.reads[0]?.index.size).toBe(built.entries + 1); // the snapshot, then the catch-up's entry
    expect(result.hits.map((hit) => hit.code)).toEqual(['301202/000077']);
    expect(cold.warnings).toEqual([]);

    // The builder catches up with the publish (this run, or the scheduler's own if it ran meanwhile);
    // run again with nothing new, it writes nothing.
    expect(await local.platform.triggerSchedule('catalogue-search-snapshot')).toMatchObject({
      entries: built.entries + 1,
    });
    const stored = await s3SnapshotStore(s3(), process.env[bucketEnvName('search')] as string).read();
    expect(stored?.index.get('301202/000077')?.name).toBe(census.name);
    expect(await local.platform.triggerSchedule('catalogue-search-snapshot')).toMatchObject({
      changed: 0,
      written: false,
    });
  });

  it('is refused when damaged: the new instance builds from the table instead', async () => {
    await s3().send(
      new PutObjectCommand({
        Bucket: process.env[bucketEnvName('search')] as string,
        Key: SNAPSHOT_KEY,
        Body: new TextEncoder().encode('not a snapshot'),
        Metadata: { mark: String(Date.now()) },
      }),
    );
    const cold = coldInstance();
    const result = await cold.search.search({ text: '人口普查', limit: 5 });
    expect(cold.reads).toEqual([undefined]);
    expect(cold.warnings).toEqual(['catalogue search snapshot refused']);
    expect(result.hits.map((hit) => hit.code)).toEqual(['301202/000077']);
  });
});
