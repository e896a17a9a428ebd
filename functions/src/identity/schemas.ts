import {
  type CalendarStatus,
  type CalendarYear,
  principalSchema,
  unitSchema,
} from '@govshare/domain/identity';
import * as z from 'zod';
import { listOf, pageOf } from '../platform/http.ts';

/** Response schemas of the identity routes (the request schemas are the domain's and routes/shared.ts). */

export const healthResponse = z.object({ status: z.literal('ok') });

export const meResponse = z.object({
  subject: z.string(),
  /** The directory's name of the person or system (the console's header shows it). */
  name: z.string().optional(),
  kind: principalSchema.shape.kind,
  roles: principalSchema.shape.roles,
  unit: z.object({ code: z.string(), name: z.string().optional(), shortName: z.string().optional() }),
});

export const unitPageResponse = pageOf(unitSchema);
export const principalPageResponse = pageOf(principalSchema);
/** What a colleague sees of a person of the unit: who, and what they do there. */
// Ids and names as stored (a principal registered before a rule tightened still answers).
export const colleaguePageResponse = pageOf(
  z.object({ id: z.string(), name: z.string(), roles: principalSchema.shape.roles }),
);

export const devTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  /** Seconds. */
  expires_in: z.number().int(),
});

/** The sample people the development issuer signs for, grouped by nothing: the console groups them. */
export const devUsersResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      unit: z.object({ code: z.string(), name: z.string() }),
    }),
  ),
});

/** The development issuer's public key set (RFC 7517). */
export const jwksResponse = z.object({
  keys: z.array(z.looseObject({ kty: z.string().optional(), kid: z.string().optional() })),
});

export const calendarStatusResponse = z.object({
  today: z.string(),
  years: z.array(z.number().int()),
  endsOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  missingYear: z.number().int(),
  warning: z.string().optional(),
}) satisfies z.ZodType<CalendarStatus>;

export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    notice: z.string(),
    holidays: z.array(z.string()),
    makeUpWorkdays: z.array(z.string()),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'CalendarYear' }) satisfies z.ZodType<CalendarYear>;

export const calendarYearListResponse = listOf(calendarYearSchema);
