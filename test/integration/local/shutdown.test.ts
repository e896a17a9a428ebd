/**
 * Stopping the runtime: `npm start` ends on SIGTERM as on Ctrl-C and leaves no process behind, and a
 * batch a consumer is working on when the stop comes is either finished or given back to its queue,
 * so that it is delivered again at the next start rather than after its visibility timeout.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCK_FILE, type LockInfo, startEmulators } from '@govshare/local';
import { afterEach, expect, it } from 'vitest';

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const READY = 'is ready in';
const dirs: string[] = [];
/** Every process a test started (its tree, as seen once it was ready). */
const spawned = new Set<number>();

afterEach(async () => {
  // A failed test must not leave a runtime behind for the next one (orphans included).
  for (const pid of [...spawned].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  spawned.clear();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'govshare-shutdown-'));
  dirs.push(dir);
  return dir;
}

/** Starts a command in its own process group (as a terminal starts `npm start`), collecting its output. */
function launch(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', AWS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid) spawned.add(child.pid);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!output.includes(READY) || !child.pid) return;
      for (const pid of descendants(child.pid)) spawned.add(pid);
      resolve();
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => reject(new Error(`exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

/** Every process descended from pid (npm, its shell, node, Java, esbuild…), from the process table. */
function descendants(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const row of table) {
      if (row.ppid !== parent) continue;
      found.push(row.pid);
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

function processTable() {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, stat]) => ({ pid: Number(pid), ppid: Number(ppid), stat: stat ?? '' }));
}

/** The processes of `pids` still running (a zombie has ended, it only waits to be reaped). */
function stillRunning(pids: number[]): string[] {
  const table = processTable();
  return pids.flatMap((pid) => {
    const row = table.find((r) => r.pid === pid);
    if (!row || row.stat.startsWith('Z')) return [];
    return [execFileSync('ps', ['-o', 'pid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim()];
  });
}

async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)),
  ]);

it('npm start stops on SIGTERM, as on Ctrl-C, and leaves no process behind', async () => {
  const dir = await dataDir();
  const run = launch('npm', ['start'], { GOVSHARE_DATA_DIR: dir });
  await withTimeout(run.ready, 150_000, 'npm start');
  const started = descendants(run.child.pid as number);
  // npm, node and DynamoDB Local's Java at least.
  expect(started.length).toBeGreaterThanOrEqual(2);

  run.child.kill('SIGTERM');
  const { code } = await withTimeout(run.exited, 60_000, 'the stop');
  expect(run.output()).toContain('govshare: stopped');
  expect(code).toBe(0);
  await eventually(
    async () => (stillRunning(started).length === 0 ? true : undefined),
    `no process left of ${started.length}`,
    10_000,
  ).catch(() => expect(stillRunning(started)).toEqual([]));
  await expect(readFile(join(dir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
}, 240_000);

const STOP_GRACE_MS = 5000;

it.each([
  [
    'Ctrl-C (SIGINT to the whole process group)',
    (child: ChildProcess) => process.kill(-(child.pid as number), 'SIGINT'),
  ],
  ['SIGTERM to the runtime alone', (child: ChildProcess) => child.kill('SIGTERM')],
])(
  'on %s, finishes the batch in flight within the grace and gives back one still running after it',
  async (_how, stop) => {
    const dir = await dataDir();
    const run = launch(process.execPath, ['--import', 'tsx', 'test/integration/local/fixtures/run.ts'], {
      GOVSHARE_DATA_DIR: dir,
      FIXTURE_STOP_GRACE_MS: String(STOP_GRACE_MS),
    });
    await withTimeout(run.ready, 120_000, 'the fixture platform');
    const lock = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockInfo;
    const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    let sqs = new SQSClient({ ...common, endpoint: lock.awsEndpoint });
    let dynamo = new DynamoDBClient({ ...common, endpoint: lock.dynamoEndpoint });
    const queueUrl = async (name: string) =>
      (await sqs.send(new GetQueueUrlCommand({ QueueName: `fixture-${name}` }))).QueueUrl as string;
    const marked = async (pk: string) => {
      const { Items } = await dynamo.send(
        new QueryCommand({
          TableName: 'fixture-things',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
        }),
      );
      return (Items?.length ?? 0) > 0;
    };

    // One batch done 2 s after the stop, within the grace; one that would take two minutes.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl('quick'),
        MessageBody: JSON.stringify({ id: 'quick-1', ms: 2000 }),
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl('slow'),
        MessageBody: JSON.stringify({ id: 'slow-1', ms: 120_000 }),
      }),
    );
    await eventually(
      async () => ((await marked('started#quick-1')) && (await marked('started#slow-1')) ? true : undefined),
      'both batches to start',
    );
    const started = descendants(run.child.pid as number);
    sqs.destroy();
    dynamo.destroy();

    const stoppedAt = Date.now();
    stop(run.child);
    const { code } = await withTimeout(run.exited, STOP_GRACE_MS + 30_000, 'the stop');
    expect(code, run.output()).toBe(0);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(STOP_GRACE_MS - 500);
    expect(run.output()).toContain('gave back');
    await eventually(
      async () => (stillRunning([run.child.pid as number, ...started]).length === 0 ? true : undefined),
      'no process left',
      10_000,
    ).catch(() => expect(stillRunning(started)).toEqual([]));

    // The next start finds the finished batch done and the other one waiting, at once.
    const emulators = await startEmulators({ dataDir: dir, dynamoPort: 0, awsPort: 0 });
    try {
      sqs = new SQSClient({ ...common, endpoint: emulators.awsEndpoint });
      dynamo = new DynamoDBClient({ ...common, endpoint: emulators.dynamoEndpoint });
      expect(await marked('done#quick-1')).toBe(true);
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: await queueUrl('quick'),
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(
        Number(Attributes.ApproximateNumberOfMessages) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible),
      ).toBe(0);

      expect(await marked('done#slow-1')).toBe(false);
      // Its queue's visibility timeout is 300 s: only a message given back is there now.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: await queueUrl('slow'),
          WaitTimeSeconds: 2,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(Messages.map((m) => JSON.parse(m.Body ?? '{}').id)).toEqual(['slow-1']);
      expect(Messages[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    } finally {
      sqs.destroy();
      dynamo.destroy();
      await emulators.stop();
    }
  },
  240_000,
);
