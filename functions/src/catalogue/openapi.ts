import { govshare } from '@govshare/blueprint';
import { resourceSchema } from '@govshare/domain/catalogue';
import { z } from 'zod';
import {
  codeParams,
  dcatQuery,
  editBody,
  listQuery,
  publishBody,
  registerBody,
  searchQuery,
  staleQuery,
  versionParams,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 document of the catalogue routes: paths, summaries and access from the blueprint,
 * request schemas from the same zod schemas the routes validate with (z.toJSONSchema), so the
 * document cannot drift from what the API accepts.
 */
type Schemas = { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };

const INPUTS: Record<string, Schemas> = {
  'POST /v1/catalogue/resources': { body: registerBody },
  'GET /v1/catalogue/resources': { query: listQuery },
  'GET /v1/catalogue/resources/{code}': { params: codeParams },
  'PUT /v1/catalogue/resources/{code}': { params: codeParams, body: editBody },
  'POST /v1/catalogue/resources/{code}/publish': { params: codeParams, body: publishBody },
  'GET /v1/catalogue/resources/{code}/versions': { params: codeParams },
  'GET /v1/catalogue/resources/{code}/versions/{version}': { params: versionParams },
  'GET /v1/catalogue/search': { query: searchQuery },
  'GET /v1/catalogue/stale': { query: staleQuery },
  'GET /v1/catalogue/dcat': { query: dcatQuery },
  'GET /v1/catalogue/openapi.json': {},
};

const inputSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };

const parameters = (where: 'query' | 'path', schema: z.ZodType | undefined) => {
  if (!schema) return [];
  const json = inputSchema(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: where === 'path' ? { type: 'string' } : property,
    ...(where === 'path' && name === 'code'
      ? {
          description:
            'Resource code with its slash written as a dash (101-000001) or encoded (101%2F000001)',
        }
      : {}),
  }));
};

const problem = { description: 'Problem (RFC 9457)', content: { 'application/problem+json': {} } };

let cached: unknown;

export function catalogueOpenApi() {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of Object.values(govshare.functions.catalogue.routes)) {
    const inputs = INPUTS[`${spec.method} ${spec.path}`] ?? {};
    const operation = {
      summary: spec.summary,
      ...(spec.access === 'public' ? { security: [] } : {}),
      ...(Array.isArray(spec.access) ? { 'x-govshare-roles': spec.access } : {}),
      parameters: [...parameters('path', inputs.params), ...parameters('query', inputs.query)],
      ...(inputs.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: inputSchema(inputs.body) } },
            },
          }
        : {}),
      responses: {
        '200': {
          description: 'OK',
          content: {
            [spec.path === '/v1/catalogue/dcat' ? 'application/ld+json' : 'application/json']: {
              ...(spec.path.startsWith('/v1/catalogue/resources/{code}') && !spec.path.endsWith('/versions')
                ? { schema: { $ref: '#/components/schemas/Resource' } }
                : {}),
            },
          },
        },
        ...(spec.method === 'POST' && spec.path === '/v1/catalogue/resources'
          ? {
              '201': {
                description: 'Registered as a draft',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Resource' } } },
              },
            }
          : {}),
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
        '409': problem,
      },
    };
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'govshare catalogue',
      version: '1.0.0',
      description: 'The shared catalogue of information resources',
    },
    paths,
    components: {
      schemas: { Resource: z.toJSONSchema(resourceSchema, { io: 'output', unrepresentable: 'any' }) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
  };
  return cached;
}
