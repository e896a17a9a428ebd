/**
 * The electronic seal (电子印章) of an official document: a signature over the canonical form of
 * the document (metadata, body, attachment hashes) and of the seal's own facts (algorithm, key,
 * time). Pure: keys and times are given; nothing is stored or logged here.
 *
 * Two algorithms behind one interface:
 * - `SM2-SM3`: GB/T 32918.2-2016 §6 signature over e = SM3(Z_A ‖ M), with
 *   Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) and the default ID `1234567812345678`
 *   (GM/T 0009-2012 §10). Node's own `crypto.sign('sm3', …)` on an SM2 key cannot be used for this:
 *   Node 24 (OpenSSL 3.5) computes Z_A over an EMPTY ID and offers no way to set it, and there is
 *   no raw-digest path (`crypto.sign(null, …)` prehashes with Z too). So Z_A and e are computed
 *   here with Node's SM3 and only the curve arithmetic is done by `sm-crypto-v2` (on @noble/curves).
 * - `ECDSA-P256-SHA256`: FIPS 186-5 ECDSA on P-256 with SHA-256, by Node's crypto.
 *
 * Signatures are DER `SEQUENCE { r INTEGER, s INTEGER }` (GM/T 0009 SM2Signature; RFC 3279
 * Ecdsa-Sig-Value), base64 in the seal. Keys are JWKs (SM2 ones with `crv: 'SM2'`: Node 24 aborts the whole
 * process, by a native assertion, on `createPrivateKey`/`createPublicKey` of such a JWK, so none is
 * ever handed to Node) and public keys also SPKI PEM, which Node reads.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { canonicalJson } from '@govshare/domain/audit';
import { sm2 } from 'sm-crypto-v2';

export type SealAlgorithmName = 'SM2-SM3' | 'ECDSA-P256-SHA256';

/** An attachment is sealed by its hash (its bytes live elsewhere). */
export interface SealedAttachment {
  name: string;
  /** SHA-256 of the attachment's bytes, 64 lowercase hex digits. */
  sha256: string;
}

/** What a seal covers. Metadata holds JSON values only (no undefined inside arrays, no NaN). */
export interface SealableDocument {
  metadata: Readonly<Record<string, unknown>>;
  /** The body's bytes; a string is taken as its UTF-8 encoding. */
  body: Uint8Array | string;
  attachments: readonly SealedAttachment[];
}

export interface PublicSealJwk {
  kty: 'EC';
  crv: 'SM2' | 'P-256';
  x: string;
  y: string;
}
export interface PrivateSealJwk extends PublicSealJwk {
  d: string;
}

export interface SealKeyPair {
  algorithm: SealAlgorithmName;
  /** RFC 7638 thumbprint (SHA-256, base64url) of the public JWK. */
  keyId: string;
  publicJwk: PublicSealJwk;
  /** SubjectPublicKeyInfo PEM of the public key: publishable. */
  publicPem: string;
  /** Returned to the caller only: never log or echo it. */
  privateJwk: PrivateSealJwk;
}

/** A private key as given to `sealDocument`. */
export interface SealSigningKey {
  algorithm: SealAlgorithmName;
  keyId: string;
  privateJwk: PrivateSealJwk;
}

export interface DocumentSeal {
  algorithm: SealAlgorithmName;
  keyId: string;
  /** Hex of the digest the algorithm signs (for SM2: e = SM3(Z_A ‖ M)); for display. */
  digest: string;
  /** Base64 of the DER signature. */
  signature: string;
  sealedAt: string;
}

/** One signature algorithm: the digest it signs, signing, verifying, keys. */
export interface SealAlgorithm {
  readonly name: SealAlgorithmName;
  readonly curve: PublicSealJwk['crv'];
  /** The digest that is signed for message `message` under `publicKey`. */
  digest(message: Uint8Array, publicKey: PublicSealJwk): Uint8Array;
  /** DER signature of `message`. */
  sign(message: Uint8Array, privateKey: PrivateSealJwk): Uint8Array;
  /** Whether `signature` (DER) is a valid signature of `message`; never throws. */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: PublicSealJwk): boolean;
  generateKeyPair(): { publicJwk: PublicSealJwk; privateJwk: PrivateSealJwk };
}

