import {
  checkSealedPackage,
  type SealedPackage,
  sealedPackageOf,
  sealedPackageSchema,
  sealedPackageSha256,
  sealingUnitOf,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import { ConflictError, NotFoundError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { exchangeFunctions } from '../blueprint.ts';
import {
  getSealResponse,
  listSealKeysResponse,
  rotateSealKeyResponse,
  verifySealResponse,
} from '../schemas.ts';
import { actorOf, auditor, type ExchangeRouteContext, readableDocument } from './context.ts';
import { documentParams, pageQuery, unitParams } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const keysQuery = z.strictObject({ unit: unitCodeSchema.optional(), ...pageQuery });

/**
 * 电子印章: a document's sealed form (to verify offline), verifying one against the published keys,
 * the published keys themselves (a public route), and rotating a unit's key.
 */
export function sealRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { sealKeys, now } = context;
  const audit = auditor(context);

  return [
    route(routes.getSeal, {
      response: { status: 200, body: getSealResponse },
      params: documentParams,
      handle: async ({ params, caller }) => {
        const document = await readableDocument(context, params.id, actorOf(caller));
        if (!document.seal) {
          throw new ConflictError(
            `Document ${document.id} is ${document.state}: it is sealed with its last sign-off`,
          );
        }
        const sealed = sealedPackageOf(document);
        const unit = sealingUnitOf(sealed);
        return {
          status: 200,
          body: {
            documentId: document.id,
            ...(document.number ? { number: document.number.normalised } : {}),
            sealedSha256: sealedPackageSha256(sealed),
            key: { unit, keyId: sealed.seal.keyId, algorithm: sealed.seal.algorithm },
            keys: `/v1/exchange/seal-keys?unit=${unit}`,
            sealed,
          },
        };
      },
    }),

    route(routes.verifySeal, {
      response: { status: 200, body: verifySealResponse },
      body: sealedPackageSchema,
      maxBodyBytes: 4 * 1024 * 1024,
      handle: async ({ body }) => {
        const sealed = body as SealedPackage;
        const keys = await sealKeys.keysOf(sealingUnitOf(sealed));
        return {
          status: 200,
          body: { ...checkSealedPackage(sealed, keys), sealedSha256: sealedPackageSha256(sealed) },
        };
      },
    }),

    route(routes.listSealKeys, {
      response: { status: 200, body: listSealKeysResponse },
      query: keysQuery,
      handle: async ({ query }) => {
        if (query.unit) return { status: 200, body: { items: await sealKeys.keysOf(query.unit) } };
        return {
          status: 200,
          body: await sealKeys.list({
            limit: query.limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
        };
      },
    }),

    route(routes.rotateSealKey, {
      response: { status: 200, body: rotateSealKeyResponse },
      params: unitParams,
      handle: async ({ params, caller, correlationId }) => {
        if (!(await context.directory.unit(params.unit))) throw new NotFoundError('No unit has this code');
        const rotated = await sealKeys.rotate(params.unit, now());
        await audit({
          action: 'exchange.seal-key.rotate',
          caller,
          correlationId,
          at: rotated.current.validFrom,
          subject: rotated.current.keyId,
          unit: params.unit,
          items: [
            `key:${rotated.current.keyId}`,
            ...(rotated.previous ? [`ended:${rotated.previous.keyId}`] : []),
          ],
        });
        return { status: 200, body: rotated };
      },
    }),
  ];
}
