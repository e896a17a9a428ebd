import { EXCHANGE_ENV } from '@govshare/blueprint';
import {
  DEFAULT_DELIVERY_DEADLINES,
  type DeliveryDeadlines,
  DOCUMENT_TYPES,
  HANDLE_WITHIN_MAX_WORKING_DAYS,
} from '@govshare/domain/exchange';
import * as z from 'zod';

/** Working days (the same bound a sender's handling deadline has), or the end of the same day. */
const deadlineSchema = z.union([
  z.literal('same-day'),
  z
    .number()
    .int()
    .min(1)
    .max(HANDLE_WITHIN_MAX_WORKING_DAYS, `must be "same-day" or 1 to ${HANDLE_WITHIN_MAX_WORKING_DAYS}`),
]);
const byUrgency = z
  .strictObject({ 特急: deadlineSchema, 加急: deadlineSchema, normal: deadlineSchema })
  .partial();
const byType = z
  .strictObject(Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, deadlineSchema])))
  .partial();

const deadlinesOverrideSchema = z
  .strictObject({ signFor: byUrgency, handle: byUrgency, handleByType: byType })
  .partial();

/**
 * The delivery deadlines of this deployment: EXCHANGE_DEADLINES merged over the defaults, key by
 * key (a type named in `handleByType` replaces or adds that type's entry; the others stay). Read
 * once at cold start; a malformed value fails the start, naming the variable and the field.
 */
export function readExchangeDeadlines(env: NodeJS.ProcessEnv = process.env): DeliveryDeadlines {
  const text = env[EXCHANGE_ENV.deadlines]?.trim();
  if (!text) return DEFAULT_DELIVERY_DEADLINES;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${EXCHANGE_ENV.deadlines} must be JSON, e.g. {"handle":{"normal":15}}`);
  }
  const parsed = deadlinesOverrideSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const field = [EXCHANGE_ENV.deadlines, ...issue.path.map(String)].join('.');
      return `${field}: ${issue.message}`;
    });
    throw new Error(`${EXCHANGE_ENV.deadlines} is not valid: ${issues.join('; ')}`);
  }
  const override = parsed.data;
  return {
    signFor: { ...DEFAULT_DELIVERY_DEADLINES.signFor, ...override.signFor },
    handle: { ...DEFAULT_DELIVERY_DEADLINES.handle, ...override.handle },
    handleByType: { ...DEFAULT_DELIVERY_DEADLINES.handleByType, ...override.handleByType },
  };
}
