import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createGovshareClient } from '@govshare/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCUMENT_FILE,
  describeFunctions,
  REPO_ROOT,
} from '../../../packages/client/src/openapi-document.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../packages/local/src/aws.ts';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/** Readiness beside liveness, and the platform's OpenAPI document with the client generated from it. */
let local: TestPlatform;

beforeAll(async () => {
  local = await startTestPlatform('ready');
});

afterAll(async () => {
  await local?.stop();
});

describe('GET /v1/ready and the OpenAPI document on the local platform', () => {
  it('serves the generated document without a token, at /v1/openapi.json and at the catalogue’s old address', async () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, DOCUMENT_FILE), 'utf8'));
    const platform = await local.request('GET', '/v1/openapi.json');
    expect(platform.status).toBe(200);
    expect(platform.json).toEqual(committed);
    const catalogue = await local.request('GET', '/v1/catalogue/openapi.json');
    expect(catalogue.status).toBe(200);
    expect(catalogue.json).toEqual(committed);
    // The catalogue's routes are there as they were: search's parameters, the registration's enums.
    const search = catalogue.json.paths['/v1/catalogue/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'category', 'cursor']),
    );
    const register =
      catalogue.json.paths['/v1/catalogue/resources'].post.requestBody.content['application/json'].schema;
    expect(register.properties.category.enum).toEqual(['base', 'thematic', 'departmental']);
  });

  it('answers through the typed client: data on success, the problem+json body on a refusal', async () => {
    const client = createGovshareClient(local.platform.apiUrl, await local.tokenFor('egov-admin'));
    const me = await client.GET('/v1/me');
    expect(me.response.status).toBe(200);
    expect(me.data?.subject).toBe('egov-admin');
    const unit = await client.GET('/v1/units/{code}', { params: { path: { code: '611000204' } } });
    expect(unit.data?.code).toBe('611000204');
    const refused = await createGovshareClient(local.platform.apiUrl).GET('/v1/me');
    expect(refused.response.status).toBe(401);
    expect(refused.error).toMatchObject({ type: 'urn:govshare:problem:unauthorized', status: 401 });
  });

  it('answers as the response schemas routes declare say (every reply of every test is also checked: GOVSHARE_CHECK_RESPONSES)', async () => {
    const token = await local.tokenFor('stats-editor');
    const paths: Record<string, string> = {
      '/v1/health': '/v1/health',
      '/v1/ready': '/v1/ready',
      '/v1/me': '/v1/me',
      '/v1/units/{code}': '/v1/units/611000202',
      '/v1/catalogue/resources/{code}': '/v1/catalogue/resources/301202-000001',
      '/v1/catalogue/resources/{code}/versions': '/v1/catalogue/resources/301202-000001/versions',
      '/v1/catalogue/resources/{code}/versions/{version}': '/v1/catalogue/resources/301202-000001/versions/1',
    };
    const declared = (await describeFunctions())
      .flatMap((fn) => fn.served)
      .filter((definition) => definition.spec.method === 'GET' && definition.spec.path in paths);
    expect(declared.map((definition) => definition.spec.path).sort()).toEqual(Object.keys(paths).sort());
    for (const definition of declared) {
      const res = await local.request('GET', paths[definition.spec.path] as string, { token });
      expect(res.status, definition.spec.path).toBe(definition.response.status);
      const parsed = definition.response.body?.safeParse(res.json);
      expect(parsed?.error?.issues ?? [], definition.spec.path).toEqual([]);
    }
  });

  it('is ready while its table answers, and a 503 naming the table once it does not', async () => {
    const ready = await local.request('GET', '/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready', checks: [{ name: 'table identity', status: 'ok' }] });
    expect((await local.request('GET', '/v1/health')).status).toBe(200);

    const dynamo = new DynamoDBClient({
      endpoint: local.platform.dynamoEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await dynamo.send(new DeleteTableCommand({ TableName: local.platform.env.TABLE_IDENTITY }));
    dynamo.destroy();

    const down = await local.request('GET', '/v1/ready');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
    expect(down.json).toMatchObject({
      type: 'urn:govshare:problem:not-ready',
      status: 503,
      failing: ['table identity'],
    });
    expect(down.json.detail).toContain('table identity (ResourceNotFoundException)');
    // Liveness is not readiness: the function itself still runs.
    expect((await local.request('GET', '/v1/health')).status).toBe(200);
  });
});
