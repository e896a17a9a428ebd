import {
  CatalogueIndex,
  type IndexedResource,
  IndexSnapshotError,
  type SearchQuery,
  SNAPSHOT_FORMAT,
} from '@govshare/domain/catalogue';
import { describe, expect, it } from 'vitest';

/** A generated corpus: several providers, tags (one entry with a repeated tag), optional fields. */
const SUBJECTS = ['人口', '法人', '企业信用', '社会保险', '不动产', 'population', 'credit'];
const KINDS = ['基础信息', '登记信息', '监测数据', '年报', 'records'];
const UNITS = ['611000101', '611000201', '611000205'];
const CYCLES = ['daily', 'monthly', 'yearly'] as const;
const FORMATS = ['database', 'file', 'spreadsheet'] as const;
const SHARE = ['unconditional', 'conditional', 'not-shared'] as const;
const CATEGORIES = ['base', 'thematic', 'departmental'] as const;

const pick = <T>(list: readonly T[], i: number, salt: number) =>
  list[(i * 31 + salt * 17) % list.length] as T;

function generated(i: number, version = 1): IndexedResource {
  const subject = pick(SUBJECTS, i, 1);
  const kind = pick(KINDS, i, 2);
  return {
    code: `${100 + (i % 7)}/${String(i).padStart(6, '0')}`,
    version,
    name: `${subject}${kind}（${i}）${version > 1 ? '修订' : ''}`,
    abstract: `全市${subject}的${kind}汇总，batch ${i % 13}`,
    itemText: 'creditCode 统一社会信用代码 period 统计期',
    tags: i % 11 === 0 ? [subject, subject] : [subject, kind],
    category: pick(CATEGORIES, i, 3),
    providerUnit: pick(UNITS, i, 4),
    shareType: pick(SHARE, i, 5),
    updateCycle: pick(CYCLES, i, 6),
    format: pick(FORMATS, i, 7),
    publishedAt: `2026-0${1 + (i % 9)}-01T00:00:00.000Z`,
    ...(i % 3 === 0 ? {} : { openToPublic: i % 3 === 1 }),
    ...(i % 4 === 0 ? {} : { updatedAt: `2026-10-0${1 + (i % 9)}T00:00:00.000Z` }),
  };
}

/** 400 entries, a quarter then replaced by a new version (tombstoned slots), in that order. */
function corpus(): IndexedResource[] {
  const docs = Array.from({ length: 400 }, (_, i) => generated(i));
  for (let i = 0; i < 400; i += 4) docs.push(generated(i, 2));
  return docs;
}

const indexOf = (docs: IndexedResource[]) => {
  const index = new CatalogueIndex();
  for (const doc of docs) index.upsert(doc);
  return index;
};

const QUERIES: Omit<SearchQuery, 'limit'>[] = [
  {},
  { text: '人口' },
  { text: '人' },
  { text: '修订' },
  { text: 'credit records' },
  { text: '企业信用登记' },
  { text: '信用', filters: { category: ['base', 'thematic'] } },
  { filters: { providerUnit: ['611000201'], format: ['file'] } },
  { text: '统计期', filters: { tags: ['人口'] } },
  { filters: { tags: ['不存在'] } },
];

/** Every page of a search, following its cursors. */
function allPages(index: CatalogueIndex, query: Omit<SearchQuery, 'limit'>) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = index.search({ ...query, limit: 37, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

describe('catalogue index snapshot', () => {
  it('loads as the index it was taken of: same hits, scores, facets, cursors and matches', () => {
    const built = indexOf(corpus());
    const loaded = CatalogueIndex.fromSnapshot(built.toSnapshot());
    expect(loaded.size).toBe(built.size);
    for (const query of QUERIES) {
      expect(allPages(loaded, query)).toEqual(allPages(built, query));
      expect(loaded.matching(query)).toEqual(built.matching(query));
    }
    expect(loaded.all()).toEqual(built.all());
    // A cursor of the built index pages on in the loaded one.
    const first = built.search({ text: '人口', limit: 5 });
    expect(loaded.search({ text: '人口', limit: 5, cursor: first.cursor as string })).toEqual(
      built.search({ text: '人口', limit: 5, cursor: first.cursor as string }),
    );
  });

  it('answers like an index freshly built from the live entries, and takes upserts after loading', () => {
    const docs = corpus();
    const live = new Map(docs.map((doc) => [doc.code, doc]));
    // A fresh build sees each code once, in the order its current version was indexed.
    const fresh = indexOf([...live.values()].sort((a, b) => docs.lastIndexOf(a) - docs.lastIndexOf(b)));
    const loaded = CatalogueIndex.fromSnapshot(indexOf(docs).toSnapshot());
    for (const query of QUERIES) expect(allPages(loaded, query)).toEqual(allPages(fresh, query));

    const later = [generated(1, 3), generated(500), { ...generated(501), tags: ['新标签'] }];
    for (const doc of later) {
      expect(loaded.upsert(doc)).toBe(true);
      fresh.upsert(doc);
    }
    expect(loaded.upsert(generated(500))).toBe(false);
    for (const query of [...QUERIES, { filters: { tags: ['新标签'] } }]) {
      expect(allPages(loaded, query)).toEqual(allPages(fresh, query));
    }
    // Loaded twice over: a snapshot of a loaded-then-changed index is as good.
    const again = CatalogueIndex.fromSnapshot(loaded.toSnapshot());
    for (const query of QUERIES) expect(allPages(again, query)).toEqual(allPages(fresh, query));
  });

  it('loads an empty index', () => {
    const loaded = CatalogueIndex.fromSnapshot(new CatalogueIndex().toSnapshot());
    expect(loaded.size).toBe(0);
    loaded.upsert(generated(1));
    expect(loaded.search({ text: 'credit', limit: 5 }).hits.map((hit) => hit.code)).toEqual([
      generated(1).code,
    ]);
  });

  it('loads from bytes at any offset (a Buffer sliced from a pool)', () => {
    const bytes = indexOf(corpus()).toSnapshot();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(CatalogueIndex.fromSnapshot(shifted.subarray(1)).size).toBe(400);
  });

  it('refuses a snapshot of another format, a damaged one and bytes that are none', () => {
    const bytes = indexOf(corpus()).toSnapshot();
    const otherFormat = bytes.slice();
    new DataView(otherFormat.buffer).setUint32(4, SNAPSHOT_FORMAT + 1, true);
    expect(() => CatalogueIndex.fromSnapshot(otherFormat)).toThrow(/of format 2/);

    const flipped = bytes.slice();
    const at = Math.floor(bytes.length * 0.7);
    flipped[at] = (flipped[at] as number) ^ 0x10;
    expect(() => CatalogueIndex.fromSnapshot(flipped)).toThrow(IndexSnapshotError);
    expect(() => CatalogueIndex.fromSnapshot(bytes.subarray(0, bytes.length - 8))).toThrow(
      IndexSnapshotError,
    );
    expect(() => CatalogueIndex.fromSnapshot(new TextEncoder().encode('{"not":"a snapshot"}'))).toThrow(
      IndexSnapshotError,
    );
    expect(() => CatalogueIndex.fromSnapshot(new Uint8Array(3))).toThrow(IndexSnapshotError);
  });
});
