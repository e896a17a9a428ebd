import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  canonicalDocumentDigestInput,
  type DocumentSeal,
  decodeDerSignature,
  ecdsaP256Sha256,
  encodeDerSignature,
  generateSealKeyPair,
  jwkThumbprint,
  type PrivateSealJwk,
  type PublicSealJwk,
  publicJwkOf,
  publicKeyPem,
  type SealableDocument,
  SM2_DEFAULT_ID,
  sealDocument,
  sm2E,
  sm2WithSm3,
  sm2Za,
  verifySeal,
} from '../../../packages/domain/src/exchange/seal.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const b64u = (hexText: string) => Buffer.from(hexText, 'hex').toString('base64url');
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/**
 * The SM2 signature example on the recommended curve: GB/T 32918.5-2017 Annex A (= GM/T 0003.5-2012
 * Annex A.2), "数字签名与验证示例". The same values appear in many published test files, e.g. the
 * GmSSL/OpenSSL-derived sm2 tests (Z_exp, Dgst_exp, sig_exp) and Go/Python SM2 libraries' tests.
 */
const GBT = {
  id: '1234567812345678',
  message: 'message digest',
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  x: '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020',
  y: 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  za: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
  e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  /** x1 of (x1, y1) = [k]G, from the same example. */
  x1: '04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const gbtPublic: PublicSealJwk = { kty: 'EC', crv: 'SM2', x: b64u(GBT.x), y: b64u(GBT.y) };
const gbtPrivate: PrivateSealJwk = { ...gbtPublic, d: b64u(GBT.d) };
const gbtSignature = encodeDerSignature(hex(GBT.r), hex(GBT.s));

/** A PKCS#8 DER of an SM2 private key, as OpenSSL reads it (id-ecPublicKey, curve 1.2.156.10197.1.301). */
const sm2Pkcs8 = (d: string, x: string, y: string) =>
  Buffer.from(
    `308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420${d}a144034200${'04'}${x}${y}`,
    'hex',
  );

describe('SM3 (GB/T 32905-2016 Annex A)', () => {
  it('Node hashes "abc" to the standard value (A.1)', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
});

describe('SM2 with SM3: the GB/T 32918 worked example', () => {
  const algorithm = sm2WithSm3();
  const message = utf8(GBT.message);

  it('computes Z_A and e = SM3(Z_A ‖ M) of the standard, with the default ID', () => {
    expect(SM2_DEFAULT_ID).toBe(GBT.id);
    expect(toHex(sm2Za(hex(GBT.x), hex(GBT.y)))).toBe(GBT.za);
    expect(toHex(sm2E(message, hex(GBT.x), hex(GBT.y)))).toBe(GBT.e);
    expect(toHex(algorithm.digest(message, gbtPublic))).toBe(GBT.e);
  });

  it('verifies the standard signature (fixed k), and nothing changed from it', () => {
    expect(algorithm.verify(message, gbtSignature, gbtPublic)).toBe(true);
    expect(algorithm.verify(utf8('message digesT'), gbtSignature, gbtPublic)).toBe(false);
    expect(sm2WithSm3('ALICE123@YAHOO.COM').verify(message, gbtSignature, gbtPublic)).toBe(false);
    const flipped = hex(GBT.s);
    flipped[31] = (flipped[31] as number) ^ 1;
    expect(algorithm.verify(message, encodeDerSignature(hex(GBT.r), flipped), gbtPublic)).toBe(false);
  });

  it('reproduces r and s with the standard k (library curve arithmetic over our e)', () => {
    const rs = sm2.doSignature(hex(GBT.e), GBT.d, {
      hash: false,
      der: false,
      pointPool: [{ k: BigInt(`0x${GBT.k}`), x1: BigInt(`0x${GBT.x1}`) }],
    });
    expect(rs.toUpperCase()).toBe(`${GBT.r}${GBT.s}`);
  });

  it('refuses to sign with a private JWK whose x and y are not its d times G', () => {
    const other = sm2WithSm3().generateKeyPair().publicJwk;
    expect(() => algorithm.sign(message, { ...gbtPrivate, x: other.x, y: other.y })).toThrow(TypeError);
  });

  it('the public key is the private key times G', () => {
    expect(sm2.getPublicKeyFromPrivateKey(GBT.d).toUpperCase()).toBe(`04${GBT.x}${GBT.y}`);
  });

  it('random-k signatures verify here and with sm-crypto-v2 (default ID, DER), and the other way round', () => {
    for (let i = 0; i < 5; i++) {
      const der = algorithm.sign(message, gbtPrivate);
      expect(algorithm.verify(message, der, gbtPublic)).toBe(true);
      expect(
        sm2.doVerifySignature(message, Buffer.from(der).toString('hex'), `04${GBT.x}${GBT.y}`, {
          der: true,
          hash: true,
          userId: GBT.id,
        }),
      ).toBe(true);
      const theirs = sm2.doSignature(message, GBT.d, { der: true, hash: true, userId: GBT.id });
      expect(algorithm.verify(message, hex(theirs), gbtPublic)).toBe(true);
    }
  });
});

/**
 * What Node 24's own crypto does with SM2 keys (OpenSSL 3.5): `crypto.sign('sm3', M, key)` is the
 * SM2 signature algorithm (not ECDSA on the SM2 curve), but with Z_A computed over an EMPTY ID
 * (ENTL = 0), not the default 1234567812345678, and Node has no option to set the ID. So it does not
 * verify the standard's signature, and its signatures are not GB/T 32918 default-ID signatures.
 * Pinned here so that a Node that changes this is noticed. (Also: `createPrivateKey` or `createPublicKey` of a JWK with
 * `crv: 'SM2'` aborts the whole process in Node 24.21 with a native assertion; never try it.)
 */
describe("Node's crypto on SM2 keys", () => {
  const privateKey = createPrivateKey({ key: sm2Pkcs8(GBT.d, GBT.x, GBT.y), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(publicKeyPem(gbtPublic));
  const message = utf8(GBT.message);
  const emptyId = sm2WithSm3('');

  it('reads our SPKI PEM as the same key', () => {
    expect(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })).toEqual(
      publicKey.export({ format: 'der', type: 'spki' }),
    );
  });

  it('does not verify the standard signature (it hashes Z over an empty ID)', () => {
    expect(nodeVerify('sm3', message, publicKey, gbtSignature)).toBe(false);
    expect(nodeVerify(null, message, publicKey, gbtSignature)).toBe(false);
  });

  it('makes SM2 signatures with the empty ID: they verify with ID "" and not with the default ID', () => {
    for (let i = 0; i < 3; i++) {
      const der = new Uint8Array(nodeSign('sm3', message, privateKey));
      expect(emptyId.verify(message, der, gbtPublic)).toBe(true);
      expect(sm2WithSm3().verify(message, der, gbtPublic)).toBe(false);
      const ours = emptyId.sign(message, gbtPrivate);
      expect(nodeVerify('sm3', message, publicKey, ours)).toBe(true);
      expect(nodeVerify('sm3', message, publicKey, sm2WithSm3().sign(message, gbtPrivate))).toBe(false);
    }
  });

  it('aborts the whole process on an SM2 JWK (so verify never hands one to Node)', () => {
    const script = `require('node:crypto').createPublicKey({ key: ${JSON.stringify(gbtPublic)}, format: 'jwk' })`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.signal ?? child.status).not.toBe(0);
    expect(child.stderr).toContain('ImportJWKEcKey');
    expect(sm2WithSm3().verify(message, gbtSignature, gbtPublic)).toBe(true);
    expect(ecdsaP256Sha256.verify(message, gbtSignature, gbtPublic)).toBe(false);
  });

  it('has no raw-digest path: sign(null, data) prehashes SM3(Z ‖ data) too', () => {
    const der = new Uint8Array(nodeSign(null, hex(GBT.e), privateKey));
    expect(emptyId.verify(hex(GBT.e), der, gbtPublic)).toBe(true);
  });
});

/**
 * RFC 6979 Appendix A.2.5 (ECDSA, 256 bits, prime field P-256): the key, and the SHA-256 signature
 * of "sample" with deterministic k.
 */
const RFC6979 = {
  d: 'C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721',
  x: '60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6',
  y: '7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299',
  r: 'EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716',
  s: 'F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8',
};

describe('ECDSA P-256 with SHA-256', () => {
  const publicJwk: PublicSealJwk = { kty: 'EC', crv: 'P-256', x: b64u(RFC6979.x), y: b64u(RFC6979.y) };
  const privateJwk: PrivateSealJwk = { ...publicJwk, d: b64u(RFC6979.d) };
  const sample = utf8('sample');

  it('verifies the RFC 6979 A.2.5 signature of "sample"', () => {
    const der = encodeDerSignature(hex(RFC6979.r), hex(RFC6979.s));
    expect(ecdsaP256Sha256.verify(sample, der, publicJwk)).toBe(true);
    expect(ecdsaP256Sha256.verify(utf8('samplE'), der, publicJwk)).toBe(false);
  });

  it('random-k signatures verify here and with WebCrypto', async () => {
    const der = ecdsaP256Sha256.sign(sample, privateJwk);
    expect(ecdsaP256Sha256.verify(sample, der, publicJwk)).toBe(true);
    const rs = decodeDerSignature(der);
    if (!rs) throw new Error('not DER');
    const key = await crypto.subtle.importKey(
      'jwk',
      publicJwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const raw = new Uint8Array([...rs.r, ...rs.s]);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, sample)).toBe(true);
  });
});

