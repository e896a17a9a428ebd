import {
  CatalogueIndex,
  FACETS,
  type Facet,
  type IndexedResource,
  indexTerms,
  queryTerms,
  type SearchFilters,
  type SearchHit,
} from '@govshare/domain/catalogue';
import { describe, expect, it } from 'vitest';

/**
 * The index's search (postings, typed arrays, code ranks, bounded insertion) against a
 * straightforward one: every live entry scored from its own terms, filtered, counted and sorted in
 * full. A corpus where most scores tie, so the order of a page is mostly the order of codes.
 */
const SUBJECTS = ['人口', '法人', '企业信用', '社会保险', '统计', 'population', 'credit'];
const KINDS = ['基础信息', '登记信息', '监测数据', '年报', 'records'];
const UNITS = ['611000101', '611000201', '611000205', '611000206'];
const CYCLES = ['daily', 'monthly', 'yearly'] as const;
const FORMATS = ['database', 'file', 'spreadsheet'] as const;
const SHARE = ['unconditional', 'conditional', 'not-shared'] as const;
const CATEGORIES = ['base', 'thematic', 'departmental'] as const;

const pick = <T>(list: readonly T[], i: number, salt: number) =>
  list[(i * 37 + salt * 11 + Math.floor(i / 5) * salt) % list.length] as T;

function generated(i: number, version = 1): IndexedResource {
  const subject = pick(SUBJECTS, i, 1);
  const kind = pick(KINDS, i, 2);
  return {
    // Codes not in the order entries are indexed, so code order and slot order differ.
    code: `${100 + ((i * 7) % 13)}/${String((i * 7919) % 100_003).padStart(6, '0')}`,
    version,
    name: `${subject}${kind}${version > 1 ? '修订' : ''}`,
    abstract: `全市${pick(SUBJECTS, i, 3)}的${kind}，credit records`,
    itemText: i % 2 ? 'creditCode 统一社会信用代码' : 'period 统计期',
    tags: i % 9 === 0 ? [subject, subject] : [subject, pick(KINDS, i, 4)],
    category: pick(CATEGORIES, i, 5),
    providerUnit: pick(UNITS, i, 6),
    shareType: pick(SHARE, i, 7),
    updateCycle: pick(CYCLES, i, 8),
    format: pick(FORMATS, i, 9),
    publishedAt: '2026-01-01T00:00:00.000Z',
  };
}

const WEIGHTS: [keyof IndexedResource, number][] = [
  ['name', 8],
  ['tags', 4],
  ['itemText', 3],
  ['abstract', 2],
];

/** The straightforward search: the same terms and weights as the index, nothing precomputed across entries. */
class Reference {
  docs = new Map<string, IndexedResource>();
  /** Each entry's terms and their weights (tokenising is the slow part; the rest is done per search). */
  private termWeights = new Map<string, Map<string, number>>();

  upsert(doc: IndexedResource) {
    this.docs.set(doc.code, doc);
    const weights = new Map<string, number>();
    for (const [field, weight] of WEIGHTS) {
      const value = field === 'tags' ? doc.tags.join(' ') : String(doc[field]);
      for (const term of new Set(indexTerms(value))) weights.set(term, (weights.get(term) ?? 0) + weight);
    }
    this.termWeights.set(doc.code, weights);
  }

  private score(doc: IndexedResource, text: string, { required, words }: ReturnType<typeof queryTerms>) {
    if (required.length === 0) return text && /\p{L}|\p{N}/u.test(text) ? undefined : 0;
    const weights = this.termWeights.get(doc.code) as Map<string, number>;
    if (!required.every((term) => weights.has(term))) return undefined;
    let score = 0;
    for (const term of required) score += weights.get(term) as number;
    for (const word of words) if (weights.has(word)) score += 4;
    return score;
  }

  private passes(doc: IndexedResource, filters: SearchFilters, except?: Facet): boolean {
    return FACETS.every((facet) => {
      const wanted = filters[facet];
      if (facet === except || !wanted?.length) return true;
      return facet === 'tags' ? wanted.every((tag) => doc.tags.includes(tag)) : wanted.includes(doc[facet]);
    });
  }

