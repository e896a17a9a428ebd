import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Blueprint, HttpMethod } from '@govshare/blueprint';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ConsoleSite } from './console-site.ts';
import { PortInUseError } from './emulators.ts';
import { LOCAL_ACCOUNT, type LocalFunction } from './invoke.ts';
import type { LocalLog } from './log.ts';
import type { ObjectPassThrough } from './object-pass-through.ts';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const API_ID = 'local';

interface CompiledRoute {
  method: HttpMethod;
  /** API Gateway's route key, e.g. `GET /v1/units/{code}`. */
  routeKey: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments win over parameters, as in API Gateway. */
  specificity: number;
  greedy: boolean;
  fn: LocalFunction;
}

export interface Gateway {
  /** Resolves to the port it listens on. */
  listen(port: number): Promise<number>;
  /** Accepts no more requests; those being answered get until `graceMs`, then their connections are cut. */
  close(graceMs?: number): Promise<void>;
}

/** Plays API Gateway (HTTP API, payload format 2.0) in front of the blueprint's `http` functions. */
export function createGateway(
  blueprint: Blueprint,
  functions: Map<string, LocalFunction>,
  log: LocalLog,
  /** The web console, served at the paths no route takes (console-site.ts). */
  site?: ConsoleSite,
  /** Presigned URLs of the buckets, passed on to the S3 emulator (object-pass-through.ts). */
  objects?: ObjectPassThrough,
): Gateway {
  const routes = compileRoutes(blueprint, functions);
  let active = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    active++;
    res.once('close', () => {
      active--;
      if (active === 0) drained?.();
    });
    handle(req, res, routes, log, site, objects).catch((error) => {
      log.error('gateway: could not answer a request', error);
      if (!res.headersSent)
        sendProblem(res, 500, 'Internal Server Error', 'The gateway failed.', randomUUID());
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
        );
        // Loopback only: the development issuer hands out tokens to whoever asks.
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    async close(graceMs = 0) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

export function compileRoutes(blueprint: Blueprint, functions: Map<string, LocalFunction>): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const [name, spec] of Object.entries(blueprint.functions)) {
    if (spec.kind !== 'http') continue;
    const fn = functions.get(name);
    if (!fn) throw new Error(`No local function for ${name}`);
    for (const route of Object.values(spec.routes)) {
      const parameterNames: string[] = [];
      let specificity = 0;
      let greedy = false;
      const segments = route.path.split('/').map((segment) => {
        const parameter = /^\{([^}+]+)(\+?)\}$/.exec(segment);
        if (!parameter?.[1]) {
          specificity++;
          return escapeRegExp(segment);
        }
        parameterNames.push(parameter[1]);
        if (parameter[2]) {
          greedy = true;
          return '(.+)';
        }
        return '([^/]+)';
      });
      compiled.push({
        method: route.method,
        routeKey: `${route.method} ${route.path}`,
        pattern: new RegExp(`^${segments.join('/')}$`),
        parameterNames,
        specificity,
        greedy,
        fn,
      });
    }
  }
  return compiled.sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.specificity - a.specificity);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function matchRoute(routes: CompiledRoute[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    let malformed: string | undefined;
    route.parameterNames.forEach((name, i) => {
      try {
        pathParameters[name] = decodeURIComponent(match[i + 1] ?? '');
      } catch {
        // %FF, %E4%B8, %zz, a lone %: not percent-encoded UTF-8 (API Gateway refuses these itself).
        malformed ??= name;
      }
    });
    return { route, pathParameters, ...(malformed ? { malformed } : {}) };
  }
  return undefined;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: CompiledRoute[],
  log: LocalLog,
  site: ConsoleSite | undefined,
  objects: ObjectPassThrough | undefined,
) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // The object store's answer is S3's own: no API Gateway headers on it.
  if (objects?.(req, res, url.pathname)) return;
  const requestId = randomUUID();
  res.setHeader('apigw-requestid', requestId);
  const method = req.method ?? 'GET';
  const found = matchRoute(routes, method, url.pathname);
  if (found?.malformed) {
    sendProblem(res, 400, 'Invalid request', 'The path is not valid percent-encoded UTF-8.', requestId, [
      { path: `params.${found.malformed}`, message: 'is not valid percent-encoded UTF-8' },
    ]);
    req.resume();
    return;
  }
  if (!found) {
    if (site && (await site(req, res, url.pathname))) {
      req.resume();
      return;
    }
    sendProblem(res, 404, 'Not Found', `No route matches ${method} ${url.pathname}.`, requestId);
    req.resume();
    return;
  }
  const declaredLength = Number(req.headers['content-length'] ?? 0);
  const body = declaredLength > MAX_BODY_BYTES ? undefined : await readBody(req, MAX_BODY_BYTES);
  if (!body) {
    // Close rather than drain: the client may still be sending megabytes.
    res.setHeader('connection', 'close');
    sendProblem(res, 413, 'Content Too Large', `The body exceeds ${MAX_BODY_BYTES} bytes.`, requestId);
    return;
  }
  const event = toEvent(req, url, found.route, found.pathParameters, body, requestId);
  let result: unknown;
  try {
    result = await found.route.fn.invoke(event);
  } catch (error) {
    log.error(
      `${found.route.fn.functionName} failed on ${found.route.routeKey} (request ${requestId})`,
      error,
    );
    sendProblem(res, 500, 'Internal Server Error', 'The request could not be completed.', requestId);
    return;
  }
  writeResult(res, result, requestId, log);
}

