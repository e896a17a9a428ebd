import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError } from './emulators.ts';
import { readBody } from './gateway.ts';
import type { LocalFunction } from './invoke.ts';
import type { LocalLog } from './log.ts';

/** Lambda's limit on a synchronous invocation's request payload. */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export interface LambdaEndpoint {
  /** Resolves to the port it listens on. */
  listen(port: number): Promise<number>;
  /** Accepts no more invocations; those running are cut off with the functions' environments. */
  close(): Promise<void>;
}

/**
 * Plays the Lambda API's Invoke (POST /2015-03-31/functions/{name}/invocations) for the blueprint's
 * functions, so a function that `invokes` another (through @aws-sdk/client-lambda, pointed here by
 * AWS_ENDPOINT_URL_LAMBDA) runs it in that function's own worker, as it runs every other. A function
 * is named as Lambda names it (govshare-<name>) or by its ARN. RequestResponse answers the handler's
 * result, or its error as Lambda does (200, X-Amz-Function-Error: Unhandled, {errorType, errorMessage});
 * Event answers 202 and runs it; DryRun answers 204. Permissions are not checked (IAM is the CDK app's).
 */
export function createLambdaEndpoint(functions: Map<string, LocalFunction>, log: LocalLog): LambdaEndpoint {
  const byName = new Map([...functions.values()].map((fn) => [fn.functionName, fn]));
  const server: Server = createServer((req, res) => {
    void answer(req, res).catch((error) => {
      log.error('lambda endpoint: could not answer an invocation', error);
      if (!res.headersSent) sendError(res, 500, 'ServiceException', 'The local Lambda endpoint failed');
      else res.destroy();
    });
  });

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = INVOKE_PATH.exec(path);
    if (req.method !== 'POST' || !match?.[1]) {
      req.resume();
      return sendError(res, 404, 'UnknownOperationException', `No operation at ${req.method} ${path}`);
    }
    // A name, a partial or full ARN, with or without a qualifier: the name is the part after "function:".
    const named = decodeURIComponent(match[1]);
    const functionName = /(?:^|:)function:([^:]+)/.exec(named)?.[1] ?? named.split(':')[0] ?? named;
    const fn = byName.get(functionName);
    if (!fn) {
      req.resume();
      return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${named}`);
    }
    const body = await readBody(req, MAX_INVOKE_PAYLOAD_BYTES);
    if (!body) {
      res.setHeader('connection', 'close');
      return sendError(res, 413, 'RequestTooLargeException', 'The request payload exceeds 6 MB');
    }
    let event: unknown;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') {
      res.statusCode = 204;
      return res.end();
    }
    if (invocationType === 'Event') {
      fn.invoke(event, requestId).catch((error) =>
        log.error(`${fn.functionName} failed (event ${requestId})`, error),
      );
      res.statusCode = 202;
      return res.end();
    }
    if (invocationType !== 'RequestResponse') {
      return sendError(
        res,
        400,
        'InvalidParameterValueException',
        `Unknown InvocationType ${invocationType}`,
      );
    }
    res.setHeader('x-amz-executed-version', '$LATEST');
    res.setHeader('content-type', 'application/json');
    let result: unknown;
    try {
      result = await fn.invoke(event, requestId);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      log.error(`${fn.functionName} failed (invocation ${requestId})`, failure);
      res.statusCode = 200;
      res.setHeader('x-amz-function-error', 'Unhandled');
      return res.end(
        JSON.stringify({
          errorType: failure.name,
          errorMessage: failure.message,
          trace: (failure.stack ?? '').split('\n'),
        }),
      );
    }
    res.statusCode = 200;
    res.end(result === undefined ? 'null' : JSON.stringify(result));
  }

  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
        );
        // Loopback only, as the gateway: nothing here checks who invokes.
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Lambda's error shape: the type in a header and in the body, which the SDK reads. */
function sendError(res: ServerResponse, status: number, type: string, message: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-amzn-errortype', type);
  res.end(JSON.stringify({ Type: 'User', message }));
}
