import { cachedByKey } from '@govshare/functions/platform/cache.ts';
import { describe, expect, it } from 'vitest';

describe('cachedByKey (the directory, the registry’s providers)', () => {
  const counting = () => {
    const reads: string[] = [];
    let now = 0;
    let fail = false;
    const lookup = cachedByKey(
      async (key) => {
        reads.push(key);
        if (fail) throw new Error('down');
        return `${key}@${now}`;
      },
      { maxAgeMs: 30_000, maxEntries: 2, clock: () => now },
    );
    return { reads, lookup, at: (ms: number) => (now = ms), failing: (f: boolean) => (fail = f) };
  };

  it('reads a key once per age, and concurrent callers share the read', async () => {
    const { reads, lookup, at } = counting();
    await Promise.all([lookup('a'), lookup('a'), lookup('a')]);
    at(29_999);
    expect(await lookup('a')).toBe('a@0');
    at(30_000);
    expect(await lookup('a')).toBe('a@30000');
    expect(reads).toEqual(['a', 'a']);
  });

  it('keeps no failed read, and forgets the oldest key beyond its size', async () => {
    const { reads, lookup, failing } = counting();
    failing(true);
    await expect(lookup('a')).rejects.toThrow('down');
    failing(false);
    expect(await lookup('a')).toBe('a@0');
    await lookup('b');
    await lookup('c');
    await lookup('a');
    expect(reads).toEqual(['a', 'a', 'b', 'c', 'a']);
  });
});
