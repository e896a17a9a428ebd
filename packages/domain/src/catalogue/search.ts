import { crc32 } from 'node:zlib';
import { ValidationError } from '@govshare/domain/kernel';
import type { ResourceCategory, ResourceFormat, UpdateCycle } from './resource.ts';
import type { ShareType } from './share-types.ts';

/**
 * Full-text search over the published catalogue, in memory. Pure: the caller feeds it documents (see
 * functions/src/catalogue/catalogue-search.ts for where they come from and how the index stays fresh).
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
  /** 开放属性: open to the public, not only to government units (absent: not open). */
  openToPublic?: boolean;
  /** When the published version was last written (CKAN's metadata_modified). */
  updatedAt?: string;
}

/** One entry of `CatalogueIndex.matching`, with its score (as `search` ranks it). */
export interface IndexMatch {
  doc: IndexedResource;
  score: number;
}

export const FACETS = ['category', 'providerUnit', 'shareType', 'updateCycle', 'format', 'tags'] as const;
export type Facet = (typeof FACETS)[number];

/** Facets with one value per entry, then tags (several). */
const SCALAR_FACETS = ['category', 'providerUnit', 'shareType', 'updateCycle', 'format'] as const;
const TAGS = SCALAR_FACETS.length;
/** The most values a facet reports (tags and providers can be many). */
const FACET_VALUES_SHOWN = 50;

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
      const grown = new Int32Array(Math.max(4, this.data.length * 2));
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

/** A snapshot that is not one this code wrote: another format version, or damaged bytes. */
export class IndexSnapshotError extends Error {
  override name = 'IndexSnapshotError';
}

/**
 * The snapshot layout (little-endian, every typed section 4-byte aligned): magic `GSCI`, u32 format
 * version, u32 CRC-32 of everything after it, u32 length of the JSON part; the JSON part (the string
 * columns of the documents, the term dictionary and the facet dictionaries); then Int32 sections
 * (versions, term offsets, postings, tag offsets, tag value ids), one Uint16 section per scalar facet
 * (value id per slot) and a Uint8 section (openToPublic: 0 absent, 1 false, 2 true). Tombstoned slots
 * are left out, live slots keep their order, so searches rank and count exactly as before.
 * Bump SNAPSHOT_FORMAT whenever the layout or the meaning of terms (tokeniser, weights) changes: a
 * snapshot of another format is refused (and rebuilt by the caller), never misread.
 */
export const SNAPSHOT_FORMAT = 1;
const SNAPSHOT_MAGIC = 0x49435347; // 'GSCI' read as a little-endian u32
const SNAPSHOT_HEADER_BYTES = 16;

/** The code rank of a slot whose code is not yet placed in the code order. */
const UNRANKED = 0xffffffff;

interface SnapshotStrings {
  terms: string[];
  values: string[][];
  code: string[];
  name: string[];
  abstract: string[];
  itemText: string[];
  publishedAt: string[];
  updatedAt: (string | null)[];
}

const align4 = (n: number) => (n + 3) & ~3;

/** The published catalogue, indexed. Replacing a document (a new version) tombstones the old slot. */
export class CatalogueIndex {
  private docs: (IndexedResource | undefined)[] = [];
  private slots = new Map<string, number>();
  private postings = new Map<string, Postings>();
  /** Facet values as small integers per slot, so filtering and counting 100k entries allocates nothing. */
  private values = FACETS.map(() => ({ names: [] as string[], ids: new Map<string, number>() }));
  private valueIds = SCALAR_FACETS.map(() => new Uint16Array(1024));
  /** Each slot's distinct tag ids, packed: slot s holds tagValues[tagStart[s] .. tagStart[s + 1]). */
  private tagStart = new Uint32Array(1025);
  private tagValues = new Int32Array(1024);
  /** 1 for a live slot, 0 for a tombstoned one: checked per match without touching the documents. */
  private alive = new Uint8Array(1024);
  /**
   * The live slots in code order, and each slot's position in it (its code rank), so that ties on
   * score are broken by comparing integers rather than code strings. A replaced entry's new slot
   * takes its old slot's place; new codes wait in `unranked` until the next search places them.
   */
  private codeOrder = new Int32Array(0);
  private codeRank = new Uint32Array(1024);
  private unranked: number[] = [];

