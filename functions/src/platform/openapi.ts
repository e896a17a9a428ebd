import { readFile } from 'node:fs/promises';
import type { RouteSpec } from '@govshare/blueprint';
import * as z from 'zod';
import type { RouteDefinition, RouteResponse } from './http.ts';
import { problemType } from './problem.ts';

/**
 * The OpenAPI 3.1 document of the whole API, built from the blueprint (paths, names, summaries, who
 * may call each route) and the route definitions the handlers serve (the zod schemas they validate
 * with), so it cannot drift from what the API accepts. Built by `npm run openapi`
 * (packages/client/src/openapi-document.ts), which writes it to openapi.json beside this module; the functions
 * serve that file (`publishedOpenApi`), so no function loads every context to answer it, and a unit
 * test fails when the file is not what the handlers would generate now.
 */

export interface DescribedFunction {
  /** The function's name in the blueprint: the operations' tag. */
  name: string;
  description: string;
  routes: Readonly<Record<string, RouteSpec>>;
  /** What its handler gave `httpFunction` (routesServedBy). */
  served: readonly RouteDefinition[];
}

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const PROBLEM_CONTENT = 'application/problem+json';

/** RFC 9457 problem details as platform/problem.ts sends them. */
const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'correlationId'],
  properties: {
    type: { type: 'string', format: 'uri', examples: [problemType('validation')] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: {
      type: 'string',
      description: 'Also in the x-correlation-id header; quote it when reporting',
    },
    errors: {
      type: 'array',
      description: 'Each offending field (400, 422)',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'e.g. body.parentCode, query.limit, params.code' },
          message: { type: 'string' },
        },
      },
    },
    resetsAt: {
      type: 'string',
      format: 'date-time',
      description: 'When a used-up quota is available again (429)',
    },
  },
  additionalProperties: true,
} as const;

/** The refusals the platform gives, by status (platform/problem.ts), as reusable responses. */
const PROBLEMS = {
  '400': 'Invalid request: each offending field is named (path, query, header or body)',
  '401': 'No valid bearer token, or a subject the directory does not know or has disabled',
  '403': "The caller's roles or unit do not allow this",
  '404': 'No such route, or nothing with this identifier',
  '409': 'Conflict with the current state (a version changed, a transition not allowed)',
  '413': 'The body is larger than the route allows',
  '415': 'The body must be sent as application/json',
  '422': 'Well-formed, but names what cannot be used (or an Idempotency-Key reused with another body)',
  '429': 'A quota or rate limit is used up (Retry-After says for how long)',
  '503': 'Not available now (a dependency, or a year the working-day calendar does not hold yet)',
} as const;
type ProblemStatus = keyof typeof PROBLEMS;

const problemRef = (status: ProblemStatus) => ({ $ref: `#/components/responses/Problem${status}` });

/** Which refusals a route can meet, from what the platform does before and around its code. */
function problemsOf(spec: RouteSpec, definition: RouteDefinition): ProblemStatus[] {
  const statuses: ProblemStatus[] = ['400', '404'];
  if (spec.access !== 'public') statuses.push('401', '403', '429');
  if (spec.method !== 'GET') statuses.push('409', '422');
  if (definition.body) statuses.push('413', '415');
  statuses.push('503');
  return [...new Set(statuses)].sort();
}

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Definitions zod puts in `$defs`
 * (recursive or named schemas) are moved to components.schemas, since `#/$defs/…` would resolve
 * against the document's root.
 */
function jsonSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output',
  owner: string,
  components: Record<string, JsonSchema>,
): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...json
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as {
    $schema?: string;
    $defs?: Record<string, JsonSchema>;
  } & JsonSchema;
  if (!$defs) return json;
  // A schema named with .meta({ id }) (a domain type many routes answer with) is one component under
  // that name; zod's own names (__schema0, for recursion) are the owner's.
  const renamed = new Map(
    Object.keys($defs).map((name) => [
      name,
      (name.startsWith('__schema') ? `${owner}.${name}` : name).replace(/[^\w.-]/g, '_'),
    ]),
  );
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const target = renamed.get(inner.slice('#/$defs/'.length)) ?? inner;
          return [key, `#/components/schemas/${target}`];
        }
        return [key, rewrite(inner)];
      }),
    );
  };
  for (const [name, definition] of Object.entries($defs)) {
    const target = renamed.get(name) as string;
    const json = rewrite(definition) as JsonSchema;
    const existing = components[target];
    if (existing && JSON.stringify(existing) !== JSON.stringify(json)) {
      throw new Error(`Two different schemas are both named ${target} (.meta id): rename one`);
    }
    components[target] = json;
  }
  return rewrite(json) as JsonSchema;
}

/** A declared response body: inline, or once among the components under the name it gives. */
function responseSchemaOf(
  response: RouteResponse & { body: z.ZodType },
  operationId: string,
  components: Record<string, JsonSchema>,
): JsonSchema {
  if (!response.name) return jsonSchemaOf(response.body, 'output', `${operationId}.response`, components);
  components[response.name] ??= jsonSchemaOf(response.body, 'output', response.name, components);
  return { $ref: `#/components/schemas/${response.name}` };
}

const PATH_VARIABLE = /\{([^}]+)\}/g;