/**
 * Undefined when the body grew past the limit. Reading stops without destroying the request, so the 413
 * can still be sent; `connection: close` then ends the upload.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

const TEXT_CONTENT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json/,
  /^application\/(.+\+)?xml/,
  /^application\/javascript/,
  /^application\/x-www-form-urlencoded/,
];

const isText = (contentType: string | undefined) =>
  contentType !== undefined && TEXT_CONTENT_TYPES.some((type) => type.test(contentType.toLowerCase()));

export function toEvent(
  req: IncomingMessage,
  url: URL,
  route: Pick<CompiledRoute, 'routeKey'>,
  pathParameters: Record<string, string>,
  body: Buffer,
  requestId: string,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    // API Gateway moves cookies out of the headers into their own list.
    if (name === 'cookie') cookies = values.flatMap((v) => v.split(';').map((c) => c.trim())).filter(Boolean);
    else headers[name] = values.join(',');
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';

  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    const previous = queryStringParameters[key];
    queryStringParameters[key] = previous === undefined ? value : `${previous},${value}`;
  }
  const rawPath = url.pathname;
  const now = new Date();
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const asText = isText(headers['content-type']) && isUtf8(body);
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search.length > 1 ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    // Text that is not valid UTF-8 travels base64-encoded, so the function can refuse it instead of
    // reading replacement characters.
    ...(body.length > 0 ? { body: asText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !asText,
  };
}

/** API Gateway's request time, e.g. 23/Nov/2026:15:34:35 +0000. */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Payload 2.0 response rules: a result with statusCode is taken as the response, anything else is JSON. */
export function toResponse(result: unknown): APIGatewayProxyStructuredResultV2 & { statusCode: number } {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    if (typeof structured.statusCode !== 'number') throw new Error('statusCode is not a number');
    return {
      ...structured,
      statusCode: structured.statusCode,
      ...(structured.body !== undefined && typeof structured.body !== 'string'
        ? { body: JSON.stringify(structured.body) }
        : {}),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result),
  };
}

function writeResult(res: ServerResponse, result: unknown, requestId: string, log: LocalLog) {
  let response: ReturnType<typeof toResponse>;
  try {
    response = toResponse(result);
  } catch (error) {
    log.error(`A function returned a response API Gateway would reject (request ${requestId})`, error);
    sendProblem(res, 500, 'Internal Server Error', 'The request could not be completed.', requestId);
    return;
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, String(value));
  if (response.cookies?.length) res.setHeader('set-cookie', response.cookies);
  const body = response.body
    ? Buffer.from(response.body, response.isBase64Encoded ? 'base64' : 'utf8')
    : undefined;
  res.statusCode = response.statusCode;
  res.end(body);
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  requestId: string,
  errors?: { path: string; message: string }[],
) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json');
  res.end(problemBody(status, title, detail, requestId, errors));
}

const problemBody = (
  status: number,
  title: string,
  detail: string,
  requestId: string,
  errors?: { path: string; message: string }[],
) =>
  JSON.stringify({
    type: status === 400 && errors ? 'urn:govshare:problem:validation' : 'about:blank',
    title,
    status,
    detail,
    requestId,
    ...(errors ? { errors } : {}),
  });

/**
 * A request Node's parser refuses (headers too large, a malformed request line) never reaches a
 * route: answer it problem+json as well, then close, as API Gateway answers such requests itself.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (!socket.writable) return socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const title = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  const detail = tooLarge ? 'The request headers are too large.' : 'The request is malformed.';
  const body = problemBody(status, title, detail, randomUUID());
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
