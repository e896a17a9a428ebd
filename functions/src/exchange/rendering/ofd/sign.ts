import { createHash } from 'node:crypto';
import {
  type PublicSealJwk,
  publicJwkOf,
  publicKeyPem,
  SEAL_ALGORITHMS,
  type SealAlgorithmName,
  type SealSigningKey,
} from '@govshare/domain/exchange';
import type { LayoutFonts } from '../fonts.ts';
import { sealDrawing } from '../seal-drawing.ts';
import { SIGNATURES_PATH } from './names.ts';
import {
  documentParts,
  OfdFormatError,
  type OfdStamp,
  sealPlaces,
  signatureEntries,
  signatureXml,
} from './read.ts';
import {
  decodeSesSignature,
  encodeSesSignature,
  OID,
  SesFormatError,
  type SesPicture,
  type SesSealInfo,
  sealToSign,
  toSign,
} from './ses.ts';
import { el, lengths, type Markup, xmlFile } from './xml.ts';
import { DamagedPackageError, type OfdFiles, readPackage, writePackage } from './zip-package.ts';

/**
 * The seal signature of an OFD (GB/T 38540-2020 §6 with GB/T 33190 §18): Doc_0/Signs/Signatures.xml
 * lists one Signature.xml, whose References give the SM3 of every file of the package; a StampAnnot
 * puts the seal over the drawn one; SignedValue.dat is the SES_Signature, whose dataHash is the SM3
 * of Signature.xml and whose signature (SM2 with SM3, or ECDSA P-256 for a unit with such a key) is
 * over its TBS_Sign. The seal inside it (SESeal) is made and signed by the same unit key: the
 * platform is its own seal maker, having no 制章 authority to ask.
 */

/** What signs: the unit's seal key. The wiring builds one from the unit's key (`sealKeySigner`). */
export interface OfdSigner {
  /** The unit's name, as its seal shows it; picks which drawn seal the StampAnnot covers. */
  unitName: string;
  /** esID of the seal: the key's id (ASCII). */
  keyId: string;
  algorithm: SealAlgorithmName;
  /**
   * DER of the signer's certificate. With no CA here, the key's SubjectPublicKeyInfo DER (a
   * self-describing public key, not an X.509 certificate): verifiers look the key up by keyId.
   */
  certificate: Uint8Array;
  signedAt: Date;
  /** Until when the seal is valid (its property's validEnd); a year after signedAt if not given. */
  validTo?: Date;
  /** DER signature of `data` (SM2: GB/T 32918.2 with Z_A over the default ID, SM3). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export const SIGNATURE_OID: Record<SealAlgorithmName, string> = {
  'SM2-SM3': OID.sm2WithSm3,
  'ECDSA-P256-SHA256': OID.ecdsaWithSha256,
};

/** SubjectPublicKeyInfo DER of a public key. */
export function publicKeyDer(jwk: PublicSealJwk): Uint8Array {
  const base64 = publicKeyPem(jwk).replace(/-----[^-]+-----|\s/g, '');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** An OfdSigner over one of the exchange's seal keys (functions/src/exchange/seal-keys.ts). */
export function sealKeySigner(
  unitName: string,
  key: SealSigningKey,
  signedAt: Date,
  validTo?: Date,
): OfdSigner {
  const algorithm = SEAL_ALGORITHMS[key.algorithm];
  return {
    unitName,
    keyId: key.keyId,
    algorithm: key.algorithm,
    certificate: publicKeyDer(publicJwkOf(key.privateJwk)),
    signedAt,
    ...(validTo ? { validTo } : {}),
    sign: async (data) => algorithm.sign(data, key.privateJwk),
  };
}

const sm3 = (data: Uint8Array) => new Uint8Array(createHash('sm3').update(data).digest());
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const utf8 = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const SIGN_FOLDER = 'Doc_0/Signs/Sign_0';

/** The drawn seal as SVG (mm), the SES picture of the seal. */
export function sealSvg(
  unitName: string,
  diameterMm: number,
  fonts: Pick<LayoutFonts, 'glyphPath'>,
): Uint8Array {
  const radius = diameterMm / 2;
  const drawing = sealDrawing({ kind: 'seal', role: 'seal', cx: 0, cy: 0, diameterMm, unitName }, fonts);
  const red = `rgb(${drawing.colour.r},${drawing.colour.g},${drawing.colour.b})`;
  const n = (value: number) => lengths(value);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(diameterMm)}mm" height="${n(diameterMm)}mm" viewBox="${lengths(-radius, -radius, diameterMm, diameterMm)}">`,
    ...drawing.rings.map(
      (ring) =>
        `<circle r="${n(ring.radiusMm)}" fill="none" stroke="${red}" stroke-width="${n(ring.widthMm)}"/>`,
    ),
    `<polygon fill="${red}" points="${drawing.star.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}"/>`,
    ...drawing.glyphs.map(
      (glyph) =>
        `<path fill="${red}" transform="translate(${n(glyph.originX)} ${n(glyph.originY)}) rotate(${n(glyph.rotationDeg)})" d="${glyph.path ?? ''}"/>`,
    ),
    '</svg>',
  ];
  return utf8(parts.join(''));
}

