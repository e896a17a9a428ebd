import {
  SAMPLE_HOLIDAYS,
  SAMPLE_MAKEUP_WORKDAYS,
  type WorkingCalendar,
  workingCalendar,
} from '@govshare/domain/kernel';

/** Environment of the sharing functions beyond the blueprint's resources; all optional. */
export const SHARING_ENV = {
  /** Working days a provider has to answer a conditional request (default 10, 国发〔2016〕51号). */
  answerWorkingDays: 'SHARING_ANSWER_WORKING_DAYS',
  /** Comma-separated YYYY-MM-DD public holidays; default: the sample 2025–2026 list. */
  holidays: 'SHARING_HOLIDAYS',
  /** Comma-separated YYYY-MM-DD weekend days that are working days (调休). */
  makeUpWorkdays: 'SHARING_MAKEUP_WORKDAYS',
  /** Local mode only: an ISO instant the deadline code takes as "now" (tests move the clock with it). */
  localClock: 'GOVSHARE_LOCAL_CLOCK',
} as const;

export interface SharingSettings {
  answerWorkingDays: number;
  calendar: WorkingCalendar;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((day) => day.trim())
    .filter(Boolean);

/** Read once at cold start; a malformed value fails the start, naming the variable. */
export function readSharingSettings(env: NodeJS.ProcessEnv = process.env): SharingSettings {
  const days = Number(env[SHARING_ENV.answerWorkingDays] ?? 10);
  if (!Number.isInteger(days) || days < 1 || days > 60) {
    throw new Error(`${SHARING_ENV.answerWorkingDays} must be a whole number of days from 1 to 60`);
  }
  try {
    const calendar = workingCalendar(
      list(env[SHARING_ENV.holidays]) ?? SAMPLE_HOLIDAYS,
      list(env[SHARING_ENV.makeUpWorkdays]) ?? SAMPLE_MAKEUP_WORKDAYS,
    );
    return { answerWorkingDays: days, calendar };
  } catch (error) {
    throw new Error(`${SHARING_ENV.holidays} / ${SHARING_ENV.makeUpWorkdays}: ${(error as Error).message}`);
  }
}

/** Now, or in local mode the instant GOVSHARE_LOCAL_CLOCK names (read at each call). */
export function sharingNow(mode: 'local' | 'aws', env: NodeJS.ProcessEnv = process.env): Date {
  const override = mode === 'local' ? env[SHARING_ENV.localClock] : undefined;
  if (override && !Number.isNaN(Date.parse(override))) return new Date(override);
  return new Date();
}
