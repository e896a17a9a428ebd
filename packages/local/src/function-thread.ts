import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { FunctionSpec } from '@govshare/blueprint';

/** What a function's worker is started with. */
export interface FunctionWorkerData {
  functionName: string;
  entry: string;
  repoRoot: string;
  timeoutSeconds?: number;
  memoryMb?: number;
}

export interface InvokeMessage {
  id: number;
  event: unknown;
  requestId: string;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string | undefined;
}

export type ResultMessage =
  | { id: number; ok: true; json: string | undefined }
  | { id: number; ok: false; error: SerializedError; initError?: boolean };

/** The invocation was cut short because the runtime is stopping (or the environment was ended). */
export class EnvironmentEndedError extends Error {
  override name = 'EnvironmentEndedError';
}

/**
 * A worker inherits its parent's loader when the runtime runs on `node --import tsx` (npm start) or the
 * tsx CLI, and then loads the TypeScript worker directly. Under a test runner (vitest transforms its
 * own modules only) the worker starts from plain JavaScript that registers tsx first, which costs a
 * second loader chain and so is not done when the parent's is inherited.
 */
const INHERITS_TSX = process.execArgv.some((arg) => /(^|[=/\\])tsx([/\\]|$)/.test(arg));
const WORKER_ENTRY = INHERITS_TSX
  ? new URL('./function-worker.ts', import.meta.url)
  : new URL('./function-worker-boot.mjs', import.meta.url);

interface Pending {
  worker: Worker;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A function's execution environment in a worker thread of its own: started at the first invocation
 * (the cold start), kept warm for the next ones, started anew after it crashed or was stopped. What
 * it runs never holds up the gateway's event loop or another function's, as one Lambda function does
 * not hold up another. Invocations sent while one runs share the environment (concurrently, as the
 * in-process runtime did) rather than starting a second one.
 */
export class FunctionThread {
  readonly #data: FunctionWorkerData;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(
    functionName: string,
    spec: Pick<FunctionSpec<string, string, string>, 'entry' | 'timeoutSeconds' | 'memoryMb'>,
    repoRoot: string,
  ) {
    this.#data = {
      functionName,
      entry: spec.entry,
      repoRoot,
      ...(spec.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
      ...(spec.memoryMb !== undefined ? { memoryMb: spec.memoryMb } : {}),
    };
  }

  invoke(event: unknown, requestId: string): Promise<unknown> {
    const worker = this.#worker ?? this.#start();
    const id = ++this.#nextId;
    const result = new Promise<unknown>((resolve, reject) =>
      this.#pending.set(id, { worker, resolve, reject }),
    );
    // Only a running invocation keeps the process alive, not an idle warm environment.
    worker.ref();
    worker.postMessage({ id, event, requestId } satisfies InvokeMessage);
    return result;
  }

  /** Ends the environment; invocations still running fail with EnvironmentEndedError. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#end(worker, new EnvironmentEndedError(`${this.#data.functionName}: its environment was stopped`));
    await worker.terminate();
  }

  #start(): Worker {
    const worker = new Worker(WORKER_ENTRY, {
      name: this.#data.functionName,
      workerData: this.#data,
      // One environment for all functions, as before: settings the runtime (or a test) sets on
      // process.env after the start, such as GOVSHARE_LOCAL_CLOCK, reach the functions.
      env: SHARE_ENV,
    });
    worker.unref();
    worker.on('message', (message: ResultMessage) => this.#settle(worker, message));
    worker.on('error', (error) => this.#end(worker, error));
    worker.on('exit', (code) =>
      this.#end(
        worker,
        new EnvironmentEndedError(`${this.#data.functionName}: its environment exited (code ${code})`),
      ),
    );
    this.#worker = worker;
    return worker;
  }

  #settle(worker: Worker, message: ResultMessage): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (!this.#runningOn(worker)) worker.unref();
    if (message.ok) {
      pending.resolve(message.json === undefined ? undefined : JSON.parse(message.json));
      return;
    }
    pending.reject(deserialize(message.error));
    // A module that failed to load stays failed in that thread: the next invocation gets a new one.
    if (message.initError) {
      this.#end(worker, deserialize(message.error));
      void worker.terminate();
    }
  }

  #runningOn(worker: Worker): boolean {
    for (const pending of this.#pending.values()) if (pending.worker === worker) return true;
    return false;
  }

  /** The worker crashed, exited or was stopped: what it was running fails, the next call starts anew. */
  #end(worker: Worker, error: Error): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(error);
    }
  }
}

function deserialize(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
