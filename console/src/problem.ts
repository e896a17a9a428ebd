/**
 * The API's refusals are problem+json (RFC 9457) with `errors[]`, each naming a field by its path
 * (`body.purpose`, `query.limit`, `params.code`, `body.items.0`). This is the one place that turns
 * them into what a form shows beside its fields: every form passes the answer's error here.
 */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  correlationId?: string;
  errors?: { path: string; message: string }[];
}

/** What antd's `form.setFields` takes: one entry per field, its messages. */
export interface FieldErrors {
  fields: { name: (string | number)[]; errors: string[] }[];
  /** Messages that name no field of the form (shown above it), with the problem's own detail. */
  general: string[];
}

const SOURCES = new Set(['body', 'query', 'params']);

/**
 * Maps `errors[].path` to form field names: the leading `body.` / `query.` / `params.` is dropped and
 * numeric segments become list indexes (`body.items.0.title` → ['items', 0, 'title']). `knownFields`
 * (the form's top-level names) decides which errors go beside a field and which above the form.
 */
export function fieldErrorsOf(problem: Problem | undefined, knownFields: readonly string[]): FieldErrors {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const general: string[] = [];
  for (const issue of problem?.errors ?? []) {
    const segments = issue.path.split('.').filter(Boolean);
    if (segments[0] && SOURCES.has(segments[0])) segments.shift();
    const name = segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    if (name.length === 0 || !knownFields.includes(String(name[0]))) {
      general.push(issue.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  if (problem && byField.size === 0 && general.length === 0 && (problem.detail || problem.title)) {
    general.push(problem.detail ?? problem.title ?? '');
  }
  return { fields: [...byField.values()], general };
}