describe('DER signatures', () => {
  it('round-trip and refuse what is not strict DER', () => {
    const der = encodeDerSignature(hex(GBT.r), hex(GBT.s));
    expect(decodeDerSignature(der)).toEqual({ r: hex(GBT.r), s: hex(GBT.s) });
    expect(decodeDerSignature(new Uint8Array([...der, 0]))).toBeUndefined();
    expect(decodeDerSignature(der.subarray(0, der.length - 1))).toBeUndefined();
    expect(
      decodeDerSignature(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x81])),
    ).toBeUndefined();
    expect(
      decodeDerSignature(new Uint8Array([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01])),
    ).toBeUndefined();
    expect(decodeDerSignature(new Uint8Array(64))).toBeUndefined();
    const wide = new Uint8Array([0x30, 0x26, 0x02, 0x21, 0x01, ...new Uint8Array(32), 0x02, 0x01, 0x01]);
    expect(decodeDerSignature(wide)).toBeUndefined();
  });
});

const document = (): SealableDocument => ({
  metadata: {
    title: '关于开展2026年度政务数据共享评估工作的通知',
    docNumber: '国数办发〔2026〕12号',
    issuer: { unit: '11100000MB0000000X', name: '国家数据局' },
    urgency: '特急',
  },
  body: '各省、自治区、直辖市数据管理部门：……',
  attachments: [
    { name: '附件1.ofd', sha256: createHash('sha256').update('a1').digest('hex') },
    { name: '附件2.pdf', sha256: createHash('sha256').update('a2').digest('hex') },
  ],
});

