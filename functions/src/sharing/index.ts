import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccessRequest } from '@govshare/domain/sharing';
import { queryAll } from '../platform/dynamo.ts';
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

/**
 * What the assessment reads of sharing: the access requests to a provider created in a window, by
 * the provider's index (gsi1 ACCESSREQ-PROVIDER#<unit>, sk <createdAt>#<id>: a key range), paged.
 */
export interface ProviderRequests {
  createdBetween(providerUnit: string, window: { from: string; to: string }): Promise<AccessRequest[]>;
}

export function providerRequests(client: DynamoDBDocumentClient, table: string): ProviderRequests {
  return {
    async createdBetween(providerUnit, window) {
      const items = await queryAll(client, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `ACCESSREQ-PROVIDER#${providerUnit}`,
          ':from': window.from,
          // <createdAt>#<id> of an instant before `to` sorts before `to` itself.
          ':to': window.to,
        },
      });
      return items
        .map((item) => {
          const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...request } = item;
          return request as unknown as AccessRequest;
        })
        .filter((request) => request.createdAt < window.to);
    },
  };
}
