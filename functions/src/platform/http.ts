import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { RouteSpec } from '@govshare/blueprint';
import {
  type FieldIssue,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '@govshare/domain/kernel';
import middy, { type MiddlewareObj } from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouter from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { authorize, type Caller, type TokenVerifier } from './auth.ts';
import type { PlatformConfig } from './config.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { decodeBody, strictQuery, valueIssues } from './edge.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { countBy, MetricUnit } from './observability.ts';
import { type Problem, problemResponse, problemType } from './problem.ts';

/**
 * What the platform layer knows of one request, for the route's own code and the request log.
 * Kept beside the event (a WeakMap keyed by it) rather than hung on it: the event stays the event
 * API Gateway sent, and the router's per-route chains see the same state as the envelope.
 */
interface RequestState {
  correlationId: string;
  startedMs: number;
  caller?: Caller;
  /** The route template, e.g. /v1/units/{code}: logged instead of the raw path. */
  route?: string;
  /** The query string as the edge decoded it (strictly, without prototype). */
  query?: Record<string, string>;
}
const requestStates = new WeakMap<APIGatewayProxyEventV2, RequestState>();
const stateOf = (event: APIGatewayProxyEventV2): RequestState => {
  let state = requestStates.get(event);
  if (!state) {
    state = { correlationId: crypto.randomUUID(), startedMs: Date.now() };
    requestStates.set(event, state);
  }
  return state;
};

export interface Reply<T = unknown> {
  status: number;
  body?: T;
  headers?: Record<string, string>;
  /**
   * A file instead of a JSON body (a CSV or spreadsheet export): sent as it is, base64 over the
   * Lambda proxy, with its media type and file name. The route declares its media type in
   * `response.contentType` (and the file's schema, e.g. a string, for the OpenAPI document).
   */
  file?: { bytes: Uint8Array | string; contentType: string; fileName: string };
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The verified caller; undefined only on public routes called without a token. */
  caller: Caller | undefined;
  correlationId: string;
}

export interface RouteResponse<T = unknown> {
  status: number;
  /** Other success statuses with the same body, e.g. 200 for a create repeated with the same content. */
  alsoStatus?: readonly number[];
  /** What the answer is; default: the route's summary. */
  description?: string;
  /** The body's schema (JSON: what the handler returns; other media types: what is sent). */
  body?: z.ZodType<T>;
  /** The body's name among the document's components, when several routes answer the same shape. */
  name?: string;
  /** Defaults to application/json. */
  contentType?: string;
}

/** The body of a route that lists everything it has: `{ items }`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** One page of a longer list: `{ items, nextCursor }` (absent on the last page). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export interface RouteDefinition<B = unknown, Q = unknown, P = unknown, R = unknown> {
  /** The route as the blueprint declares it (method, path, who may call it). */
  spec: RouteSpec;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Body size limit in bytes; larger bodies get 413 before anything else happens. */
  maxBodyBytes?: number;
  /**
   * What the route answers when it succeeds: the status and the body's schema, for the OpenAPI
   * document and the typed client. `handle` must return what the schema describes (TypeScript checks
   * it; with GOVSHARE_CHECK_RESPONSES=1, as in the integration tests, so does every reply).
   */
  response: RouteResponse<R>;
  handle(input: RouteInput<B, Q, P>): Promise<Reply<R>>;
}

/**
 * Binds a blueprint route to its code. Typed helper: infers B, Q, P from the request schemas and R
 * from the response schema, which the handler's replies must then satisfy.
 * The method, path and access are the blueprint's: a route is declared once, there.
 */
export const route = <B = undefined, Q = undefined, P = undefined, R = undefined>(
  spec: RouteSpec,
  definition: Omit<RouteDefinition<B, Q, P, R>, 'spec' | 'handle'> & {
    handle(input: RouteInput<B, Q, P>): Promise<Reply<NoInfer<R>>>;
  },
) => ({ ...definition, spec }) as unknown as RouteDefinition;

export interface HttpFunctionDeps {
  config: PlatformConfig<never>;
  verifier: TokenVerifier;
  logger: Logger;
  /** Refusals by problem type, defects and cold starts (EMF); none when absent (unit tests). */
  metrics?: Metrics;
  /** Where idempotent routes keep their first answers; required if any route is idempotent. */
  idempotency?: IdempotencyStore;
}

