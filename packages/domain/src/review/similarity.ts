import { indexTerms, words } from '@govshare/domain/catalogue';
import type { CheckOutcome } from './checks.ts';

/**
 * The duplicate-construction check (重复建设): how close a submitted project comes to earlier projects
 * and existing information systems, naming the closest with the functions they share.
 *
 * Text: NFKC, lower case, then the synonym table below rewrites variants to one canonical word
 * (平台 → 系统, 搭建 → 建设, 管控 → 管理 …), so a paraphrase and its original meet on the same terms.
 * Terms are the catalogue's (`indexTerms`: Han runs as character bigrams across Intl.Segmenter cuts,
 * other scripts as words, long Han words as whole-word terms): one tokenizer for the platform.
 *
 * Weights: TF-IDF over the corpus (1 + ln tf, smoothed idf ln((N+1)/(df+1)) + 1), vectors L2-normalised.
 * Score of a pair, in [0, 1]: half the cosine of the whole texts (name + description + functions) and
 * half the share of functions matched one to one (a function pairs with its most similar counterpart
 * if their cosine is at least `functionMatch`; share = 2·Σ pair scores / (n_new + n_old)). A new title
 * moves only the name's few terms; reordering functions moves nothing; renaming a function keeps most
 * of its bigrams. Without functions on either side the score is the cosine alone.
 *
 * Scale: the index is built once. A query walks the postings of its rarest terms first and stops
 * adding terms once `postingsBudget` postings have been read, so the candidate phase reads at most a
 * fixed number of postings whatever the corpus size (common terms such as 系统 or 管理 say little and
 * are skipped); only the best `candidates` of that phase are scored exactly. At 100,000 documents the
 * work per query stays bounded by the budget plus one pass over a scratch array of N floats (reset by
 * the touched list, not cleared), and the index holds one posting per distinct term per document.
 *
 * Change: a warm consumer sees the corpus change with nearly every submission (its own entry). The
 * build is not redone for that: `updateSimilarityIndex` puts the changed documents in a delta on top
 * of it (the build's vectors kept, the delta's and the query's weighted with the IDF of the corpus as
 * it now is) and rebuilds only once the changes since the build exceed SIMILARITY_DELTA_SHARE of it,
 * so a check scores the same whether or not a rebuild just happened (up to the drift of the build's
 * IDF, measured in test/unit/review/similarity-delta.test.ts) and the build's cost is paid once per
 * 5% of the corpus, not per submission.
 */

export type CorpusKind = 'project' | 'system';

/** An earlier project or an existing information system (信息系统目录). */
export interface SimilarityDocument {
  id: string;
  kind: CorpusKind;
  unit: string;
  name: string;
  description: string;
  functions: readonly string[];
}

export interface SimilaritySubmission {
  name: string;
  description: string;
  functions: readonly string[];
}

/**
 * Synonym groups, as data: the first word of each group is canonical, the others are rewritten to it
 * before terms are taken. Longer variants are applied first, so 统计分析 is not half-rewritten by 分析.
 * Keep a group only for words interchangeable in project texts; a wrong group merges distinct things.
 */
export const SIMILARITY_SYNONYMS: readonly (readonly string[])[] = [
  ['系统', '平台', '系统平台', '信息系统'],
  ['建设', '搭建', '构建', '建立', '打造'],
  ['管理', '管控', '治理'],
  ['查询', '检索', '查找', '查阅'],
  ['监测', '监控', '监视'],
  ['预警', '告警', '报警'],
  ['上报', '报送', '填报'],
  ['审核', '审查', '核查'],
  ['统计', '汇总', '统计汇总'],
  ['分析', '研判'],
  ['智慧', '智能', '数字化'],
  ['一体化', '综合', '集成'],
  ['移动端', 'app', '手机端', '移动应用'],
  ['展示', '呈现', '可视化'],
  ['办理', '处置', '处理'],
  ['登记', '录入', '采集'],
  ['调度', '指挥'],
  ['巡查', '巡检', '巡视'],
  ['项目', '工程'],
];

const REWRITES: readonly (readonly [string, string])[] = SIMILARITY_SYNONYMS.flatMap((group) =>
  group.slice(1).map((variant) => [variant.normalize('NFKC').toLowerCase(), group[0] as string] as const),
).sort((a, b) => b[0].length - a[0].length);

/** A text with every synonym variant rewritten to its canonical word. */
export function normaliseSynonyms(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  for (const [variant, canonical] of REWRITES)
    if (out.includes(variant)) out = out.split(variant).join(canonical);
  return out;
}

/** The terms of whole texts: the catalogue's terms of the synonym-normalised text. */
export function similarityTerms(text: string): string[] {
  return indexTerms(normaliseSynonyms(text));
}

