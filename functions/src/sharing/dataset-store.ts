import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keyText, type RejectedRow, type Upload, type UploadProgress } from '@govshare/domain/sharing';
import { batchPutAll, isConditionFailure } from '../platform/dynamo.ts';
import type { IngestCheckpoint, LoadedRow, RowWriter } from './ingest/pipeline.ts';

/**
 * Dataset uploads and their rows, in the catalogue table:
 * - `UPLOAD#<id>` / `UPLOAD`: the upload and its live counters; gsi1 `UPLOADS#<code>` / `<createdAt>#<id>`;
 *   while it loads, `resumeAt`: the last checkpoint (a byte offset, the line and counters there), from
 *   which a re-delivered message goes on instead of reading the file again from the start;
 * - `UPLOAD#<id>` / `REPORT`: the listed rejected rows (capped; the counters cover all); also written
 *   with a checkpoint while loading, so that a resumed load lists the rejections found before it;
 * - `DATASET#<code>#<id>#<shard>` / `K#<key value>#L#<line>`: one good row of version (upload) `<id>`,
 *   `{ line, row }`. Rows are keyed by version, so a new version is written beside the current one
 *   and never mixed with it. The shard is a hash of the row's key value (the resource's key item,
 *   `datasetKeyItem`: its first citizen ID or credit code, else its first item) over ROW_SHARDS
 *   partitions, so a large load is spread and a key lookup reads one partition: Query pk =
 *   shard(key), begins_with(sk, `K#<key>#`). The line is in the key, so a re-delivered message
 *   rewrites the same items instead of adding rows, and rows with the same key stay apart;
 * - `DATASET#<code>` / `CURRENT`: the pointer readers resolve the current version from: which upload
 *   it is, its key item and row count. `finish` writes it in the transaction that marks the upload
 *   loaded, after every row is written: a reader sees the old version or the whole new one. Only a
 *   finished, accepted upload becomes current, so rows of a rejected upload are never served.
 *
 * What a row query costs (DatasetReader.rows): by key, one partition's rows of that key (the other
 * filters a FilterExpression on them); without a key, the 16 partitions of the version one after
 * another, every filter a FilterExpression (read capacity for every row read, not only those
 * matched: at most 20 pages per answer, then a cursor). Downloads read the loaded file instead.
 */
export const ROW_SHARDS = 16;

export interface DatasetStore {
  create(upload: Upload): Promise<void>;
  get(id: string): Promise<Upload | undefined>;
  report(id: string): Promise<RejectedRow[]>;
  listOfResource(code: string): Promise<Upload[]>;
  current(code: string): Promise<{ uploadId: string; rows: number; loadedAt: string } | undefined>;
  /** awaiting-file → queued; false if it had moved on already. */
  markQueued(id: string, at: string): Promise<boolean>;
  /**
   * Starts loading, or goes on after an interruption (a re-delivered message): the counters are those
   * of the last checkpoint, if any, which is returned to resume from. Undefined if the upload is
   * finished or unknown.
   */
  startLoading(id: string, at: string): Promise<{ upload: Upload; resume?: StoredCheckpoint } | undefined>;
  progress(id: string, progress: UploadProgress, at: string): Promise<void>;
  /**
   * Records a checkpoint (and its counters) while the upload loads; with `rejections`, also the
   * rejections listed so far, in the same transaction. Nothing if the upload finished meanwhile.
   */
  checkpoint(
    id: string,
    checkpoint: StoredCheckpoint,
    rejections: readonly RejectedRow[] | undefined,
    at: string,
  ): Promise<void>;
  /** Drops the checkpoint and the counters (the file changed since): the load starts again. */
  forgetCheckpoint(id: string, at: string): Promise<void>;
  finish(
    upload: Upload,
    result: UploadProgress & {
      status: 'loaded' | 'rejected';
      fileRejection?: string;
      rejections: RejectedRow[];
      /** The item its rows are keyed by. */
      keyItem: string;
    },
    at: string,
  ): Promise<void>;
  /** Writes batches of one upload's rows, keyed by `keyItem` (BatchWriteItem, unprocessed items retried). */
  rowWriter(upload: Pick<Upload, 'id' | 'resourceCode'>, keyItem: string): RowWriter;
}

/** A checkpoint as stored: also the file version (ETag) it was read from. */
export type StoredCheckpoint = IngestCheckpoint & { etag?: string };

const key = (id: string) => ({ pk: `UPLOAD#${id}`, sk: 'UPLOAD' });
const reportKey = (id: string) => ({ pk: `UPLOAD#${id}`, sk: 'REPORT' });
const currentKey = (code: string) => ({ pk: `DATASET#${code}`, sk: 'CURRENT' });
/** The partition of a version's rows that holds those of this key value. */
export const rowShard = (key: string): number =>
  createHash('sha256').update(key).digest().readUInt32BE(0) % ROW_SHARDS;
export const rowPartition = (code: string, uploadId: string, shard: number) =>
  `DATASET#${code}#${uploadId}#${shard}`;
export const rowKeyPrefix = (key: string) => `K#${key}#L#`;
export const rowKey = (code: string, uploadId: string, key: string, line: number) => ({
  pk: rowPartition(code, uploadId, rowShard(key)),
  sk: `${rowKeyPrefix(key)}${String(line).padStart(10, '0')}`,
});

const toUpload = (item: Record<string, unknown>): Upload => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, resumeAt: _r, ...upload } = item;
  return upload as unknown as Upload;
};

