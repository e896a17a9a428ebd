/**
 * Local mode only: an ISO instant the platform takes as "now" wherever a rule depends on the day
 * (working-day deadlines, the calendar's warning), so tests and demonstrations can move the clock.
 */
export const LOCAL_CLOCK_ENV = 'GOVSHARE_LOCAL_CLOCK';

/** Now, or in local mode the instant GOVSHARE_LOCAL_CLOCK names (read at each call). */
export function platformNow(mode: 'local' | 'aws', env: NodeJS.ProcessEnv = process.env): Date {
  const override = mode === 'local' ? env[LOCAL_CLOCK_ENV] : undefined;
  if (override && !Number.isNaN(Date.parse(override))) return new Date(override);
  return new Date();
}
