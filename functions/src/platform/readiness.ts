import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DomainError } from '@govshare/domain/kernel';
import * as z from 'zod';

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

/** Reaches one resource by its physical name; rejects saying why it cannot. */
export type Probe = (physicalName: string, signal: AbortSignal) => Promise<void>;

/**
 * How to reach each kind of resource. Only tables have a probe here (every function has the DynamoDB
 * client already); buckets and queues take theirs from readiness-probes.ts, so that a function without
 * either does not bundle the S3 or SQS client for its readiness alone.
 */
export interface ResourceProbes {
  table: Probe;
  bucket?: Probe;
  queue?: Probe;
}

/** A table answers DescribeTable and is ACTIVE (IAM's read and write grants include DescribeTable). */
export const describeTableProbe =
  (client: Pick<DynamoDBClient, 'send'>): Probe =>
  async (table, abortSignal) => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal });
    if (Table?.TableStatus !== 'ACTIVE') throw new Error(`is ${Table?.TableStatus ?? 'unknown'}`);
  };

/**
 * The checks of a function's own resources, exactly those its config holds (the blueprint's): each
 * table, each bucket, each queue it sends to, named as the blueprint names them (`table identity`).
 */
export function resourceChecks(
  config: {
    tables: Readonly<Record<string, string>>;
    buckets: Readonly<Record<string, string>>;
    queues: Readonly<Record<string, string>>;
  },
  probes: ResourceProbes,
): ReadinessCheck[] {
  const kinds = [
    ['table', config.tables, probes.table],
    ['bucket', config.buckets, probes.bucket],
    ['queue', config.queues, probes.queue],
  ] as const;
  return kinds.flatMap(([kind, resources, probe]) =>
    Object.entries(resources).map(([name, physicalName]) => {
      if (!probe) throw new Error(`${kind} ${name}: no ${kind} probe given`);
      return { name: `${kind} ${name}`, probe: (signal: AbortSignal) => probe(physicalName, signal) };
    }),
  );
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
