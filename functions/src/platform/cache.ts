/**
 * A per-instance cache of an async lookup by key, for data that changes rarely and may be a little
 * stale (who a subject is, which unit provides a resource): each key is read at most once per
 * `maxAgeMs`, concurrent callers share one read, a failed read is not kept, and at most
 * `maxEntries` keys are held (the oldest forgotten first). Nothing is shared between instances.
 */
export function cachedByKey<V>(
  load: (key: string) => Promise<V>,
  {
    maxAgeMs,
    maxEntries = 1000,
    clock = Date.now,
  }: { maxAgeMs: number; maxEntries?: number; clock?: () => number },
): (key: string) => Promise<V> {
  const entries = new Map<string, { value: Promise<V>; readAt: number }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && clock() - hit.readAt < maxAgeMs) return hit.value;
    const value = load(key);
    const entry = { value, readAt: clock() };
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
    return value;
  };
}
