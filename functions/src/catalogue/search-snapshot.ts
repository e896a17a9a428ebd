import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CatalogueIndex, IndexSnapshotError, SNAPSHOT_FORMAT } from '@govshare/domain/catalogue';

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
