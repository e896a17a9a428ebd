import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'govshare.lock';

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Known once the platform is ready. */
  apiUrl?: string;
  dynamoEndpoint?: string;
  awsEndpoint?: string;
}

export class AlreadyRunningError extends Error {
  constructor(
    readonly holder: LockInfo,
    readonly lockFile: string,
  ) {
    super(
      `govshare is already running (pid ${holder.pid}) ${holder.apiUrl ? `at ${holder.apiUrl}` : '(still starting)'}.\n` +
        `Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}). ` +
        `If no such govshare runs, delete ${lockFile}.`,
    );
    this.name = 'AlreadyRunningError';
  }
}

export interface Lock {
  /** Records where the running platform can be reached, for the message a second start prints. */
  update(info: Omit<LockInfo, 'pid' | 'startedAt'>): Promise<void>;
  release(): Promise<void>;
}

/** One platform per data folder: the emulators' files cannot be shared by two processes. */
export async function acquireLock(dataDir: string, pid = process.pid): Promise<Lock> {
  const file = join(dataDir, LOCK_FILE);
  let info: LockInfo = { pid, startedAt: new Date().toISOString() };
  const write = (flag: 'wx' | 'w') => writeFile(file, `${JSON.stringify(info, null, 2)}\n`, { flag });
  try {
    await write('wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = await readLock(file);
    if (holder && holder.pid !== pid && isAlive(holder.pid)) throw new AlreadyRunningError(holder, file);
    // Stale: its process is gone (crash, kill -9). Take it over; 'wx' again so two takers cannot both win.
    await unlink(file).catch(() => {});
    await write('wx').catch(async (retryError: NodeJS.ErrnoException) => {
      const winner = retryError.code === 'EEXIST' ? await readLock(file) : undefined;
      throw winner ? new AlreadyRunningError(winner, file) : retryError;
    });
  }
  return {
    async update(more) {
      info = { ...info, ...more };
      await write('w');
    },
    async release() {
      const holder = await readLock(file);
      if (holder?.pid === pid) await unlink(file).catch(() => {});
    },
  };
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockInfo>;
    return typeof parsed.pid === 'number' ? (parsed as LockInfo) : undefined;
  } catch {
    return undefined; // missing or half-written: treated as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