// ---------------------------------------------------------------- encodings

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64u = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const sm3 = (data: Uint8Array) => new Uint8Array(createHash('sm3').update(data).digest());
const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

const B64U_32 = /^[A-Za-z0-9_-]{43}$/;
/** A 32-byte JWK coordinate or scalar, strictly. */
function coordinate(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !B64U_32.test(value))
    throw new TypeError(`${what} is not 32 bytes of base64url`);
  const bytes = fromB64u(value);
  if (b64u(bytes) !== value) throw new TypeError(`${what} is not canonical base64url`);
  return bytes;
}

function derLength(length: number): number[] {
  return length < 0x80 ? [length] : [0x81, length];
}
function derInteger(value: Uint8Array): number[] {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const body = [...value.subarray(start)];
  if ((body[0] ?? 0) & 0x80) body.unshift(0);
  return [0x02, ...derLength(body.length), ...body];
}
/** DER SEQUENCE { r, s } from 32-byte big-endian r and s. */
export function encodeDerSignature(r: Uint8Array, s: Uint8Array): Uint8Array {
  const content = [...derInteger(r), ...derInteger(s)];
  return new Uint8Array([0x30, ...derLength(content.length), ...content]);
}

/** r and s (32 bytes each) of a strict DER signature, or undefined if it is not one. */
export function decodeDerSignature(der: Uint8Array): { r: Uint8Array; s: Uint8Array } | undefined {
  let at = 0;
  const byte = () => (at < der.length ? (der[at++] as number) : -1);
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    if (first !== 0x81) return -1;
    const long = byte();
    return long >= 0x80 ? long : -1;
  };
  const integer = (): Uint8Array | undefined => {
    if (byte() !== 0x02) return undefined;
    const len = length();
    if (len < 1 || len > 33 || at + len > der.length) return undefined;
    const body = der.subarray(at, at + len);
    at += len;
    if ((body[0] as number) & 0x80) return undefined; // negative
    if (len > 1 && body[0] === 0 && !((body[1] as number) & 0x80)) return undefined; // not minimal
    if (len === 33 && body[0] !== 0) return undefined; // wider than 256 bits
    const value = len === 33 ? body.subarray(1) : body;
    const out = new Uint8Array(32);
    out.set(value, 32 - value.length);
    return out;
  };
  if (byte() !== 0x30) return undefined;
  const total = length();
  if (total < 0 || at + total !== der.length) return undefined;
  const r = integer();
  const s = integer();
  if (!r || !s || at !== der.length) return undefined;
  return { r, s };
}

const toBig = (bytes: Uint8Array) => BigInt(`0x${hex(bytes) || '0'}`);
const inRange = (value: Uint8Array, n: bigint) => {
  const v = toBig(value);
  return v >= 1n && v < n;
};

// ---------------------------------------------------------------- SM2 with SM3

/** GB/T 32918.5-2017 recommended curve parameters. */
export const SM2_CURVE = {
  p: 'fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff',
  a: 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc',
  b: '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93',
  n: 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123',
  gx: '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7',
  gy: 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
} as const;
const SM2_N = BigInt(`0x${SM2_CURVE.n}`);
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The default distinguishing identifier of GM/T 0009-2012 §10. */
export const SM2_DEFAULT_ID = '1234567812345678';

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2-2016 §5.5). */
export function sm2Za(x: Uint8Array, y: Uint8Array, id: string = SM2_DEFAULT_ID): Uint8Array {
  const idBytes = utf8(id);
  const entl = idBytes.length * 8;
  if (entl > 0xffff) throw new RangeError('SM2 ID too long');
  return sm3(
    new Uint8Array([
      entl >> 8,
      entl & 0xff,
      ...idBytes,
      ...fromHex(SM2_CURVE.a),
      ...fromHex(SM2_CURVE.b),
      ...fromHex(SM2_CURVE.gx),
      ...fromHex(SM2_CURVE.gy),
      ...x,
      ...y,
    ]),
  );
}

