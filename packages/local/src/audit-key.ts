import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const AUDIT_KEY_FILE = 'audit-subject-key';

/**
 * The key under which subject identifiers (citizen IDs, credit codes) are hashed in the audit trail
 * (HMAC-SHA256): a secret text (32 random bytes, base64) whose UTF-8 bytes key the HMAC. Made once and kept in the data folder like the development issuer's key, so
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
  if (text.length < 32) {
    throw new Error(`${file} is not a key of at least 32 characters; delete it to make a new one`);
  }
  return text;
}
