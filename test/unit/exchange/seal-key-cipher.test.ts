import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEAL_ENV } from '@govshare/blueprint';
import {
  fileSealKeyCipher,
  sealAlgorithmFromEnv,
  sealKeyCipherFromEnv,
} from '@govshare/functions/exchange/seal-keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seal-key-'));
  file = join(dir, 'key');
  await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the local seal key cipher', () => {
  const binding = { unit: '611000001', keyId: 'k1' };
  const secret = Buffer.from('{"kty":"EC","crv":"SM2","d":"secret-scalar"}', 'utf8');

  it('encrypts a private key so that its text appears nowhere, and opens it again', async () => {
    const cipher = fileSealKeyCipher(file);
    const sealed = await cipher.encrypt(secret, binding);
    expect(Buffer.from(sealed, 'base64').includes(Buffer.from('secret-scalar'))).toBe(false);
    expect(sealed).not.toContain('secret');
    expect(Buffer.from(await cipher.decrypt(sealed, binding))).toEqual(secret);
  });

  it('binds it to its unit and key id', async () => {
    const cipher = fileSealKeyCipher(file);
    const sealed = await cipher.encrypt(secret, binding);
    await expect(cipher.decrypt(sealed, { ...binding, unit: '611000108' })).rejects.toThrow();
    await expect(cipher.decrypt(sealed, { ...binding, keyId: 'k2' })).rejects.toThrow();
  });

  it('refuses a key file that holds no 32-byte key', async () => {
    const short = join(dir, 'short');
    await writeFile(short, 'c2hvcnQ=');
    await expect(fileSealKeyCipher(short).encrypt(secret, binding)).rejects.toThrow('32-byte key');
  });
});

describe('seal settings', () => {
  it('choose KMS in AWS, the key file locally, SM2-SM3 unless told', () => {
    expect(sealKeyCipherFromEnv({ [SEAL_ENV.keyFile]: file }).scheme).toBe('local-aes-256-gcm');
    expect(
      sealKeyCipherFromEnv({
        [SEAL_ENV.kmsKeyId]: 'arn:aws:kms:cn-north-1:1:key/x',
        AWS_REGION: 'cn-north-1',
      }).scheme,
    ).toBe('aws-kms');
    expect(() => sealKeyCipherFromEnv({})).toThrow('sealKeys: true');
    expect(sealAlgorithmFromEnv({})).toBe('SM2-SM3');
    expect(sealAlgorithmFromEnv({ [SEAL_ENV.algorithm]: 'ECDSA-P256-SHA256' })).toBe('ECDSA-P256-SHA256');
    expect(() => sealAlgorithmFromEnv({ [SEAL_ENV.algorithm]: 'RSA' })).toThrow('SEAL_ALGORITHM');
  });
});
