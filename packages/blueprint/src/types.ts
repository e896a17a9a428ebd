import type { Role } from '@govshare/domain/kernel';

/** DynamoDB attribute types usable in keys. */
export type KeyType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: KeyType;
}

export interface IndexSpec {
  name: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
}

export interface TableSpec {
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  indexes: IndexSpec[];
  /** Attribute holding an epoch-seconds expiry, if items expire by themselves (DynamoDB deletes them). */
  timeToLiveAttribute?: string;
}

export interface BucketSpec {
  purpose: string;
  /** WORM: objects cannot be changed or deleted before the retention ends. */
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  /** Browsers and systems upload to it by presigned URL. */
  presignedUploads?: boolean;
  /** Overwritten versions are deleted this many days after they were replaced (caches). */
  noncurrentVersionsExpireAfterDays?: number;
}

export interface QueueSpec {
  purpose: string;
  /**
   * Seconds a received message stays invisible; at least the consumer's timeout (Lambda refuses an
   * SQS event source otherwise). A consumer may hold its messages on a shorter lease (leaseSeconds).
   */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  maxReceiveCount: number;
  /**
   * An alarm goes off when the oldest message has waited this long (the consumer is behind or
   * stuck). Every queue must say: a queue nobody watches is how work gets lost quietly.
   */
  alarmAfterSeconds: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. 'public' needs no token; 'authenticated' any valid token;
 * a list of roles: a token holding at least one of them. Everything else is denied.
 */
export type RouteAccess = 'public' | 'authenticated' | readonly Role[];

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/units/{code}. */
  path: string;
  access: RouteAccess;
  /** Served only by the local runtime (development issuer); never deployed. */
  localOnly?: boolean;
  /** A create: honours `Idempotency-Key` (a retry gets the first answer, nothing is created twice). */
  idempotent?: boolean;
  summary: string;
}

export type Access = 'read' | 'write' | 'readwrite';

interface FunctionBase<TableName extends string, BucketName extends string, QueueName extends string> {
  /** Path from the repo root to the module exporting `handler`. */
  entry: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * Files the bundle reads at run time (fonts, WebAssembly), as paths under node_modules: copied
   * into the function's asset at the same node_modules path, where `require.resolve` finds them.
   */
  files?: readonly string[];
  tables?: Partial<Record<TableName, Access>>;
  buckets?: Partial<Record<BucketName, Access>>;
  /** Narrows the access to a bucket to the objects under a prefix (e.g. 'layouts/'). */
  objectPrefixes?: Partial<Record<BucketName, string>>;
  /** Queues this function sends messages to. */
  sendsTo?: readonly QueueName[];
  /**
   * Reads the audit trail's key though it sends no audit event (producers, which send to
   * audit-trail, get it anyway): e.g. to sign the chain's checkpoints.
   */
  auditKey?: boolean;
  /**
   * Seals documents with the units' seal keys: locally a key file under the data folder, in AWS the
   * private keys encrypted under the platform's KMS key (which the function may then use: Encrypt to
   * make keys, Decrypt to seal). 'decrypt': only signs with a key another function hands it
   * encrypted, so it may only Decrypt.
   */
  sealKeys?: true | 'decrypt';
  /**
   * Blueprint functions (kind 'invoked') this one calls synchronously (Lambda Invoke, RequestResponse):
   * it learns each one's name from functionNameEnvName(name) and may invoke exactly those.
   */
  invokes?: readonly string[];
}

export interface HttpFunctionSpec<T extends string, B extends string, Q extends string>
  extends FunctionBase<T, B, Q> {
  kind: 'http';
  /** By name, so the code serving a route refers to this declaration instead of repeating its path. */
  routes: Readonly<Record<string, RouteSpec>>;
}

export interface ConsumerFunctionSpec<T extends string, B extends string, Q extends string>
  extends FunctionBase<T, B, Q> {
  kind: 'consumer';
  queue: Q;
  batchSize: number;
  maxBatchingWindowSeconds?: number;
  /**
   * Seconds the consumer itself keeps each message invisible, renewing that lease
   * (ChangeMessageVisibility) while it works, so that a crash returns the message after a lease rather
   * than after the queue's visibility timeout (which must cover the whole function timeout). Absent:
   * the queue's visibility timeout.
   */
  leaseSeconds?: number;
}

/** UTC schedules both EventBridge and the local runtime can honour exactly. */
export type ScheduleSpec = { everyMinutes: number } | { dailyAtUtc: `${number}:${number}` };

export interface ScheduledFunctionSpec<T extends string, B extends string, Q extends string>
  extends FunctionBase<T, B, Q> {
  kind: 'schedule';
  schedule: ScheduleSpec;
}

/**
 * Work split off another function (heavy dependencies, more memory) that the caller waits for: no
 * route, queue or schedule, only the functions that name it in `invokes` call it, and the caller
 * gets its error as its own.
 */
export interface InvokedFunctionSpec<T extends string, B extends string, Q extends string>
  extends FunctionBase<T, B, Q> {
  kind: 'invoked';
}

export type FunctionSpec<T extends string, B extends string, Q extends string> =
  | HttpFunctionSpec<T, B, Q>
  | ConsumerFunctionSpec<T, B, Q>
  | ScheduledFunctionSpec<T, B, Q>
  | InvokedFunctionSpec<T, B, Q>;

export interface Blueprint<T extends string = string, B extends string = string, Q extends string = string> {
  /** Prefix of physical names wherever a name is chosen by us (local runtime). */
  name: string;
  tables: Record<T, TableSpec>;
  buckets: Record<B, BucketSpec>;
  queues: Record<Q, QueueSpec>;
  functions: Record<string, FunctionSpec<T, B, Q>>;
}
