import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SEAL_KEY_FILE = 'seal-key-wrapping-key';

/**
 * The file whose key encrypts the units' private seal keys locally (AES-256-GCM, see
 * functions/src/exchange/seal-keys.ts), as KMS does in AWS: 32 random bytes in base64, made once
 * with mode 0600 and kept in the data folder, so the seal keys stored before a restart still open
 * after it. The functions get the file's path, not the key.
 */
export async function sealKeyFile(dataDir: string): Promise<string> {
  const file = join(dataDir, SEAL_KEY_FILE);
  try {
    // 'wx': if the file exists (an earlier start, or one starting beside this), keep it.
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (Buffer.from(text, 'base64').length !== 32) {
    throw new Error(
      `${file} does not hold a 32-byte key in base64; it guards the seal keys, so it is not replaced`,
    );
  }
  return file;
}