/**
 * The route definitions each HTTP function serves, keyed by its blueprint entry: what the OpenAPI
 * document is generated from (packages/client/src/openapi-document.ts imports every handler and reads
 * them here), so it describes exactly what the handlers validate.
 */
const servedRoutes = new WeakMap<object, readonly RouteDefinition[]>();

/** The routes `httpFunction` was given for this blueprint entry, once its handler module has loaded. */
export const routesServedBy = (fn: object): readonly RouteDefinition[] | undefined => servedRoutes.get(fn);

/**
 * Tests only: each reply is checked against its route's declared response (status, body schema, no
 * undeclared fields), and a mismatch answers 500 naming the route and the field. Read once per cold
 * start; off (the default) the check is not even built.
 */
export const CHECK_RESPONSES_ENV = 'GOVSHARE_CHECK_RESPONSES';

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What API Gateway (HTTP API, payload 2.0) and the local gateway call. */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The HTTP API handler of one bounded context: one middy chain around one router. Every route the
 * blueprint declares for the function must be served, and nothing else: a mismatch fails the cold
 * start, so a route cannot be served unauthorised or declared and forgotten.
 */
export function httpFunction(
  fn: { description: string; routes: Readonly<Record<string, RouteSpec>> },
  routes: RouteDefinition[],
  deps: HttpFunctionDeps,
): ApiHandler {
  const declared = new Set(Object.values(fn.routes));
  const served = new Set(routes.map((definition) => definition.spec));
  for (const definition of routes) {
    if (!declared.has(definition.spec)) {
      throw new Error(`${definition.spec.method} ${definition.spec.path} is not declared by this function`);
    }
  }
  for (const spec of declared) {
    if (!served.has(spec)) throw new Error(`${spec.method} ${spec.path} is declared but not served`);
    if (spec.idempotent && !deps.idempotency) {
      throw new Error(
        `${spec.method} ${spec.path} is idempotent, but the function keeps no idempotency store`,
      );
    }
  }
  servedRoutes.set(fn, routes);
  const checkResponses = process.env[CHECK_RESPONSES_ENV] === '1';
  const router = httpRouter<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    routes.map((definition) => ({
      method: definition.spec.method,
      path: definition.spec.path,
      handler: routeChain(definition, deps, checkResponses ? replyCheck(definition) : undefined),
    })),
  );
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(router);
  if (deps.metrics) chain.use(publishMetrics(deps.metrics));
  chain
    .use(platformEnvelope(deps.logger, deps.metrics))
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer());
  // The normalizers only fill in what payload 2.0 may omit; callers still pass a plain v2 event.
  return chain as unknown as ApiHandler;
}

/**
 * Publishes what the invocation counted, and a cold-start metric once per instance. (Powertools'
 * own logMetrics middleware warns on every invocation that counted nothing, which is most of them.)
 */
function publishMetrics(
  metrics: Metrics,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  let coldStart = true;
  const publish = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: () => {
      if (coldStart) metrics.captureColdStartMetric();
      coldStart = false;
    },
    after: publish,
    onError: publish,
  };
}

/**
 * Outermost middleware: correlation id in, correlation id out, one log line per request,
 * and every error turned into problem+json.
 */
