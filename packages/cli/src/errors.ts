/** What ends a command, and its exit code: 2 for bad usage (nothing was sent), 1 for a refusal. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** Bad usage found before any request: a missing file, a file not in its declared encoding, an option. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One field the API names in a refusal (problem+json `errors[]`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The problem+json body (RFC 9457) of a refusal, as far as the CLI reads it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  correlationId?: string;
  errors?: FieldIssue[];
  resetsAt?: string;
  [extension: string]: unknown;
}

/** The API (or the token endpoint) said no, or could not be reached. */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(
    readonly problem: Problem,
    message = problem.detail ?? problem.title ?? 'Refused',
  ) {
    super(message);
  }
}

/** A refusal as a person reads it: title and status, detail, each field, the correlation id to quote. */
export function renderProblem(problem: Problem): string {
  const head = [problem.title ?? '请求被拒绝', problem.status ? `(${problem.status})` : '']
    .filter(Boolean)
    .join(' ');
  const lines = [`错误：${head}`];
  if (problem.detail && problem.detail !== problem.title) lines.push(`  ${problem.detail}`);
  for (const issue of problem.errors ?? []) lines.push(`  - ${issue.path}: ${issue.message}`);
  if (problem.resetsAt) lines.push(`  配额恢复时间：${problem.resetsAt}`);
  if (problem.correlationId) lines.push(`  关联编号：${problem.correlationId}`);
  return lines.join('\n');
}

/** Any answer body that is not problem+json still becomes a Problem (a proxy's HTML, an empty body). */
export function problemOf(body: unknown, status: number, statusText = ''): Problem {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const problem = body as Problem;
    return { ...problem, status: problem.status ?? status };
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return { title: statusText || `HTTP ${status}`, status, ...(text ? { detail: text } : {}) };
}
