/** An adapter made only of async methods: what can be handed out before its module has loaded. */
export type AsyncAdapter<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

/**
 * An adapter whose module is loaded by its first call instead of at cold start. In the split bundles
 * (infra/constructs/function-bundle.ts) a module reached only through `import()` is a chunk of its
 * own: the S3 client and what uses it are compiled by the first request that reads or writes a file,
 * never by an instance that only answers the other routes. The load runs once; a failed load is
 * retried by the next call (it rejects that call, as the adapter itself would have failed).
 */
export function loadedOnFirstUse<T extends AsyncAdapter<T>>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const adapter = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return new Proxy(Object.create(null) as T, {
    get(_target, name) {
      // Not a thenable (awaiting the adapter must not call it), and no symbol-keyed methods.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const loaded = await adapter();
        const method = loaded[name as keyof T] as unknown;
        if (typeof method !== 'function') throw new TypeError(`The adapter has no method ${name}`);
        return (method as (...a: unknown[]) => Promise<unknown>).apply(loaded, args);
      };
    },
  });
}

/** The S3 clients (s3-clients.ts), as an S3-backed adapter loaded on first use receives them. */
export type S3Clients = typeof import('./s3-clients.ts');

/**
 * An S3-backed adapter loaded on first use, given the S3 clients: `load` imports the adapter's own
 * module with `import()` (a static import of it would put it, and the S3 client, back into the cold start).
 */
export const s3AdapterOnFirstUse = <T extends AsyncAdapter<T>>(load: (clients: S3Clients) => Promise<T>): T =>
  loadedOnFirstUse(async () => load(await import('./s3-clients.ts')));