function platformEnvelope(
  logger: Logger,
  metrics: Metrics | undefined,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const finish = (event: APIGatewayProxyEventV2, status: number) => {
    const state = stateOf(event);
    logger.info('request completed', {
      method: event.requestContext?.http?.method,
      route: state.route ?? 'unmatched',
      status,
      durationMs: Date.now() - state.startedMs,
    });
    logger.resetKeys();
  };
  return {
    before: (request) => {
      const event = request.event;
      const incoming = headerValue(event, 'x-correlation-id');
      const correlationId =
        incoming && CORRELATION_ID.test(incoming)
          ? incoming
          : event.requestContext?.requestId || request.context.awsRequestId || crypto.randomUUID();
      requestStates.set(event, { correlationId, startedMs: Date.now() });
      logger.appendKeys({ correlationId });
    },
    after: (request) => {
      const event = request.event;
      const response = request.response;
      if (response) {
        response.headers = { ...response.headers, 'x-correlation-id': stateOf(event).correlationId };
        finish(event, response.statusCode ?? 200);
      }
    },
    onError: (request) => {
      const event = request.event;
      const correlationId = stateOf(event).correlationId;
      const { response, problem, expected } = problemResponse(request.error, {
        correlationId,
        instance: event.requestContext?.http?.path ?? event.rawPath,
      });
      if (!expected) logger.error('unhandled error', request.error as Error);
      else logger.info('request refused', { problem: problem.type });
      if (metrics) {
        if (expected)
          countBy(metrics, 'Refused', 'problem', problem.type.replace(/^urn:govshare:problem:/, ''));
        else metrics.addMetric('Failed', MetricUnit.Count, 1);
      }
      request.response = response;
      finish(event, problem.status);
    },
  };
}

function headerValue(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** The per-route chain: guard (local-only, size, authn, authz) → JSON body → zod → route code. */
function routeChain(
  definition: RouteDefinition,
  deps: HttpFunctionDeps,
  check: ((reply: Reply) => string | undefined) | undefined,
) {
  const once = definition.spec.idempotent && deps.idempotency ? deps.idempotency.runner<Reply>() : undefined;
  const core = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const state = stateOf(event);
    const input = parseInput(definition, event, state.query ?? {});
    const run = () =>
      definition.handle({ ...input, caller: state.caller, correlationId: state.correlationId });
    const key = headerValue(event, 'idempotency-key');
    const reply =
      once && key !== undefined
        ? await once({
            scope: `${state.caller?.subject ?? 'anonymous'} ${definition.spec.method} ${event.rawPath ?? ''}`,
            key,
            payload: { body: input.body ?? null, query: input.query ?? null },
            context,
            run,
          })
        : await run();
    const mismatch = check?.(reply);
    if (mismatch) return responseDefect(definition, mismatch, deps.logger, state.correlationId);
    if (reply.file) {
      const bytes =
        typeof reply.file.bytes === 'string'
          ? Buffer.from(reply.file.bytes, 'utf8')
          : Buffer.from(reply.file.bytes);
      return {
        statusCode: reply.status,
        headers: {
          'content-type': reply.file.contentType,
          'content-disposition': attachmentDisposition(reply.file.fileName),
          ...reply.headers,
        },
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      };
    }
    const hasBody = reply.body !== undefined;
    return {
      statusCode: reply.status,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...reply.headers },
      ...(hasBody ? { body: JSON.stringify(reply.body) } : {}),
    };
  };
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(core).use(
    guard(definition, deps),
  );
  if (definition.body) chain.use(httpJsonBodyParser());
  return chain;
}

/**
 * What is wrong with a successful reply, against the route's declared response: its status, a body
 * where none is declared, a field the schema refuses or does not declare. (Refusals a handler answers
 * itself, 4xx, are its own shapes, e.g. CKAN's errors.) The body is checked as the client gets it
 * (after JSON), and, since zod drops fields it does not know, the parsed copy is compared with it.
 */
