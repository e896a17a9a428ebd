import { auditFunctions } from './functions/audit.ts';
import { catalogueFunctions } from './functions/catalogue.ts';
import { identityFunctions } from './functions/identity.ts';
import { registryFunctions } from './functions/registry.ts';
import { sharingFunctions } from './functions/sharing.ts';
import { type BucketName, buckets, type QueueName, queues, type TableName, tables } from './resources.ts';
import type { Blueprint } from './types.ts';

/**
 * The one description of govshare, read by infra/ (CDK) and packages/local (local runtime).
 * Resources are in resources.ts; each bounded context lists its functions in functions/<context>.ts.
 */
export const govshare = {
  name: 'govshare',
  tables,
  buckets,
  queues,
  functions: {
    ...identityFunctions,
    ...registryFunctions,
    ...auditFunctions,
    ...sharingFunctions,
    ...catalogueFunctions,
  },
} as const satisfies Blueprint<TableName, BucketName, QueueName>;

export type GovshareBlueprint = typeof govshare;
export type { BucketName, QueueName, TableName };
