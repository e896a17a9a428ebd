import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface FauxqsOptions {
  port: number;
  dataDir: string;
  s3StorageDir: string;
  defaultRegion: string;
  logger: false;
}

export interface FauxqsThread {
  port: number;
  /** Stops the server and closes its database (so nothing is left half-written), then ends the thread. */
  stop(): Promise<void>;
}

type WorkerMessage = { port: number } | { error: string } | { stopped: true; error?: string };

/**
 * fauxqs in a worker thread of its own. It writes every SQS call through to SQLite synchronously
 * (node:sqlite, a WAL commit and its fsync per call) and S3 objects to files: on the runtime's main
 * thread, each of those held up the gateway, the pollers and every request crossing them (measured:
 * main-thread event-loop delay p99 10–26 ms, stalls of 0.1–2.5 s while the audit trail was written).
 * In its own thread that work waits only for the disk, as an AWS service would, not for the gateway.
 */
export async function startFauxqsThread(options: FauxqsOptions): Promise<FauxqsThread> {
  const worker = new Worker(new URL('./fauxqs-worker.mjs', import.meta.url), {
    name: 'fauxqs',
    workerData: options,
  });
  const [started] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => [{ error: String(error) }]),
  ])) as [WorkerMessage];
  if (!('port' in started)) {
    await worker.terminate();
    throw new Error(`fauxqs did not start: ${'error' in started ? started.error : 'no answer'}`);
  }
  // Serving requests keeps the process alive through the server's sockets; the thread itself does not.
  worker.unref();
  return {
    port: started.port,
    async stop() {
      const stopped = Promise.race([once(worker, 'message'), once(worker, 'exit'), once(worker, 'error')]);
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
