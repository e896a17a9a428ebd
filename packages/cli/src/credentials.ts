import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A token kept for one API (never printed: only its subject and expiry are shown). */
export interface SavedLogin {
  token: string;
  subject: string;
  /** ISO instant; absent when the issuer did not say. */
  expiresAt?: string;
  via: 'dev-issuer' | 'client-credentials';
}

type CredentialsFile = Record<string, SavedLogin>;

/** `$XDG_CONFIG_HOME/govshare` (default `~/.config/govshare`): the folder of the credentials file. */
export function configDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'govshare');
}

export const credentialsPath = (env: NodeJS.ProcessEnv) => join(configDir(env), 'credentials.json');

const apiKey = (api: string) => api.replace(/\/+$/, '');

async function readAll(env: NodeJS.ProcessEnv): Promise<CredentialsFile> {
  try {
    return JSON.parse(await readFile(credentialsPath(env), 'utf8')) as CredentialsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** Written to a temporary file of mode 0600 in a 0700 folder, then renamed: never readable by others. */
async function writeAll(env: NodeJS.ProcessEnv, all: CredentialsFile): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const target = credentialsPath(env);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, target);
}

export async function loadLogin(env: NodeJS.ProcessEnv, api: string): Promise<SavedLogin | undefined> {
  const login = (await readAll(env))[apiKey(api)];
  if (!login) return undefined;
  if (login.expiresAt && Date.parse(login.expiresAt) <= Date.now()) return undefined;
  return login;
}

export async function saveLogin(env: NodeJS.ProcessEnv, api: string, login: SavedLogin): Promise<void> {
  await writeAll(env, { ...(await readAll(env)), [apiKey(api)]: login });
}

export async function forgetLogin(env: NodeJS.ProcessEnv, api: string): Promise<boolean> {
  const all = await readAll(env);
  if (!all[apiKey(api)]) return false;
  delete all[apiKey(api)];
  if (Object.keys(all).length === 0) await rm(credentialsPath(env), { force: true });
  else await writeAll(env, all);
  return true;
}