  search(text: string, filters: SearchFilters) {
    const matches: { doc: IndexedResource; score: number }[] = [];
    const terms = queryTerms(text.trim());
    for (const doc of this.docs.values()) {
      const score = this.score(doc, text.trim(), terms);
      if (score !== undefined) matches.push({ doc, score });
    }
    const facets = Object.fromEntries(
      FACETS.map((facet) => {
        const counts = new Map<string, number>();
        for (const { doc } of matches) {
          if (!this.passes(doc, filters, facet)) continue;
          const values = facet === 'tags' ? [...new Set(doc.tags)] : [doc[facet]];
          for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        const shown = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 50);
        return [facet, Object.fromEntries(shown)];
      }),
    );
    const hits: SearchHit[] = matches
      .filter(({ doc }) => this.passes(doc, filters))
      .sort((a, b) => b.score - a.score || (a.doc.code < b.doc.code ? -1 : 1))
      .map(({ doc, score }) => ({ ...doc, score }));
    return { hits, facets };
  }
}

const QUERIES: { text: string; filters: SearchFilters }[] = [
  { text: '', filters: {} },
  { text: 'credit', filters: {} },
  { text: '人口', filters: {} },
  { text: '信用', filters: { shareType: ['conditional', 'unconditional'] } },
  { text: '企业信用', filters: {} },
  { text: '社会保险登记', filters: {} },
  { text: 'credit records', filters: { category: ['base'], format: ['file'] } },
  { text: '统计', filters: { tags: ['年报'] } },
  { text: '', filters: { providerUnit: ['611000201'], tags: ['人口', '基础信息'] } },
  { text: '统计', filters: { tags: ['没有这个标签'] } },
  { text: '！！', filters: {} },
];

/** Walks every page of a search and checks each against the reference as the corpus stands then. */
function checkPages(
  index: CatalogueIndex,
  reference: Reference,
  { text, filters }: (typeof QUERIES)[number],
  limit: number,
  between?: (page: number) => void,
) {
  let cursor: string | undefined;
  let after: SearchHit | undefined;
  for (let page = 0; ; page++) {
    const result = index.search({ text, filters, limit, ...(cursor ? { cursor } : {}) });
    const expected = reference.search(text, filters);
    if (page === 0) expect(result.total).toBe(expected.hits.length);
    expect(result.facets).toEqual(expected.facets);
    const rest = after
      ? expected.hits.filter(
          (hit) =>
            hit.score < (after as SearchHit).score ||
            (hit.score === (after as SearchHit).score && hit.code > (after as SearchHit).code),
        )
      : expected.hits;
    expect(result.hits).toEqual(rest.slice(0, limit));
    expect(result.cursor !== undefined).toBe(rest.length > limit);
    if (!result.cursor) return;
    cursor = result.cursor;
    after = result.hits[result.hits.length - 1];
    between?.(page);
  }
}

describe('catalogue search against a straightforward reference', () => {
  const built = () => {
    const index = new CatalogueIndex();
    const reference = new Reference();
    const add = (doc: IndexedResource) => {
      index.upsert(doc);
      reference.upsert(doc);
    };
    for (let i = 0; i < 600; i++) add(generated(i));
    for (let i = 0; i < 600; i += 5) add(generated(i, 2)); // replaced: tombstoned slots, same codes
    return { index, reference, add };
  };

  it('ranks, counts and pages as the reference does, with most scores tied', () => {
    const { index, reference } = built();
    for (const query of QUERIES)
      for (const limit of [3, 50, 1000]) checkPages(index, reference, query, limit);
  }, 30_000);

  it('matches as the reference does (matching, unordered)', () => {
    const { index, reference } = built();
    for (const { text, filters } of QUERIES) {
      const got = index
        .matching({ text, filters })
        .map(({ doc, score }) => `${doc.code} ${score}`)
        .sort();
      const expected = reference
        .search(text, filters)
        .hits.map(({ code, score }) => `${code} ${score}`)
        .sort();
      expect(got).toEqual(expected);
    }
  });

  it('stays in step with entries published and replaced between pages, and after a snapshot round trip', () => {
    const { index, reference } = built();
    const loaded = CatalogueIndex.fromSnapshot(index.toSnapshot());
    let next = 600;
    for (const current of [index, loaded]) {
      const add = (doc: IndexedResource) => {
        current.upsert(doc);
        reference.upsert(doc);
      };
      for (const query of QUERIES.slice(0, 4)) {
        checkPages(current, reference, query, 13, (page) => {
          if (page > 5) return;
          // New codes (placed among the ranked ones at the next search) and new versions of old ones.
          for (let k = 0; k < 1 + (page % 3) * 20; k++) add(generated(next++));
          add(generated(page * 3, 3 + page));
        });
      }
      for (const query of QUERIES) checkPages(current, reference, query, 25);
      // The reference follows the last index changed: start the next one from the same corpus.
      for (const doc of reference.docs.values()) (current === index ? loaded : index).upsert(doc);
    }
  }, 30_000);
});
