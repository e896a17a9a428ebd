import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const AUDIT_KEY_FILE = 'audit-subject-key';

/**
 * The key under which subject identifiers (citizen IDs, credit codes) are hashed in the audit trail
 * (HMAC-SHA256), base64. Made once and kept in the data folder like the development issuer's key, so
 * the hashes of events recorded before a restart still match a subject query after it.
 */
export async function auditSubjectKey(dataDir: string): Promise<string> {
  const file = join(dataDir, AUDIT_KEY_FILE);
  const existing = await readKey(file);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64');
  try {
    // 'wx': if another start wrote a key meanwhile, keep that one.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readKey(file);
    if (!written) throw error;
    return written;
  }
}

async function readKey(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (Buffer.from(text, 'base64').byteLength < 32) {
    throw new Error(`${file} is not a base64 key of at least 32 bytes; delete it to make a new one`);
  }
  return text;
}
