import { ValidationError } from '../errors.ts';
import type { ShareType } from '../sharing/grants.ts';
import type { ResourceCategory, ResourceFormat, UpdateCycle } from './resource.ts';

/**
 * Full-text search over the published catalogue, in memory. Pure: the caller feeds it documents (see
 * functions/src/adapters/catalogue-search.ts for where they come from and how the index stays fresh).
 *
 * Terms: text is NFKC-normalised and lower-cased, cut into words by Intl.Segmenter('zh'). Latin and
 * digit words are terms as they are. Han runs are indexed as character bigrams (人口基础信息库 → 人口,
 * 口基, 基础, …), so a query matches whatever the segmenter's dictionary does with the stored text;
 * segmenter words of three or more Han characters are indexed too and raise the score of exact word
 * hits. A query matches a document holding all its terms (AND); one Han character alone matches any
 * bigram containing it.
 *
 * Score: the sum, over the query's terms, of the field weights where the term occurs (name > tags >
 * data items > abstract). It depends only on the document and the query, never on the rest of the
 * corpus, so the keyset cursor (score, code) stays stable while entries are published between pages.
 */

export interface IndexedResource {
  code: string;
  version: number;
  name: string;
  abstract: string;
  /** Data item names and titles. */
  itemText: string;
  tags: string[];
  category: ResourceCategory;
  providerUnit: string;
  shareType: ShareType;
  updateCycle: UpdateCycle;
  format: ResourceFormat;
  publishedAt: string;
}

export const FACETS = ['category', 'providerUnit', 'shareType', 'updateCycle', 'format', 'tags'] as const;
export type Facet = (typeof FACETS)[number];

export type SearchFilters = Partial<Record<Facet, readonly string[]>>;

export interface SearchQuery {
  text?: string;
  /** Within one facet: any of the values; across facets: all. For tags: every listed tag. */
  filters?: SearchFilters;
  limit: number;
  cursor?: string;
}

export interface SearchHit extends IndexedResource {
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Counts per value of each facet, over the matches of the text and the other facets' filters. */
  facets: Record<Facet, Record<string, number>>;
  cursor?: string;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /^\p{Script=Han}+$/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const FIELD_WEIGHTS = { name: 8, tags: 4, itemText: 3, abstract: 2 } as const;
const WORD_BONUS = 4;

const normalise = (text: string) => text.normalize('NFKC').toLowerCase();

/** The words of a text, as the segmenter cuts them (punctuation and spaces dropped). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const segment of segmenter.segment(normalise(text))) {
    if (segment.isWordLike) out.push(segment.segment);
  }
  return out;
}

function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * Terms of a text: Han runs as character bigrams, taken across the segmenter's cuts (so stored text
 * and query agree whatever the dictionary does); other scripts as the segmenter's words; and Han
 * words of 3+ characters, prefixed '=', for the exact-word bonus.
 */
function terms(text: string): { grams: string[]; latin: string[]; whole: string[] } {
  const normal = normalise(text);
  const grams: string[] = [];
  for (const run of normal.match(/\p{Script=Han}+/gu) ?? []) grams.push(...bigrams(run));
  const latin: string[] = [];
  const whole: string[] = [];
  for (const word of words(normal)) {
    if (!HAN.test(word)) latin.push(word);
    else if (HAN_RUN.test(word) && Array.from(word).length >= 3) whole.push(`=${word}`);
    else for (const part of word.match(/[^\p{Script=Han}]+/gu) ?? []) latin.push(part);
  }
  return { grams, latin, whole };
}

export function indexTerms(text: string): string[] {
  const { grams, latin, whole } = terms(text);
  return [...grams, ...latin, ...whole];
}

/** The terms a query must all match, and its whole Han words (for the exact-word bonus). */
export function queryTerms(text: string): { required: string[]; words: string[] } {
  const { grams, latin, whole } = terms(text);
  return { required: [...new Set([...grams, ...latin])], words: [...new Set(whole)] };
}

/** An append-only list of (document, weight) pairs packed in one Int32Array: compact at 100k entries. */
class Postings {
  data = new Int32Array(4);
  length = 0;
  push(doc: number, weight: number) {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = doc * 256 + Math.min(weight, 255);
  }
}

interface Cursor {
  s: number;
  c: string;
  q: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(cursor: string, signature: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof value.s === 'number' && typeof value.c === 'string' && value.q === signature) return value;
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor of this search' }]);
}

const emptyFacets = (): Record<Facet, Record<string, number>> => ({
  category: {},
  providerUnit: {},
  shareType: {},
  updateCycle: {},
  format: {},
  tags: {},
});

/** The published catalogue, indexed. Replacing a document (a new version) tombstones the old slot. */
export class CatalogueIndex {
  private docs: (IndexedResource | undefined)[] = [];
  private slots = new Map<string, number>();
  private postings = new Map<string, Postings>();

  get size(): number {
    return this.slots.size;
  }

  get(code: string): IndexedResource | undefined {
    const slot = this.slots.get(code);
    return slot === undefined ? undefined : this.docs[slot];
  }

