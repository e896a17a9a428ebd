import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type { components, operations, paths } from './schema.d.ts';

export type GovshareClient = Client<paths>;

/**
 * A typed client of the govshare API (paths, parameters, bodies and answers as the OpenAPI
 * document describes them), e.g.
 * `const { data, error } = await client.GET('/v1/units/{code}', { params: { path: { code } } })`.
 * Refusals come back as `error`: the problem+json body (RFC 9457) naming each offending field.
 */
export function createGovshareClient(
  baseUrl: string,
  token?: string | (() => string | undefined),
  options: { fetch?: typeof fetch } = {},
): GovshareClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), ...options });
  client.use({
    onRequest({ request }) {
      const bearer = typeof token === 'function' ? token() : token;
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      return request;
    },
  });
  return client;
}
