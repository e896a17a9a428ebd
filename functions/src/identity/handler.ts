import {
  type CalendarStore,
  calendarStatus,
  calendarYearInputSchema,
  calendarYearParamSchema,
  createPrincipalSchema,
  createUnitSchema,
  type IdentityStore,
  principalIdSchema,
  registerPrincipal,
  registerUnit,
  requireUnit,
  saveCalendarYear,
  unitCodeSchema,
  updatePrincipalSchema,
} from '@govshare/domain/identity';
import { cstDay, ForbiddenError, NotFoundError, UnauthorizedError } from '@govshare/domain/kernel';
import { z } from 'zod';
import { devPublicJwk, signDevToken, type TokenVerifier, tokenVerifierFor } from '../platform/auth.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { type PlatformConfig, readFunctionConfig } from '../platform/config.ts';
import { httpFunction, route } from '../platform/http.ts';
import { telemetryFor } from '../platform/observability.ts';
import { identityFunctions } from './blueprint.ts';
import { dynamoCalendarStore } from './calendar-store.ts';
import { dynamoIdentityStore } from './identity-store.ts';
import { principalDirectory } from './index.ts';

const routes = identityFunctions.identity.routes;

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
};
const unitsQuery = z.strictObject({ parent: unitCodeSchema.optional(), ...pageQuery });
const usersQuery = z.strictObject({ unit: unitCodeSchema, ...pageQuery });
const unitParams = z.strictObject({ code: unitCodeSchema });
const devTokenBody = z.strictObject({ userId: principalIdSchema });
const yearParams = z.strictObject({ year: calendarYearParamSchema });

export interface IdentityDeps {
  config: PlatformConfig<'identity'>;
  store: IdentityStore;
  calendar: CalendarStore;
  verifier: TokenVerifier;
  /** Today, for the calendar's warning; default: the platform clock (movable in local mode). */
  now?: () => Date;
}

/**
 * Creates are idempotent under retry: repeating an identical POST returns the stored item with
 * 200 (the first one answers 201); the same code or id with different content is a 409.
 */
export function createIdentityHandler({ config, store, calendar, verifier, now }: IdentityDeps) {
  const today = () => cstDay(now ? now() : platformNow(config.mode));
  const created = <T>(result: { item: T; created: boolean }, location: string) => ({
    status: result.created ? 201 : 200,
    body: result.item,
    headers: { location },
  });

  return httpFunction(
    identityFunctions.identity,
    [
      route(routes.health, {
        handle: async () => ({ status: 200, body: { status: 'ok' } }),
      }),
      route(routes.me, {
        handle: async ({ caller }) => {
          if (!caller) throw new UnauthorizedError('A bearer token is required');
          const unit = await store.getUnit(caller.unit);
          return {
            status: 200,
            body: {
              subject: caller.subject,
              kind: caller.kind,
              roles: caller.roles,
              unit: unit
                ? { code: unit.code, name: unit.name, shortName: unit.shortName }
                : { code: caller.unit },
            },
          };
        },
      }),
      route(routes.devToken, {
        body: devTokenBody,
        maxBodyBytes: 1024,
        handle: async ({ body }) => {
          const principal = await store.getPrincipal(body.userId);
          if (!principal) throw new NotFoundError('No sample user or system has this id');
          if (principal.disabled) throw new ForbiddenError('This user or system is disabled');
          const { token, expiresIn } = await signDevToken(config.auth, principal);
          return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
        },
      }),
      route(routes.jwks, {
        handle: async () => {
          if (!config.auth.devSigningKey) throw new NotFoundError('No development issuer');
          return { status: 200, body: { keys: [await devPublicJwk(config.auth.devSigningKey)] } };
        },
      }),
      route(routes.listUnits, {
        query: unitsQuery,
        handle: async ({ query }) => ({
          status: 200,
          body: await store.listUnits({
            limit: query.limit,
            ...(query.parent ? { parentCode: query.parent } : {}),
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
        }),
      }),
      route(routes.createUnit, {
        body: createUnitSchema,
        handle: async ({ body }) => created(await registerUnit(store, body), `/v1/units/${body.code}`),
      }),
      route(routes.getUnit, {
        params: unitParams,
        handle: async ({ params }) => ({ status: 200, body: await requireUnit(store, params.code) }),
      }),
      route(routes.listUsers, {
        query: usersQuery,
        handle: async ({ query }) => {
          await requireUnit(store, query.unit);
          return {
            status: 200,
            body: await store.listPrincipals({
              unitCode: query.unit,
              limit: query.limit,
              ...(query.cursor ? { cursor: query.cursor } : {}),
            }),
          };
        },
      }),
      route(routes.createUser, {
        body: createPrincipalSchema,
        handle: async ({ body }) =>
          created(await registerPrincipal(store, body), `/v1/users?unit=${body.unitCode}`),
      }),
      route(routes.updateUser, {
        params: z.strictObject({ id: principalIdSchema }),
        body: updatePrincipalSchema,
        handle: async ({ params, body }) => ({
          status: 200,
          body: await store.updatePrincipal(params.id, body),
        }),
      }),
      route(routes.calendar, {
        handle: async () => {
          const years = await calendar.listYears();
          return {
            status: 200,
            body: calendarStatus(
              years.map((y) => y.year),
              today(),
            ),
          };
        },
      }),
      route(routes.listCalendarYears, {
        handle: async () => ({ status: 200, body: { items: await calendar.listYears() } }),
      }),
      route(routes.getCalendarYear, {
        params: yearParams,
        handle: async ({ params }) => {
          const year = await calendar.getYear(params.year);
          if (!year) throw new NotFoundError(`The working-day calendar holds no ${params.year}`);
          return { status: 200, body: year };
        },
      }),
      route(routes.putCalendarYear, {
        params: yearParams,
        body: calendarYearInputSchema,
        maxBodyBytes: 32 * 1024,
        handle: async ({ params, body, caller }) => {
          if (!caller) throw new UnauthorizedError('A bearer token is required');
          const saved = await saveCalendarYear(calendar, {
            year: params.year,
            input: body,
            actor: caller.subject,
            now: new Date(),
            fieldPrefix: 'body.',
          });
          return created(saved, `/v1/calendar/years/${params.year}`);
        },
      }),
    ],
    { config, verifier, ...telemetryFor('identity') },
  );
}

// Cold start: config validated (throws naming any missing variable), clients and keys prepared once.
const config = readFunctionConfig(identityFunctions.identity);

export const handler = createIdentityHandler({
  config,
  store: dynamoIdentityStore(dynamo(), config.tables.identity),
  calendar: dynamoCalendarStore(dynamo(), config.tables.identity),
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
});