const HAN = /\p{Script=Han}/u;

/**
 * The terms of one function: the segmenter's words and the bigrams inside each word, never across
 * words, so 疫苗统计 and 统计疫苗 have the same terms (bigrams across the cut, 苗统 and 计疫, would
 * be rare, weigh most and keep a reordered function from matching).
 */
export function functionTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(normaliseSynonyms(text))) {
    out.push(`=${word}`);
    const chars = Array.from(word);
    if (chars.length >= 3 && HAN.test(word))
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

export interface SimilarityThresholds {
  /** At or above: the check fails. */
  fail: number;
  /** At or above (and below fail): the check warns. */
  warn: number;
}

/** Measured on labelledDuplicateSet (see test/unit/review/similarity.test.ts). */
export const DEFAULT_SIMILARITY_THRESHOLDS: SimilarityThresholds = { fail: 0.55, warn: 0.4 };

export interface SimilarityOptions {
  /** Documents read in the candidate phase at most (rarest terms first). */
  postingsBudget?: number;
  /** Candidates scored exactly. */
  candidates?: number;
  /** Matches returned. */
  limit?: number;
  /** Least cosine for two functions to count as the same function. */
  functionMatch?: number;
  /** Ids never to match (the submission's own earlier versions). */
  exclude?: readonly string[];
}

export interface FunctionOverlap {
  /** The submitted project's function. */
  submitted: string;
  /** The earlier project's or system's function it matches. */
  earlier: string;
  score: number;
}

export interface SimilarMatch {
  id: string;
  kind: CorpusKind;
  unit: string;
  name: string;
  score: number;
  /** Cosines per field, for the reviewer: how much of the likeness is in the title, the text, the functions. */
  fields: { name: number; description: number; functions: number };
  overlappingFunctions: FunctionOverlap[];
}

/** A sparse vector: term ids ascending, weights L2-normalised. */
interface Vector {
  ids: Int32Array;
  weights: Float32Array;
}

interface IndexedDocument {
  source: SimilarityDocument;
  whole: Vector;
  name: Vector;
  description: Vector;
  functions: Vector[];
}

const EMPTY: Vector = { ids: new Int32Array(0), weights: new Float32Array(0) };

function dot(a: Vector, b: Vector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) sum += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return Math.min(1, sum);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Greedy one-to-one pairing of functions by cosine, best pairs first. */
function matchFunctions(
  submitted: readonly string[],
  submittedVectors: Vector[],
  earlier: readonly string[],
  earlierVectors: Vector[],
  least: number,
): { share: number; pairs: FunctionOverlap[] } {
  const candidates: { i: number; j: number; score: number }[] = [];
  submittedVectors.forEach((a, i) => {
    earlierVectors.forEach((b, j) => {
      const score = dot(a, b);
      if (score >= least) candidates.push({ i, j, score });
    });
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  const pairs: FunctionOverlap[] = [];
  let sum = 0;
  for (const { i, j, score } of candidates) {
    if (usedI.has(i) || usedJ.has(j)) continue;
    usedI.add(i);
    usedJ.add(j);
    sum += score;
    pairs.push({ submitted: submitted[i] as string, earlier: earlier[j] as string, score: round(score) });
  }
  const total = submitted.length + earlier.length;
  pairs.sort((x, y) => submitted.indexOf(x.submitted) - submitted.indexOf(y.submitted));
  return { share: total === 0 ? 0 : (2 * sum) / total, pairs };
}

/** A vector before weighting: term ids ascending and their 1 + ln tf. */
interface Shape {
  ids: Int32Array;
  tf: Float32Array;
}

interface Shapes {
  whole: Shape;
  name: Shape;
  description: Shape;
  functions: Shape[];
}

/** IDF, smoothed: ln((N+1)/(df+1)) + 1; a term of no document weighs ln(N+1) + 1, as the rarest. */
const idfOf = (n: number, df: number) => Math.log((n + 1) / (df + 1)) + 1;

function weigh(shape: Shape, idf: (id: number) => number): Vector {
  const n = shape.ids.length;
  if (n === 0) return EMPTY;
  const weights = new Float32Array(n);
  let squares = 0;
  for (let k = 0; k < n; k++) {
    const w = (shape.tf[k] as number) * idf(shape.ids[k] as number);
    weights[k] = w;
    squares += w * w;
  }
  const norm = Math.sqrt(squares);
  for (let k = 0; k < n; k++) weights[k] = (weights[k] as number) / norm;
  return { ids: shape.ids, weights };
}

function weighAll(source: SimilarityDocument, shapes: Shapes, idf: (id: number) => number): IndexedDocument {
  return {
    source,
    whole: weigh(shapes.whole, idf),
    name: weigh(shapes.name, idf),
    description: weigh(shapes.description, idf),
    functions: shapes.functions.map((shape) => weigh(shape, idf)),
  };
}

/**
 * What a full build fixes: the dictionary, the documents' vectors (weighted with the IDF of the
 * build) and their postings. Shared, unchanged, by every index derived from the build.
 */
interface FrozenCorpus {
  termIds: Map<string, number>;
  docs: IndexedDocument[];
  slotOf: Map<string, number>;
  /** Per term: the documents holding it and their weight in the whole-text vector. */
  postingDocs: Int32Array[];
  postingWeights: Float32Array[];
  /**
   * Terms first seen in documents added after the build, with ids past the dictionary. Append-only
   * and shared by every derived index, so a term keeps its id.
   */
  laterTermIds: Map<string, number>;
  /** Partial scores of a query per slot; reset through the touched list, so queries may share it. */
  scratch: Float64Array;
}

/**
 * What changed since the full build: the documents added or changed (kept with their unweighted
 * shapes, weighted again at each change), the build's slots masked out, and the document frequency
 * as it now is, from which the query and the delta's documents take their IDF.
 */
interface Delta {
  docs: (IndexedDocument & { shapes: Shapes })[];
  /** Base slots removed or replaced by a document of the delta. */
  masked: ReadonlySet<number>;
  /** Ids put or removed since the build: how far the build's IDF may have drifted. */
  changed: ReadonlySet<string>;
  /** Per term id: documents of the delta holding it less masked documents of the build holding it. */
  dfChange: ReadonlyMap<number, number>;
  /** Per term id: the delta documents holding it and their whole-text weight. */
  postings: Map<number, { slots: number[]; weights: number[] }>;
}

const NO_DELTA: Delta = {
  docs: [],
  masked: new Set(),
  changed: new Set(),
  dfChange: new Map(),
  postings: new Map(),
};

/** Changes to the corpus: documents added or changed (by id), ids removed. */
export interface CorpusChanges {
  put: readonly SimilarityDocument[];
  remove: readonly string[];
}

interface Terms {
  name: string[];
  description: string[];
  functions: string[][];
}

const termsOf = (text: SimilaritySubmission): Terms => ({
  name: similarityTerms(text.name),
  description: similarityTerms(text.description),
  functions: text.functions.map(functionTerms),
});

/**
 * The unweighted vectors of a text. `keep` gives terms the build never saw a lasting id (a document
 * of the delta must match a later query on them); a query's unseen terms get ids of its own past those.
 */
function shapesOf(
  frozen: Pick<FrozenCorpus, 'termIds' | 'laterTermIds'>,
  terms: Terms,
  keep: boolean,
): Shapes {
  const local = new Map<string, number>();
  const idOf = (term: string): number => {
    const id = frozen.termIds.get(term) ?? frozen.laterTermIds.get(term) ?? local.get(term);
    if (id !== undefined) return id;
    const next = frozen.termIds.size + frozen.laterTermIds.size + local.size;
    (keep ? frozen.laterTermIds : local).set(term, next);
    return next;
  };
  const shape = (list: readonly string[]): Shape => {
    const tf = new Map<number, number>();
    for (const term of list) {
      const id = idOf(term);
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
    return { ids, tf: Float32Array.from(ids, (id) => 1 + Math.log(tf.get(id) as number)) };
  };
  return {
    whole: shape([...terms.name, ...terms.description, ...terms.functions.flat()]),
    name: shape(terms.name),
    description: shape(terms.description),
    functions: terms.functions.map(shape),
  };
}

function frozenCorpus(corpus: readonly SimilarityDocument[]): FrozenCorpus {
  // Every term of the corpus gets a lasting id here, in order: they are the build's dictionary.
  const dictionary = { termIds: new Map<string, number>(), laterTermIds: new Map<string, number>() };
  const shaped = corpus.map((doc) => ({ doc, shapes: shapesOf(dictionary, termsOf(doc), true) }));
  const termIds = dictionary.laterTermIds;
  const df = new Int32Array(termIds.size);
  for (const { shapes } of shaped) for (const id of shapes.whole.ids) df[id] = (df[id] as number) + 1;
  const n = corpus.length;
  const idf = Float64Array.from(df, (d) => idfOf(n, d));
  const docs = shaped.map(({ doc, shapes }) => weighAll(doc, shapes, (id) => idf[id] as number));
  const postingDocs = Array.from(df, (c) => new Int32Array(c));
  const postingWeights = Array.from(df, (c) => new Float32Array(c));
  const fill = new Int32Array(df.length);
  docs.forEach((doc, slot) => {
    doc.whole.ids.forEach((id, k) => {
      const at = fill[id] as number;
      (postingDocs[id] as Int32Array)[at] = slot;
      (postingWeights[id] as Float32Array)[at] = doc.whole.weights[k] as number;
      fill[id] = at + 1;
    });
  });
  return {
    termIds,
    docs,
    slotOf: new Map(docs.map((doc, slot) => [doc.source.id, slot])),
    postingDocs,
    postingWeights,
    laterTermIds: new Map(),
    scratch: new Float64Array(n),
  };
}

/** The IDF of the corpus as it now is: the build's document frequencies, changed by the delta. */
function currentIdf(frozen: FrozenCorpus, size: number, dfChange: ReadonlyMap<number, number>) {
  const baseTerms = frozen.postingDocs.length;
  return (id: number) =>
    idfOf(
      size,
      (id < baseTerms ? (frozen.postingDocs[id] as Int32Array).length : 0) + (dfChange.get(id) ?? 0),
    );
}

/** The share of the built corpus that may change before `updateSimilarityIndex` rebuilds. */
export const SIMILARITY_DELTA_SHARE = 0.05;

/**
 * The index: a full build and, on top, the documents changed since, the replaced or removed ones
 * masked out. A query treats the two alike (one candidate phase over both postings, one shortlist,
 * the same exact scoring). The query and the delta's documents are weighted with the IDF of the
 * corpus as it now is (the build's document frequencies, less the masked documents, plus the
 * delta's), which is what a fresh build would give them; only the build's own vectors keep the IDF
 * of the build, and `updateSimilarityIndex` bounds that drift by rebuilding once the changes pass a
 * share of the corpus. Why not freeze the IDF for the delta too: words the build never saw (a
 * title pattern that spreads, 数字化转型（一期）) would weigh as the rarest in every new document
 * that uses them, and those documents would crowd the candidate phase of every query with them.
 * Immutable: `withChanges` returns a new index sharing the build, so a query on the old index is
 * never disturbed.
 */
export class SimilarityIndex {
  private readonly idf: (id: number) => number;

  private constructor(
    private readonly frozen: FrozenCorpus,
    private readonly delta: Delta,
  ) {
    this.idf = currentIdf(frozen, this.size, delta.dfChange);
  }

  static build(corpus: readonly SimilarityDocument[]): SimilarityIndex {
    return new SimilarityIndex(frozenCorpus(corpus), NO_DELTA);
  }

  /** Documents in the index now. */
  get size(): number {
    return this.frozen.docs.length - this.delta.masked.size + this.delta.docs.length;
  }

  /** Documents of the full build. */
  get builtSize(): number {
    return this.frozen.docs.length;
  }

  /** Documents put or removed since the full build. */
  get changesSinceBuild(): number {
    return this.delta.changed.size;
  }

  /** This index with the changes applied on top of its build, without rebuilding it. */
  withChanges(changes: CorpusChanges): SimilarityIndex {
    if (changes.put.length === 0 && changes.remove.length === 0) return this;
    const { frozen } = this;
    const byId = new Map(this.delta.docs.map(({ source, shapes }) => [source.id, { source, shapes }]));
    const masked = new Set(this.delta.masked);
    const changed = new Set(this.delta.changed);
    const mask = (id: string) => {
      const slot = frozen.slotOf.get(id);
      if (slot !== undefined) masked.add(slot);
      changed.add(id);
    };
    for (const id of changes.remove) {
      byId.delete(id);
      mask(id);
    }
    for (const doc of changes.put) {
      byId.delete(doc.id); // a changed document goes to the end of the delta
      mask(doc.id);
      byId.set(doc.id, { source: doc, shapes: shapesOf(frozen, termsOf(doc), true) });
    }
    const dfChange = new Map<number, number>();
    const count = (ids: Int32Array, by: number) => {
      for (const id of ids) dfChange.set(id, (dfChange.get(id) ?? 0) + by);
    };
    for (const { shapes } of byId.values()) count(shapes.whole.ids, 1);
    for (const slot of masked) count((frozen.docs[slot] as IndexedDocument).whole.ids, -1);
    const idf = currentIdf(frozen, frozen.docs.length - masked.size + byId.size, dfChange);
    const docs = [...byId.values()].map(({ source, shapes }) => ({
      ...weighAll(source, shapes, idf),
      shapes,
    }));
    const postings: Delta['postings'] = new Map();
    docs.forEach((doc, slot) => {
      doc.whole.ids.forEach((id, k) => {
        let list = postings.get(id);
        if (!list) {
          list = { slots: [], weights: [] };
          postings.set(id, list);
        }
        list.slots.push(slot);
        list.weights.push(doc.whole.weights[k] as number);
      });
    });
    return new SimilarityIndex(frozen, { docs, masked, changed, dfChange, postings });
  }

  /** The closest documents to a submission, best first. */
  query(submission: SimilaritySubmission, options: SimilarityOptions = {}): SimilarMatch[] {
    const { postingsBudget = 20_000, candidates = 40, limit = 5, functionMatch = 0.9 } = options;
    const exclude = new Set(options.exclude ?? []);
    const { frozen, delta } = this;
    const asked = weighAll(
      { id: '', kind: 'project', unit: '', ...submission },
      shapesOf(frozen, termsOf(submission), false),
      this.idf,
    );
    const whole = asked.whole;
    const baseTerms = frozen.postingDocs.length;
    const postingsOf = (id: number) =>
      (id < baseTerms ? (frozen.postingDocs[id] as Int32Array).length : 0) +
      (delta.postings.get(id)?.slots.length ?? 0);

    // Candidate phase: rarest terms first (the build's and the delta's), within the budget of postings read.
    const known: number[] = [];
    whole.ids.forEach((id, k) => {
      if (postingsOf(id) > 0) known.push(k);
    });
    known.sort((a, b) => postingsOf(whole.ids[a] as number) - postingsOf(whole.ids[b] as number) || a - b);
    const scratch = frozen.scratch;
    const touched: number[] = [];
    const deltaScratch = new Float64Array(delta.docs.length);
    const deltaTouched: number[] = [];
    let read = 0;
    for (const k of known) {
      const id = whole.ids[k] as number;
      const count = postingsOf(id);
      if (read > 0 && read + count > postingsBudget) break;
      read += count;
      const q = whole.weights[k] as number;
      if (id < baseTerms) {
        const docs = frozen.postingDocs[id] as Int32Array;
        const weights = frozen.postingWeights[id] as Float32Array;
        for (let p = 0; p < docs.length; p++) {
          const slot = docs[p] as number;
          if (scratch[slot] === 0) touched.push(slot);
          scratch[slot] = (scratch[slot] as number) + q * (weights[p] as number);
        }
      }
      const added = delta.postings.get(id);
      if (added) {
        for (let p = 0; p < added.slots.length; p++) {
          const slot = added.slots[p] as number;
          if (deltaScratch[slot] === 0) deltaTouched.push(slot);
          deltaScratch[slot] = (deltaScratch[slot] as number) + q * (added.weights[p] as number);
        }
      }
    }
    // One shortlist over both; a delta document ranks after the build's on a tie, as if appended.
    const base = frozen.docs.length;
    const pool = [
      ...touched
        .filter((slot) => !delta.masked.has(slot))
        .map((slot) => ({
          order: slot,
          doc: frozen.docs[slot] as IndexedDocument,
          partial: scratch[slot] as number,
        })),
      ...deltaTouched.map((slot) => ({
        order: base + slot,
        doc: delta.docs[slot] as IndexedDocument,
        partial: deltaScratch[slot] as number,
      })),
    ];
    for (const slot of touched) scratch[slot] = 0;
    const shortlist = pool
      .sort((a, b) => b.partial - a.partial || a.order - b.order)
      .filter(({ doc }) => !exclude.has(doc.source.id))
      .slice(0, candidates);

    const matches = shortlist.map(({ doc }): SimilarMatch => {
      const cosine = dot(whole, doc.whole);
      const matched = matchFunctions(
        submission.functions,
        asked.functions,
        doc.source.functions,
        doc.functions,
        functionMatch,
      );
      const hasFunctions = submission.functions.length > 0 && doc.source.functions.length > 0;
      const score = hasFunctions ? (cosine + matched.share) / 2 : cosine;
      return {
        id: doc.source.id,
        kind: doc.source.kind,
        unit: doc.source.unit,
        name: doc.source.name,
        score: round(score),
        fields: {
          name: round(dot(asked.name, doc.name)),
          description: round(dot(asked.description, doc.description)),
          functions: round(matched.share),
        },
        overlappingFunctions: matched.pairs,
      };
    });
    return matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }
}

export function buildSimilarityIndex(corpus: readonly SimilarityDocument[]): SimilarityIndex {
  return SimilarityIndex.build(corpus);
}

export interface SimilarityUpdateOptions {
  /** Changes since the build past which the index is rebuilt; by default SIMILARITY_DELTA_SHARE of the build. */
  maxChanges?: number;
}

/**
 * The index after a change of the corpus: the change applied on top of the build while the changes
 * since the build stay within the bound (only the build's own vectors keep the build's IDF; with 2%
 * of the corpus added, 99% of scores move by 0.005 or less against a fresh build), else a full build
 * of `corpus()` (the corpus as it is now, changes included).
 */
export function updateSimilarityIndex(
  index: SimilarityIndex,
  changes: CorpusChanges,
  corpus: () => readonly SimilarityDocument[],
  options: SimilarityUpdateOptions = {},
): { index: SimilarityIndex; rebuilt: boolean } {
  const next = index.withChanges(changes);
  const bound = options.maxChanges ?? Math.floor(SIMILARITY_DELTA_SHARE * index.builtSize);
  if (next.changesSinceBuild <= bound) return { index: next, rebuilt: false };
  return { index: buildSimilarityIndex(corpus()), rebuilt: true };
}

export interface DuplicateConstructionCheck {
  check: 'duplicate-construction';
  outcome: CheckOutcome;
  reason: string;
  /** The closest matches: every one at or above the warn threshold, or the single closest on a pass. */
  evidence: SimilarMatch[];
}

export interface DuplicateCheckOptions extends SimilarityOptions {
  thresholds?: SimilarityThresholds;
}

const KIND_NAMES: Record<CorpusKind, string> = { project: 'earlier project', system: 'existing system' };

function describe(match: SimilarMatch, submittedFunctions: number): string {
  const overlap = match.overlappingFunctions.length;
  const functions =
    overlap > 0
      ? `, ${overlap} of ${submittedFunctions} functions overlap (${match.overlappingFunctions
          .slice(0, 3)
          .map((pair) => `${pair.submitted} ≈ ${pair.earlier}`)
          .join('; ')}${overlap > 3 ? '; …' : ''})`
      : '';
  return `${KIND_NAMES[match.kind]} ${match.id} 《${match.name}》 of ${match.unit}, score ${match.score.toFixed(2)}${functions}`;
}

/** The check: fail at or above `thresholds.fail`, warn at or above `thresholds.warn`, else pass. */
export function checkDuplicateConstruction(
  index: SimilarityIndex,
  submission: SimilaritySubmission,
  options: DuplicateCheckOptions = {},
): DuplicateConstructionCheck {
  const thresholds = options.thresholds ?? DEFAULT_SIMILARITY_THRESHOLDS;
  if (!(thresholds.warn <= thresholds.fail))
    throw new RangeError('thresholds.warn must not exceed thresholds.fail');
  const matches = index.query(submission, options);
  const flagged = matches.filter((match) => match.score >= thresholds.warn);
  const top = matches[0];
  const n = submission.functions.length;
  if (!top || top.score < thresholds.warn) {
    return {
      check: 'duplicate-construction',
      outcome: 'pass',
      reason: top
        ? `No earlier project or existing system scores ${thresholds.warn.toFixed(2)} or more; the closest is ${describe(top, n)}.`
        : 'No earlier project or existing system shares its terms.',
      evidence: top ? [top] : [],
    };
  }
  const outcome: CheckOutcome = top.score >= thresholds.fail ? 'fail' : 'warn';
  const lead =
    outcome === 'fail'
      ? `Likely duplicate construction (重复建设): it scores ${top.score.toFixed(2)} (fail at ${thresholds.fail.toFixed(2)}) against ${describe(top, n)}.`
      : `Resembles ${describe(top, n)} (warn at ${thresholds.warn.toFixed(2)}, fail at ${thresholds.fail.toFixed(2)}).`;
  const others =
    flagged.length > 1
      ? ` Also close: ${flagged
          .slice(1)
          .map((m) => `${m.id} (${m.score.toFixed(2)})`)
          .join(', ')}.`
      : '';
  const ask =
    outcome === 'fail'
      ? ' Reuse or extend it, or state what this project does that it does not.'
      : ' The reviewer should confirm the projects differ.';
  return { check: 'duplicate-construction', outcome, reason: `${lead}${others}${ask}`, evidence: flagged };
}

// ---------------------------------------------------------------------------------------------------
// A labelled set for measuring the check: earlier projects and systems, paraphrased duplicates of some,
// and unrelated projects, all from one seed.

/** mulberry32: small, fast and the same on every platform. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = [
  '市公安局',
  '市民政局',
  '市人社局',
  '市自然资源局',
  '市生态环境局',
  '市住建局',
  '市交通运输局',
  '市水利局',
  '市农业农村局',
  '市商务局',
  '市文旅局',
  '市卫健委',
  '市应急管理局',
  '市市场监管局',
  '市统计局',
  '市医保局',
  '市城管局',
  '市教育局',
  '市司法局',
  '市财政局',
  '市林业局',
  '市信访局',
  '市退役军人事务局',
  '市残联',
  '市气象局',
  '市税务局',
  '市公积金中心',
  '市行政审批局',
  '市数据局',
  '市档案馆',
];
const OBJECTS = [
  '案件',
  '河道',
  '排污口',
  '企业',
  '车辆',
  '病例',
  '学籍',
  '档案',
  '合同',
  '房屋',
  '物资',
  '设备',
  '工单',
  '证照',
  '资金',
  '人员',
  '网格',
  '事件',
  '投诉',
  '预约',
  '床位',
  '药品',
  '疫苗',
  '粮库',
  '林地',
  '渔船',
  '矿山',
  '危化品',
  '特种设备',
  '消防栓',
  '路灯',
  '井盖',
  '停车位',
  '公交线路',
  '景区',
  '文物',
  '图书',
  '场馆',
  '社团',
  '志愿者',
  '老年人',
  '残疾人',
  '低保户',
  '退役军人',
  '农户',
  '耕地',
  '农机',
  '畜禽',
  '种子',
  '化肥',
  '水库',
  '堤防',
  '雨量站',
  '地质灾害点',
  '建筑工地',
  '渣土车',
  '户外广告',
  '流动摊贩',
  '餐饮油烟',
  '噪声',
  '空气质量',
  '垃圾中转站',
  '污水处理厂',
  '供水管网',
  '燃气管道',
  '电梯',
  '校车',
  '学校食堂',
  '农贸市场',
  '商品价格',
  '计量器具',
  '商标',
  '专利',
  '税源',
  '发票',
  '社保卡',
  '公积金',
  '保障性住房',
  '房屋租赁',
  '征收补偿',
  '信访件',
  '法律援助',
  '社区矫正',
  '人民调解',
  '律师',
  '公证',
  '党员',
  '会议',
  '公文',
  '督办件',
];
const ACTIONS = [
  '登记',
  '受理',
  '审核',
  '审批',
  '查询',
  '统计',
  '监测',
  '预警',
  '巡查',
  '上报',
  '台账管理',
  '档案管理',
  '调度',
  '派单',
  '评价',
  '公示',
  '归档',
  '核验',
  '地图展示',
  '移动办理',
  '分析',
  '备案',
  '督办',
  '考核',
  '办理',
];
const GOALS = ['规范化水平', '工作效率', '精细化管理能力', '服务质量', '监管能力', '协同水平'];

interface Draft {
  unit: string;
  focus: string[];
  functions: string[];
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
function pickDistinct<T>(rand: () => number, list: readonly T[], count: number): T[] {
  const out = new Set<T>();
  while (out.size < Math.min(count, list.length)) out.add(pick(rand, list));
  return [...out];
}
function shuffle<T>(rand: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Earlier projects are about objects of the first part of the list; an unrelated project about one of
 * those and two of the rest: a neighbour in vocabulary, not a paraphrase.
 */
const SHARED_OBJECTS = OBJECTS.slice(0, 70);
const HELD_OUT_OBJECTS = OBJECTS.slice(70);

function draft(rand: () => number, unrelated = false): Draft {
  const focus = unrelated
    ? [pick(rand, SHARED_OBJECTS), ...pickDistinct(rand, HELD_OUT_OBJECTS, 2)]
    : pickDistinct(rand, SHARED_OBJECTS, 3);
  const count = 5 + Math.floor(rand() * 4);
  const functions = new Set<string>();
  while (functions.size < count) {
    // Mostly about the project's own objects, now and then about another.
    const object = rand() < 0.85 ? pick(rand, focus) : pick(rand, SHARED_OBJECTS);
    functions.add(`${object}${pick(rand, ACTIONS)}`);
  }
  return { unit: pick(rand, UNITS), focus, functions: [...functions] };
}

function original(d: Draft, rand: () => number): SimilaritySubmission {
  const [a, b, c] = d.focus as [string, string, string];
  const name = pick(rand, [
    `${d.unit}${a}${b}管理系统建设项目`,
    `${d.unit}智慧${a}综合管理平台`,
    `${a}与${b}监管系统`,
  ]);
  const description = `为提升${a}、${b}和${c}工作的${pick(rand, GOALS)}，建设${a}${b}管理系统，实现${d.functions
    .slice(0, 3)
    .join('、')}等功能，形成全市统一的${a}数据。`;
  return { name, description, functions: d.functions };
}

/** The synonym groups read backwards: a canonical word and the variants a paraphrase may use. */
const VARIANTS = SIMILARITY_SYNONYMS.map((group) => ({
  canonical: group[0] as string,
  variants: group.slice(1).filter((v) => /\p{Script=Han}/u.test(v)),
})).filter((g) => g.variants.length > 0);

function reword(text: string, rand: () => number): string {
  let out = text;
  for (const { canonical, variants } of VARIANTS) {
    if (out.includes(canonical) && rand() < 0.7) out = out.split(canonical).join(pick(rand, variants));
  }
  return out;
}

function paraphrase(d: Draft, rand: () => number): SimilaritySubmission {
  const [a, b, c] = d.focus as [string, string, string];
  // A new title: another pattern, often without the focus objects at all.
  const name = pick(rand, [
    `${d.unit}${reword('业务协同系统建设', rand)}`,
    reword(`${b}${a}一体化服务平台项目`, rand),
    `${d.unit}${reword('数字化转型工程（一期）', rand)}`,
    reword(`${a}智能化管控平台`, rand),
  ]);
  const description = reword(
    `本项目搭建${b}和${a}的统一平台，面向${c}等业务，提供${shuffle(rand, d.functions).slice(0, 3).join('、')}，提高${pick(rand, GOALS)}。`,
    rand,
  );
  let functions = shuffle(rand, d.functions).map((f) => {
    // Rename some functions: action first (案件受理 → 受理案件), or reworded.
    const object = OBJECTS.find((o) => f.startsWith(o));
    const action = object ? f.slice(object.length) : '';
    if (object && rand() < 0.3) return `${action}${object}`;
    return reword(f, rand);
  });
  if (rand() < 0.5) functions = functions.slice(1); // one dropped
  if (rand() < 0.5) functions.push(`${pick(rand, OBJECTS)}${pick(rand, ACTIONS)}`); // one added
  return { name, description, functions };
}

export interface LabelledCase {
  submission: SimilaritySubmission;
  /** The corpus id it paraphrases; absent for an unrelated project. */
  duplicateOf?: string;
}

export interface LabelledDuplicateSet {
  corpus: SimilarityDocument[];
  cases: LabelledCase[];
}

/**
 * n earlier projects and systems (one in five a system), then as many paraphrased duplicates of
 * randomly chosen ones as unrelated new projects (by default n/10 each, at most 200). Deterministic:
 * the same seed and n give the same set.
 */
export function labelledDuplicateSet(
  seed: number,
  n: number,
  options: { duplicates?: number; unrelated?: number } = {},
): LabelledDuplicateSet {
  const rand = random(seed);
  const drafts: Draft[] = [];
  const corpus: SimilarityDocument[] = [];
  for (let i = 0; i < n; i++) {
    const d = draft(rand);
    drafts.push(d);
    const kind: CorpusKind = rand() < 0.2 ? 'system' : 'project';
    const text = original(d, rand);
    corpus.push({
      id: `${kind === 'system' ? 'SYS' : 'PRJ'}-${String(i + 1).padStart(6, '0')}`,
      kind,
      unit: d.unit,
      name: kind === 'system' ? text.name.replace(/建设项目$/, '') : text.name,
      description: text.description,
      functions: text.functions,
    });
  }
  const each = Math.min(200, Math.max(1, Math.ceil(n / 10)));
  const cases: LabelledCase[] = [];
  for (let k = 0; k < (options.duplicates ?? each) && n > 0; k++) {
    const i = Math.floor(rand() * n);
    cases.push({
      submission: paraphrase(drafts[i] as Draft, rand),
      duplicateOf: (corpus[i] as SimilarityDocument).id,
    });
  }
  for (let k = 0; k < (options.unrelated ?? each); k++)
    cases.push({ submission: original(draft(rand, true), rand) });
  return { corpus, cases };
}

export interface CheckQuality {
  /** Share of duplicates whose source the check flags. */
  recall: number;
  /** Share of flagged submissions that are duplicates flagged against their source. */
  precision: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface DuplicateCheckQuality {
  /** Flagged = the check fails. */
  fail: CheckQuality;
  /** Flagged = the check warns or fails. */
  flagged: CheckQuality;
}

/** Recall and precision from what was flagged per labelled submission (the ids at or above a threshold). */
export function checkQualityOf(
  results: readonly { duplicateOf?: string | undefined; flaggedIds: readonly string[] }[],
): CheckQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { duplicateOf, flaggedIds } of results) {
    const hit = duplicateOf !== undefined && flaggedIds.includes(duplicateOf);
    if (hit) tp++;
    else if (duplicateOf !== undefined) fn++;
    if (!hit && flaggedIds.length > 0) fp++;
  }
  return {
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
  };
}

/** Recall and precision of the check on a labelled set, at the fail and at the warn threshold. */
export function measureDuplicateCheck(
  set: LabelledDuplicateSet,
  options: DuplicateCheckOptions = {},
  index: SimilarityIndex = buildSimilarityIndex(set.corpus),
): DuplicateCheckQuality {
  const thresholds = options.thresholds ?? DEFAULT_SIMILARITY_THRESHOLDS;
  const runs = set.cases.map(({ submission, duplicateOf }) => ({
    duplicateOf,
    matches: index.query(submission, options),
  }));
  const at = (threshold: number) =>
    checkQualityOf(
      runs.map(({ duplicateOf, matches }) => ({
        ...(duplicateOf !== undefined ? { duplicateOf } : {}),
        flaggedIds: matches.filter((m) => m.score >= threshold).map((m) => m.id),
      })),
    );
  return { fail: at(thresholds.fail), flagged: at(thresholds.warn) };
}
