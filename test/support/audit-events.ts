import { expect } from 'vitest';
import type { TestPlatform } from './local-platform.ts';

/**
 * The audit events of a provider's trail that carry the correlation ids asked for, by label: the
 * trail is read as its provider's auditors read it, again every half second until every one has
 * arrived through the audit queue (or 30 s have passed).
 */
export async function auditEventsByLabel(
  local: TestPlatform,
  {
    provider,
    token,
    correlationIds,
  }: { provider: string; token: string; correlationIds: Record<string, string> },
): Promise<Map<string, Record<string, unknown>>> {
  const wanted = new Map(Object.entries(correlationIds).map(([label, id]) => [id, label]));
  const seen = new Map<string, Record<string, unknown>>();
  for (let attempt = 0; attempt < 60 && seen.size < wanted.size; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
    let cursor: string | undefined;
    do {
      const page = await local.request(
        'GET',
        `/v1/audit/provider/${provider}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      for (const event of page.json.items as Record<string, unknown>[]) {
        const label = wanted.get(event.correlationId as string);
        if (label) seen.set(label, event);
      }
      cursor = page.json.nextCursor as string | undefined;
    } while (cursor);
  }
  return seen;
}