function replyCheck(definition: RouteDefinition): (reply: Reply) => string | undefined {
  const declared = definition.response;
  return (reply) => {
    if (reply.status >= 300) return undefined;
    if (reply.status !== declared.status && !declared.alsoStatus?.includes(reply.status)) {
      return `status ${reply.status}, declared ${[declared.status, ...(declared.alsoStatus ?? [])].join(' or ')}`;
    }
    if (reply.file)
      return (declared.contentType ?? 'application/json') === 'application/json'
        ? 'a file, but the route declares a JSON body'
        : undefined;
    if (reply.body === undefined) return declared.body ? 'no body, but one is declared' : undefined;
    if (!declared.body) return 'a body, but none is declared';
    const sent: unknown = JSON.parse(JSON.stringify(reply.body));
    const parsed = declared.body.safeParse(sent);
    if (!parsed.success) {
      return parsed.error.issues
        .slice(0, 5)
        .map((issue) => `body.${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
    }
    const undeclared = undeclaredFields(sent, parsed.data, 'body');
    return undeclared.length > 0 ? `undeclared fields ${undeclared.slice(0, 5).join(', ')}` : undefined;
  };
}

/** Paths present in `sent` that parsing dropped (zod strips what a schema does not declare). */
function undeclaredFields(sent: unknown, parsed: unknown, path: string, found: string[] = []): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    for (const [index, item] of sent.entries())
      undeclaredFields(item, parsed[index], `${path}.${index}`, found);
  } else if (sent && parsed && typeof sent === 'object' && typeof parsed === 'object') {
    const kept = parsed as Record<string, unknown>;
    for (const [key, value] of Object.entries(sent)) {
      if (!(key in kept)) found.push(`${path}.${key}`);
      else undeclaredFields(value, kept[key], `${path}.${key}`, found);
    }
  }
  return found;
}

/** A reply that is not what its route declares: a defect, answered as one (tests only). */
function responseDefect(
  definition: RouteDefinition,
  mismatch: string,
  logger: Logger,
  correlationId: string,
): APIGatewayProxyStructuredResultV2 {
  const detail = `${definition.spec.method} ${definition.spec.path} answered what its response schema does not describe: ${mismatch}`;
  logger.error('reply does not match its declared response', { detail });
  const problem: Problem = {
    type: problemType('internal'),
    title: 'Internal error',
    status: 500,
    detail,
    correlationId,
  };
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
}

function guard(
  definition: RouteDefinition,
  deps: HttpFunctionDeps,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const { spec } = definition;
  return {
    before: async (request) => {
      const event = request.event;
      const state = stateOf(event);
      state.route = spec.path;
      // Development-only routes do not exist outside local mode.
      if (spec.localOnly && deps.config.mode !== 'local') throw new NotFoundError('No such route');
      const size = bodyBytes(event);
      const limit = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (size > limit) throw new PayloadTooLargeError(`The body is ${size} bytes; the limit is ${limit}`);

      const authorization = headerValue(event, 'authorization');
      if (spec.access !== 'public' || authorization !== undefined) {
        try {
          state.caller = await deps.verifier.verify(authorization);
        } catch (error) {
          // A bad token on a public route is ignored rather than refused: the route needs none.
          if (!(error instanceof UnauthorizedError) || spec.access !== 'public') throw error;
        }
      }
      authorize(spec.access, state.caller);
      // The edge, for every route alike and before the body parser: encoding, characters, prototype keys.
      const query = strictQuery(event);
      const edge = [...query.issues];
      valueIssues(event.pathParameters ?? {}, 'params', edge);
      valueIssues(query.values, 'query', edge);
      const undecodable = decodeBody(event);
      if (undecodable) edge.push(undecodable);
      if (edge.length > 0) throw new ValidationError(edge);
      state.query = query.values;
    },
  };
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
}

function parseInput(
  definition: RouteDefinition,
  event: APIGatewayProxyEventV2,
  queryValues: Record<string, string>,
) {
  // The parsed body's keys and strings, as the guard checked the query and path.
  if (definition.body) {
    const edge = valueIssues(event.body, 'body');
    if (edge.length > 0) throw new ValidationError(edge);
  }

  const issues: FieldIssue[] = [];
  const parse = (where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    issues.push(...fieldIssuesOf(result.error, where));
    return undefined;
  };
  const body = parse('body', definition.body, event.body);
  const parsedQuery = parse('query', definition.query, { ...queryValues });
  const params = parse('params', definition.params, event.pathParameters ?? {});
  if (issues.length > 0) throw new ValidationError(issues);
  return { body, query: parsedQuery, params };
}

/** A zod error as problem+json field issues under `where` (body, query, params, or a deeper path). */
export function fieldIssuesOf(error: z.ZodError, where: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const at = [where, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown field, so a client sees exactly which names to drop.
      for (const key of issue.keys)
        issues.push({ path: [...at, key].join('.'), message: 'is not a known field' });
    } else {
      issues.push({ path: at.join('.'), message: issue.message });
    }
  }
  return issues;
}

/**
 * Parses `value` as a route's own schema would, naming each field under `where` (for bodies a
 * route completes or takes apart before checking, e.g. a reply's defaults).
 */
export function parseAs<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(fieldIssuesOf(result.error, where));
}
