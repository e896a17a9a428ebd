import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Upload as S3Upload } from '@aws-sdk/lib-storage';
import { codeToPathSegment } from '@govshare/domain/catalogue';
import { NotFoundError, ValidationError } from '@govshare/domain/kernel';
import {
  type DatasetEncoding,
  type DatasetFormat,
  keyText,
  type RowFilters,
  type RowValue,
  type Upload,
} from '@govshare/domain/sharing';
import type { PublishedCatalogue } from '../catalogue/index.ts';
import { decodeCursor, encodeCursor, keyOf } from '../platform/dynamo.ts';
import { s3ObjectDownloads } from '../platform/object-downloads.ts';
import { ROW_SHARDS, rowKeyPrefix, rowPartition, rowShard } from './dataset-store.ts';
import { ingest } from './ingest/pipeline.ts';

/** A loaded version of a resource's dataset: one accepted upload. */
export interface DatasetVersion {
  /** The upload's id. */
  id: string;
  resourceCode: string;
  resourceVersion: number;
  format: DatasetFormat;
  encoding: DatasetEncoding;
  objectKey: string;
  keyItem: string;
  rows: number;
  loadedAt: string;
}

export interface RowQuery {
  /** A named version (an upload id); absent: the cursor's, else the current one. */
  version?: string | undefined;
  cursor?: string | undefined;
  filters: RowFilters;
  limit: number;
}

export interface RowPage {
  version: DatasetVersion;
  rows: { line: number; row: Record<string, RowValue> }[];
  nextCursor?: string;
}

/** What a consumer may see of each row of a downloaded file. */
export interface FileView {
  items: readonly string[];
  /** The items masked: with `items`, what makes two views' files differ. */
  masked: readonly string[];
  project(row: Record<string, RowValue>): Record<string, unknown>;
}

export interface DatasetFile {
  url: string;
  expiresAt: string;
  format: DatasetFormat;
}

/**
 * What the contexts that serve a resource's data (the registry) read of its datasets: its loaded
 * versions, their rows by key and filter, and their files cut to a view. Reading only.
 */
export interface DatasetReader {
  /** A loaded version (named, else the current one): 400 naming `path` if it is not one, 404 if none is loaded. */
  version(code: string, id: string | undefined, path?: string): Promise<DatasetVersion>;
  rows(code: string, query: RowQuery): Promise<RowPage>;
  /** The version's loaded rows as a file of the view (made once per view and kept), by presigned GET. */
  file(version: DatasetVersion, view: FileView): Promise<DatasetFile>;
}

export interface DatasetReaderDeps {
  client: DynamoDBDocumentClient;
  table: string;
  s3: S3Client;
  /** Signs download URLs (s3ForPresigning). */
  presigner: S3Client;
  bucket: string;
  /** The resource version a file was loaded under, to read it again as ingestion did. */
  catalogue: Pick<PublishedCatalogue, 'getVersion'>;
}

/** How long a download URL stays valid. */
export const DOWNLOAD_URL_SECONDS = 300;
/** Pages read at most for one answer before it hands back a cursor: every partition of a small version. */
const MAX_PAGES_PER_ANSWER = 20;

interface RowCursor {
  v: string;
  s: number;
  k?: Record<string, string>;
}

const isVersionId = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z0-9-]{8,64}$/.test(value);

/** A cursor this query handed out: its version, a shard it reads, a key of that shard (and key). */
const rowCursorOf =
  (code: string, key: string | undefined) =>
  (position: unknown): position is RowCursor => {
    if (typeof position !== 'object' || position === null || Array.isArray(position)) return false;
    const { v, s, k, ...rest } = position as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || !isVersionId(v)) return false;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= ROW_SHARDS) return false;
    if (key !== undefined && s !== rowShard(key)) return false;
    if (k === undefined) return true;
    if (!keyOf(['pk', 'sk'], { pk: rowPartition(code, v, s) })(k)) return false;
    return key === undefined || (k.sk as string).startsWith(rowKeyPrefix(key));
  };

