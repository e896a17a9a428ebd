import type { Logger } from '@aws-lambda-powertools/logger';
import { govshare, type HttpMethod, type RouteSpec } from '@govshare/blueprint';
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
import type { z } from 'zod';
import { authorize, type Caller, type TokenVerifier } from './auth.ts';
import type { PlatformConfig } from './config.ts';
import { problemResponse } from './problem.ts';

/** What the platform layer hangs on the event for the route's own code. */
interface PlatformState {
  correlationId: string;
  caller?: Caller;
  /** The route template, e.g. /v1/units/{code}: logged instead of the raw path. */
  route?: string;
}
type PlatformEvent = APIGatewayProxyEventV2 & { govshare?: PlatformState };

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The verified caller; undefined only on public routes called without a token. */
  caller: Caller | undefined;
  correlationId: string;
}

export interface RouteDefinition<B = unknown, Q = unknown, P = unknown> {
  method: HttpMethod;
  /** Exactly as in the blueprint, e.g. /v1/units/{code}. */
  path: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Body size limit in bytes; larger bodies get 413 before anything else happens. */
  maxBodyBytes?: number;
  handle(input: RouteInput<B, Q, P>): Promise<Reply>;
}

/** Typed helper: infers B, Q, P from the schemas given. */
export const route = <B = undefined, Q = undefined, P = undefined>(definition: RouteDefinition<B, Q, P>) =>
  definition as RouteDefinition<unknown, unknown, unknown>;

export interface HttpFunctionDeps {
  config: PlatformConfig<never>;
  verifier: TokenVerifier;
  logger: Logger;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where the blueprint says who may call a route; undefined for a route it does not declare. */
export function blueprintRoute(functionName: string, method: string, path: string): RouteSpec | undefined {
  const fn = (govshare.functions as Record<string, { kind: string; routes?: readonly RouteSpec[] }>)[
    functionName
  ];
  if (fn?.kind !== 'http') return undefined;
  return fn.routes?.find((r) => r.method === method && r.path === path);
}

/** What API Gateway (HTTP API, payload 2.0) and the local gateway call. */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The HTTP API handler of one bounded context: one middy chain around one router. */
export function httpFunction(
  functionName: string,
  routes: RouteDefinition[],
  deps: HttpFunctionDeps,
): ApiHandler {
  const router = httpRouter<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    routes.map((definition) => ({
      method: definition.method,
      path: definition.path,
      handler: routeChain(functionName, definition, deps),
    })),
  );
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(router)
    .use(platformEnvelope(deps.logger))
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer());
  // The normalizers only fill in what payload 2.0 may omit; callers still pass a plain v2 event.
  return chain as unknown as ApiHandler;
}

/**
 * Outermost middleware: correlation id in, correlation id out, one log line per request,
 * and every error turned into problem+json.
 */
function platformEnvelope(
  logger: Logger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const started = new WeakMap<object, number>();
  const finish = (event: PlatformEvent, status: number) => {
    logger.info('request completed', {
      method: event.requestContext?.http?.method,
      route: event.govshare?.route ?? 'unmatched',
      status,
      durationMs: Date.now() - (started.get(event) ?? Date.now()),
    });
    logger.resetKeys();
  };
  return {
    before: (request) => {
      const event = request.event as PlatformEvent;
      started.set(event, Date.now());
      const incoming = headerValue(event, 'x-correlation-id');
      const correlationId =
        incoming && CORRELATION_ID.test(incoming)
          ? incoming
          : event.requestContext?.requestId || request.context.awsRequestId || crypto.randomUUID();
      event.govshare = { correlationId };
      logger.appendKeys({ correlationId });
    },
    after: (request) => {
      const event = request.event as PlatformEvent;
      const response = request.response;
      if (response) {
        response.headers = { ...response.headers, 'x-correlation-id': event.govshare?.correlationId ?? '' };
        finish(event, response.statusCode ?? 200);
      }
    },
    onError: (request) => {
      const event = request.event as PlatformEvent;
      const correlationId =
        event.govshare?.correlationId ?? request.context.awsRequestId ?? crypto.randomUUID();
      const { response, problem, expected } = problemResponse(request.error, {
        correlationId,
        instance: event.requestContext?.http?.path ?? event.rawPath,
      });
      if (!expected) logger.error('unhandled error', request.error as Error);
      else logger.info('request refused', { problem: problem.type });
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
function routeChain(functionName: string, definition: RouteDefinition, deps: HttpFunctionDeps) {
  const spec = blueprintRoute(functionName, definition.method, definition.path);
  const core = async (event: PlatformEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const state = event.govshare ?? { correlationId: crypto.randomUUID() };
    const input = parseInput(definition, event);
    const reply = await definition.handle({
      ...input,
      caller: state.caller,
      correlationId: state.correlationId,
    });
    const hasBody = reply.body !== undefined;
    return {
      statusCode: reply.status,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...reply.headers },
      ...(hasBody ? { body: JSON.stringify(reply.body) } : {}),
    };
  };
  const chain = middy<PlatformEvent, APIGatewayProxyStructuredResultV2>(core).use(
    guard(spec, definition, deps),
  );
  if (definition.body) chain.use(httpJsonBodyParser());
  return chain;
}

function guard(
  spec: RouteSpec | undefined,
  definition: RouteDefinition,
  deps: HttpFunctionDeps,
): MiddlewareObj<PlatformEvent, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const event = request.event;
      event.govshare ??= { correlationId: crypto.randomUUID() };
      const state = event.govshare;
      state.route = definition.path;
      // Development-only routes do not exist outside local mode.
      if (spec?.localOnly && deps.config.mode !== 'local') throw new NotFoundError('No such route');
      const size = bodyBytes(event);
      const limit = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (size > limit) throw new PayloadTooLargeError(`The body is ${size} bytes; the limit is ${limit}`);

      const authorization = headerValue(event, 'authorization');
      if (spec?.access !== 'public' || authorization !== undefined) {
        try {
          state.caller = await deps.verifier.verify(authorization);
        } catch (error) {
          // A bad token on a public route is ignored rather than refused: the route needs none.
          if (!(error instanceof UnauthorizedError) || spec?.access !== 'public') throw error;
        }
      }
      authorize(spec?.access, state.caller);
    },
  };
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
}

function parseInput(definition: RouteDefinition, event: APIGatewayProxyEventV2) {
  const issues: FieldIssue[] = [];
  const parse = (where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const at = [where, ...issue.path.map(String)];
      if (issue.code === 'unrecognized_keys') {
        // One issue per unknown field, so a client sees exactly which names to drop.
        for (const key of issue.keys)
          issues.push({ path: [...at, key].join('.'), message: 'is not a known field' });
      } else {
        issues.push({ path: at.join('.'), message: issue.message });
      }
    }
    return undefined;
  };
  const body = parse('body', definition.body, event.body);
  const query = parse('query', definition.query, event.queryStringParameters ?? {});
  const params = parse('params', definition.params, event.pathParameters ?? {});
  if (issues.length > 0) throw new ValidationError(issues);
  return { body, query, params };
}
