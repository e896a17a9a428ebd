import { assessmentFunctions } from '@govshare/functions/assessment/blueprint.ts';
import { auditFunctions } from '@govshare/functions/audit/blueprint.ts';
import { catalogueFunctions } from '@govshare/functions/catalogue/blueprint.ts';
import { exchangeFunctions } from '@govshare/functions/exchange/blueprint.ts';
import { identityFunctions } from '@govshare/functions/identity/blueprint.ts';
import { registryFunctions } from '@govshare/functions/registry/blueprint.ts';
import { reviewFunctions } from '@govshare/functions/review/blueprint.ts';
import { sharingFunctions } from '@govshare/functions/sharing/blueprint.ts';
import { type BucketName, buckets, type QueueName, queues, type TableName, tables } from './resources.ts';
import type { Blueprint } from './types.ts';

/**
 * The one description of govshare, read by infra/ (CDK) and packages/local (local runtime).
 * Resources are in resources.ts; each bounded context lists its functions in functions/src/<context>/blueprint.ts.
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
    ...exchangeFunctions,
    ...reviewFunctions,
    ...assessmentFunctions,
  },
} as const satisfies Blueprint<TableName, BucketName, QueueName>;

export type GovshareBlueprint = typeof govshare;
export type { BucketName, QueueName, TableName };
