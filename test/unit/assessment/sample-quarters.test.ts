import { SAMPLE_ACTIVITY_REACH_DAYS, sampleQuarters } from '@govshare/functions/assessment/seed.ts';
import { describe, expect, it } from 'vitest';

const keys = (at: string) => sampleQuarters(new Date(at)).map((period) => period.key);

describe('the quarters the first start computes', () => {
  it('is the current quarter alone once the sample activity fits in it', () => {
    expect(keys('2026-11-18T02:00:00Z')).toEqual(['2026-Q4']);
  });

  it('adds the quarter before while the current one is younger than the activity reaches', () => {
    expect(SAMPLE_ACTIVITY_REACH_DAYS).toBe(45);
    expect(keys('2027-01-05T02:00:00Z')).toEqual(['2027-Q1', '2026-Q4']);
    // 00:30 CST on 1 January is already the new quarter, though UTC still says 31 December.
    expect(keys('2026-12-31T16:30:00Z')).toEqual(['2027-Q1', '2026-Q4']);
    // 45 days after 00:00 CST on 1 January 2027: 00:00 CST on 15 February.
    expect(keys('2027-02-14T15:59:59Z')).toEqual(['2027-Q1', '2026-Q4']);
    expect(keys('2027-02-14T16:00:00Z')).toEqual(['2027-Q1']);
  });
});
