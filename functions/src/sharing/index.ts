import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
export {
  type DatasetFile,
  type DatasetReader,
  type DatasetReaderDeps,
  type DatasetVersion,
  datasetReader,
  type FileView,
  type RowPage,
  type RowQuery,
} from './dataset-reader.ts';
