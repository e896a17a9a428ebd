import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Blueprint, FUNCTION_DEFAULTS, type FunctionSpec } from '@govshare/blueprint';
import type { Context } from 'aws-lambda';
import { LOCAL_REGION } from './aws.ts';

/** Where blueprint `entry` paths start. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const LOCAL_ACCOUNT = '000000000000';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalFunction {
  /** Name in the blueprint. */
  name: string;
  /** Name as Lambda would show it. */
  functionName: string;
  spec: FunctionSpec<string, string, string>;
  /** Imports the handler on first use (the cold start), then reuses it like a warm Lambda container. */
  invoke(event: unknown, requestId?: string): Promise<unknown>;
}

/**
 * The blueprint's functions, invoked in this process. Importing lazily means process.env must hold the
 * functions' configuration before the first invocation, as it would at a Lambda cold start.
 */
export function localFunctions(blueprint: Blueprint, repoRoot = REPO_ROOT): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  for (const [name, spec] of Object.entries(blueprint.functions)) {
    const functionName = `${blueprint.name}-${name}`;
    let handler: Promise<Handler> | undefined;
    functions.set(name, {
      name,
      functionName,
      spec,
      async invoke(event, requestId = randomUUID()) {
        handler ??= importHandler(repoRoot, spec.entry);
        const context = lambdaContext(functionName, spec, requestId);
        return (await handler)(event, context);
      },
    });
  }
  return functions;
}

async function importHandler(repoRoot: string, entry: string): Promise<Handler> {
  const module = (await import(pathToFileURL(join(repoRoot, entry)).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new Error(`${entry} does not export a function named 'handler'`);
  }
  return module.handler as Handler;
}

export function lambdaContext(
  functionName: string,
  spec: Pick<FunctionSpec<string, string, string>, 'timeoutSeconds' | 'memoryMb'>,
  awsRequestId: string,
): Context {
  const deadline = Date.now() + (spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds) * 1000;
  const callbackStyle = () => {
    throw new Error(
      'Callback-style handlers are not supported on Node.js 24 Lambda runtimes; return a promise',
    );
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: callbackStyle,
    fail: callbackStyle,
    succeed: callbackStyle,
  };
}

export { LOCAL_ACCOUNT };