function parametersOf(
  spec: RouteSpec,
  definition: RouteDefinition,
  owner: string,
  components: Record<string, JsonSchema>,
) {
  const parameters: Record<string, unknown>[] = [];
  const paramsJson = definition.params
    ? (jsonSchemaOf(definition.params, 'input', `${owner}.params`, components) as {
        properties?: Record<string, JsonSchema>;
      })
    : {};
  for (const [, name] of spec.path.matchAll(PATH_VARIABLE)) {
    const property = paramsJson.properties?.[name as string];
    parameters.push({
      name,
      in: 'path',
      required: true,
      // A path segment is text before the schema coerces it; the schema's own constraints still apply.
      schema: property ?? { type: 'string' },
      ...(property?.description ? { description: property.description } : {}),
    });
  }
  if (definition.query) {
    const json = jsonSchemaOf(definition.query, 'input', `${owner}.query`, components) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: (json.required ?? []).includes(name),
        schema: property,
        ...(property.description ? { description: property.description } : {}),
      });
    }
  }
  if (spec.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A retry with the same key gets the first answer and creates nothing twice; the same key with another body is a 422',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
    });
  }
  return parameters;
}

function accessText(spec: RouteSpec): string {
  if (spec.access === 'public') return 'Public: no token needed.';
  if (spec.access === 'authenticated') return 'Any authenticated caller.';
  return `Roles: ${spec.access.join(', ')}.`;
}

function operationOf(
  fn: DescribedFunction,
  name: string,
  spec: RouteSpec,
  definition: RouteDefinition,
  components: Record<string, JsonSchema>,
): Operation {
  const success = definition.response;
  const described = {
    description: success.description ?? spec.summary,
    ...(success.body
      ? {
          content: {
            [success.contentType ?? 'application/json']: {
              schema: responseSchemaOf({ ...success, body: success.body }, name, components),
            },
          },
        }
      : {}),
  };
  const responses: Record<string, unknown> = {};
  for (const status of [success.status, ...(success.alsoStatus ?? [])]) responses[String(status)] = described;
  for (const status of problemsOf(spec, definition)) responses[status] = problemRef(status);
  responses.default = { $ref: '#/components/responses/ProblemDefault' };
  return {
    operationId: name,
    summary: spec.summary,
    description: `${accessText(spec)}${spec.localOnly ? ' Served by the local runtime only (development issuer); never deployed.' : ''}`,
    tags: [fn.name],
    ...(spec.access === 'public' ? { security: [] } : {}),
    ...(Array.isArray(spec.access) ? { 'x-govshare-roles': [...spec.access] } : {}),
    ...(spec.localOnly ? { 'x-govshare-local-only': true } : {}),
    parameters: parametersOf(spec, definition, name, components),
    ...(definition.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: jsonSchemaOf(definition.body, 'input', `${name}.body`, components),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The document, with a stable order: functions and routes as the blueprint lists them. */
export function openApiDocument(functions: readonly DescribedFunction[], info: { version: string }) {
  const paths: Record<string, Record<string, Operation>> = {};
  const schemas: Record<string, JsonSchema> = { Problem: problemSchema };
  const operationIds = new Map<string, string>();
  for (const fn of functions) {
    const bySpec = new Map(fn.served.map((definition) => [definition.spec, definition]));
    for (const [name, spec] of Object.entries(fn.routes)) {
      const definition = bySpec.get(spec);
      if (!definition) throw new Error(`${fn.name}: ${spec.method} ${spec.path} (${name}) is not served`);
      const other = operationIds.get(name);
      if (other)
        throw new Error(
          `Route name ${name} is used by both ${other} and ${fn.name}: operationIds must be unique`,
        );
      operationIds.set(name, fn.name);
      paths[spec.path] = {
        ...paths[spec.path],
        [spec.method.toLowerCase()]: operationOf(fn, name, spec, definition, schemas),
      };
    }
  }
  const problemResponses = Object.fromEntries(
    (Object.entries(PROBLEMS) as [ProblemStatus, string][]).map(([status, description]) => [
      `Problem${status}`,
      { description, content: { [PROBLEM_CONTENT]: { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'govshare',
      version: info.version,
      description:
        'Data sharing, official document exchange and e-government project pre-review between government units. ' +
        "Every route needs a bearer token unless it says otherwise; the caller's unit and roles are the directory's. " +
        'Errors are application/problem+json (RFC 9457), naming each offending field.',
    },
    tags: functions.map((fn) => ({ name: fn.name, description: fn.description })),
    paths,
    components: {
      schemas,
      responses: {
        ...problemResponses,
        ProblemDefault: {
          description: 'Any other refusal or failure (500: quote the correlation id)',
          content: { [PROBLEM_CONTENT]: { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token of the deployment's issuer (Cognito or OIDC); locally POST /v1/dev/token. It names a subject only: unit and roles are the directory's.",
        },
      },
    },
    security: [{ bearer: [] }],
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

/** The document as a route answers it; its parts are OpenAPI's own (see the specification). */
export const openApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

let published: Promise<OpenApiDocument> | undefined;

/**
 * The generated document (openapi.json), read on the first request that asks for it. A file beside
 * the module (infra copies it beside each bundle), not an import: esbuild would inline it, and every
 * cold start of the functions serving it would parse it.
 */
export const publishedOpenApi = (): Promise<OpenApiDocument> => {
  published ??= readFile(new URL('./openapi.json', import.meta.url), 'utf8').then(
    (text) => JSON.parse(text) as OpenApiDocument,
  );
  return published;
};
