import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import type { DatasetReader, DatasetReaderDeps } from './dataset-reader.ts';
import { dynamoGrantStore, type GrantStore } from './grant-store.ts';

/**
 * Sharing's published interface: what the contexts that serve a resource's data (the registry)
 * read of the grants made on it. Reading only: grants are made and revoked by sharing's own routes.
 */
export type GrantReader = Pick<GrantStore, 'get' | 'ofConsumer'>;

export function grantReader(client: DynamoDBDocumentClient, table: string): GrantReader {
  const store = dynamoGrantStore(client, table);
  return { get: (id) => store.get(id), ofConsumer: (unit, resource) => store.ofConsumer(unit, resource) };
}

/**
 * A resource's loaded dataset versions, their rows (by key, by filter, paged) and their files cut to
 * a grant's view: what the registry serves under grants (the 接口 and 文件下载 share methods).
 */
export type {
  DatasetFile,
  DatasetReader,
  DatasetReaderDeps,
  DatasetVersion,
  FileView,
  RowPage,
  RowQuery,
} from './dataset-reader.ts';

/**
 * The dataset reader of a function that serves other routes too (the registry): its module, with the
 * S3 client, the CSV parser and the file writer, is loaded by the first dataset request.
 */
export const datasetReaderOnFirstUse = (deps: Omit<DatasetReaderDeps, 's3' | 'presigner'>): DatasetReader =>
  s3AdapterOnFirstUse(async ({ s3, s3ForPresigning }) =>
    (await import('./dataset-reader.ts')).datasetReader({ ...deps, s3: s3(), presigner: s3ForPresigning() }),
  );
