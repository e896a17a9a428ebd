import type { RouteSpec } from '@govshare/blueprint';
import type { BaseResourceDefinition } from '@govshare/domain/catalogue';
import { type IdentifierVerdict, NotFoundError, ValidationError } from '@govshare/domain/kernel';
import { MAX_PURPOSE_LENGTH } from '@govshare/domain/registry';
import * as z from 'zod';
import type { Caller } from '../../platform/auth.ts';
import { route } from '../../platform/http.ts';
import type { createQueryRunner } from '../query.ts';
import type { RegistryStore } from '../registry-store.ts';
import { recordResponse, runnerAnswer, verifyResponse } from '../schemas.ts';

/** What every route module of the registry is given: the audited query runner and the store. */
export interface RegistryRouteContext {
  run: ReturnType<typeof createQueryRunner>;
  store: RegistryStore;
  now: () => Date;
  /** A division of today (series are asked for by today's divisions). */
  isKnownRegion: (code: string) => boolean;
  /** A region code some GB/T 2260 list has held: identifiers keep the code they were issued under. */
  isIssuedRegion: (code: string) => boolean;
}

// Shapes only: identifiers are checked by the domain inside the audited query, so that a bad one
// is refused with the failed check named *and* recorded.
export const identifier = z.string().max(64);
export const purpose = z.string().max(MAX_PURPOSE_LENGTH).optional();
export const grant = z.string().min(1).max(100).optional();
export const items = z.string().max(500).optional();
export const lookupQuery = z.strictObject({ purpose, grant, items });

export const refuseIdentifier = (path: string, verdict: IdentifierVerdict) => {
  if (verdict.valid) return;
  throw new ValidationError(
    [{ path, message: `${verdict.failed}: ${verdict.reason}` }],
    `The identifier failed its ${verdict.failed} check`,
  );
};

export const unconditionalQuery = z.strictObject({ purpose });

/** What a query read from a GET route's query string tells the runner: purpose, grant, items. */
export const fromQueryString = (query: { purpose?: string; grant?: string; items?: string }) => ({
  purpose: query.purpose,
  purposePath: 'query.purpose',
  grantId: query.grant,
  items: query.items,
});

/** What the ID routes of one base database share: people by citizen ID, companies by credit code. */
export interface ById<R> {
  resource: BaseResourceDefinition;
  /** The identifier's name, in the route path and in verification bodies. */
  id: string;
  check: (path: string, id: string) => void;
  lookup: (id: string) => Promise<R | undefined>;
  /** What an answer may show of a record (schemas.ts). */
  view: z.ZodType;
}

/** The query of one record by its identifier (in `params` or `body`): all but what its route adds. */
const oneRecord = <R>(
  { resource, id, check, lookup }: ById<R>,
  at: 'params' | 'body',
  value: string,
  request: { caller: Caller | undefined; correlationId: string; purpose?: string; grant?: string },
) => ({
  resource,
  caller: request.caller,
  correlationId: request.correlationId,
  purpose: request.purpose,
  // An identifier in the path comes with its purpose in the query string.
  purposePath: at === 'params' ? 'query.purpose' : 'body.purpose',
  grantId: request.grant,
  subjects: [value],
  validate: () => check(`${at}.${id}`, value),
  lookup: () => lookup(value),
  charge: 1,
  records: (record: R | undefined) => (record ? 1 : 0),
});

/** GET one record by its identifier, with the granted items (sensitive ones masked unless granted). */
export const getById = <R extends object>(
  { run }: RegistryRouteContext,
  spec: RouteSpec,
  action: string,
  db: ById<R>,
  notFound: string,
) =>
  route(spec, {
    params: z.strictObject({ [db.id]: identifier }),
    query: lookupQuery,
    response: {
      status: 200,
      description: 'The granted items of the record, sensitive ones masked unless granted',
      body: runnerAnswer(recordResponse(db.view)),
    },
    handle: async ({ params, query, caller, correlationId }) => {
      const body = await run({
        ...oneRecord(db, 'params', params[db.id] as string, { caller, correlationId, ...query }),
        action,
        items: query.items,
        answer: (record, view) => {
          if (!record) throw new NotFoundError(notFound);
          return { record: view.show(record), items: view.items };
        },
      });
      return { status: 200, body };
    },
  });

/** POST a claim about one record; the answer is match / no match and nothing else. */
export const verifyById = <R, B extends Record<string, unknown> & { purpose?: string; grant?: string }>(
  { run }: RegistryRouteContext,
  spec: RouteSpec,
  action: string,
  db: ById<R>,
  bodySchema: z.ZodType<B>,
  comparedItems: readonly string[],
  matches: (record: R, body: B) => boolean,
) =>
  route(spec, {
    body: bodySchema,
    response: { status: 200, description: 'Whether the claim matches', body: runnerAnswer(verifyResponse) },
    handle: async ({ body, caller, correlationId }) => {
      const answer = await run({
        ...oneRecord(db, 'body', body[db.id] as string, { caller, correlationId, ...body }),
        action,
        comparedItems,
        // Not which part differs, not whether the ID exists.
        answer: (record) => ({ match: record !== undefined && matches(record, body) }),
      });
      return { status: 200, body: answer };
    },
  });