  upsert(doc: IndexedResource): void {
    const previous = this.slots.get(doc.code);
    if (previous !== undefined) {
      const old = this.docs[previous];
      if (old && old.version === doc.version && old.publishedAt === doc.publishedAt) return;
      this.docs[previous] = undefined;
    }
    const slot = this.docs.length;
    this.docs.push(doc);
    this.slots.set(doc.code, slot);
    const weights = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const term of new Set(indexTerms(text))) weights.set(term, (weights.get(term) ?? 0) + weight);
    };
    add(doc.name, FIELD_WEIGHTS.name);
    add(doc.tags.join(' '), FIELD_WEIGHTS.tags);
    add(doc.itemText, FIELD_WEIGHTS.itemText);
    add(doc.abstract, FIELD_WEIGHTS.abstract);
    for (const [term, weight] of weights) {
      let list = this.postings.get(term);
      if (!list) {
        list = new Postings();
        this.postings.set(term, list);
      }
      list.push(slot, weight);
    }
  }

  /** Slot → weight for one query term; a lone Han character gathers every bigram that contains it. */
  private termMatches(term: string): Map<number, number> {
    const out = new Map<number, number>();
    const collect = (list: Postings) => {
      for (let i = 0; i < list.length; i++) {
        const packed = list.data[i] as number;
        const slot = packed >> 8;
        out.set(slot, Math.max(out.get(slot) ?? 0, packed & 255));
      }
    };
    const exact = this.postings.get(term);
    if (exact) collect(exact);
    else if (HAN_RUN.test(term) && Array.from(term).length === 1) {
      for (const [key, list] of this.postings) if (key.length === 2 && key.includes(term)) collect(list);
    }
    return out;
  }

  private matchText(text: string): Map<number, number> | undefined {
    const { required, words: whole } = queryTerms(text);
    if (required.length === 0) return undefined;
    const lists = required.map((term) => this.termMatches(term)).sort((a, b) => a.size - b.size);
    const [first, ...rest] = lists;
    const scores = new Map<number, number>();
    for (const [slot, weight] of first ?? []) {
      let score = weight;
      let all = true;
      for (const list of rest) {
        const w = list.get(slot);
        if (w === undefined) {
          all = false;
          break;
        }
        score += w;
      }
      if (all) scores.set(slot, score);
    }
    for (const word of whole) {
      const list = this.postings.get(word);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const slot = (list.data[i] as number) >> 8;
        const score = scores.get(slot);
        if (score !== undefined) scores.set(slot, score + WORD_BONUS);
      }
    }
    return scores;
  }

  search(query: SearchQuery): SearchResult {
    const text = query.text?.trim() ?? '';
    const filters = query.filters ?? {};
    const signature = JSON.stringify([normalise(text), FACETS.map((f) => [...(filters[f] ?? [])].sort())]);
    const after = query.cursor ? decodeCursor(query.cursor, signature) : undefined;

    const scored = text ? this.matchText(text) : undefined;
    const candidates: [number, number][] = [];
    if (scored) for (const entry of scored) candidates.push(entry);
    else if (!text || queryTerms(text).required.length === 0) {
      this.docs.forEach((doc, slot) => {
        if (doc) candidates.push([slot, 0]);
      });
    }

    const passes = (doc: IndexedResource, facet: Facet) => {
      const wanted = filters[facet];
      if (!wanted || wanted.length === 0) return true;
      if (facet === 'tags') return wanted.every((tag) => doc.tags.includes(tag));
      return wanted.includes(doc[facet]);
    };

    const facets = emptyFacets();
    const matches: SearchHit[] = [];
    for (const [slot, score] of candidates) {
      const doc = this.docs[slot];
      if (!doc) continue;
      const failed = FACETS.filter((facet) => !passes(doc, facet));
      // Disjunctive facets: a facet's counts ignore its own filter, so other values stay selectable.
      if (failed.length > 1) continue;
      for (const facet of FACETS) {
        if (failed.length === 1 && failed[0] !== facet) continue;
        const values = facet === 'tags' ? doc.tags : [doc[facet]];
        for (const value of values) facets[facet][value] = (facets[facet][value] ?? 0) + 1;
      }
      if (failed.length === 0) matches.push({ ...doc, score });
    }

    const before = (a: { score: number; code: string }, b: { score: number; code: string }) =>
      a.score !== b.score ? b.score - a.score : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
    // Top limit+1 after the cursor by bounded insertion: no full sort of 100k matches per page.
    const page: SearchHit[] = [];
    const keep = query.limit + 1;
    for (const hit of matches) {
      if (after && before({ score: after.s, code: after.c }, hit) >= 0) continue;
      if (page.length === keep && before(hit, page[keep - 1] as SearchHit) >= 0) continue;
      let at = page.length;
      while (at > 0 && before(hit, page[at - 1] as SearchHit) < 0) at--;
      page.splice(at, 0, hit);
      if (page.length > keep) page.pop();
    }
    const hits = page.slice(0, query.limit);
    const last = hits[hits.length - 1];
    const more = page.length > query.limit;
    return {
      total: matches.length,
      hits,
      facets,
      ...(more && last ? { cursor: encodeCursor({ s: last.score, c: last.code, q: signature }) } : {}),
    };
  }

  /** Every indexed document; for rebuilding and for benchmarks. */
  all(): IndexedResource[] {
    return this.docs.filter((doc): doc is IndexedResource => doc !== undefined);
  }
}