/** e = SM3(Z_A ‖ M) (GB/T 32918.2-2016 §6.1 A1–A2). */
export function sm2E(
  message: Uint8Array,
  x: Uint8Array,
  y: Uint8Array,
  id: string = SM2_DEFAULT_ID,
): Uint8Array {
  return sm3(new Uint8Array([...sm2Za(x, y, id), ...message]));
}

const sm2PublicHex = (jwk: PublicSealJwk) => `04${hex(coordinate(jwk.x, 'x'))}${hex(coordinate(jwk.y, 'y'))}`;

function requireCurve(jwk: PublicSealJwk, crv: PublicSealJwk['crv']) {
  if (jwk?.kty !== 'EC' || jwk.crv !== crv) throw new TypeError(`Not an EC ${crv} key`);
}

/** SM2 with SM3, for a given distinguishing ID (the default one unless told). */
export function sm2WithSm3(id: string = SM2_DEFAULT_ID): SealAlgorithm {
  return {
    name: 'SM2-SM3',
    curve: 'SM2',
    digest(message, publicKey) {
      requireCurve(publicKey, 'SM2');
      return sm2E(message, coordinate(publicKey.x, 'x'), coordinate(publicKey.y, 'y'), id);
    },
    sign(message, privateKey) {
      requireCurve(privateKey, 'SM2');
      const e = this.digest(message, privateKey);
      const d = coordinate(privateKey.d, 'd');
      if (!inRange(d, SM2_N - 1n)) throw new RangeError('SM2 private key out of range');
      if (sm2.getPublicKeyFromPrivateKey(hex(d)).toLowerCase() !== sm2PublicHex(privateKey))
        throw new TypeError('SM2 private key does not match its x and y');
      const rs = sm2.doSignature(e, hex(d), { der: false, hash: false });
      return encodeDerSignature(fromHex(rs.slice(0, 64)), fromHex(rs.slice(64)));
    },
    verify(message, signature, publicKey) {
      try {
        requireCurve(publicKey, 'SM2');
        const rs = decodeDerSignature(signature);
        if (!rs || !inRange(rs.r, SM2_N) || !inRange(rs.s, SM2_N)) return false;
        const e = this.digest(message, publicKey);
        return sm2.doVerifySignature(e, `${hex(rs.r)}${hex(rs.s)}`, sm2PublicHex(publicKey), {
          der: false,
          hash: false,
        });
      } catch {
        return false;
      }
    },
    generateKeyPair() {
      const pair = sm2.generateKeyPairHex();
      const publicKey = pair.publicKey.padStart(130, '0');
      const x = b64u(fromHex(publicKey.slice(2, 66)));
      const y = b64u(fromHex(publicKey.slice(66, 130)));
      const d = b64u(fromHex(pair.privateKey.padStart(64, '0')));
      return { publicJwk: { kty: 'EC', crv: 'SM2', x, y }, privateJwk: { kty: 'EC', crv: 'SM2', x, y, d } };
    },
  };
}

// ---------------------------------------------------------------- ECDSA P-256 with SHA-256

const nodeJwk = (jwk: PublicSealJwk | PrivateSealJwk): JsonWebKey => ({ ...jwk });

