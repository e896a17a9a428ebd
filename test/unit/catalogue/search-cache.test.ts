import { CatalogueIndex } from '@govshare/domain/catalogue';
import { cachedCatalogueSearch } from '@govshare/functions/catalogue/catalogue-search.ts';
import type { CatalogueStore, SearchDocument } from '@govshare/functions/catalogue/catalogue-store.ts';
import { describe, expect, it } from 'vitest';

/** The per-instance index cache over a store that only answers searchDocuments (an in-memory table). */
const document = (code: string, name: string, writtenAt: string, version = 1): SearchDocument => ({
  code,
  version,
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

function fakeStore() {
  const rows: SearchDocument[] = [];
  const calls: (string | undefined)[] = [];
  const store = {
    async searchDocuments(shard: number, after?: string) {
      if (shard === 0) calls.push(after);
      return shard === 0 ? rows.filter((row) => !after || row.position > after) : [];
    },
  } as unknown as CatalogueStore;
  return { rows, calls, store };
}

describe('cached catalogue search', () => {
  it('loads everything once, then only what was written since the last load minus the overlap', async () => {
    const { rows, calls, store } = fakeStore();
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const search = cachedCatalogueSearch(store, {
      refreshEveryMs: 1000,
      backgroundAfterMs: 1000,
      overlapMs: 5000,
      now: () => clock,
    });
    rows.push(document('1/000001', '人口统计', '2026-02-28T00:00:00.000Z'));
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(1);
    expect(calls).toEqual([undefined]);

    // Within refreshEveryMs: served from memory, the store is not asked.
    clock += 500;
    // Stamped 2 s before the first load started, committed after it: a lagging writer.
    rows.push(document('1/000002', '人口迁移', '2026-02-28T23:59:58.000Z'));
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(1);
    expect(calls).toHaveLength(1);

    // Later: the lagging write is caught by the overlap.
    clock += 1000;
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(2);
    expect(calls[1]).toBe('2026-02-28T23:59:55.000Z');

    // A new version replaces the old entry.
    clock += 2000;
    rows.push(document('1/000001', '人口综合', '2026-03-01T00:00:03.000Z', 2));
    const result = await search.search({ text: '人口', limit: 5 });
    expect(result.total).toBe(2);
    expect(result.hits.find((hit) => hit.code === '1/000001')).toMatchObject({
      version: 2,
      name: '人口综合',
    });
  });

  it('applies a publish of its own instance at once', async () => {
    const { store } = fakeStore();
    const search = cachedCatalogueSearch(store, { refreshEveryMs: 60_000 });
    await search.refresh();
    const { position: _position, ...indexed } = document('1/000009', '营业执照', '2026-03-01T00:00:00.000Z');
    search.apply(indexed);
    expect((await search.search({ text: '营业执照', limit: 5 })).hits.map((hit) => hit.code)).toEqual([
      '1/000009',
    ]);
  });

  it('refreshes in the background between searches, and waits only when the last load is too old', async () => {
    const { rows, calls, store } = fakeStore();
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const search = cachedCatalogueSearch(store, {
      refreshEveryMs: 2000,
      backgroundAfterMs: 1000,
      now: () => clock,
    });
    await search.refresh();
    rows.push(document('1/000003', '人口普查', '2026-03-01T00:00:00.500Z'));
    clock += 1500;
    // Answered from memory at once; the refresh it started sees the new entry for the next search.
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(0);
    expect(calls).toHaveLength(2);
    await search.refresh();
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(1);
    // Idle (frozen) past refreshEveryMs: this search waits for the load.
    rows.push(document('1/000004', '人口迁移', '2026-03-01T00:00:02.000Z'));
    clock += 5000;
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(2);
  });

  it('starts from a snapshot and catches up from its mark; without one, builds from the table', async () => {
    const { rows, calls, store } = fakeStore();
    const clock = Date.parse('2026-03-01T00:10:00Z');
    const snapshotIndex = new CatalogueIndex();
    const { position: _p, ...old } = document('1/000001', '人口统计', '2026-03-01T00:00:00.000Z');
    snapshotIndex.upsert(old);
    const mark = Date.parse('2026-03-01T00:05:00Z');
    rows.push(document('1/000002', '人口迁移', '2026-03-01T00:06:00.000Z'));
    const search = cachedCatalogueSearch(store, {
      overlapMs: 10_000,
      now: () => clock,
      snapshots: { read: async () => ({ index: snapshotIndex, mark, builtAt: mark }) },
    });
    // A publish applied before the first load survives the snapshot replacing the index.
    const { position: _q, ...own } = document('1/000003', '人口普查', '2026-03-01T00:09:00.000Z');
    search.apply(own);
    expect((await search.search({ text: '人口', limit: 5 })).total).toBe(3);
    expect(calls).toEqual(['2026-03-01T00:04:50.000Z']);

    const tooOld = cachedCatalogueSearch(store, {
      now: () => clock,
      maxSnapshotAgeMs: 60_000,
      snapshots: { read: async () => ({ index: snapshotIndex, mark, builtAt: mark }) },
    });
    expect((await tooOld.search({ text: '人口', limit: 5 })).total).toBe(1);
    expect(calls[1]).toBeUndefined();
    expect(calls).toHaveLength(2);
  });
});
