/**
 * Typed domain errors. The HTTP layer maps each `slug` to a problem+json `type`
 * (urn:govshare:problem:<slug>) and a status; the domain itself knows nothing of HTTP.
 * Messages must never carry personal data (names, citizen IDs, user IDs): they are logged.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.parentCode` or `query.limit`. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly slug: string;
  /** Extension members of the problem details (RFC 9457 §3.2), e.g. which check failed; never personal data. */
  readonly problemExtensions?: Readonly<Record<string, string | number | readonly string[]>>;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly slug = 'validation';
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], message = 'The request has invalid fields') {
    super(message);
    this.issues = issues;
  }
}

/**
 * Well-formed, but refers to something that does not hold: a recipient unit that does not exist,
 * an attachment never uploaded, a reviewer who is disabled (HTTP 422, naming each field).
 */
export class UnprocessableError extends DomainError {
  readonly slug = 'unprocessable';
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], message = 'The request names what cannot be used') {
    super(message);
    this.issues = issues;
  }
}

export class NotFoundError extends DomainError {
  readonly slug = 'not-found';
}

export class ConflictError extends DomainError {
  readonly slug = 'conflict';
}

export class ForbiddenError extends DomainError {
  readonly slug = 'forbidden';
}

export class UnauthorizedError extends DomainError {
  readonly slug = 'unauthorized';
}

export class InvalidTransitionError extends DomainError {
  readonly slug = 'invalid-transition';
}

export class PayloadTooLargeError extends DomainError {
  readonly slug = 'payload-too-large';
}

/** A quota or rate limit is used up until `resetsAt` (HTTP 429 with Retry-After). */
export class TooManyRequestsError extends DomainError {
  readonly slug = 'quota-exceeded';
  readonly resetsAt: string;
  readonly retryAfterSeconds: number;
  constructor(message: string, limit: { resetsAt: string; retryAfterSeconds: number }) {
    super(message);
    this.resetsAt = limit.resetsAt;
    this.retryAfterSeconds = limit.retryAfterSeconds;
  }
}

/**
 * A working-day count ran into a year the platform's calendar does not hold yet (the State
 * Council announces each year's holidays late in the year before). Not the caller's fault, and
 * over once the platform administrator enters that year: HTTP 503.
 */
export class CalendarNotLoadedError extends DomainError {
  readonly slug = 'calendar-not-loaded';
  readonly year: number;
  constructor(year: number) {
    super(
      `The working-day calendar has no data for ${year}: a deadline running into ${year} cannot be ` +
        `counted until the platform administrator enters the State Council's holiday notice for ${year} ` +
        `(PUT /v1/calendar/years/${year})`,
    );
    this.year = year;
  }
}