export const ecdsaP256Sha256: SealAlgorithm = {
  name: 'ECDSA-P256-SHA256',
  curve: 'P-256',
  digest(message, publicKey) {
    requireCurve(publicKey, 'P-256');
    return sha256(message);
  },
  sign(message, privateKey) {
    requireCurve(privateKey, 'P-256');
    coordinate(privateKey.d, 'd');
    const key = createPrivateKey({ key: nodeJwk(privateKey), format: 'jwk' });
    return new Uint8Array(nodeSign('sha256', message, { key, dsaEncoding: 'der' }));
  },
  verify(message, signature, publicKey) {
    try {
      requireCurve(publicKey, 'P-256');
      const rs = decodeDerSignature(signature);
      if (!rs || !inRange(rs.r, P256_N) || !inRange(rs.s, P256_N)) return false;
      coordinate(publicKey.x, 'x');
      coordinate(publicKey.y, 'y');
      const { kty, crv, x, y } = publicKey;
      const key = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
      return nodeVerify('sha256', message, { key, dsaEncoding: 'der' }, signature);
    } catch {
      return false;
    }
  },
  generateKeyPair() {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y, d } = privateKey.export({ format: 'jwk' });
    if (!x || !y || !d) throw new Error('P-256 key export without coordinates');
    return { publicJwk: { kty: 'EC', crv: 'P-256', x, y }, privateJwk: { kty: 'EC', crv: 'P-256', x, y, d } };
  },
};

export const SEAL_ALGORITHMS: Readonly<Record<SealAlgorithmName, SealAlgorithm>> = {
  'SM2-SM3': sm2WithSm3(),
  'ECDSA-P256-SHA256': ecdsaP256Sha256,
};

// ---------------------------------------------------------------- keys

/** RFC 7638 JWK thumbprint: SHA-256 of {crv, kty, x, y} in that order, base64url. */
export function jwkThumbprint(jwk: PublicSealJwk): string {
  coordinate(jwk.x, 'x');
  coordinate(jwk.y, 'y');
  return b64u(sha256(utf8(canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))));
}

const OID_EC_PUBLIC_KEY = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]; // 1.2.840.10045.2.1
const OID_CURVE: Record<PublicSealJwk['crv'], number[]> = {
  'P-256': [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], // 1.2.840.10045.3.1.7
  SM2: [0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d], // 1.2.156.10197.1.301
};

