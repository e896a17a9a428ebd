import { describe, expect, it } from 'vitest';
import { corpusIndex } from '../../../functions/src/review/corpus-index.ts';
import type { CorpusEntry } from '../../../packages/domain/src/review/index.ts';

const entry = (id: string, name: string): CorpusEntry => ({
  id,
  kind: 'project',
  unit: '611000109',
  name,
  description: `${name}的建设`,
  functions: [`${name}登记`],
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** The corpus shards in memory, counting what the index reads of them. */
function shards() {
  const revisions = Array.from({ length: 8 }, () => 0);
  const entries: CorpusEntry[][] = Array.from({ length: 8 }, () => []);
  const reads: number[] = [];
  return {
    write(shard: number, value: CorpusEntry) {
      entries[shard] = [...(entries[shard] ?? []).filter((e) => e.id !== value.id), value];
      revisions[shard] = (revisions[shard] ?? 0) + 1;
    },
    reads,
    registers: {
      corpusRevisions: async () => [...revisions],
      readCorpusShard: async (shard: number) => {
        reads.push(shard);
        return [...(entries[shard] ?? [])];
      },
    },
  };
}

describe('the corpus index of a warm instance', () => {
  it('reads every shard once, then nothing while no revision moves', async () => {
    const corpus = shards();
    corpus.write(2, entry('PRJ-1', '河道巡查'));
    const index = corpusIndex(corpus.registers);
    const first = await index.current();
    expect(first).toMatchObject({ size: 1, rebuilt: true });
    expect(corpus.reads.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    corpus.reads.length = 0;
    const second = await index.current();
    expect(second.rebuilt).toBe(false);
    expect(second.index).toBe(first.index);
    expect(corpus.reads).toEqual([]);
  });

  it('re-reads only the shard that moved and rebuilds a small corpus from the union', async () => {
    const corpus = shards();
    corpus.write(2, entry('PRJ-1', '河道巡查'));
    const index = corpusIndex(corpus.registers);
    await index.current();
    corpus.reads.length = 0;
    corpus.write(5, entry('PRJ-2', '危化品监管'));
    const after = await index.current();
    expect(corpus.reads).toEqual([5]);
    expect(after).toMatchObject({ size: 2, rebuilt: true });
    expect(after.index.query({ name: '危化品监管', description: '', functions: [] })[0]?.id).toBe('PRJ-2');
  });

  it('shares one refresh between the messages of a batch', async () => {
    const corpus = shards();
    const index = corpusIndex(corpus.registers);
    const [a, b, c] = await Promise.all([index.current(), index.current(), index.current()]);
    expect(corpus.reads).toHaveLength(8);
    expect(a.index).toBe(b.index);
    expect(b.index).toBe(c.index);
  });

  it('applies what changed in a moved shard to the index without rebuilding it', async () => {
    const corpus = shards();
    for (let i = 0; i < 100; i++) corpus.write(i % 8, entry(`PRJ-${i}`, `项目${i}号事项`));
    const index = corpusIndex(corpus.registers);
    const first = await index.current();
    corpus.reads.length = 0;

    corpus.write(3, entry('PRJ-NEW', '危化品监管'));
    const added = await index.current();
    expect(corpus.reads).toEqual([3]);
    expect(added).toMatchObject({ size: 101, rebuilt: false });
    expect(added.index.changesSinceBuild).toBe(1);
    expect(added.index.query({ name: '危化品监管', description: '', functions: [] })[0]?.id).toBe('PRJ-NEW');
    expect(first.index.size).toBe(100);

    // The same text written again (a new updatedAt) is no change; a new text is.
    corpus.write(3, { ...entry('PRJ-NEW', '危化品监管'), updatedAt: '2026-02-01T00:00:00.000Z' });
    expect((await index.current()).index.changesSinceBuild).toBe(1);
    corpus.write(3, entry('PRJ-3', '渔船进出港登记'));
    const changed = await index.current();
    expect(changed).toMatchObject({ size: 101, rebuilt: false });
    expect(changed.index.query({ name: '渔船进出港登记', description: '', functions: [] })[0]?.id).toBe(
      'PRJ-3',
    );
    expect(changed.index.query({ name: '项目3号事项', description: '', functions: [] })[0]?.id).not.toBe(
      'PRJ-3',
    );
  });

  it('rebuilds from the whole corpus once the changes pass 5% of the build', async () => {
    const corpus = shards();
    for (let i = 0; i < 100; i++) corpus.write(i % 8, entry(`PRJ-${i}`, `项目${i}号事项`));
    const index = corpusIndex(corpus.registers);
    await index.current();
    const rebuilt: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      corpus.write(i, entry(`PRJ-NEW-${i}`, `新增事项${i}`));
      rebuilt.push((await index.current()).rebuilt);
    }
    expect(rebuilt).toEqual([false, false, false, false, false, true]);
    const after = await index.current();
    expect(after.index).toMatchObject({ size: 106, builtSize: 106, changesSinceBuild: 0 });
  });
});