export interface SignOptions {
  /** For the seal's picture; the process's layout fonts when not given. */
  fonts?: Pick<LayoutFonts, 'glyphPath'>;
}

/** `ofd` with the signer's seal signature added. Throws OfdFormatError if it is already signed. */
export async function signOfd(
  ofd: Uint8Array,
  signer: OfdSigner,
  options: SignOptions = {},
): Promise<Uint8Array> {
  const files = readPackage(ofd);
  const parts = documentParts(files);
  if (parts.signaturesPath) throw new OfdFormatError('The OFD is signed already');
  const places = sealPlaces(parts);
  const place = places.find((p) => p.unitName === signer.unitName) ?? places[0];
  if (!place) throw new OfdFormatError('The OFD has no seal to sign over');
  const page = parts.pages[place.page];
  if (!page) throw new OfdFormatError('The seal is on a page the document does not have');

  // OFD.xml names the signatures; Document.xml's MaxUnitID counts the StampAnnot's ID.
  const stampId = parts.maxUnitId + 1;
  const ofdXml = decode(files.get('OFD.xml') as Uint8Array);
  const documentXml = decode(files.get(parts.docRoot) as Uint8Array);
  const docRootEnd = ofdXml.indexOf('</ofd:DocRoot>');
  const maxUnit = /<ofd:MaxUnitID>\d+<\/ofd:MaxUnitID>/;
  if (docRootEnd < 0 || !maxUnit.test(documentXml))
    throw new OfdFormatError('OFD.xml or Document.xml is not ours to sign');
  const at = docRootEnd + '</ofd:DocRoot>'.length;
  const signed: OfdFiles = new Map(files);
  signed.set(
    'OFD.xml',
    utf8(`${ofdXml.slice(0, at)}${el('Signatures', {}, SIGNATURES_PATH).text}${ofdXml.slice(at)}`),
  );
  signed.set(parts.docRoot, utf8(documentXml.replace(maxUnit, `<ofd:MaxUnitID>${stampId}</ofd:MaxUnitID>`)));
  signed.set(
    SIGNATURES_PATH,
    xmlFile(
      el(
        'Signatures',
        {},
        el('MaxSignId', {}, '1'),
        el('Signature', { ID: 1, Type: 'Seal', BaseLoc: `/${SIGN_FOLDER}/Signature.xml` }),
      ),
    ),
  );

  const references: Markup[] = [...signed].map(([path, data]) =>
    el('Reference', { FileRef: `/${path}` }, el('CheckValue', {}, base64(sm3(data)))),
  );
  const signatureXmlFile = xmlFile(
    el(
      'Signature',
      {},
      el(
        'SignedInfo',
        {},
        el('Provider', { ProviderName: 'govshare', Version: '1', Company: 'govshare' }),
        el('SignatureMethod', {}, SIGNATURE_OID[signer.algorithm]),
        el('SignatureDateTime', {}, `${signer.signedAt.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`),
        el('References', { CheckMethod: OID.sm3 }, ...references),
        el('StampAnnot', { ID: stampId, PageRef: page.id, Boundary: lengths(...place.boundary) }),
      ),
      el('SignedValue', {}, `/${SIGN_FOLDER}/SignedValue.dat`),
    ),
  );

  const [, , width, height] = place.boundary;
  const picture: SesPicture = {
    type: 'SVG',
    data: sealSvg(place.unitName, width, options.fonts ?? (await import('../fonts.ts')).layoutFonts()),
    widthMm: width,
    heightMm: height,
  };
  const seal: SesSealInfo = {
    esId: signer.keyId,
    name: signer.unitName,
    certificate: signer.certificate,
    createdAt: signer.signedAt,
    validFrom: signer.signedAt,
    validTo: signer.validTo ?? new Date(signer.signedAt.getTime() + 365 * 86_400_000),
    picture,
    vendor: 'govshare',
  };
  const algorithm = SIGNATURE_OID[signer.algorithm];
  const makerSignature = await signer.sign(sealToSign(seal, signer.certificate, algorithm));
  const unsigned = {
    seal,
    makerCertificate: signer.certificate,
    makerAlgorithm: algorithm,
    makerSignature,
    signedAt: signer.signedAt,
    dataHash: sm3(signatureXmlFile),
    propertyInfo: `/${SIGN_FOLDER}/Signature.xml`,
  };
  const signature = await signer.sign(toSign(unsigned));
  signed.set(`${SIGN_FOLDER}/Signature.xml`, signatureXmlFile);
  signed.set(
    `${SIGN_FOLDER}/SignedValue.dat`,
    encodeSesSignature({
      ...unsigned,
      signerCertificate: signer.certificate,
      signatureAlgorithm: algorithm,
      signature,
    }),
  );
  return writePackage(signed, signer.signedAt);
}

