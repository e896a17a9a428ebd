/** Environment of the sharing functions beyond the blueprint's resources; all optional. */
export const SHARING_ENV = {
  /** Working days a provider has to answer a conditional request (default 10, 国发〔2016〕51号). */
  answerWorkingDays: 'SHARING_ANSWER_WORKING_DAYS',
} as const;

/** The working-day calendar is not a setting: it is data, read through identity's published interface. */
export interface SharingSettings {
  answerWorkingDays: number;
}

/** Read once at cold start; a malformed value fails the start, naming the variable. */
export function readSharingSettings(env: NodeJS.ProcessEnv = process.env): SharingSettings {
  const days = Number(env[SHARING_ENV.answerWorkingDays] ?? 10);
  if (!Number.isInteger(days) || days < 1 || days > 60) {
    throw new Error(`${SHARING_ENV.answerWorkingDays} must be a whole number of days from 1 to 60`);
  }
  return { answerWorkingDays: days };
}
