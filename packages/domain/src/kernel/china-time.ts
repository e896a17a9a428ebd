/**
 * China Standard Time (UTC+8, no daylight saving): the calendar every day of the platform counts in
 * (quotas, audit chains, working-day deadlines). Days are written YYYY-MM-DD.
 */
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The CST calendar day of an instant. */
export function cstDay(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a CST day begins (00:00 in Shanghai). */
export function cstMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}

/** The day after a YYYY-MM-DD day. */
export const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The CST day of an instant and the instant the next one begins (when a daily quota resets). */
export function cstDayAndReset(now: Date): { day: string; resetsAt: string } {
  const day = cstDay(now);
  return { day, resetsAt: cstMidnight(nextDay(day)).toISOString() };
}

/** Whether a text is a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  return DAY_PATTERN.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}
