import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { govshare } from '@govshare/blueprint';
import type { DescribedFunction, OpenApiDocument } from '@govshare/functions/platform/openapi.ts';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  DOCUMENT_FILE,
  describeFunctions,
  generatedFiles,
  REPO_ROOT,
  SCHEMA_FILE,
} from '../../../packages/client/src/openapi-document.ts';

type Parameter = { name: string; in: string; required: boolean; schema: Record<string, unknown> };
type Operation = {
  operationId: string;
  tags: string[];
  security?: unknown[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
};

let functions: DescribedFunction[];
let files: Record<string, string>;
let document: OpenApiDocument;
const operation = (method: string, path: string) =>
  (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

beforeAll(async () => {
  functions = await describeFunctions();
  files = await generatedFiles();
  document = JSON.parse(files[DOCUMENT_FILE] as string) as OpenApiDocument;
}, 120_000);

const httpRoutes = () =>
  Object.entries(govshare.functions).flatMap(([fn, spec]) =>
    spec.kind === 'http' ? Object.entries(spec.routes).map(([name, route]) => ({ fn, name, route })) : [],
  );

describe('the OpenAPI document', () => {
  it('has an operation for every route of every function of the blueprint, named as the blueprint names it', () => {
    const missing = httpRoutes()
      .filter(({ name, route }) => operation(route.method, route.path)?.operationId !== name)
      .map(({ fn, name, route }) => `${fn}.${name}: ${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    const count = Object.values(document.paths).reduce(
      (sum, methods) => sum + Object.keys(methods).length,
      0,
    );
    expect(count).toBe(httpRoutes().length);
    for (const { fn, route } of httpRoutes()) expect(operation(route.method, route.path)?.tags).toEqual([fn]);
  });

  it('gives each operation the input schemas its handler validates with: path, query and body', () => {
    const lacking: string[] = [];
    for (const fn of functions) {
      for (const definition of fn.served) {
        const { method, path } = definition.spec;
        const where = `${method} ${path}`;
        const op = operation(method, path);
        if (!op) {
          lacking.push(`${where}: no operation`);
          continue;
        }
        const named = (place: string) => op.parameters.filter((p) => p.in === place).map((p) => p.name);
        for (const [, variable] of path.matchAll(/\{([^}]+)\}/g)) {
          if (!named('path').includes(variable as string))
            lacking.push(`${where}: path parameter ${variable}`);
        }
        const paramsShape = definition.params ? Object.keys(shapeOf(definition.params)) : [];
        for (const name of paramsShape) {
          const declared = op.parameters.find((p) => p.in === 'path' && p.name === name);
          if (!declared || Object.keys(declared.schema).length === 0)
            lacking.push(`${where}: params.${name}`);
        }
        if (definition.query) {
          for (const name of Object.keys(shapeOf(definition.query))) {
            if (!named('query').includes(name)) lacking.push(`${where}: query.${name}`);
          }
        }
        if (definition.body && !op.requestBody?.content['application/json']?.schema) {
          lacking.push(`${where}: request body`);
        }
        if (definition.spec.idempotent && !named('header').includes('Idempotency-Key')) {
          lacking.push(`${where}: Idempotency-Key`);
        }
      }
    }
    expect(lacking).toEqual([]);
  });

  it('says which routes need no token, and refuses with problem+json as the platform does', () => {
    for (const { route } of httpRoutes()) {
      const op = operation(route.method, route.path) as Operation;
      if (route.access === 'public') expect(op.security).toEqual([]);
      else {
        expect(op.security).toBeUndefined();
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Problem401' });
      }
      expect(op.responses['400']).toEqual({ $ref: '#/components/responses/Problem400' });
    }
    expect(document.security).toEqual([{ bearer: [] }]);
    const responses = document.components.responses as Record<
      string,
      { content: Record<string, { schema: unknown }> }
    >;
    expect(responses.Problem400?.content['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
  });

  it('carries the enums and the response schemas routes declare', () => {
    const register = operation('POST', '/v1/catalogue/resources')?.requestBody?.content['application/json']
      ?.schema as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(register.required).toEqual(
      expect.arrayContaining(['code', 'name', 'category', 'items', 'shareType']),
    );
    expect(register.properties.category?.enum).toEqual(['base', 'thematic', 'departmental']);
    const declared = functions.flatMap((fn) => fn.served.filter((d) => d.response?.body));
    expect(declared.length).toBeGreaterThanOrEqual(4);
    for (const definition of declared) {
      const op = operation(definition.spec.method, definition.spec.path) as Operation;
      expect(op.responses[String(definition.response.status)]).toMatchObject({
        content: { [definition.response.contentType ?? 'application/json']: { schema: expect.any(Object) } },
      });
    }
  });

  it('describes what every route answers when it succeeds: its status and the schema of its body', () => {
    const lacking: string[] = [];
    for (const { route } of httpRoutes()) {
      const op = operation(route.method, route.path);
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      const described = success.some(([, response]) =>
        Object.values((response as { content?: Record<string, { schema?: object }> }).content ?? {}).some(
          (media) => media.schema && Object.keys(media.schema).length > 0,
        ),
      );
      if (!described) lacking.push(`${route.method} ${route.path}`);
    }
    expect(lacking).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(document) as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is what is committed, and so are the client types generated from it (npm run openapi)', () => {
    for (const path of [DOCUMENT_FILE, SCHEMA_FILE]) {
      const committed = readFileSync(join(REPO_ROOT, path), 'utf8');
      expect(committed, `${path} is out of date: run npm run openapi`).toBe(files[path]);
    }
  });
});

/** The fields of an object schema (through pipes and transforms). */
function shapeOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
  };
  return json.properties ?? {};
}
