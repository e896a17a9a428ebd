import { randomBytes, randomUUID } from 'node:crypto';
import {
  ClassifiedDocumentError,
  type PaperDocument,
  paperRegistrationSchema,
  registerPaperDocument,
  sequenceGaps,
} from '@govshare/domain/exchange';
import { unitCodeSchema } from '@govshare/domain/identity';
import { type FieldIssue, UnprocessableError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { type RouteDefinition, route } from '../../platform/http.ts';
import { problemType } from '../../platform/problem.ts';
import { exchangeFunctions } from '../blueprint.ts';
import type { RecipientList } from '../recipient-lists.ts';
import {
  createRecipientListResponse,
  listRecipientListsResponse,
  numberGapsResponse,
  registerPaperResponse,
} from '../schemas.ts';
import { actorOf, auditor, type ExchangeRouteContext } from './context.ts';
import { pageQuery } from './shapes.ts';

const routes = exchangeFunctions.exchange.routes;

const listBody = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lower-case letters, digits or dashes')
    .optional(),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  units: z
    .array(unitCodeSchema)
    .min(1, 'must name at least one unit')
    .max(1000)
    .refine((units) => new Set(units).size === units.length, 'must not repeat a unit'),
});
const listsQuery = z.strictObject(pageQuery);
const numbersParams = z.strictObject({
  issuerCode: z.string().regex(/^[\p{Script=Han}A-Za-z]{1,24}$/u, 'must be a 机关代字, e.g. 商政办发'),
  year: z.coerce.number().int().min(1949).max(2199),
});

/** Registers kept beside the documents: saved recipient lists, the numbers used, papers received. */
export function registerRoutes(context: ExchangeRouteContext): RouteDefinition[] {
  const { recipientLists, numbers, paperDocuments, directory, now } = context;
  const audit = auditor(context);

  return [
    route(routes.createRecipientList, {
      response: { status: 201, body: createRecipientListResponse },
      body: listBody,
      handle: async ({ body, caller }) => {
        const actor = actorOf(caller);
        const issues: FieldIssue[] = [];
        await Promise.all(
          body.units.map(async (code, index) => {
            const unit = await directory.unit(code);
            if (!unit) issues.push({ path: `body.units.${index}`, message: 'is no unit of the directory' });
            else if (unit.dissolved)
              issues.push({ path: `body.units.${index}`, message: 'is a dissolved unit' });
          }),
        );
        if (issues.length > 0) {
          throw new UnprocessableError(
            issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
            'The list names units that cannot receive documents',
          );
        }
        const list: RecipientList = {
          id: body.id ?? `list-${randomBytes(5).toString('hex')}`,
          unit: actor.unit,
          name: body.name,
          units: body.units,
          createdBy: actor.subject,
          createdAt: now().toISOString(),
        };
        await recipientLists.create(list);
        return { status: 201, headers: { location: '/v1/exchange/recipient-lists' }, body: list };
      },
    }),

    route(routes.listRecipientLists, {
      response: { status: 200, body: listRecipientListsResponse },
      query: listsQuery,
      handle: async ({ query, caller }) => ({
        status: 200,
        body: await recipientLists.listOf(actorOf(caller).unit, {
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      }),
    }),

    route(routes.numberGaps, {
      response: { status: 200, body: numberGapsResponse },
      params: numbersParams,
      handle: async ({ params }) => {
        const used = await numbers.used(params);
        const [gaps] = sequenceGaps(used.map((sequence) => ({ ...params, sequence })));
        return {
          status: 200,
          body: {
            issuerCode: params.issuerCode,
            year: params.year,
            used,
            highest: gaps?.highest ?? 0,
            missing: gaps?.missing ?? [],
          },
        };
      },
    }),

    route(routes.registerPaper, {
      response: { status: 201, body: registerPaperResponse },
      body: paperRegistrationSchema,
      handle: async ({ body, caller, correlationId }) => {
        let paper: PaperDocument;
        try {
          paper = registerPaperDocument({
            id: randomUUID(),
            input: body,
            actor: actorOf(caller),
            now: now(),
          });
        } catch (error) {
          // Only the fact of a classified refusal is kept, never its number or title.
          if (error instanceof ClassifiedDocumentError) {
            await audit({
              action: 'exchange.paper.register',
              caller,
              correlationId,
              at: now().toISOString(),
              items: [`classified-by:${error.source}`],
              outcome: 'refused',
              problemType: problemType(error.slug),
            });
          }
          throw error;
        }
        await paperDocuments.register(paper);
        await audit({
          action: 'exchange.paper.register',
          caller,
          correlationId,
          at: paper.registeredAt,
          subject: paper.id,
          unit: paper.unit,
          items: [`number:${paper.number.normalised}`],
        });
        return { status: 201, body: paper };
      },
    }),
  ];
}
