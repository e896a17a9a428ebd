import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { ValidationError } from '@govshare/domain/kernel';
import type { Context } from 'aws-lambda';
import { dynamoBase } from './aws-clients.ts';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from './problem.ts';

/**
 * Idempotent creates, with Powertools' idempotency over the function's own table: a POST that
 * carries `Idempotency-Key` is answered once; a retry with the same key (same caller, same route,
 * same path) gets the first answer and creates nothing twice, the same key with another body is a
 * 422, and a retry while the first is still running is a 409. A request that failed keeps nothing,
 * so it can be retried. Answers are kept for a day. The store makes the runners, so that platform/http.ts
 * needs only its type: a function with no idempotent route does not load Powertools' idempotency
 * (and its JMESPath engine, ~28 KiB) at a cold start.
 */
export interface IdempotencyStore {
  /** One route's idempotent runner, made once at cold start. */
  runner<R>(): (call: IdempotentCall<R>) => Promise<R>;
}

/** How long a first answer is replayed. */
const KEEP_SECONDS = 24 * 3600;
/** What a client may send as a key: a UUID, a ULID, any printable token up to 128 characters. */
const KEY = /^[\x21-\x7e]{1,128}$/;

/** The store on one of the platform's tables (pk/sk, expiring by `ttl`): records under pk `idempotency#<function>`. */
export function dynamoIdempotencyStore(table: string): IdempotencyStore {
  const persistence = new DynamoDBPersistenceLayer({
    tableName: table,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    expiryAttr: 'ttl',
    awsSdkV3Client: dynamoBase(),
  });
  return { runner: () => idempotentRunner(persistence) };
}

export interface IdempotentCall<R> {
  /** Who is asking, and for what: a key is only ever the same request of the same caller. */
  scope: string;
  key: string;
  /** What must be the same for a retry (the parsed body and query). */
  payload: unknown;
  context: Context;
  run: () => Promise<R>;
}

function idempotentRunner<R>(store: BasePersistenceLayer) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'request',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: KEEP_SECONDS,
  });
  const once = makeIdempotent(
    async (_record: { request: string; payload: unknown }, run: () => Promise<R>) => run(),
    { persistenceStore: store, config, dataIndexArgument: 0 },
  );
  return async ({ scope, key, payload, context, run }: IdempotentCall<R>): Promise<R> => {
    if (!KEY.test(key)) {
      throw new ValidationError([
        { path: 'header.idempotency-key', message: 'is 1 to 128 printable ASCII characters' },
      ]);
    }
    // The in-progress lock ends with the invocation's remaining time, so a crashed first attempt
    // does not block its retry for a day.
    config.registerLambdaContext(context);
    try {
      return await once({ request: `${scope}\n${key}`, payload: payload ?? null }, run);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReusedError(error.message);
      if (error instanceof IdempotencyAlreadyInProgressError)
        throw new IdempotencyInProgressError(error.message);
      throw error;
    }
  };
}
