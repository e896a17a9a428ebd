import type { SearchDocument } from '@govshare/functions/catalogue/catalogue-store.ts';
import {
  createSnapshotBuilder,
  type SearchSnapshot,
  type SnapshotStore,
} from '@govshare/functions/catalogue/search-snapshot.ts';
import { describe, expect, it } from 'vitest';

/** The builder over an in-memory table shard and an in-memory bucket. */
const document = (code: string, name: string, writtenAt: string): SearchDocument => ({
  code,
  version: 1,
  name,
  abstract: '',
  itemText: '',
  tags: [],
  category: 'departmental',
  providerUnit: '611000202',
  shareType: 'unconditional',
  updateCycle: 'monthly',
  format: 'database',
  publishedAt: writtenAt,
  position: `${writtenAt}#${code}`,
});

function setting() {
  const rows: SearchDocument[] = [];
  const reads: (string | undefined)[] = [];
  const store = {
    async searchDocuments(shard: number, after?: string) {
      if (shard === 0) reads.push(after);
      return shard === 0 ? rows.filter((row) => !after || row.position > after) : [];
    },
  };
  let stored: SearchSnapshot | undefined;
  const writes: SearchSnapshot[] = [];
  const bucket: SnapshotStore = {
    read: async () => stored,
    write: async (snapshot) => {
      stored = snapshot;
      writes.push(snapshot);
      return { bytes: 1 };
    },
  };
  return { rows, reads, store, bucket, writes };
}

const quiet = { info: () => {} };

describe('search snapshot builder', () => {
  it('writes a first build, then only what changed, and builds again every hour', async () => {
    const { rows, reads, store, bucket, writes } = setting();
    let clock = Date.parse('2026-03-01T00:00:00Z');
    rows.push(document('1/000001', '人口统计', '2026-02-28T00:00:00.000Z'));
    const build = createSnapshotBuilder(store, bucket, quiet, () => clock);

    expect(await build()).toMatchObject({ entries: 1, changed: 1, written: true });
    expect(reads).toEqual([undefined]);

    clock += 60_000;
    expect(await build()).toMatchObject({ entries: 1, changed: 0, written: false });
    expect(reads[1]).toBe('2026-02-28T23:59:50.000Z');

    clock += 60_000;
    rows.push(document('1/000002', '人口迁移', '2026-03-01T00:01:59.000Z'));
    expect(await build()).toMatchObject({ entries: 2, changed: 1, written: true });
    expect(writes[1]?.mark).toBe(clock);
    expect(writes[1]?.builtAt).toBe(Date.parse('2026-03-01T00:00:00Z'));

    // An hour after its whole build: built from the table again (heals what an increment missed).
    clock += 3_600_000;
    expect(await build()).toMatchObject({ entries: 2, written: true });
    expect(reads.at(-1)).toBeUndefined();
    expect(writes.at(-1)?.builtAt).toBe(clock);
  });

  it('a cold builder starts from the stored snapshot and catches up from its mark', async () => {
    const { rows, reads, store, bucket } = setting();
    let clock = Date.parse('2026-03-01T00:00:00Z');
    rows.push(document('1/000001', '人口统计', '2026-02-28T00:00:00.000Z'));
    await createSnapshotBuilder(store, bucket, quiet, () => clock)();
    clock += 60_000;
    rows.push(document('1/000002', '人口迁移', '2026-03-01T00:00:30.000Z'));
    expect(await createSnapshotBuilder(store, bucket, quiet, () => clock)()).toMatchObject({
      entries: 2,
      changed: 1,
      written: true,
    });
    expect(reads.at(-1)).toBe('2026-02-28T23:59:50.000Z');
  });
});
