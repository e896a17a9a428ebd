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