/** SubjectPublicKeyInfo PEM of a public key (id-ecPublicKey with the named curve, as OpenSSL writes). */
export function publicKeyPem(jwk: PublicSealJwk): string {
  const point = [0x04, ...coordinate(jwk.x, 'x'), ...coordinate(jwk.y, 'y')];
  const curve = OID_CURVE[jwk.crv];
  if (jwk.kty !== 'EC' || !curve) throw new TypeError('Not an EC P-256 or SM2 key');
  const algorithm = [0x30, OID_EC_PUBLIC_KEY.length + curve.length, ...OID_EC_PUBLIC_KEY, ...curve];
  const bitString = [0x03, point.length + 1, 0x00, ...point];
  const der = Buffer.from([0x30, algorithm.length + bitString.length, ...algorithm, ...bitString]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

const algorithmOfCurve = (crv: PublicSealJwk['crv']): SealAlgorithm => {
  const algorithm = Object.values(SEAL_ALGORITHMS).find((a) => a.curve === crv);
  if (!algorithm) throw new TypeError(`No seal algorithm for curve ${String(crv)}`);
  return algorithm;
};

/** A new seal key pair. The private key is only returned: keep it out of logs. */
export function generateSealKeyPair(algorithm: SealAlgorithmName): SealKeyPair {
  const impl = SEAL_ALGORITHMS[algorithm];
  if (!impl) throw new TypeError(`Unknown seal algorithm ${String(algorithm)}`);
  const { publicJwk, privateJwk } = impl.generateKeyPair();
  return {
    algorithm,
    keyId: jwkThumbprint(publicJwk),
    publicJwk,
    publicPem: publicKeyPem(publicJwk),
    privateJwk,
  };
}

/** The public half of a private JWK. */
export const publicJwkOf = ({ kty, crv, x, y }: PublicSealJwk): PublicSealJwk => ({ kty, crv, x, y });

// ---------------------------------------------------------------- documents and seals

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SEAL_FORMAT = 'govshare-seal/1';

const bodyBytes = (body: Uint8Array | string) => (typeof body === 'string' ? utf8(body) : body);

function documentContent(doc: SealableDocument) {
  if (doc === null || typeof doc !== 'object') throw new TypeError('Not a document');
  if (doc.metadata === null || typeof doc.metadata !== 'object' || Array.isArray(doc.metadata))
    throw new TypeError('Document metadata must be an object');
  if (typeof doc.body !== 'string' && !(doc.body instanceof Uint8Array))
    throw new TypeError('Document body must be bytes or a string');
  if (!Array.isArray(doc.attachments)) throw new TypeError('Document attachments must be a list');
  const attachments = doc.attachments.map((a, i) => {
    if (typeof a?.name !== 'string' || typeof a.sha256 !== 'string' || !SHA256_HEX.test(a.sha256))
      throw new TypeError(`Attachment ${i} needs a name and a lowercase hex SHA-256`);
    return { name: a.name, sha256: a.sha256 };
  });
  return {
    attachments,
    body: Buffer.from(bodyBytes(doc.body)).toString('base64'),
    metadata: doc.metadata,
  };
}

/**
 * The canonical form of a document: JSON with sorted keys and no whitespace (the audit chain's
 * `canonicalJson`), the body as base64 of its bytes, attachments in their order, each by name and
 * SHA-256. Equal documents give equal strings whatever the order of their keys.
 */
export function canonicalDocumentDigestInput(doc: SealableDocument): string {
  return canonicalJson(documentContent(doc));
}

/** The bytes a seal signs: the document and the seal's own facts, so none can be swapped. */
export function sealSigningInput(
  doc: SealableDocument,
  facts: Pick<DocumentSeal, 'algorithm' | 'keyId' | 'sealedAt'>,
): Uint8Array {
  return utf8(
    canonicalJson({
      algorithm: facts.algorithm,
      document: documentContent(doc),
      format: SEAL_FORMAT,
      keyId: facts.keyId,
      sealedAt: facts.sealedAt,
    }),
  );
}

/** Seals `doc` with `key`, at `sealedAt` (now unless given). */
export function sealDocument(
  doc: SealableDocument,
  key: SealSigningKey,
  options: { sealedAt?: string } = {},
): DocumentSeal {
  const algorithm = SEAL_ALGORITHMS[key.algorithm];
  if (!algorithm || algorithm.curve !== key.privateJwk?.crv)
    throw new TypeError('The key does not fit the seal algorithm');
  const publicJwk = publicJwkOf(key.privateJwk);
  if (jwkThumbprint(publicJwk) !== key.keyId) throw new TypeError('The key id is not the key thumbprint');
  const sealedAt = options.sealedAt ?? new Date().toISOString();
  const facts = { algorithm: key.algorithm, keyId: key.keyId, sealedAt };
  const message = sealSigningInput(doc, facts);
  return {
    ...facts,
    digest: hex(algorithm.digest(message, publicJwk)),
    signature: Buffer.from(algorithm.sign(message, key.privateJwk)).toString('base64'),
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Whether `seal` is a seal of `doc` by `publicKey`: the algorithm fits the key, the key id is its
 * thumbprint, the digest is the one recomputed and the signature verifies. Never throws.
 */
export function verifySeal(doc: SealableDocument, seal: DocumentSeal, publicKey: PublicSealJwk): boolean {
  try {
    const algorithm = SEAL_ALGORITHMS[seal.algorithm];
    if (!algorithm || algorithm !== algorithmOfCurve(publicKey.crv)) return false;
    const publicJwk = publicJwkOf(publicKey);
    if (seal.keyId !== jwkThumbprint(publicJwk)) return false;
    if (
      typeof seal.sealedAt !== 'string' ||
      typeof seal.signature !== 'string' ||
      !BASE64.test(seal.signature)
    )
      return false;
    const message = sealSigningInput(doc, seal);
    if (seal.digest !== hex(algorithm.digest(message, publicJwk))) return false;
    return algorithm.verify(message, new Uint8Array(Buffer.from(seal.signature, 'base64')), publicJwk);
  } catch {
    return false;
  }
}
