import { ForbiddenError, InvalidTransitionError, ValidationError } from '@govshare/domain/kernel';
import type { RegisterResourceInput, Resource, ResourceMetadata, UpdateCycle } from './resource.ts';

/**
 * The life of a resource: registered as a draft of the caller's unit, edited, published. Pure: the
 * caller loads the latest version, asks for the next one here and stores it conditionally.
 */

export function registerDraft(input: RegisterResourceInput, providerUnit: string, now: Date): Resource {
  const at = now.toISOString();
  return { ...input, providerUnit, version: 1, status: 'draft', createdAt: at, updatedAt: at };
}

const requireProvider = (latest: Resource, callerUnit: string) => {
  if (latest.providerUnit !== callerUnit) {
    throw new ForbiddenError(
      `Resource ${latest.code} belongs to another unit; only its provider may change it`,
    );
  }
};

/**
 * A draft is edited in place; editing a published version opens the next version as a draft, so
 * the published one stays visible until its successor is published.
 */
export function editResource(
  latest: Resource,
  metadata: ResourceMetadata,
  callerUnit: string,
  now: Date,
): Resource {
  requireProvider(latest, callerUnit);
  const at = now.toISOString();
  const base = { code: latest.code, providerUnit: latest.providerUnit, ...metadata, updatedAt: at };
  if (latest.status === 'draft')
    return { ...base, version: latest.version, status: 'draft', createdAt: latest.createdAt };
  return { ...base, version: latest.version + 1, status: 'draft', createdAt: at };
}

/**
 * Publishing stamps 发布日期. It may be given (a resource registered from an older paper catalogue
 * keeps its date), never in the future. A backdated date can only make a resource look staler, never
 * fresher.
 */
export function publishResource(
  latest: Resource,
  callerUnit: string,
  now: Date,
  publishedAt?: string,
): Resource {
  requireProvider(latest, callerUnit);
  if (latest.status === 'published') {
    throw new InvalidTransitionError(
      `Version ${latest.version} of ${latest.code} is already published; edit it to open a new version`,
    );
  }
  if (publishedAt !== undefined && Date.parse(publishedAt) > now.getTime()) {
    throw new ValidationError([{ path: 'body.publishedAt', message: 'must not be in the future' }]);
  }
  const { stale: _stale, staleSince: _staleSince, ...rest } = latest;
  return {
    ...rest,
    status: 'published',
    publishedAt: publishedAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** Drafts are private to their provider unit; published versions are visible to every unit. */
export const canRead = (resource: Resource, callerUnit: string): boolean =>
  resource.status === 'published' || resource.providerUnit === callerUnit;

const addMonths = (from: Date, months: number): Date => {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
};

/**
 * When a version published at `publishedAt` with this cycle is due for a successor. Realtime
 * resources are fed continuously and never versioned on a cycle: they have no due date.
 */
export function nextVersionDue(publishedAt: string, cycle: UpdateCycle): Date | undefined {
  const from = new Date(publishedAt);
  switch (cycle) {
    case 'realtime':
      return undefined;
    case 'daily':
      return new Date(from.getTime() + 86_400_000);
    case 'weekly':
      return new Date(from.getTime() + 7 * 86_400_000);
    case 'monthly':
      return addMonths(from, 1);
    case 'quarterly':
      return addMonths(from, 3);
    case 'yearly':
      return addMonths(from, 12);
  }
}

/** The seeds' 睡眠栏目: a published version whose update cycle lapsed without a successor. */
export function staleness(
  resource: Pick<Resource, 'status' | 'publishedAt' | 'updateCycle'>,
  now: Date,
): { stale: false } | { stale: true; staleSince: string } {
  if (resource.status !== 'published' || !resource.publishedAt) return { stale: false };
  const due = nextVersionDue(resource.publishedAt, resource.updateCycle);
  if (!due || due.getTime() > now.getTime()) return { stale: false };
  return { stale: true, staleSince: due.toISOString() };
}

/** A span a resource was stale (睡眠栏目): from its version's lapse until a newer version (absent: still). */
export interface StaleSpan {
  since: string;
  until?: string;
}

/**
 * The spans a resource was stale, from its versions (in any order): each published version lapses
 * when its successor is due (nextVersionDue) and is stale from then until the next version is
 * published, or still, if none was by `now` (absent: the last version's lapse is counted however
 * far ahead; the ended spans do not depend on it). Oldest first.
 */
export function staleSpans(
  versions: readonly Pick<Resource, 'version' | 'status' | 'publishedAt' | 'updateCycle'>[],
  now?: Date,
): StaleSpan[] {
  const published = versions
    .filter((v) => v.status === 'published' && v.publishedAt !== undefined)
    .sort((a, b) => a.version - b.version);
  const spans: StaleSpan[] = [];
  published.forEach((version, i) => {
    const due = nextVersionDue(version.publishedAt as string, version.updateCycle);
    const next = published[i + 1]?.publishedAt;
    if (!due || (now !== undefined && due.getTime() > now.getTime())) return;
    if (next === undefined) spans.push({ since: due.toISOString() });
    else if (due.getTime() < Date.parse(next)) spans.push({ since: due.toISOString(), until: next });
  });
  return spans;
}
