import {
  type CalendarStore,
  calendarYearParamSchema,
  type IdentityStore,
  principalIdSchema,
  unitCodeSchema,
} from '@govshare/domain/identity';
import * as z from 'zod';
import type { TokenVerifier } from '../../platform/auth.ts';
import type { PlatformConfig } from '../../platform/config.ts';
import type { ReadinessCheck } from '../../platform/readiness.ts';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
};
export const unitsQuery = z.strictObject({ parent: unitCodeSchema.optional(), ...pageQuery });
export const usersQuery = z.strictObject({ unit: unitCodeSchema, ...pageQuery });
export const unitParams = z.strictObject({ code: unitCodeSchema });
export const devTokenBody = z.strictObject({ userId: principalIdSchema });
export const yearParams = z.strictObject({ year: calendarYearParamSchema });

export interface IdentityDeps {
  config: PlatformConfig<'identity'>;
  store: IdentityStore;
  calendar: CalendarStore;
  verifier: TokenVerifier;
  /** Today, for the calendar's warning; default: the platform clock (movable in local mode). */
  now?: () => Date;
  /** What GET /v1/ready checks (platform/readiness.ts `resourceChecks`); none when absent. */
  readiness?: readonly ReadinessCheck[];
}

/** What every route module of identity is given: the function's dependencies and its helpers. */
export interface IdentityRouteContext extends IdentityDeps {
  /** Today (China Standard Time), for the calendar's warning. */
  today: () => string;
}

/**
 * Creates are idempotent under retry: repeating an identical POST returns the stored item with
 * 200 (the first one answers 201); the same code or id with different content is a 409.
 */
export const created = <T>(result: { item: T; created: boolean }, location: string) => ({
  status: result.created ? 201 : 200,
  body: result.item,
  headers: { location },
});
