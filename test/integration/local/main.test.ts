import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { acquireLock, JAVA_INSTALL_COMMAND, LOCK_FILE } from '@govshare/local';
import { afterAll, beforeAll, expect, it } from 'vitest';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'govshare-main-'));
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry with the given data folder; resolves with its exit code and output. */
function runMain(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

it('refuses a second start on a data folder whose platform is running, naming its pid and URL', async () => {
  // This test process plays the running platform: it holds the lock and is alive.
  const lock = await acquireLock(dataDir);
  await lock.update({ apiUrl: 'http://localhost:3999' });
  try {
    const { code, output } = await runMain({ GOVSHARE_DATA_DIR: dataDir, PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain(`govshare is already running (pid ${process.pid}) at http://localhost:3999`);
    // The refused start must not take or remove the lock.
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
  } finally {
    await lock.release();
  }
});

it('stops at once with the install command when Java is missing', async () => {
  // A PATH holding only Node: no java on it.
  const { code, output } = await runMain({
    GOVSHARE_DATA_DIR: dataDir,
    PORT: '0',
    DYNAMODB_PORT: '0',
    AWS_PORT: '0',
    PATH: dirname(process.execPath),
  });
  expect(code).toBe(1);
  expect(output).toContain(JAVA_INSTALL_COMMAND);
  // Nothing left behind that would block the next start.
  await expect(readFile(join(dataDir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
});

it('names the busy port and the variable that moves it', async () => {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  const busy = String((squatter.address() as AddressInfo).port);
  try {
    for (const variable of ['PORT', 'DYNAMODB_PORT', 'AWS_PORT']) {
      const ports = { PORT: '0', DYNAMODB_PORT: '0', AWS_PORT: '0', [variable]: busy };
      const { code, output } = await runMain({ GOVSHARE_DATA_DIR: dataDir, ...ports });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${busy}`);
      expect(output).toContain(`${variable}=<port> npm start`);
    }
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});
