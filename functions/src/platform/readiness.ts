import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DomainError } from '@govshare/domain/kernel';
import { z } from 'zod';

/** One dependency of a function, named as the blueprint names it (`table identity`), and how to reach it. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers as it should; rejects saying why not. */
  probe(signal: AbortSignal): Promise<void>;
}

/** A dependency did not answer: HTTP 503, naming each failing one. */
export class NotReadyError extends DomainError {
  readonly slug = 'not-ready';
  override readonly problemExtensions: Readonly<Record<string, readonly string[]>>;
  constructor(failing: readonly { name: string; reason: string }[]) {
    super(`Not ready: ${failing.map((check) => `${check.name} (${check.reason})`).join('; ')}`);
    this.problemExtensions = { failing: failing.map((check) => check.name) };
  }
}

export const readinessBody = z.object({
  status: z.literal('ready'),
  checks: z.array(z.object({ name: z.string(), status: z.literal('ok'), ms: z.number() })),
});

/** Each check gets this long; a dependency slower than that is as good as down for a probe. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * The checks of a function's own resources, exactly those its config holds (the blueprint's): each
 * table described and ACTIVE, each bucket reachable, each queue it sends to answering. The calls are
 * ones the function's IAM grants already allow (DescribeTable, ListBucket, GetQueueAttributes).
 */
export function resourceChecks(
  config: {
    tables: Readonly<Record<string, string>>;
    buckets: Readonly<Record<string, string>>;
    queues: Readonly<Record<string, string>>;
  },
  clients: {
    dynamo: Pick<DynamoDBClient, 'send'>;
    s3?: () => Pick<S3Client, 'send'>;
    sqs?: () => Pick<SQSClient, 'send'>;
  },
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  for (const [name, table] of Object.entries(config.tables)) {
    checks.push({
      name: `table ${name}`,
      probe: async (abortSignal) => {
        const { Table } = await clients.dynamo.send(new DescribeTableCommand({ TableName: table }), {
          abortSignal,
        });
        if (Table?.TableStatus !== 'ACTIVE') throw new Error(`is ${Table?.TableStatus ?? 'unknown'}`);
      },
    });
  }
  for (const [name, bucket] of Object.entries(config.buckets)) {
    const s3 = clients.s3;
    if (!s3) throw new Error(`bucket ${name}: no S3 client given`);
    checks.push({
      name: `bucket ${name}`,
      probe: async (abortSignal) => {
        await s3().send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
      },
    });
  }
  for (const [name, queueUrl] of Object.entries(config.queues)) {
    const sqs = clients.sqs;
    if (!sqs) throw new Error(`queue ${name}: no SQS client given`);
    checks.push({
      name: `queue ${name}`,
      probe: async (abortSignal) => {
        await sqs().send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
          {
            abortSignal,
          },
        );
      },
    });
  }
  return checks;
}

/** Runs every check at once: the body of a 200, or a NotReadyError naming the failing ones. */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<z.infer<typeof readinessBody>> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      try {
        await check.probe(AbortSignal.timeout(timeoutMs));
        return { name: check.name, ms: Math.round(performance.now() - started), reason: undefined };
      } catch (error) {
        // The error's kind (ResourceNotFoundException, TimeoutError…): never a message that might carry a name.
        const reason =
          error instanceof Error ? (error.name === 'Error' ? error.message : error.name) : 'failed';
        return { name: check.name, ms: Math.round(performance.now() - started), reason };
      }
    }),
  );
  const failing = results.flatMap((result) =>
    result.reason === undefined ? [] : [{ name: result.name, reason: result.reason }],
  );
  if (failing.length > 0) throw new NotReadyError(failing);
  return { status: 'ready', checks: results.map(({ name, ms }) => ({ name, status: 'ok' as const, ms })) };
}
