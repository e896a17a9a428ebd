import { describe, expect, it } from 'vitest';
import {
  buildSimilarityIndex,
  checkDuplicateConstruction,
  labelledDuplicateSet,
  measureDuplicateCheck,
  type SimilarityDocument,
  type SimilarityIndex,
  type SimilaritySubmission,
  updateSimilarityIndex,
} from '../../../packages/domain/src/review/similarity.ts';

/**
 * How the match scores (by id) of two indexes differ over some submissions: the 99th percentile and
 * the largest difference, and the share of submissions with the same outcome of the check.
 */
function compare(a: SimilarityIndex, b: SimilarityIndex, submissions: readonly SimilaritySubmission[]) {
  const differences: number[] = [];
  let sameOutcome = 0;
  for (const submission of submissions) {
    if (
      checkDuplicateConstruction(a, submission).outcome === checkDuplicateConstruction(b, submission).outcome
    )
      sameOutcome++;
    const scores = new Map(b.query(submission).map((m) => [m.id, m.score]));
    for (const m of a.query(submission)) {
      const other = scores.get(m.id);
      if (other !== undefined) differences.push(Math.abs(other - m.score));
    }
  }
  differences.sort((x, y) => x - y);
  return {
    p99: differences[Math.floor(differences.length * 0.99)] ?? 0,
    largest: differences.at(-1) ?? 0,
    sameOutcome: sameOutcome / submissions.length,
  };
}

/**
 * The tolerance. Nearly every score moves by a few thousandths (the IDF of 1,000 against 1,020
 * documents); now and then one moves by up to one function's share, when a function pair's cosine
 * sits at `functionMatch` (0.9) and the small IDF change puts it on the other side. Two fresh builds
 * of 1,000 and 1,020 documents differ the same way: it is the scoring's step, not the delta's.
 */
const TOLERANCE = { p99: 0.005, largest: 0.1, sameOutcome: 0.99 };

