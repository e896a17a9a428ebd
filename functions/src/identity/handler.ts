import { cstDay } from '@govshare/domain/kernel';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, dynamoBase } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { telemetryFor } from '../platform/observability.ts';
import { describeTableProbe, resourceChecks } from '../platform/readiness.ts';
import { identityFunctions } from './blueprint.ts';
import { dynamoCalendarStore } from './calendar-store.ts';
import { dynamoIdentityStore } from './identity-store.ts';
import { principalDirectory } from './index.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { devIssuerRoutes } from './routes/dev-issuer.ts';
import { directoryRoutes } from './routes/directory.ts';
import type { IdentityDeps, IdentityRouteContext } from './routes/shared.ts';

export type { IdentityDeps } from './routes/shared.ts';

/** Identity's HTTP function: the directory, the development issuer, the working-day calendar. */
export function createIdentityHandler(deps: IdentityDeps) {
  const context: IdentityRouteContext = {
    ...deps,
    today: () => cstDay(deps.now ? deps.now() : platformNow(deps.config.mode)),
  };
  return httpFunction(
    identityFunctions.identity,
    [...directoryRoutes(context), ...devIssuerRoutes(context), ...calendarRoutes(context)],
    { config: deps.config, verifier: deps.verifier, ...telemetryFor('identity') },
  );
}

// Cold start: config validated (throws naming any missing variable), clients and keys prepared once.
const config = readFunctionConfig(identityFunctions.identity);

export const handler = createIdentityHandler({
  config,
  store: dynamoIdentityStore(dynamo(), config.tables.identity),
  calendar: dynamoCalendarStore(dynamo(), config.tables.identity),
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  readiness: resourceChecks(config, { table: describeTableProbe(dynamoBase()) }),
});
