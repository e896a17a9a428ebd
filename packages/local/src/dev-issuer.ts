import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const DEV_ISSUER_KEY_FILE = 'dev-issuer-key.json';

/**
 * The local development issuer's private signing key (ES256, JWK with a kid). Made once and kept in the
 * data folder, so tokens issued before a restart stay valid after it.
 */
export async function devIssuerKey(dataDir: string): Promise<JWK> {
  const file = join(dataDir, DEV_ISSUER_KEY_FILE);
  const existing = await readKey(file);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
  try {
    // 'wx': if another start wrote a key meanwhile, keep that one.
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readKey(file);
    if (!written) throw error;
    return written;
  }
}

async function readKey(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid) {
    throw new Error(`${file} is not an ES256 private key with a kid; delete it to make a new one`);
  }
  return jwk;
}