// Each case builds indexes of 1,000 to 4,000 documents: seconds of CPU on a shared 2-core machine,
// so the default 5 s would fail them under load (a correctness test, not a timed one).
describe('the similarity index brought up to date without a rebuild', { timeout: 60_000 }, () => {
  // 1,020 documents: the first 1,000 built, the last 20 added later (a warm consumer's steady state).
  const set = labelledDuplicateSet(11, 1020, { duplicates: 200, unrelated: 100 });
  const built = set.corpus.slice(0, 1000);
  const added = set.corpus.slice(1000);
  const fresh = buildSimilarityIndex(set.corpus);
  const delta = buildSimilarityIndex(built).withChanges({ put: added, remove: [] });
  const submissions = set.cases.map((c) => c.submission);

  it('holds the added documents without changing the build', () => {
    expect(delta.size).toBe(1020);
    expect(delta.builtSize).toBe(1000);
    expect(delta.changesSinceBuild).toBe(20);
  });

  it('scores as a fresh build of the same corpus does, within a small tolerance', () => {
    const { p99, largest, sameOutcome } = compare(delta, fresh, submissions);
    expect(p99).toBeLessThanOrEqual(TOLERANCE.p99);
    expect(largest).toBeLessThanOrEqual(TOLERANCE.largest);
    expect(sameOutcome).toBeGreaterThanOrEqual(TOLERANCE.sameOutcome);
    const a = measureDuplicateCheck(set, {}, delta);
    const b = measureDuplicateCheck(set, {}, fresh);
    expect(Math.abs(a.fail.recall - b.fail.recall)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(a.flagged.precision - b.flagged.precision)).toBeLessThanOrEqual(0.01);
  });

  it('catches a paraphrase of a document that came in the delta', () => {
    const ofAdded = set.cases.filter((c) => added.some((d) => d.id === c.duplicateOf));
    expect(ofAdded.length).toBeGreaterThan(0);
    for (const { submission, duplicateOf } of ofAdded) {
      const check = checkDuplicateConstruction(delta, submission);
      expect(check.outcome).toBe('fail');
      expect(check.evidence[0]?.id).toBe(duplicateOf);
    }
  });

  it('matches on words the build never saw, in documents and queries alike', () => {
    const novel: SimilarityDocument = {
      id: 'PRJ-NOVEL',
      kind: 'project',
      unit: '市数据局',
      name: '鲲鹏翱翔算力调配系统',
      description: '鲲鹏翱翔算力的调配与计量。',
      functions: ['鲲鹏算力调配', '翱翔算力计量'],
    };
    const index = buildSimilarityIndex(built).withChanges({ put: [novel], remove: [] });
    const [top] = index.query({ name: '鲲鹏翱翔算力调配平台', description: '', functions: ['调配鲲鹏算力'] });
    expect(top?.id).toBe('PRJ-NOVEL');
    // Two different unseen words in a query and a document never meet on one id.
    expect(index.query({ name: '饕餮', description: '', functions: [] })).toEqual([]);
  });

  it('masks a changed or removed document and scores its new text, as a fresh build does', () => {
    const [first, second, third] = built as [SimilarityDocument, SimilarityDocument, SimilarityDocument];
    // The first takes the third's text; the second is gone.
    const changed = { ...third, id: first.id };
    const corpus = [changed, ...built.slice(2)];
    const index = buildSimilarityIndex(built).withChanges({ put: [changed], remove: [second.id] });
    expect(index.size).toBe(999);
    const again = buildSimilarityIndex(corpus);
    const asSecond = { name: second.name, description: second.description, functions: second.functions };
    expect(index.query(asSecond).some((m) => m.id === second.id)).toBe(false);
    const asThird = { name: third.name, description: third.description, functions: third.functions };
    const ids = index.query(asThird).map((m) => m.id);
    expect(ids.slice(0, 2).sort()).toEqual([first.id, third.id].sort());
    const { p99, largest, sameOutcome } = compare(index, again, [asSecond, asThird, ...submissions]);
    expect(p99).toBeLessThanOrEqual(TOLERANCE.p99);
    expect(largest).toBeLessThanOrEqual(TOLERANCE.largest);
    expect(sameOutcome).toBeGreaterThanOrEqual(TOLERANCE.sameOutcome);
  });

  it('keeps the index it came from unchanged', () => {
    const before = buildSimilarityIndex(built);
    const probe = set.cases.find((c) => added.some((d) => d.id === c.duplicateOf))?.submission;
    if (!probe) throw new Error('no duplicate of an added document in the set');
    const was = before.query(probe);
    before.withChanges({ put: added, remove: [] });
    expect(before.query(probe)).toEqual(was);
    expect(before.size).toBe(1000);
  });

  it('rebuilds once the changes since the build pass 5% of it, so the IDF never drifts far', () => {
    const base = buildSimilarityIndex(built);
    const later = labelledDuplicateSet(11, 1080).corpus.slice(1000);
    const within = updateSimilarityIndex(base, { put: later.slice(0, 50), remove: [] }, () => {
      throw new Error('must not rebuild within the bound');
    });
    expect(within).toMatchObject({ rebuilt: false });
    expect(within.index.size).toBe(1050);
    const past = updateSimilarityIndex(within.index, { put: later.slice(50, 51), remove: [] }, () => [
      ...built,
      ...later.slice(0, 51),
    ]);
    expect(past.rebuilt).toBe(true);
    expect(past.index).toMatchObject({ size: 1051, builtSize: 1051, changesSinceBuild: 0 });
  });

  it('keeps catching paraphrases while the submissions themselves fill the delta (the steady state)', () => {
    // Each submission's own entry joins the corpus just before its check, as the consumer sees it;
    // the paraphrases share new title words (业务协同, 数字化转型（一期）) the build never saw.
    const steady = labelledDuplicateSet(12, 4000, { duplicates: 150, unrelated: 50 });
    let index = buildSimilarityIndex(steady.corpus);
    let caught = 0;
    steady.cases.forEach(({ submission, duplicateOf }, k) => {
      const id = `SUBMISSION-${k}`;
      index = index.withChanges({
        put: [{ id, kind: 'project', unit: '市数据局', ...submission }],
        remove: [],
      });
      const check = checkDuplicateConstruction(index, submission, { exclude: [id] });
      if (duplicateOf && check.outcome === 'fail' && check.evidence.some((m) => m.id === duplicateOf))
        caught++;
    });
    expect(index.changesSinceBuild).toBe(200);
    expect(caught).toBe(150);
  }, 30_000);
});
