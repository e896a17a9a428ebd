import {
  type BucketName,
  bucketEnvName,
  COMMON_ENV,
  functionNameEnvName,
  type QueueName,
  queueUrlEnvName,
  type TableName,
  tableEnvName,
} from '@govshare/blueprint';
import * as z from 'zod';

/** The development issuer's key: a private P-256 JWK (ES256). */
const devSigningKeySchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1).optional(),
});
export type DevSigningKey = z.infer<typeof devSigningKeySchema>;

export interface PlatformConfig<
  T extends TableName = never,
  B extends BucketName = never,
  Q extends QueueName = never,
> {
  mode: 'local' | 'aws';
  auth: {
    issuer: string;
    audience: string;
    jwksUrl: string;
    /** Tokens living longer than this (exp − iat) are refused. */
    maxTokenLifetimeSeconds: number;
    /** Present only in local mode. */
    devSigningKey?: DevSigningKey;
  };
  tables: Record<T, string>;
  buckets: Record<B, string>;
  /** Queue URLs. */
  queues: Record<Q, string>;
}

/** A day: Cognito's longest ID and access tokens; most issuers give an hour. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const jsonObject = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
});

type TablesOf<S> = S extends { tables: infer T } ? Extract<keyof T, TableName> : never;
type BucketsOf<S> = S extends { buckets: infer B } ? Extract<keyof B, BucketName> : never;
type QueuesOf<S> = S extends { sendsTo: readonly (infer Q)[] } ? Extract<Q, QueueName> : never;

/**
 * A function's configuration, needing exactly the resources its blueprint entry declares (the
 * tables and buckets it may use, the queues it sends to): declared once, there.
 */
export function readFunctionConfig<
  S extends {
    tables?: Partial<Record<TableName, unknown>>;
    buckets?: Partial<Record<BucketName, unknown>>;
    sendsTo?: readonly QueueName[];
  },
>(spec: S, env: NodeJS.ProcessEnv = process.env): PlatformConfig<TablesOf<S>, BucketsOf<S>, QueuesOf<S>> {
  return readConfig(
    {
      tables: Object.keys(spec.tables ?? {}) as TablesOf<S>[],
      buckets: Object.keys(spec.buckets ?? {}) as BucketsOf<S>[],
      queues: (spec.sendsTo ?? []) as QueuesOf<S>[],
    },
    env,
  );
}

type InvokesOf<S> = S extends { invokes: readonly (infer F)[] } ? Extract<F, string> : never;

/**
 * The deployed names of the functions `spec` invokes (its blueprint `invokes`), each required: read at
 * the cold start, beside readFunctionConfig.
 */
export function readInvokedFunctions<S extends { invokes?: readonly string[] }>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
): Record<InvokesOf<S>, string> {
  const names = {} as Record<InvokesOf<S>, string>;
  const missing: string[] = [];
  for (const fn of (spec.invokes ?? []) as InvokesOf<S>[]) {
    const value = env[functionNameEnvName(fn)]?.trim();
    if (value) names[fn] = value;
    else missing.push(`${functionNameEnvName(fn)} is not set`);
  }
  if (missing.length > 0) throw new ConfigError(`Invalid environment: ${missing.join('; ')}`);
  return names;
}

/**
 * Reads and validates a function's environment. Call once, at module load (cold start), so a
 * missing variable fails the deployment's first invocation loudly instead of some request later.
 */
export function readConfig<
  T extends TableName = never,
  B extends BucketName = never,
  Q extends QueueName = never,
>(
  needs: { tables?: readonly T[]; buckets?: readonly B[]; queues?: readonly Q[] } = {},
  env: NodeJS.ProcessEnv = process.env,
): PlatformConfig<T, B, Q> {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };

  // Anything but an explicit 'local' is treated as AWS: the development issuer stays off unless asked for.
  const modeValue = env[COMMON_ENV.mode]?.trim() || 'aws';
  if (modeValue !== 'local' && modeValue !== 'aws') {
    problems.push(`${COMMON_ENV.mode} must be 'local' or 'aws', got '${modeValue}'`);
  }
  const mode = modeValue === 'local' ? 'local' : 'aws';
  const issuer = required(COMMON_ENV.authIssuer);
  const audience = required(COMMON_ENV.authAudience);
  const jwksUrl = env[COMMON_ENV.authJwksUrl]?.trim() || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
  if (issuer && !URL.canParse(issuer)) problems.push(`${COMMON_ENV.authIssuer} must be a URL`);
  // Only worth saying when the JWKS URL was given, or derived from an issuer that was.
  if (issuer && !URL.canParse(jwksUrl)) problems.push(`${COMMON_ENV.authJwksUrl} must be a URL`);
  const lifetimeText =
    env[COMMON_ENV.authMaxTokenLifetimeSeconds]?.trim() || String(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
  const maxTokenLifetimeSeconds = Number(lifetimeText);
  if (!Number.isInteger(maxTokenLifetimeSeconds) || maxTokenLifetimeSeconds < 60) {
    problems.push(`${COMMON_ENV.authMaxTokenLifetimeSeconds} must be a whole number of seconds, at least 60`);
  }

  let devSigningKey: DevSigningKey | undefined;
  if (mode === 'local') {
    const raw = required(COMMON_ENV.devSigningKey);
    if (raw) {
      const parsed = jsonObject.pipe(devSigningKeySchema).safeParse(raw);
      if (parsed.success) devSigningKey = parsed.data;
      else problems.push(`${COMMON_ENV.devSigningKey} must be a private ES256 (P-256) JWK in JSON`);
    }
  }

  const tables = {} as Record<T, string>;
  for (const table of needs.tables ?? []) tables[table] = required(tableEnvName(table));
  const buckets = {} as Record<B, string>;
  for (const bucket of needs.buckets ?? []) buckets[bucket] = required(bucketEnvName(bucket));
  const queues = {} as Record<Q, string>;
  for (const queue of needs.queues ?? []) queues[queue] = required(queueUrlEnvName(queue));

  if (problems.length > 0) {
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  return {
    mode,
    auth: { issuer, audience, jwksUrl, maxTokenLifetimeSeconds, ...(devSigningKey ? { devSigningKey } : {}) },
    tables,
    buckets,
    queues,
  };
}
