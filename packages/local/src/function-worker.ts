/**
 * One function's execution environment, run in its own worker thread (see function-thread.ts): it
 * imports the handler at the first invocation (the cold start) and keeps it for the next ones, as a
 * warm Lambda execution environment does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FunctionWorkerData, InvokeMessage, ResultMessage, SerializedError } from './function-thread.ts';
import { type Handler, importHandler, lambdaContext } from './invoke.ts';

const data = workerData as FunctionWorkerData;
const port = parentPort;
if (!port) throw new Error('function-worker.ts runs in a worker thread');

let handler: Promise<Handler> | undefined;

port.on('message', (message: InvokeMessage) => {
  void invoke(message).then((reply) => port.postMessage(reply));
});

async function invoke({ id, event, requestId }: InvokeMessage): Promise<ResultMessage> {
  handler ??= importHandler(data.repoRoot, data.entry);
  let fn: Handler;
  try {
    fn = await handler;
  } catch (error) {
    // A module that failed to load stays failed in this thread: the host starts a new environment.
    return { id, ok: false, initError: true, error: serialize(error) };
  }
  try {
    const value = await fn(event, lambdaContext(data.functionName, data, requestId));
    // Lambda hands the caller the result serialized as JSON, not the object itself.
    return { id, ok: true, json: value === undefined ? undefined : JSON.stringify(value) };
  } catch (error) {
    return { id, ok: false, error: serialize(error) };
  }
}

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
