import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CatalogueIndex, IndexSnapshotError, SNAPSHOT_FORMAT } from '@govshare/domain/catalogue';
import type { createLogger } from '../platform/logger.ts';
import { type CatalogueSearch, cachedCatalogueSearch } from './catalogue-search.ts';
import type { CatalogueStore } from './catalogue-store.ts';

/**
 * The catalogue search index, built once and kept in S3 (the `search` bucket) so that a cold
 * catalogue instance loads it in one GetObject instead of rebuilding it from the table (see
 * catalogue-search.ts). The object is the index's own snapshot (CatalogueIndex.toSnapshot, which
 * carries its format version and a checksum), zstd-compressed; its metadata holds the mark (when the
 * load it is caught up to started, epoch ms: a reader catches up incrementally from there) and when
 * the whole build it descends from started.
 * The key names the format, so code of a new format never even reads an old object.
 */
export interface SearchSnapshot {
  index: CatalogueIndex;
  /** Start of the last complete load from the table that the index holds (epoch ms). */
  mark: number;
  /** Start of the whole build from the table it was caught up from since (epoch ms). */
  builtAt: number;
}

export interface SnapshotStore {
  /** The stored snapshot; undefined if there is none, or none this code can read (refused, not misread). */
  read(): Promise<SearchSnapshot | undefined>;
  write(snapshot: SearchSnapshot): Promise<{ bytes: number }>;
}

export const SNAPSHOT_KEY = `catalogue/search-index.v${SNAPSHOT_FORMAT}.zst`;
const MARK = 'mark';
const BUILT_AT = 'built-at';

export function s3SnapshotStore(
  s3: S3Client,
  bucket: string,
  warn: (message: string, details: Record<string, unknown>) => void = () => {},
): SnapshotStore {
  return {
    async read() {
      let body: Uint8Array;
      let mark: number;
      let builtAt: number;
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: SNAPSHOT_KEY }));
        mark = Number(object.Metadata?.[MARK]);
        builtAt = Number(object.Metadata?.[BUILT_AT] ?? 0);
        body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
      try {
        if (!Number.isFinite(mark)) throw new IndexSnapshotError('The snapshot has no mark');
        return { index: CatalogueIndex.fromSnapshot(zstdDecompressSync(body)), mark, builtAt };
      } catch (error) {
        // A damaged or foreign object is the same as none: the caller builds from the table.
        warn('catalogue search snapshot refused', { key: SNAPSHOT_KEY, reason: (error as Error).message });
        return undefined;
      }
    },

    async write({ index, mark, builtAt }) {
      const body = zstdCompressSync(index.toSnapshot());
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: SNAPSHOT_KEY,
          Body: body,
          ContentType: 'application/zstd',
          Metadata: { [MARK]: String(mark), [BUILT_AT]: String(builtAt) },
        }),
      );
      return { bytes: body.length };
    },
  };
}

type Logger = ReturnType<typeof createLogger>;

/**
 * Every hour the index is built from the table again: an incremental read misses a write that
 * became visible later than the overlap after its stamp, and a snapshot would carry that miss to
 * every cold instance; a whole build heals it (and renews the snapshot's mark).
 */
const REBUILD_AFTER_MS = 3_600_000;

/**
 * Every minute: the previous snapshot (or, the first time, a build from the table), caught up from
 * the table with the same incremental read a warm search instance makes, written back with the mark
 * it is caught up to. Nothing changed: nothing written (a reader catches up from the old mark just as
 * cheaply). Once an hour, a whole build from the table instead. Two overlapping runs each write a
 * consistent snapshot; the last wins.
 */
export function createSnapshotBuilder(
  store: Pick<CatalogueStore, 'searchDocuments'>,
  snapshots: SnapshotStore,
  logger: Pick<Logger, 'info'>,
  now: () => number = Date.now,
) {
  /** A warm builder keeps its index between runs: only a cold one reads the snapshot back. */
  let search: CatalogueSearch | undefined;
  let previous: SearchSnapshot | undefined;
  return async () => {
    const started = now();
    const current = search?.snapshot();
    if (current && started - current.builtAt >= REBUILD_AFTER_MS) search = undefined;
    search ??= cachedCatalogueSearch(store, {
      now,
      snapshots: {
        read: async () => {
          previous = await snapshots.read();
          // Too long since its whole build: build again (previous stays, so the result is written).
          return previous && started - previous.builtAt < REBUILD_AFTER_MS ? previous : undefined;
        },
      },
      // The builder keeps any snapshot it can read: catching up is never dearer than building.
      maxSnapshotAgeMs: Number.POSITIVE_INFINITY,
    });
    const { changed } = await search.refresh();
    const caughtUp = search.snapshot();
    if (!caughtUp) throw new Error('The catalogue search index did not load');
    const due = !previous || changed > 0 || caughtUp.builtAt !== previous.builtAt;
    const { bytes } = due ? await snapshots.write(caughtUp) : { bytes: 0 };
    if (due) previous = caughtUp;
    const outcome = {
      entries: caughtUp.index.size,
      changed,
      written: due,
      bytes,
      ms: now() - started,
    };
    logger.info('catalogue search snapshot', outcome);
    return outcome;
  };
}