describe('canonicalDocumentDigestInput', () => {
  it('is JSON with sorted keys, no whitespace, the body as base64', () => {
    const text = canonicalDocumentDigestInput({
      metadata: { b: 1, a: 'x' },
      body: 'hi',
      attachments: [{ name: 'n', sha256: 'a'.repeat(64) }],
    });
    expect(text).toBe(
      `{"attachments":[{"name":"n","sha256":"${'a'.repeat(64)}"}],"body":"aGk=","metadata":{"a":"x","b":1}}`,
    );
  });

  it('does not depend on key order, and a string body is its UTF-8 bytes', () => {
    const doc = document();
    const reordered: SealableDocument = {
      attachments: doc.attachments.map(({ sha256, name }) => ({ sha256, name })),
      body: new Uint8Array(Buffer.from(doc.body as string, 'utf8')),
      metadata: Object.fromEntries(Object.entries(doc.metadata).reverse()),
    };
    expect(canonicalDocumentDigestInput(reordered)).toBe(canonicalDocumentDigestInput(doc));
  });

  it('refuses attachment hashes that are not lowercase SHA-256 hex', () => {
    expect(() =>
      canonicalDocumentDigestInput({ ...document(), attachments: [{ name: 'x', sha256: 'A'.repeat(64) }] }),
    ).toThrow(TypeError);
  });
});

