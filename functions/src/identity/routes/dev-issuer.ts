import { ForbiddenError, NotFoundError } from '@govshare/domain/kernel';
import { devPublicJwk, signDevToken } from '../../platform/auth.ts';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { identityFunctions } from '../blueprint.ts';
import { samplePrincipals, sampleUnits } from '../sample-directory.ts';
import { devTokenResponse, devUsersResponse, jwksResponse } from '../schemas.ts';
import { devTokenBody, type IdentityRouteContext } from './shared.ts';

const routes = identityFunctions.identity.routes;

/** The local development issuer: tokens for sample users, and its public key (local mode only). */
export function devIssuerRoutes({ config, store }: IdentityRouteContext): RouteDefinition[] {
  return [
    route(routes.devToken, {
      response: { status: 200, description: 'A token for the sample user or system', body: devTokenResponse },
      body: devTokenBody,
      maxBodyBytes: 1024,
      handle: async ({ body }) => {
        const principal = await store.getPrincipal(body.userId);
        if (!principal) throw new NotFoundError('No sample user or system has this id');
        if (principal.disabled) throw new ForbiddenError('This user or system is disabled');
        const { token, expiresIn } = await signDevToken(config.auth, principal);
        return {
          status: 200,
          body: { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn },
        };
      },
    }),
    route(routes.devUsers, {
      response: {
        status: 200,
        description: 'The sample people, in the directory order',
        body: devUsersResponse,
      },
      handle: async () => ({ status: 200, body: { items: sampleSignIns() } }),
    }),
    route(routes.jwks, {
      response: { status: 200, description: "The development issuer's public key", body: jwksResponse },
      handle: async () => {
        if (!config.auth.devSigningKey) throw new NotFoundError('No development issuer');
        return { status: 200, body: { keys: [await devPublicJwk(config.auth.devSigningKey)] } };
      },
    }),
  ];
}

/** People only: systems call the API with tokens of their own, never through the console. */
function sampleSignIns() {
  const unitNames = new Map(sampleUnits.map((unit) => [unit.code, unit.name]));
  return samplePrincipals
    .filter((principal) => principal.kind === 'person' && !principal.disabled)
    .map(({ id, name, roles, unitCode }) => ({
      id,
      name,
      roles: [...roles],
      unit: { code: unitCode, name: unitNames.get(unitCode) ?? unitCode },
    }));
}
