import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { bucketEnvName, COMMON_ENV, govshare, queueUrlEnvName, tableEnvName } from '@govshare/blueprint';
import type { IdentityStore, Page, Principal, Unit } from '@govshare/domain/identity';
import { ConflictError, NotFoundError, type Role } from '@govshare/domain/kernel';
import type { Directory } from '@govshare/functions/platform/auth.ts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const ISSUER = 'http://localhost:3000';
export const AUDIENCE = 'govshare';

/** A fresh development key, as the local runtime would make it. */
export async function makeDevKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID() };
}

/** The environment of a function in local mode with unreachable storage (for unit tests). */
export async function localEnv(key: JWK): Promise<Record<string, string>> {
  return {
    [COMMON_ENV.mode]: 'local',
    [COMMON_ENV.authIssuer]: ISSUER,
    [COMMON_ENV.authAudience]: AUDIENCE,
    [COMMON_ENV.devSigningKey]: JSON.stringify(key),
    // Every resource of the blueprint, so that any function's cold start finds its settings.
    ...Object.fromEntries(Object.keys(govshare.tables).map((t) => [tableEnvName(t), `${t}-unit-test`])),
    ...Object.fromEntries(Object.keys(govshare.buckets).map((b) => [bucketEnvName(b), `${b}-unit-test`])),
    ...Object.fromEntries(
      Object.keys(govshare.queues).map((q) => [queueUrlEnvName(q), `http://127.0.0.1:9/000000000000/${q}`]),
    ),
    // The audit trail's subject-hash key (32 bytes, base64), as packages/local makes it.
    AUDIT_SUBJECT_KEY: Buffer.alloc(32, 7).toString('base64'),
    // A port nobody listens on: a route that reaches the database fails at once instead of hanging.
    AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`,
    AWS_MAX_ATTEMPTS: '1',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface TokenClaims {
  sub?: string;
  unit?: string;
  roles?: unknown;
  kind?: string;
  iss?: string;
  aud?: string;
  expiresIn?: string | number;
  [claim: string]: unknown;
}

export async function signToken(key: JWK, claims: TokenClaims = {}): Promise<string> {
  const { sub = 'test-user', iss = ISSUER, aud = AUDIENCE, expiresIn = '1h', iat, ...rest } = claims;
  const jwt = new SignJWT({ unit: '611000204', roles: [], kind: 'person', ...rest })
    .setProtectedHeader(key.kid === undefined ? { alg: 'ES256' } : { alg: 'ES256', kid: key.kid })
    .setSubject(sub)
    .setIssuer(iss);
  // iat: now unless given; explicitly undefined leaves it out.
  if (!('iat' in claims)) jwt.setIssuedAt();
  else if (typeof iat === 'number') jwt.setIssuedAt(iat);
  if (aud) jwt.setAudience(aud);
  jwt.setExpirationTime(expiresIn as string | number);
  return jwt.sign(key);
}

/**
 * A test double of the platform directory for handler tests without storage: the subject
 * `as:<unit>:<role,role>` is a person of that unit with those roles (what tokenFor signs); any
 * other subject is unknown. Production reads the identity table (identity/index.ts).
 */
export const testDirectory: Directory = {
  principalFor: async (subject) => {
    const match = /^as:([^:]+):(.*)$/.exec(subject);
    if (!match) return undefined;
    const roles = (match[2] ?? '').split(',').filter(Boolean) as Role[];
    return { id: subject, unitCode: match[1] as string, roles, kind: 'person' };
  },
};

/** The principals of an (in-memory) identity store first, then the test double above. */
export const directoryOver = (store: IdentityStore): Directory => ({
  principalFor: async (subject) => (await store.getPrincipal(subject)) ?? testDirectory.principalFor(subject),
});

export const tokenFor = (key: JWK, roles: Role[], unit = '611000204') =>
  signToken(key, { sub: `as:${unit}:${roles.join(',')}` });

export interface Request {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  token?: string;
}

/** An API Gateway HTTP API (payload 2.0) event, as API Gateway or the local gateway builds it. */
export function httpEvent({
  method,
  path,
  query,
  headers = {},
  body,
  token,
}: Request): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { host: 'localhost', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface Response {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

export async function call(handler: HttpHandler, request: Request): Promise<Response> {
  const result = (await handler(httpEvent(request), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return { status: result.statusCode ?? 200, headers, json: result.body ? JSON.parse(result.body) : {} };
}

/** An in-memory IdentityStore: a fake of the domain's port, for tests that are about HTTP, not storage. */
export function memoryStore(
  units: Unit[] = [],
  principals: Principal[] = [],
): IdentityStore & { writes: number } {
  const unitMap = new Map(units.map((u) => [u.code, u]));
  const principalMap = new Map(principals.map((p) => [p.id, p]));
  const page = <T>(items: T[], limit: number, cursor?: string): Page<T> => {
    const start = cursor ? Number(cursor) : 0;
    const slice = items.slice(start, start + limit);
    return start + limit < items.length
      ? { items: slice, nextCursor: String(start + limit) }
      : { items: slice };
  };
  const store = {
    writes: 0,
    async getUnit(code: string) {
      return unitMap.get(code);
    },
    async createUnit(unit: Unit) {
      if (unitMap.has(unit.code)) throw new ConflictError('taken');
      store.writes++;
      unitMap.set(unit.code, unit);
    },
    async listUnits({ parentCode, limit, cursor }: { parentCode?: string; limit: number; cursor?: string }) {
      return page(
        [...unitMap.values()].filter((u) => u.parentCode === parentCode),
        limit,
        cursor,
      );
    },
    async getPrincipal(id: string) {
      return principalMap.get(id);
    },
    async createPrincipal(principal: Principal) {
      if (principalMap.has(principal.id)) throw new ConflictError('taken');
      store.writes++;
      principalMap.set(principal.id, principal);
    },
    async getPrincipalBySubject(subject: string) {
      return [...principalMap.values()].find((p) => p.externalSubject === subject);
    },
    async updatePrincipal(id: string, change: { roles: Role[]; disabled: boolean }) {
      const principal = principalMap.get(id);
      if (!principal) throw new NotFoundError('none');
      const updated = { ...principal, ...change };
      principalMap.set(id, updated);
      return updated;
    },
    async listPrincipals({ unitCode, limit, cursor }: { unitCode: string; limit: number; cursor?: string }) {
      return page(
        [...principalMap.values()].filter((p) => p.unitCode === unitCode),
        limit,
        cursor,
      );
    },
  };
  return store;
}