describe.each(['SM2-SM3', 'ECDSA-P256-SHA256'] as const)('sealDocument / verifySeal with %s', (algorithm) => {
  const pair = generateSealKeyPair(algorithm);
  const key = { algorithm, keyId: pair.keyId, privateJwk: pair.privateJwk };
  const sealedAt = '2026-12-02T01:30:00.000Z';
  const seal = sealDocument(document(), key, { sealedAt });

  it('gives a seal that verifies with the public key', () => {
    expect(seal).toMatchObject({ algorithm, keyId: pair.keyId, sealedAt });
    expect(seal.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySeal(document(), seal, pair.publicJwk)).toBe(true);
  });

  it('publishes the public key as JWK and PEM, the key id its RFC 7638 thumbprint', () => {
    expect(pair.publicJwk).not.toHaveProperty('d');
    expect(pair.keyId).toBe(jwkThumbprint(pair.publicJwk));
    expect(publicJwkOf(pair.privateJwk)).toEqual(pair.publicJwk);
    const der = createPublicKey(pair.publicPem).export({ format: 'der', type: 'spki' });
    expect(der.subarray(-64).toString('base64url')).toBe(
      Buffer.concat([
        Buffer.from(pair.publicJwk.x, 'base64url'),
        Buffer.from(pair.publicJwk.y, 'base64url'),
      ]).toString('base64url'),
    );
  });

  const tampered: Record<string, (doc: SealableDocument) => SealableDocument> = {
    'a metadata value': (doc) => ({ ...doc, metadata: { ...doc.metadata, urgency: '加急' } }),
    'a nested metadata value': (doc) => ({
      ...doc,
      metadata: { ...doc.metadata, issuer: { unit: '11100000MB0000000Y', name: '国家数据局' } },
    }),
    'an added metadata key': (doc) => ({ ...doc, metadata: { ...doc.metadata, extra: '' } }),
    'the body': (doc) => ({ ...doc, body: `${doc.body as string} ` }),
    'an attachment name': (doc) => ({
      ...doc,
      attachments: doc.attachments.map((a, i) => (i === 0 ? { ...a, name: '附件1.pdf' } : a)),
    }),
    'the attachments order': (doc) => ({ ...doc, attachments: [...doc.attachments].reverse() }),
    'a dropped attachment': (doc) => ({ ...doc, attachments: doc.attachments.slice(1) }),
  };
  it.each(Object.keys(tampered))('fails when %s changes', (name) => {
    const change = tampered[name] as (doc: SealableDocument) => SealableDocument;
    expect(verifySeal(change(document()), seal, pair.publicJwk)).toBe(false);
  });

  it('fails when any single byte of the body or of an attachment hash changes', () => {
    const body = Buffer.from(document().body as string, 'utf8');
    for (let i = 0; i < body.length; i++) {
      const changed = Buffer.from(body);
      changed[i] = (changed[i] as number) ^ 0x01;
      expect(verifySeal({ ...document(), body: new Uint8Array(changed) }, seal, pair.publicJwk)).toBe(false);
    }
    for (const index of [0, 1]) {
      const hash = document().attachments[index]?.sha256 as string;
      for (let i = 0; i < hash.length; i++) {
        const digit = hash[i] === '0' ? '1' : '0';
        const attachments = document().attachments.map((a, j) =>
          j === index ? { ...a, sha256: `${hash.slice(0, i)}${digit}${hash.slice(i + 1)}` } : a,
        );
        expect(verifySeal({ ...document(), attachments }, seal, pair.publicJwk)).toBe(false);
      }
    }
  });

  it('fails when a field of the seal changes, or with another key', () => {
    const changed: DocumentSeal[] = [
      { ...seal, sealedAt: '2026-12-02T01:30:00.001Z' },
      { ...seal, digest: seal.digest.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { ...seal, keyId: generateSealKeyPair(algorithm).keyId },
      { ...seal, algorithm: algorithm === 'SM2-SM3' ? 'ECDSA-P256-SHA256' : 'SM2-SM3' },
      { ...seal, signature: '' },
      { ...seal, signature: 'not base64!' },
    ];
    const signature = Buffer.from(seal.signature, 'base64');
    for (let i = 0; i < signature.length; i++) {
      const flipped = Buffer.from(signature);
      flipped[i] = (flipped[i] as number) ^ 0x01;
      changed.push({ ...seal, signature: flipped.toString('base64') });
    }
    for (const c of changed) expect(verifySeal(document(), c, pair.publicJwk)).toBe(false);
    expect(verifySeal(document(), seal, generateSealKeyPair(algorithm).publicJwk)).toBe(false);
  });

  it('refuses to seal with a key id that is not the key', () => {
    expect(() => sealDocument(document(), { ...key, keyId: 'x' }, { sealedAt })).toThrow(TypeError);
  });
});

it('a seal cannot pass for a seal of the other algorithm with a key of the other curve', () => {
  const sm2Pair = generateSealKeyPair('SM2-SM3');
  const p256Pair = generateSealKeyPair('ECDSA-P256-SHA256');
  const seal = sealDocument(document(), {
    algorithm: 'SM2-SM3',
    keyId: sm2Pair.keyId,
    privateJwk: sm2Pair.privateJwk,
  });
  expect(verifySeal(document(), seal, p256Pair.publicJwk)).toBe(false);
  expect(verifySeal(document(), seal, sm2Pair.publicJwk)).toBe(true);
});
