import {
  DomainError,
  type FieldIssue,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '@govshare/domain/kernel';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** RFC 9457 problem details, as govshare sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId: string;
  errors?: FieldIssue[];
  /** When a used-up quota becomes available again (429). */
  resetsAt?: string;
  /** Extension members an error adds (DomainError.problemExtensions). */
  [extension: string]: unknown;
}

export const problemType = (slug: string) => `urn:govshare:problem:${slug}`;

const KINDS: Record<string, { status: number; title: string }> = {
  validation: { status: 400, title: 'Invalid request' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'no-such-route': { status: 404, title: 'No such route' },
  conflict: { status: 409, title: 'Conflict' },
  'invalid-transition': { status: 409, title: 'Invalid state transition' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused for another request' },
  'idempotency-in-progress': {
    status: 409,
    title: 'The first request with this Idempotency-Key is still running',
  },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  // Classified documents go on paper (seeds 000, 004): a refusal of the content, not a malformed request.
  'classified-document': { status: 422, title: 'Classified documents are not exchanged here' },
  // One of DA/T 70's four checks (authentic, complete, usable, secure) refused an archive.
  'archive-check-failed': { status: 422, title: 'An archive check failed' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'quota-exceeded': { status: 429, title: 'Quota exceeded' },
  internal: { status: 500, title: 'Internal error' },
  'calendar-not-loaded': { status: 503, title: 'Working-day calendar not loaded' },
  // GET /v1/ready: a table, bucket or queue of the function did not answer (platform/readiness.ts).
  'not-ready': { status: 503, title: 'A dependency is not reachable' },
};

/**
 * What platform/idempotency.ts makes of Powertools' idempotency errors, so that this module (on every
 * request path) does not load Powertools' idempotency in functions that have no idempotent route.
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
}
export class IdempotencyInProgressError extends Error {
  override readonly name = 'IdempotencyInProgressError';
}

/** The shape of errors raised by middy's own middlewares (@middy/util createError). */
interface MiddyHttpError extends Error {
  statusCode: number;
  expose?: boolean;
  cause?: { package?: string; message?: string };
}
const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';

/** Classifies an error; `expected: false` means a defect, to be logged with its stack. */
export function classify(error: unknown): {
  slug: string;
  detail: string;
  expected: boolean;
  issues?: FieldIssue[];
} {
  if (error instanceof ValidationError || error instanceof UnprocessableError) {
    return { slug: error.slug, detail: error.message, expected: true, issues: [...error.issues] };
  }
  if (error instanceof DomainError) return { slug: error.slug, detail: error.message, expected: true };
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      slug: 'idempotency-key-reused',
      detail: 'This Idempotency-Key was sent before with another body: use a new key for a new request',
      expected: true,
      issues: [{ path: 'header.idempotency-key', message: 'was used for another request' }],
    };
  }
  if (error instanceof IdempotencyInProgressError) {
    return {
      slug: 'idempotency-in-progress',
      detail: 'The first request with this Idempotency-Key is still being answered: retry in a moment',
      expected: true,
    };
  }
  if (isMiddyHttpError(error)) {
    const from = error.cause?.package;
    if (from === '@middy/http-json-body-parser') {
      if (error.statusCode === 415) {
        return {
          slug: 'unsupported-media-type',
          detail: 'The body must be sent as Content-Type: application/json',
          expected: true,
        };
      }
      // middy says 422 for unparseable JSON; it is a malformed request, so 400.
      const reason = error.cause?.message ? `: ${error.cause.message}` : '';
      const forbiddenKey = error.message === 'Forbidden key in JSON body';
      return {
        slug: 'malformed-json',
        detail: forbiddenKey
          ? 'The JSON body uses a forbidden key (__proto__ or constructor)'
          : `The body is not valid JSON${reason}`,
        expected: true,
      };
    }
    if (from === '@middy/http-router' && error.statusCode === 404) {
      return { slug: 'no-such-route', detail: 'No route matches this method and path', expected: true };
    }
  }
  return {
    slug: 'internal',
    detail: 'An unexpected error occurred; quote the correlation id when reporting it',
    expected: false,
  };
}

export function problemResponse(
  error: unknown,
  context: { correlationId: string; instance?: string },
): { response: APIGatewayProxyStructuredResultV2; problem: Problem; expected: boolean } {
  const { slug, detail, expected, issues } = classify(error);
  const kind = KINDS[slug] ?? { status: 500, title: 'Internal error' };
  const extensions = error instanceof DomainError ? error.problemExtensions : undefined;
  const problem: Problem = {
    ...extensions,
    type: problemType(slug),
    title: kind.title,
    status: kind.status,
    detail,
    ...(context.instance ? { instance: context.instance } : {}),
    correlationId: context.correlationId,
    ...(issues ? { errors: issues } : {}),
    ...(error instanceof TooManyRequestsError ? { resetsAt: error.resetsAt } : {}),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'x-correlation-id': context.correlationId,
  };
  if (error instanceof UnauthorizedError) headers['www-authenticate'] = 'Bearer error="invalid_token"';
  if (error instanceof TooManyRequestsError) headers['retry-after'] = String(error.retryAfterSeconds);
  return { response: { statusCode: kind.status, headers, body: JSON.stringify(problem) }, problem, expected };
}
