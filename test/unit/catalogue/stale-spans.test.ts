import { staleSpans } from '@govshare/domain/catalogue';
import { describe, expect, it } from 'vitest';

const version = (
  n: number,
  publishedAt: string | undefined,
  status: 'published' | 'draft' = 'published',
) => ({
  version: n,
  status,
  ...(publishedAt ? { publishedAt } : {}),
  updateCycle: 'monthly' as const,
});

describe('the stale spans of a resource, from its versions', () => {
  it('runs from a version’s lapse to the next version, and is still open after the last', () => {
    const spans = staleSpans(
      [
        version(3, '2026-11-12T02:00:00.000Z'),
        version(1, '2026-06-01T02:00:00.000Z'),
        version(2, '2026-08-20T02:00:00.000Z'),
      ],
      new Date('2027-01-20T00:00:00.000Z'),
    );
    expect(spans).toEqual([
      { since: '2026-07-01T02:00:00.000Z', until: '2026-08-20T02:00:00.000Z' },
      { since: '2026-09-20T02:00:00.000Z', until: '2026-11-12T02:00:00.000Z' },
      { since: '2026-12-12T02:00:00.000Z' },
    ]);
  });

  it('has no span for a version succeeded in time, nor for drafts, nor for a lapse after now', () => {
    expect(
      staleSpans(
        [
          version(1, '2026-06-01T02:00:00.000Z'),
          version(2, '2026-06-20T02:00:00.000Z'),
          version(3, undefined, 'draft'),
        ],
        new Date('2026-07-01T00:00:00.000Z'),
      ),
    ).toEqual([]);
  });
});
