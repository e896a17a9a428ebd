import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Blueprint, FUNCTION_DEFAULTS, type FunctionSpec } from '@govshare/blueprint';
import type { Context } from 'aws-lambda';
import { LOCAL_REGION } from './aws.ts';
import { FunctionThread } from './function-thread.ts';

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
  /**
   * Runs the handler in the function's own worker thread, started at the first invocation (the cold
   * start) and kept warm for the next ones, like a Lambda execution environment.
   */
  invoke(event: unknown, requestId?: string): Promise<unknown>;
  /** Ends the function's environment; invocations still running fail with EnvironmentEndedError. */
  stop(): Promise<void>;
}

/**
 * The blueprint's functions, each in a worker thread of its own (function-thread.ts), so that one
 * function's work never holds up the gateway or another function. A worker starts at its function's
 * first invocation, so process.env must hold the functions' configuration by then, as it would at a
 * Lambda cold start.
 */
export function localFunctions(blueprint: Blueprint, repoRoot = REPO_ROOT): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  for (const [name, spec] of Object.entries(blueprint.functions)) {
    const functionName = `${blueprint.name}-${name}`;
    const thread = new FunctionThread(functionName, spec, repoRoot);
    functions.set(name, {
      name,
      functionName,
      spec,
      invoke: (event, requestId = randomUUID()) => thread.invoke(event, requestId),
      stop: () => thread.stop(),
    });
  }
  return functions;
}

/** Ends every function's environment (workers not started yet cost nothing). */
export async function stopFunctions(functions: Map<string, LocalFunction>): Promise<void> {
  await Promise.all([...functions.values()].map((fn) => fn.stop()));
}

/** Runs in the function's worker (function-worker.ts). */
export async function importHandler(repoRoot: string, entry: string): Promise<Handler> {
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