// ---------------------------------------------------------------- verification

export interface OfdSignatureCheck {
  /** The seal's 印章名称. */
  unitName: string;
  /** esID: the seal key's id. */
  keyId: string;
  signedAt: string;
  stamps: OfdStamp[];
  /** Files whose SM3 differs from the Reference's, or that are missing. */
  changedFiles: string[];
  /** Files in the package that no Reference covers (beyond the signature's own). */
  unsignedFiles: string[];
  /** SES dataHash equals SM3 of Signature.xml. */
  dataHashMatches: boolean;
  /** The signature over TBS_Sign and the maker's over the seal verify under the unit's key. */
  signatureValid: boolean;
  /** Whether the platform knows the key (publicKeyOf answered). */
  keyKnown: boolean;
}

export interface OfdVerification {
  /** True only when the package is whole, signed, and every signature check passed. */
  intact: boolean;
  /** SHA-256 of the file as given, hex: what the platform recorded at sign-off, to compare. */
  sha256: string;
  documentId?: string;
  signatures: OfdSignatureCheck[];
  /** Why it is not intact, in words (a damaged container, unreadable XML, no signature, …). */
  problems: string[];
}

/** The platform's public key for a seal: by its esID (the key id) and the unit's name; undefined if unknown. */
export type PublicKeyOf = (seal: {
  keyId: string;
  unitName: string;
  algorithm: string;
}) => PublicSealJwk | undefined | Promise<PublicSealJwk | undefined>;

const ALGORITHM_OF_OID: Record<string, SealAlgorithmName> = {
  [OID.sm2WithSm3]: 'SM2-SM3',
  [OID.ecdsaWithSha256]: 'ECDSA-P256-SHA256',
};

export interface VerifyOptions {
  /**
   * SHA-256 (hex) the platform recorded for this document's OFD: when given, any other byte
   * sequence is reported, even one whose every signed file is intact.
   */
  expectedSha256?: string;
}

