import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlreadyRunningError, acquireLock, LOCK_FILE } from '@govshare/local';
import { afterEach, beforeEach, expect, it } from 'vitest';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'govshare-lock-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: one that has just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

it('refuses a second holder while the first process is alive', async () => {
  const first = await acquireLock(dataDir);
  await first.update({ apiUrl: 'http://localhost:3000' });
  // A different pid asking, while this (alive) process holds it.
  const second = acquireLock(dataDir, process.pid + 1_000_000);
  await expect(second).rejects.toThrow(AlreadyRunningError);
  await expect(second).rejects.toThrow(
    `govshare is already running (pid ${process.pid}) at http://localhost:3000`,
  );
  await first.release();
});

it('takes over a lock left by a process that is gone', async () => {
  const stalePid = deadPid();
  await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: stalePid, startedAt: 'earlier' }));
  const lock = await acquireLock(dataDir);
  expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
  await lock.release();
  await expect(readFile(join(dataDir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
});

it('can be taken again once released', async () => {
  const first = await acquireLock(dataDir, deadPid());
  await first.release();
  const second = await acquireLock(dataDir);
  await second.release();
});