  private valueId(facet: number, value: string): number {
    const dictionary = this.values[facet] as { names: string[]; ids: Map<string, number> };
    let id = dictionary.ids.get(value);
    if (id === undefined) {
      id = dictionary.names.length;
      dictionary.names.push(value);
      dictionary.ids.set(value, id);
    }
    return id;
  }

  /** Room in every per-slot array for `slots` slots (and the query scratch with them). */
  private growSlots(slots: number): void {
    if (slots <= this.alive.length) return;
    const capacity = Math.max(1024, Math.ceil(slots * 1.5));
    const grown = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
      array: T,
      length = capacity,
    ): T => {
      const copy = new (array.constructor as new (length: number) => T)(length);
      copy.set(array);
      return copy;
    };
    this.alive = grown(this.alive);
    this.codeRank = grown(this.codeRank);
    this.tagStart = grown(this.tagStart, capacity + 1);
    this.valueIds = this.valueIds.map((ids) => grown(ids));
  }

  private appendTags(slot: number, ids: readonly number[]): void {
    const start = this.tagStart[slot] as number;
    if (start + ids.length > this.tagValues.length) {
      const grown = new Int32Array(Math.max(1024, (start + ids.length) * 2));
      grown.set(this.tagValues);
      this.tagValues = grown;
    }
    this.tagValues.set(ids, start);
    this.tagStart[slot + 1] = start + ids.length;
  }

  /**
   * Gives the codes upserted since the last search their ranks: sorted among themselves, then merged
   * into the code order (a binary search each), renumbering the ranks from the first one placed.
   */
  private rankCodes(): void {
    if (this.unranked.length === 0) return;
    const codeOf = (slot: number) => (this.docs[slot] as IndexedResource).code;
    const placed = this.unranked
      .filter((slot) => this.alive[slot] === 1)
      .map((slot) => ({ slot, code: codeOf(slot) }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    this.unranked = [];
    const old = this.codeOrder;
    const order = new Int32Array(old.length + placed.length);
    let from = 0;
    let to = 0;
    let firstChanged = old.length;
    for (const { slot, code } of placed) {
      let low = from;
      let high = old.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (codeOf(old[mid] as number) < code) low = mid + 1;
        else high = mid;
      }
      order.set(old.subarray(from, low), to);
      to += low - from;
      from = low;
      if (to < firstChanged) firstChanged = to;
      order[to++] = slot;
    }
    order.set(old.subarray(from), to);
    for (let rank = Math.min(firstChanged, order.length); rank < order.length; rank++) {
      this.codeRank[order[rank] as number] = rank;
    }
    this.codeOrder = order;
  }

  /** The rank of the first code after `code` in the code order (whether `code` is indexed or not). */
  private rankAfter(code: string): number {
    const order = this.codeOrder;
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.docs[order[mid] as number] as IndexedResource).code <= code) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  get size(): number {
    return this.slots.size;
  }

  get(code: string): IndexedResource | undefined {
    const slot = this.slots.get(code);
    return slot === undefined ? undefined : this.docs[slot];
  }

  /** Indexes a document, replacing its code's entry; false (nothing done) if that entry is the same version. */
  upsert(doc: IndexedResource): boolean {
    const previous = this.slots.get(doc.code);
    const slot = this.docs.length;
    this.growSlots(slot + 1);
    if (previous !== undefined) {
      const old = this.docs[previous];
      if (old && old.version === doc.version && old.publishedAt === doc.publishedAt) return false;
      this.docs[previous] = undefined;
      this.alive[previous] = 0;
    }
    this.docs.push(doc);
    this.slots.set(doc.code, slot);
    this.alive[slot] = 1;
    const rank = previous === undefined ? UNRANKED : (this.codeRank[previous] as number);
    this.codeRank[slot] = rank;
    if (rank === UNRANKED) this.unranked.push(slot);
    else this.codeOrder[rank] = slot;
    SCALAR_FACETS.forEach((facet, f) => {
      (this.valueIds[f] as Uint16Array)[slot] = this.valueId(f, doc[facet]);
    });
    this.appendTags(
      slot,
      [...new Set(doc.tags)].map((tag) => this.valueId(TAGS, tag)),
    );
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
    return true;
  }

  /**
   * Per-slot scratch for one query, reused from query to query (at 100k entries a broad query would
   * otherwise allocate megabytes each time): terms matched so far and score (reset after each query),
   * and the matches themselves (slots, scores), valid until the next query.
   */
  private matched = new Uint8Array(0);
  private scores = new Uint16Array(0);
  private matchSlots = new Int32Array(0);
  private matchScores = new Int32Array(0);

  private scratch(): void {
    const size = this.docs.length;
    if (this.matched.length >= size) return;
    const capacity = Math.ceil(size * 1.5) + 16;
    this.matched = new Uint8Array(capacity);
    this.scores = new Uint16Array(capacity);
    this.matchSlots = new Int32Array(capacity);
    this.matchScores = new Int32Array(capacity);
  }

  /** The posting lists of one query term; a lone Han character gathers every bigram containing it. */
  private listsOf(term: string): Postings[] {
    const exact = this.postings.get(term);
    if (exact) return [exact];
    if (!HAN_RUN.test(term) || Array.from(term).length !== 1) return [];
    const lists: Postings[] = [];
    for (const [key, list] of this.postings) if (key.length === 2 && key.includes(term)) lists.push(list);
    return lists;
  }

  /** Adds the exact-word bonus to the scratch score of every slot holding a whole word of the query. */
  private addWordBonus(whole: string[], eligible: (slot: number) => boolean): void {
    const scores = this.scores;
    for (const word of whole) {
      const list = this.postings.get(word);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const slot = (list.data[i] as number) >> 8;
        if (eligible(slot)) scores[slot] = (scores[slot] as number) + WORD_BONUS;
      }
    }
  }

  /**
   * The slots holding every required term, with their scores. Walks each term's postings once,
   * shortest first, counting per slot in typed arrays: no per-match allocation at 100k entries.
   * One term of one posting list (the broad queries: `credit`, 人口) is its postings as they are.
   */
  private matchText(required: string[], whole: string[]): { slots: Int32Array; scores: Int32Array } {
    this.scratch();
    const matched = this.matched;
    const scores = this.scores;
    const outSlots = this.matchSlots;
    const outScores = this.matchScores;
    const alive = this.alive;
    const terms = required
      .map((term) => this.listsOf(term))
      .map((lists) => ({ lists, length: lists.reduce((sum, list) => sum + list.length, 0) }))
      .sort((a, b) => a.length - b.length);
    const only = terms.length === 1 ? terms[0]?.lists : undefined;
    if (only?.length === 1) {
      const list = only[0] as Postings;
      const data = list.data;
      if (whole.length > 0) this.addWordBonus(whole, () => true);
      let count = 0;
      for (let i = 0; i < list.length; i++) {
        const packed = data[i] as number;
        const slot = packed >> 8;
        const bonus = scores[slot] as number;
        scores[slot] = 0;
        if (alive[slot] !== 1) continue;
        outSlots[count] = slot;
        outScores[count++] = (packed & 255) + bonus;
      }
      // An entry holding a whole word holds its bigrams, so the walk above reset it; this is for safety.
      for (const word of whole) {
        const bonus = this.postings.get(word);
        for (let i = 0; bonus && i < bonus.length; i++) scores[(bonus.data[i] as number) >> 8] = 0;
      }
      return { slots: outSlots.subarray(0, count), scores: outScores.subarray(0, count) };
    }
    // Only the shortest term's walk adds slots: its length bounds the matches.
    let touchedCount = 0;
    terms.forEach(({ lists }, k) => {
      for (const list of lists) {
        const data = list.data;
        for (let i = 0; i < list.length; i++) {
          const packed = data[i] as number;
          const slot = packed >> 8;
          if (matched[slot] !== k) continue; // missed an earlier term, or already counted for this one
          if (k === 0) outSlots[touchedCount++] = slot;
          matched[slot] = k + 1;
          scores[slot] = (scores[slot] as number) + (packed & 255);
        }
      }
    });
    const all = terms.length;
    this.addWordBonus(whole, (slot) => matched[slot] === all);
    let count = 0;
    for (let i = 0; i < touchedCount; i++) {
      const slot = outSlots[i] as number;
      if (matched[slot] === all && alive[slot] === 1) {
        outSlots[count] = slot;
        outScores[count++] = scores[slot] as number;
      }
      matched[slot] = 0;
      scores[slot] = 0;
    }
    return { slots: outSlots.subarray(0, count), scores: outScores.subarray(0, count) };
  }

  /** The slots matching a text (every live slot for none), with their scores when there was text. */
  private textMatches(text: string): { slots: Int32Array; scores?: Int32Array } {
    const { required, words: whole } = queryTerms(text);
    if (required.length > 0) return this.matchText(required, whole);
    // Letters the segmenter drops entirely: nothing can match.
    if (text && /\p{L}|\p{N}/u.test(text)) return { slots: new Int32Array(0) };
    this.scratch();
    const slots = this.matchSlots;
    let count = 0;
    for (let slot = 0; slot < this.docs.length; slot++) if (this.alive[slot] === 1) slots[count++] = slot;
    return { slots: slots.subarray(0, count) };
  }

  /**
   * Every entry matching the text, the filters (all values of a facet's filter must not be met:
   * any of them; tags: all) and `where`, unordered: for callers that order, page and count facets
   * their own way (the CKAN API's sort, start and Solr-like facet counts).
   */
  matching(query: { text?: string; filters?: SearchFilters; where?: (doc: IndexedResource) => boolean }) {
    const { slots, scores } = this.textMatches(query.text?.trim() ?? '');
    const filters = query.filters ?? {};
    const out: IndexMatch[] = [];
    slots.forEach((slot, i) => {
      const doc = this.docs[slot];
      if (!doc) return;
      for (const facet of SCALAR_FACETS) {
        const wanted = filters[facet];
        if (wanted?.length && !wanted.includes(doc[facet])) return;
      }
      if (filters.tags?.some((tag) => !doc.tags.includes(tag))) return;
      if (query.where && !query.where(doc)) return;
      out.push({ doc, score: scores ? (scores[i] as number) : 0 });
    });
    return out;
  }

  /** Facet counts of every slot given (no filter): facet by facet, over typed arrays. */
  private countAll(slots: Int32Array, counts: Uint32Array[]): void {
    for (let f = 0; f < TAGS; f++) {
      const facetCounts = counts[f] as Uint32Array;
      const ids = this.valueIds[f] as Uint16Array;
      for (let i = 0; i < slots.length; i++) {
        const id = ids[slots[i] as number] as number;
        facetCounts[id] = (facetCounts[id] as number) + 1;
      }
    }
    const tagCounts = counts[TAGS] as Uint32Array;
    const tagStart = this.tagStart;
    const tagValues = this.tagValues;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const end = tagStart[slot + 1] as number;
      for (let t = tagStart[slot] as number; t < end; t++) {
        const id = tagValues[t] as number;
        tagCounts[id] = (tagCounts[id] as number) + 1;
      }
    }
  }

  private hasTag(slot: number, tag: number): boolean {
    const end = this.tagStart[slot + 1] as number;
    for (let t = this.tagStart[slot] as number; t < end; t++) if (this.tagValues[t] === tag) return true;
    return false;
  }

  /**
   * Keeps the slots passing every filter (with their scores), compacted in place at the front of
   * `slots` and `slotScores`, and counts the facets: a facet's counts ignore its own filter
   * (disjunctive facets), so other values stay selectable. Returns how many slots passed.
   */
  private filterAndCount(
    slots: Int32Array,
    slotScores: Int32Array | undefined,
    active: { facet: number; marks?: Uint8Array; tags?: number[] }[],
    impossible: boolean,
    counts: Uint32Array[],
  ): number {
    let kept = 0;
    const tagStart = this.tagStart;
    const tagValues = this.tagValues;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      let failed = -1;
      let failures = 0;
      for (let a = 0; a < active.length; a++) {
        const filter = active[a] as (typeof active)[number];
        let pass = !impossible;
        if (filter.marks)
          pass = filter.marks[(this.valueIds[filter.facet] as Uint16Array)[slot] as number] === 1;
        else
          for (let t = 0; pass && t < (filter.tags as number[]).length; t++) {
            pass = this.hasTag(slot, (filter.tags as number[])[t] as number);
          }
        if (!pass) {
          failed = filter.facet;
          if (++failures > 1) break;
        }
      }
      if (failures > 1) continue;
      for (let f = 0; f < TAGS; f++) {
        if (failed !== -1 && failed !== f) continue;
        const facetCounts = counts[f] as Uint32Array;
        const id = (this.valueIds[f] as Uint16Array)[slot] as number;
        facetCounts[id] = (facetCounts[id] as number) + 1;
      }
      if (failed === -1 || failed === TAGS) {
        const tagCounts = counts[TAGS] as Uint32Array;
        const end = tagStart[slot + 1] as number;
        for (let t = tagStart[slot] as number; t < end; t++) {
          const id = tagValues[t] as number;
          tagCounts[id] = (tagCounts[id] as number) + 1;
        }
      }
      if (failures === 0) {
        // kept <= i: compacting in place overwrites only slots already read.
        slots[kept] = slot;
        if (slotScores) slotScores[kept] = slotScores[i] as number;
        kept++;
      }
    }
    return kept;
  }

  search(query: SearchQuery): SearchResult {
    const text = query.text?.trim() ?? '';
    const filters = query.filters ?? {};
    const signature = JSON.stringify([normalise(text), FACETS.map((f) => [...(filters[f] ?? [])].sort())]);
    const after = query.cursor ? decodeCursor(query.cursor, signature) : undefined;
    this.rankCodes();

    const { slots, scores: slotScores } = this.textMatches(text);

    // Filters as value-id marks; a tag filter as the ids every entry must hold.
    const active: { facet: number; marks?: Uint8Array; tags?: number[] }[] = [];
    let impossible = false;
    SCALAR_FACETS.forEach((facet, f) => {
      const wanted = filters[facet];
      if (!wanted?.length) return;
      const names = (this.values[f] as { names: string[] }).names;
      const marks = new Uint8Array(names.length);
      for (const value of wanted) {
        const id = (this.values[f] as { ids: Map<string, number> }).ids.get(value);
        if (id !== undefined) marks[id] = 1;
      }
      active.push({ facet: f, marks });
    });
    if (filters.tags?.length) {
      const ids = filters.tags.map((tag) => (this.values[TAGS] as { ids: Map<string, number> }).ids.get(tag));
      if (ids.some((id) => id === undefined)) impossible = true;
      active.push({ facet: TAGS, tags: ids.filter((id): id is number => id !== undefined) });
    }
    const counts = this.values.map(({ names }) => new Uint32Array(names.length));
    let total = slots.length;
    if (active.length === 0) this.countAll(slots, counts);
    else total = this.filterAndCount(slots, slotScores, active, impossible, counts);
    const facets = emptyFacets();
    FACETS.forEach((facet, f) => {
      const names = (this.values[f] as { names: string[] }).names;
      const facetCounts = counts[f] as Uint32Array;
      const shown: [string, number][] = [];
      facetCounts.forEach((n, id) => {
        if (n > 0) shown.push([names[id] as string, n]);
      });
      shown.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      facets[facet] = Object.fromEntries(shown.slice(0, FACET_VALUES_SHOWN));
    });

    // Order: score descending, then code (its rank). The top limit+1 after the cursor by bounded
    // insertion over integers: no full sort of 100k matches per page, no code compared, no allocation
    // for entries that do not make the page.
    const ranks = this.codeRank;
    const afterScore = after ? after.s : Number.POSITIVE_INFINITY;
    const afterRank = after ? this.rankAfter(after.c) : 0;
    const keep = query.limit + 1;
    const pageSlots = new Int32Array(keep + 1);
    const pageScores = new Int32Array(keep + 1);
    const pageRanks = new Uint32Array(keep + 1);
    let length = 0;
    for (let i = 0; i < total; i++) {
      const score = slotScores ? (slotScores[i] as number) : 0;
      if (score > afterScore) continue;
      const slot = slots[i] as number;
      const rank = ranks[slot] as number;
      if (score === afterScore && rank < afterRank) continue;
      if (length === keep) {
        const worstScore = pageScores[length - 1] as number;
        if (score < worstScore || (score === worstScore && rank > (pageRanks[length - 1] as number)))
          continue;
      }
      let at = length;
      while (at > 0) {
        const prevScore = pageScores[at - 1] as number;
        if (prevScore > score || (prevScore === score && (pageRanks[at - 1] as number) < rank)) break;
        pageSlots[at] = pageSlots[at - 1] as number;
        pageScores[at] = prevScore;
        pageRanks[at] = pageRanks[at - 1] as number;
        at--;
      }
      pageSlots[at] = slot;
      pageScores[at] = score;
      pageRanks[at] = rank;
      if (length < keep) length++;
    }
    const hits: SearchHit[] = [];
    for (let i = 0; i < Math.min(length, query.limit); i++) {
      hits.push({
        ...(this.docs[pageSlots[i] as number] as IndexedResource),
        score: pageScores[i] as number,
      });
    }
    const last = hits[hits.length - 1];
    const more = length > query.limit;
    return {
      total,
      hits,
      facets,
      ...(more && last ? { cursor: encodeCursor({ s: last.score, c: last.code, q: signature }) } : {}),
    };
  }

  /**
   * The built index as bytes (layout above): loading it (fromSnapshot) segments no text, which is
   * where building spends its time.
   */
  toSnapshot(): Uint8Array {
    const live: number[] = [];
    const newSlot = new Int32Array(this.docs.length).fill(-1);
    this.docs.forEach((doc, slot) => {
      if (doc) newSlot[slot] = live.push(slot) - 1;
    });
    const docs = live.map((slot) => this.docs[slot] as IndexedResource);
    const n = docs.length;
    const terms: string[] = [];
    const termOffsets = new Int32Array(this.postings.size + 1);
    let total = 0;
    for (const list of this.postings.values()) total += list.length;
    const postings = new Int32Array(total);
    let at = 0;
    for (const [term, list] of this.postings) {
      const start = at;
      for (let i = 0; i < list.length; i++) {
        const packed = list.data[i] as number;
        const slot = newSlot[packed >> 8] as number;
        if (slot >= 0) postings[at++] = slot * 256 + (packed & 255);
      }
      if (at === start) continue; // a term only tombstoned entries held
      terms.push(term);
      termOffsets[terms.length] = at;
    }
    const tagOffsets = new Int32Array(n + 1);
    const tagValues: number[] = [];
    const tagIdsOf = (this.values[TAGS] as { ids: Map<string, number> }).ids;
    docs.forEach((doc, slot) => {
      for (const tag of doc.tags) tagValues.push(tagIdsOf.get(tag) as number);
      tagOffsets[slot + 1] = tagValues.length;
    });
    const strings: SnapshotStrings = {
      terms,
      values: this.values.map(({ names }) => names),
      code: docs.map((doc) => doc.code),
      name: docs.map((doc) => doc.name),
      abstract: docs.map((doc) => doc.abstract),
      itemText: docs.map((doc) => doc.itemText),
      publishedAt: docs.map((doc) => doc.publishedAt),
      updatedAt: docs.map((doc) => doc.updatedAt ?? null),
    };
    const json = new TextEncoder().encode(JSON.stringify(strings));
    const int32Sections = [
      Int32Array.from(docs, (doc) => doc.version),
      termOffsets.subarray(0, terms.length + 1),
      postings.subarray(0, at),
      tagOffsets,
      Int32Array.from(tagValues),
    ];
    const uint16Sections = this.valueIds.map((ids) => Uint16Array.from(live, (slot) => ids[slot] as number));
    const open = Uint8Array.from(docs, (doc) =>
      doc.openToPublic === undefined ? 0 : doc.openToPublic ? 2 : 1,
    );

    const jsonEnd = SNAPSHOT_HEADER_BYTES + align4(json.length);
    let length = jsonEnd;
    for (const section of int32Sections) length += section.byteLength;
    for (const section of uint16Sections) length += section.byteLength;
    length += open.byteLength;
    const bytes = new Uint8Array(length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, SNAPSHOT_MAGIC, true);
    view.setUint32(4, SNAPSHOT_FORMAT, true);
    view.setUint32(12, json.length, true);
    bytes.set(json, SNAPSHOT_HEADER_BYTES);
    let offset = jsonEnd;
    for (const section of [...int32Sections, ...uint16Sections, open]) {
      bytes.set(new Uint8Array(section.buffer, section.byteOffset, section.byteLength), offset);
      offset += section.byteLength;
    }
    view.setUint32(8, crc32(bytes.subarray(12)), true);
    return bytes;
  }

  /** The index a snapshot holds; an IndexSnapshotError if it is of another format or damaged. */
  static fromSnapshot(input: Uint8Array): CatalogueIndex {
    const refuse = (why: string): never => {
      throw new IndexSnapshotError(`Not a catalogue index snapshot of format ${SNAPSHOT_FORMAT}: ${why}`);
    };
    if (input.byteLength < SNAPSHOT_HEADER_BYTES) refuse('too short');
    // Typed views need 4-byte alignment; a Buffer sliced from Node's pool may not have it.
    const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== SNAPSHOT_MAGIC) refuse('no magic number');
    const format = view.getUint32(4, true);
    if (format !== SNAPSHOT_FORMAT) refuse(`it is of format ${format}`);
    if (view.getUint32(8, true) !== crc32(bytes.subarray(12))) refuse('its checksum does not match');
    const jsonLength = view.getUint32(12, true);
    let strings: SnapshotStrings;
    try {
      strings = JSON.parse(
        new TextDecoder().decode(bytes.subarray(SNAPSHOT_HEADER_BYTES, SNAPSHOT_HEADER_BYTES + jsonLength)),
      ) as SnapshotStrings;
    } catch {
      return refuse('its dictionaries are not readable');
    }
    const n = strings.code.length;
    let offset = SNAPSHOT_HEADER_BYTES + align4(jsonLength);
    const take = <T extends Int32Array | Uint16Array | Uint8Array>(
      Type: {
        new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
        BYTES_PER_ELEMENT: number;
      },
      length: number,
    ): T => {
      if (offset + length * Type.BYTES_PER_ELEMENT > bytes.byteLength) refuse('it is truncated');
      const section = new Type(bytes.buffer, bytes.byteOffset + offset, length);
      offset += length * Type.BYTES_PER_ELEMENT;
      return section;
    };
    const versions = take(Int32Array, n);
    const termOffsets = take(Int32Array, strings.terms.length + 1);
    const postings = take(Int32Array, termOffsets[strings.terms.length] as number);
    const tagOffsets = take(Int32Array, n + 1);
    const tagValues = take(Int32Array, tagOffsets[n] as number);
    const valueIds = SCALAR_FACETS.map(() => take(Uint16Array, n));
    const open = take(Uint8Array, n);
    if (offset !== bytes.byteLength) refuse('it has trailing bytes');

    const index = new CatalogueIndex();
    index.values = strings.values.map((names) => ({
      names,
      ids: new Map(names.map((name, id) => [name, id])),
    }));
    // Copies with room to grow: upserts after the load append slots.
    index.growSlots(n);
    valueIds.forEach((ids, f) => {
      (index.valueIds[f] as Uint16Array).set(ids);
    });
    index.alive.fill(1, 0, n);
    const distinctTags = new Int32Array(Math.max(1024, Math.ceil((tagOffsets[n] as number) * 1.5)));
    let distinctTagCount = 0;
    const names = index.values.map(({ names: list }) => list);
    const tagNames = names[TAGS] as string[];
    // Each scalar facet's value per slot, resolved once per facet value rather than per entry.
    const scalars = SCALAR_FACETS.map((_, f) => {
      const ids = valueIds[f] as Uint16Array;
      const values = names[f] as string[];
      return (slot: number) => values[ids[slot] as number] as never;
    });
    const [categoryOf, providerOf, shareTypeOf, cycleOf, formatOf] = scalars as [
      (slot: number) => never,
      (slot: number) => never,
      (slot: number) => never,
      (slot: number) => never,
      (slot: number) => never,
    ];
    const docs: IndexedResource[] = new Array(n);
    const slots = new Map<string, number>();
    for (let slot = 0; slot < n; slot++) {
      const from = tagOffsets[slot] as number;
      const to = tagOffsets[slot + 1] as number;
      const tags: string[] = new Array(to - from);
      const slotStart = distinctTagCount;
      for (let i = from; i < to; i++) {
        const id = tagValues[i] as number;
        tags[i - from] = tagNames[id] as string;
        if (!distinctTags.subarray(slotStart, distinctTagCount).includes(id))
          distinctTags[distinctTagCount++] = id;
      }
      index.tagStart[slot + 1] = distinctTagCount;
      const code = strings.code[slot] as string;
      const doc: IndexedResource = {
        code,
        version: versions[slot] as number,
        name: strings.name[slot] as string,
        abstract: strings.abstract[slot] as string,
        itemText: strings.itemText[slot] as string,
        tags,
        category: categoryOf(slot),
        providerUnit: providerOf(slot),
        shareType: shareTypeOf(slot),
        updateCycle: cycleOf(slot),
        format: formatOf(slot),
        publishedAt: strings.publishedAt[slot] as string,
      };
      // Assigned, not spread: no temporary object per entry at 100k entries.
      const openToPublic = open[slot] as number;
      if (openToPublic !== 0) doc.openToPublic = openToPublic === 2;
      const updatedAt = strings.updatedAt[slot];
      if (typeof updatedAt === 'string') doc.updatedAt = updatedAt;
      docs[slot] = doc;
      slots.set(code, slot);
    }
    index.tagValues = distinctTags;
    index.slots = slots;
    index.docs = docs;
    index.codeRank.fill(UNRANKED, 0, n);
    index.unranked = Array.from({ length: n }, (_, slot) => slot);
    index.rankCodes();
    strings.terms.forEach((term, t) => {
      const list = new Postings();
      // A view into the snapshot, no copy; the first push after the load copies it (Postings.push).
      list.data = postings.subarray(termOffsets[t] as number, termOffsets[t + 1] as number);
      list.length = list.data.length;
      index.postings.set(term, list);
    });
    return index;
  }

  /** Every indexed document; for rebuilding and for benchmarks. */
  all(): IndexedResource[] {
    return this.docs.filter((doc): doc is IndexedResource => doc !== undefined);
  }
}