/** The filters as a FilterExpression on the row's attributes. */
function filterExpression(filters: RowFilters) {
  const names: Record<string, string> = { '#row': 'row' };
  const values: Record<string, unknown> = {};
  const terms: string[] = [];
  let n = 0;
  const item = (name: string) => {
    const alias = `#i${n}`;
    names[alias] = name;
    return `#row.${alias}`;
  };
  const value = (v: unknown) => {
    const alias = `:v${n++}`;
    values[alias] = v;
    return alias;
  };
  // The key's own equality too: the sort key prefix alone would also match a longer key holding `#L#`.
  for (const { item: name, value: v } of filters.equals) terms.push(`${item(name)} = ${value(v)}`);
  for (const { item: name, from, to } of filters.ranges) {
    const path = item(name);
    if (from !== undefined && to !== undefined) {
      terms.push(`${path} BETWEEN ${value(from)} AND ${value(to)}`);
    } else if (from !== undefined) terms.push(`${path} >= ${value(from)}`);
    else if (to !== undefined) terms.push(`${path} <= ${value(to)}`);
  }
  return terms.length > 0
    ? {
        FilterExpression: terms.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }
    : undefined;
}

const csvField = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function datasetReader(deps: DatasetReaderDeps): DatasetReader {
  const { client, table } = deps;

  const loadedUpload = async (code: string, id: string): Promise<DatasetVersion | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk: `UPLOAD#${id}`, sk: 'UPLOAD' } }),
    );
    const upload = Item as (Upload & { keyItem?: string }) | undefined;
    if (!upload || upload.resourceCode !== code || upload.status !== 'loaded' || !upload.keyItem) {
      return undefined;
    }
    return {
      id: upload.id,
      resourceCode: upload.resourceCode,
      resourceVersion: upload.resourceVersion,
      format: upload.format,
      encoding: upload.encoding,
      objectKey: upload.objectKey,
      keyItem: upload.keyItem,
      rows: upload.rowsLoaded,
      loadedAt: upload.finishedAt ?? upload.updatedAt,
    };
  };

  const version: DatasetReader['version'] = async (code, id, path = 'query.version') => {
    if (id !== undefined) {
      const named = isVersionId(id) ? await loadedUpload(code, id) : undefined;
      if (!named) {
        throw new ValidationError([{ path, message: 'is not a loaded version of this dataset' }]);
      }
      return named;
    }
    // The pointer ingestion moves only once a version is wholly loaded.
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { pk: `DATASET#${code}`, sk: 'CURRENT' } }),
    );
    const current = Item ? await loadedUpload(code, Item.uploadId as string) : undefined;
    if (!current) throw new NotFoundError('No dataset version of this resource is loaded');
    return current;
  };

  const produce = async (source: DatasetVersion, view: FileView, objectKey: string) => {
    const resource = await deps.catalogue.getVersion(source.resourceCode, source.resourceVersion);
    if (!resource) throw new Error(`resource version of dataset ${source.id} not found`);
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: source.objectKey }));
    const body = object.Body as Readable | undefined;
    if (!body) throw new Error(`dataset ${source.id}: empty object body`);
    const out = new PassThrough();
    const upload = new S3Upload({
      client: deps.s3,
      params: {
        Bucket: deps.bucket,
        Key: objectKey,
        Body: out,
        ContentType: source.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      },
    });
    const uploaded = upload.done();
    uploaded.catch(() => undefined);
    const line = (text: string) =>
      out.write(`${text}\n`) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve));
    try {
      if (source.format === 'csv') await line(view.items.map(csvField).join(','));
      // Read again as ingestion read it (its day, its items), so the file holds exactly the rows
      // loaded, in the file's order. Each batch is written out as it is handed over: in order.
      const report = await ingest({
        source: body,
        format: source.format,
        encoding: source.encoding,
        items: resource.items,
        today: new Date(source.loadedAt),
        writer: {
          write: async (rows) => {
            let last: Promise<void> = Promise.resolve();
            for (const { row } of rows) {
              const shown = view.project(row);
              last = line(
                source.format === 'csv'
                  ? view.items.map((name) => csvField(shown[name])).join(',')
                  : JSON.stringify(shown),
              );
            }
            await last;
          },
        },
      });
      if (report.status !== 'loaded') throw new Error(`dataset ${source.id} no longer reads as it loaded`);
      out.end();
      await uploaded;
    } catch (error) {
      out.destroy(error as Error);
      await upload.abort().catch(() => undefined);
      throw error;
    } finally {
      body.destroy();
    }
  };

  return {
    version,

    async rows(code, query) {
      const { filters, limit } = query;
      // A cursor keeps its version: a reader paging through never meets the next one.
      const cursorVersion = query.cursor
        ? decodeCursor(query.cursor, (p): p is { v: string } => isVersionId((p as { v?: unknown })?.v)).v
        : undefined;
      if (cursorVersion !== undefined && query.version !== undefined && cursorVersion !== query.version) {
        throw new ValidationError([{ path: 'query.cursor', message: 'is a cursor of another version' }]);
      }
      const source = cursorVersion
        ? await version(code, cursorVersion, 'query.cursor')
        : await version(code, query.version);
      const keyValue = filters.equals.find((e) => e.item === source.keyItem)?.value;
      const key = keyValue === undefined ? undefined : keyText(keyValue);
      const cursor = query.cursor ? decodeCursor(query.cursor, rowCursorOf(code, key)) : undefined;
      const filter = filterExpression(filters);
      let shard = cursor?.s ?? (key === undefined ? 0 : rowShard(key));
      let start = cursor?.k;
      const lastShard = key === undefined ? ROW_SHARDS - 1 : shard;
      const rows: RowPage['rows'] = [];
      let done = false;
      for (let page = 0; page < MAX_PAGES_PER_ANSWER && rows.length < limit; page++) {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: key === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
            ...filter,
            ExpressionAttributeValues: {
              ...filter?.ExpressionAttributeValues,
              ':pk': rowPartition(code, source.id, shard),
              ...(key === undefined ? {} : { ':prefix': rowKeyPrefix(key) }),
            },
            // Never more than still fits, so the last key read is exactly where the next answer starts.
            Limit: limit - rows.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of Items) {
          rows.push({ line: item.line as number, row: item.row as Record<string, RowValue> });
        }
        start = LastEvaluatedKey as Record<string, string> | undefined;
        if (!start) {
          if (shard >= lastShard) {
            done = true;
            break;
          }
          shard++;
        }
      }
      const next: RowCursor = { v: source.id, s: shard, ...(start ? { k: start } : {}) };
      return { version: source, rows, ...(done ? {} : { nextCursor: encodeCursor(next) }) };
    },

    async file(source, view) {
      const digest = createHash('sha256')
        .update(JSON.stringify([[...view.items], [...view.masked].sort()]))
        .digest('hex')
        .slice(0, 32);
      const objectKey = `derived/${codeToPathSegment(source.resourceCode)}/${source.id}/${digest}.${source.format}`;
      try {
        await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucket, Key: objectKey }));
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'NotFound' && name !== 'NoSuchKey') throw error;
        await produce(source, view, objectKey);
      }
      const filename = `${codeToPathSegment(source.resourceCode)}-${source.id}.${source.format}`;
      const url = await s3ObjectDownloads(deps.presigner).url(
        { bucket: deps.bucket, key: objectKey },
        { expiresInSeconds: DOWNLOAD_URL_SECONDS, fileName: filename },
      );
      return {
        url,
        expiresAt: new Date(Date.now() + DOWNLOAD_URL_SECONDS * 1000).toISOString(),
        format: source.format,
      };
    },
  };
}