export async function verifyOfd(
  bytes: Uint8Array,
  publicKeyOf: PublicKeyOf,
  options: VerifyOptions = {},
): Promise<OfdVerification> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const problems: string[] =
    options.expectedSha256 !== undefined && options.expectedSha256 !== sha256
      ? ['The file is not byte for byte the one the platform sealed']
      : [];
  let files: OfdFiles;
  let parts: ReturnType<typeof documentParts>;
  try {
    files = readPackage(bytes);
    parts = documentParts(files);
  } catch (error) {
    if (error instanceof DamagedPackageError || error instanceof OfdFormatError)
      return { intact: false, sha256, signatures: [], problems: [...problems, error.message] };
    throw error;
  }
  const documentId = customDataOf(parts);
  const checks: OfdSignatureCheck[] = [];
  let entries: ReturnType<typeof signatureEntries> = [];
  try {
    entries = signatureEntries(parts);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (entries.length === 0 && problems.length === 0) problems.push('The OFD carries no seal signature');
  for (const entry of entries) {
    try {
      checks.push(await checkSignature(parts, entry.path, publicKeyOf));
    } catch (error) {
      if (!(error instanceof OfdFormatError || error instanceof SesFormatError)) throw error;
      problems.push(error.message);
    }
  }
  for (const check of checks) {
    if (check.changedFiles.length > 0)
      problems.push(`Changed after sealing: ${check.changedFiles.join(', ')}`);
    if (check.unsignedFiles.length > 0)
      problems.push(`Not covered by the seal: ${check.unsignedFiles.join(', ')}`);
    if (!check.dataHashMatches) problems.push('The seal signature is not over this Signature.xml');
    if (!check.keyKnown) problems.push(`Unknown seal key ${check.keyId}`);
    else if (!check.signatureValid) problems.push(`The seal signature of ${check.unitName} does not verify`);
  }
  return {
    intact: problems.length === 0,
    sha256,
    ...(documentId ? { documentId } : {}),
    signatures: checks,
    problems,
  };
}

function customDataOf(parts: ReturnType<typeof documentParts>): string | undefined {
  const datas = (parts.info.CustomDatas as Record<string, unknown> | undefined)?.CustomData;
  const list = (Array.isArray(datas) ? datas : datas ? [datas] : []) as Record<string, unknown>[];
  const found = list.find((data) => data['@Name'] === 'govshare:documentId');
  return found ? String(found['#text'] ?? '') : undefined;
}

async function checkSignature(
  parts: ReturnType<typeof documentParts>,
  path: string,
  publicKeyOf: PublicKeyOf,
): Promise<OfdSignatureCheck> {
  const signature = signatureXml(parts, path);
  if (signature.checkMethod !== OID.sm3 && signature.checkMethod !== 'SM3')
    throw new OfdFormatError(`Unsupported CheckMethod ${signature.checkMethod}`);
  const changedFiles = signature.references
    .filter(({ path: file, checkValue }) => {
      const data = parts.files.get(file);
      return !data || base64(sm3(data)) !== checkValue;
    })
    .map(({ path: file }) => file);
  const covered = new Set([...signature.references.map((r) => r.path), path, signature.signedValuePath]);
  const unsignedFiles = [...parts.files.keys()].filter((file) => !covered.has(file));
  const signedValue = parts.files.get(signature.signedValuePath);
  if (!signedValue) throw new OfdFormatError(`${signature.signedValuePath} is missing`);
  const ses = decodeSesSignature(signedValue);
  const signatureXmlBytes = parts.files.get(path) as Uint8Array;
  const dataHashMatches = Buffer.from(ses.dataHash).equals(Buffer.from(sm3(signatureXmlBytes)));
  const algorithmName = ALGORITHM_OF_OID[ses.signatureAlgorithm];
  const key = algorithmName
    ? await publicKeyOf({ keyId: ses.seal.esId, unitName: ses.seal.name, algorithm: algorithmName })
    : undefined;
  const algorithm = algorithmName ? SEAL_ALGORITHMS[algorithmName] : undefined;
  const signatureValid =
    !!key &&
    !!algorithm &&
    ses.makerAlgorithm === ses.signatureAlgorithm &&
    algorithm.verify(ses.toSignDer, ses.signature, key) &&
    algorithm.verify(ses.sealToSignDer, ses.makerSignature, key);
  return {
    unitName: ses.seal.name,
    keyId: ses.seal.esId,
    signedAt: ses.signedAt.toISOString(),
    stamps: signature.stamps,
    changedFiles,
    unsignedFiles,
    dataHashMatches,
    signatureValid,
    keyKnown: !!key,
  };
}
