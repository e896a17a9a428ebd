import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { checkCitizenId, type FieldIssue, ValidationError } from '@govshare/domain/kernel';
import type { Person } from '@govshare/domain/registry';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { registryFunctions } from '../blueprint.ts';
import { peopleBatchResponse, personView, runnerAnswer } from '../schemas.ts';
import {
  type ById,
  getById,
  grant,
  identifier,
  purpose,
  type RegistryRouteContext,
  refuseIdentifier,
  verifyById,
} from './shared.ts';

const routes = registryFunctions.registry.routes;

export const MAX_BATCH = 100;

const batchBody = z.strictObject({
  ids: z.array(identifier).max(10_000),
  purpose,
  grant,
  items: z.array(z.string().max(50)).max(50).optional(),
});
const verifyPersonBody = z.strictObject({
  citizenId: identifier,
  name: z.string().min(1).max(50),
  purpose,
  grant,
});

/** 人口: a person by citizen ID, up to 100 at once, and whether an ID and a name belong together. */
export function peopleRoutes(ctx: RegistryRouteContext): RouteDefinition[] {
  const { store, isIssuedRegion } = ctx;
  const people: ById<Person> = {
    resource: BASE_RESOURCES.population,
    id: 'citizenId',
    check: (path, id) =>
      refuseIdentifier(path, checkCitizenId(id, { isKnownRegion: isIssuedRegion, today: ctx.now() })),
    lookup: (id) => store.person(id),
    view: personView,
  };
  return [
    getById(ctx, routes.person, 'registry.population.get', people, 'No person has this citizen ID'),
    route(routes.peopleBatch, {
      response: {
        status: 200,
        description: 'Each ID asked for, in order: found (with its granted items) or not',
        body: runnerAnswer(peopleBatchResponse),
      },
      body: batchBody,
      maxBodyBytes: 64 * 1024,
      handle: async ({ body, caller, correlationId }) => {
        const answer = await ctx.run({
          action: 'registry.population.batch',
          resource: BASE_RESOURCES.population,
          caller,
          correlationId,
          purpose: body.purpose,
          purposePath: 'body.purpose',
          grantId: body.grant,
          items: body.items?.join(','),
          subjects: body.ids,
          validate: () => {
            if (body.ids.length === 0 || body.ids.length > MAX_BATCH) {
              throw new ValidationError([
                {
                  path: 'body.ids',
                  message: `holds ${body.ids.length} IDs; a batch holds 1 to ${MAX_BATCH}`,
                },
              ]);
            }
            const issues: FieldIssue[] = [];
            body.ids.forEach((id, index) => {
              const verdict = checkCitizenId(id, { isKnownRegion: isIssuedRegion, today: ctx.now() });
              if (!verdict.valid) {
                issues.push({ path: `body.ids.${index}`, message: `${verdict.failed}: ${verdict.reason}` });
              }
            });
            if (issues.length > 0) throw new ValidationError(issues, 'Some identifiers failed their checks');
          },
          lookup: () => store.people(body.ids),
          charge: body.ids.length,
          records: (found) => body.ids.filter((id) => found.has(id)).length,
          answer: (found, view) => ({
            items: view.items,
            // In request order; a duplicate ID is answered at each place it was asked.
            results: body.ids.map((id) => {
              const person = found.get(id);
              return person ? { id, found: true, record: view.show(person) } : { id, found: false };
            }),
          }),
        });
        return { status: 200, body: answer };
      },
    }),
    verifyById(
      ctx,
      routes.verifyPerson,
      'registry.population.verify',
      people,
      verifyPersonBody,
      ['citizenId', 'name'],
      (person, body) => person.name === body.name.trim(),
    ),
  ];
}