export function dynamoDatasetStore(client: DynamoDBDocumentClient, table: string): DatasetStore {
  const get = async (id: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: key(id), ConsistentRead: true }),
    );
    return Item ? toUpload(Item) : undefined;
  };
  return {
    get,

    async create(upload) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...upload,
            ...key(upload.id),
            gsi1pk: `UPLOADS#${upload.resourceCode}`,
            gsi1sk: `${upload.createdAt}#${upload.id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async report(id) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: reportKey(id) }));
      return (Item?.rejections as RejectedRow[] | undefined) ?? [];
    },

    async listOfResource(code) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `UPLOADS#${code}` },
          ScanIndexForward: false,
          Limit: 100,
        }),
      );
      return Items.map(toUpload);
    },

    async current(code) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: currentKey(code) }));
      return Item
        ? { uploadId: Item.uploadId as string, rows: Item.rows as number, loadedAt: Item.loadedAt as string }
        : undefined;
    },

    async markQueued(id, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression: 'SET #status = :queued, updatedAt = :at',
            ConditionExpression: '#status = :awaiting',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':queued': 'queued', ':awaiting': 'awaiting-file', ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async startLoading(id, at) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            // The counters are those of the last checkpoint, or zero: rows after it are read again.
            UpdateExpression:
              'SET #status = :loading, updatedAt = :at, rowsRead = if_not_exists(resumeAt.rowsRead, :zero), rowsLoaded = if_not_exists(resumeAt.rowsLoaded, :zero), rowsRejected = if_not_exists(resumeAt.rowsRejected, :zero)',
            ConditionExpression: '#status IN (:awaiting, :queued, :loading)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':loading': 'loading',
              ':awaiting': 'awaiting-file',
              ':queued': 'queued',
              ':zero': 0,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (!Attributes) return undefined;
        const resume = Attributes.resumeAt as StoredCheckpoint | undefined;
        return { upload: toUpload(Attributes), ...(resume ? { resume } : {}) };
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async checkpoint(id, checkpoint, rejections, at) {
      const update = {
        TableName: table,
        Key: key(id),
        UpdateExpression:
          'SET resumeAt = :checkpoint, rowsRead = :read, rowsLoaded = :loaded, rowsRejected = :rejected, updatedAt = :at',
        ConditionExpression: '#status = :loading',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':checkpoint': checkpoint,
          ':read': checkpoint.rowsRead,
          ':loaded': checkpoint.rowsLoaded,
          ':rejected': checkpoint.rowsRejected,
          ':loading': 'loading',
          ':at': at,
        },
      };
      try {
        if (rejections) {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                { Update: update },
                { Put: { TableName: table, Item: { ...reportKey(id), rejections } } },
              ],
            }),
          );
        } else {
          await client.send(new UpdateCommand(update));
        }
      } catch (error) {
        // Finished by a concurrent delivery: its report stands.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async forgetCheckpoint(id, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression:
              'REMOVE resumeAt SET rowsRead = :zero, rowsLoaded = :zero, rowsRejected = :zero, updatedAt = :at',
            ConditionExpression: '#status = :loading',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':zero': 0, ':loading': 'loading', ':at': at },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async progress(id, progress, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression:
              'SET rowsRead = :read, rowsLoaded = :loaded, rowsRejected = :rejected, updatedAt = :at',
            ConditionExpression: '#status = :loading',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':read': progress.rowsRead,
              ':loaded': progress.rowsLoaded,
              ':rejected': progress.rowsRejected,
              ':loading': 'loading',
              ':at': at,
            },
          }),
        );
      } catch (error) {
        // Finished by a concurrent delivery: its counters stand.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async finish(upload, result, at) {
      const { rejections, status, fileRejection, rowsRead, rowsLoaded, rowsRejected, keyItem } = result;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: key(upload.id),
                  UpdateExpression: `SET #status = :status, rowsRead = :read, rowsLoaded = :loaded, rowsRejected = :rejected, updatedAt = :at, finishedAt = :at, keyItem = :key${
                    fileRejection ? ', fileRejection = :why' : ''
                  } REMOVE resumeAt`,
                  ConditionExpression: '#status = :loading',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':status': status,
                    ':read': rowsRead,
                    ':loaded': rowsLoaded,
                    ':rejected': rowsRejected,
                    ':loading': 'loading',
                    ':at': at,
                    ':key': keyItem,
                    ...(fileRejection ? { ':why': fileRejection } : {}),
                  },
                },
              },
              { Put: { TableName: table, Item: { ...reportKey(upload.id), rejections } } },
              ...(status === 'loaded'
                ? [
                    {
                      Put: {
                        TableName: table,
                        Item: {
                          ...currentKey(upload.resourceCode),
                          uploadId: upload.id,
                          keyItem,
                          rows: rowsLoaded,
                          loadedAt: at,
                        },
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
      } catch (error) {
        // Finished already by another delivery of the same message: same file, same result.
        if (!isConditionFailure(error)) throw error;
      }
    },

    rowWriter(upload, keyItem) {
      return {
        write: (rows: LoadedRow[]) =>
          batchPutAll(
            client,
            table,
            rows.map(({ line, row }) => ({
              ...rowKey(upload.resourceCode, upload.id, keyText(row[keyItem]), line),
              line,
              row,
            })),
          ),
      };
    },
  };
}
