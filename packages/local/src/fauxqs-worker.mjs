// fauxqs (S3 + SQS) in a worker thread of its own (see fauxqs-thread.ts). Plain JavaScript, so that it
// loads under any runner without a TypeScript loader: fauxqs itself is JavaScript.
import { parentPort, workerData } from 'node:worker_threads';
import { startFauxqs } from 'fauxqs';

const port = parentPort;
if (!port) throw new Error('fauxqs-worker.mjs runs in a worker thread');

try {
  const server = await startFauxqs(workerData);
  port.on('message', (message) => {
    if (message !== 'stop') return;
    void server.stop().then(
      () => port.postMessage({ stopped: true }),
      (error) => port.postMessage({ stopped: true, error: String(error) }),
    );
  });
  port.postMessage({ port: server.port });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
