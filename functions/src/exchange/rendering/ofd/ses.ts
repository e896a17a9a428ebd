import * as asn1js from 'asn1js';

/**
 * The electronic seal and the seal signature of GB/T 38540-2020 (version 4), as DER:
 *
 *   SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OBJECT IDENTIFIER,
 *                                signature BIT STRING, timeStamp [0] BIT STRING OPTIONAL }
 *   TBS_Sign      ::= SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime,
 *                                dataHash BIT STRING, propertyInfo IA5String, extDatas OPTIONAL }
 *   SESeal        ::= SEQUENCE { esealInfo SES_SealInfo, cert OCTET STRING, signAlgID OBJECT IDENTIFIER,
 *                                signedValue BIT STRING }
 *   SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
 *                                picture SES_ESPictrueInfo, extDatas OPTIONAL }
 *   SES_Header    ::= SEQUENCE { ID IA5String ("ES"), version INTEGER (4), Vid IA5String }
 *   SES_ESPropertyInfo ::= SEQUENCE { type INTEGER (1 单位印章), name UTF8String, certListType INTEGER (1),
 *                                certList SEQUENCE OF OCTET STRING, createDate, validStart, validEnd GeneralizedTime }
 *   SES_ESPictrueInfo ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER (mm) }
 *
 * The seal maker's signature (SESeal.signedValue) is over the DER of
 * SEQUENCE { esealInfo, cert, signAlgID }; the signer's (SES_Signature.signature) over the DER of TBS_Sign.
 */

export const OID = {
  sm3: '1.2.156.10197.1.401',
  sm2WithSm3: '1.2.156.10197.1.501',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export interface SesPicture {
  /** "SVG", "PNG", "JPG", "GIF", "BMP" or "OFD" (GB/T 38540 §A). */
  type: string;
  data: Uint8Array;
  widthMm: number;
  heightMm: number;
}

export interface SesSealInfo {
  /** 电子印章标识 (ASCII). */
  esId: string;
  /** 印章名称: the unit's name. */
  name: string;
  /** The sealing party's certificate (or, with no CA, its SubjectPublicKeyInfo), listed in the seal's property. */
  certificate: Uint8Array;
  createdAt: Date;
  validFrom: Date;
  validTo: Date;
  picture: SesPicture;
  /** Vid: the maker's identifier for the seal format. */
  vendor: string;
}

export interface SesSignature {
  seal: SesSealInfo;
  /** The seal maker's certificate and signature over the seal. */
  makerCertificate: Uint8Array;
  makerAlgorithm: string;
  makerSignature: Uint8Array;
  signedAt: Date;
  /** SM3 of the signed file (the OFD's Signature.xml). */
  dataHash: Uint8Array;
  /** Where the signed file is: the Signature.xml path. */
  propertyInfo: string;
  signerCertificate: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** The exact DER the signer and the maker signed, as read (for verification). */
  toSignDer: Uint8Array;
  sealToSignDer: Uint8Array;
}

const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const der = (block: asn1js.BaseBlock) => new Uint8Array(block.toBER(false));
const time = (at: Date) => {
  if (!Number.isFinite(at.getTime())) throw new RangeError('Not a time');
  return new asn1js.GeneralizedTime({ value: `${at.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z` });
};
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: buffer(bytes) });
const bits = (bytes: Uint8Array) => new asn1js.BitString({ valueHex: buffer(bytes), unusedBits: 0 });
const ascii = (text: string) => {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`Not printable ASCII: ${text}`);
  return new asn1js.IA5String({ value: text });
};

function sealInfoBlock(seal: SesSealInfo): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [ascii('ES'), new asn1js.Integer({ value: 4 }), ascii(seal.vendor)],
      }),
      ascii(seal.esId),
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: 1 }),
          new asn1js.Utf8String({ value: seal.name }),
          new asn1js.Integer({ value: 1 }),
          new asn1js.Sequence({ value: [octets(seal.certificate)] }),
          time(seal.createdAt),
          time(seal.validFrom),
          time(seal.validTo),
        ],
      }),
      new asn1js.Sequence({
        value: [
          ascii(seal.picture.type),
          octets(seal.picture.data),
          new asn1js.Integer({ value: Math.round(seal.picture.widthMm) }),
          new asn1js.Integer({ value: Math.round(seal.picture.heightMm) }),
        ],
      }),
    ],
  });
}

/** What the seal's maker signs: SEQUENCE { esealInfo, cert, signAlgID }. */
export function sealToSign(
  seal: SesSealInfo,
  makerCertificate: Uint8Array,
  makerAlgorithm: string,
): Uint8Array {
  return der(
    new asn1js.Sequence({
      value: [
        sealInfoBlock(seal),
        octets(makerCertificate),
        new asn1js.ObjectIdentifier({ value: makerAlgorithm }),
      ],
    }),
  );
}

type Unsigned<T> = Omit<
  T,
  'signerCertificate' | 'signatureAlgorithm' | 'signature' | 'toSignDer' | 'sealToSignDer'
>;

function tbsBlock(fields: Unsigned<SesSignature>): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 4 }),
      new asn1js.Sequence({
        value: [
          sealInfoBlock(fields.seal),
          octets(fields.makerCertificate),
          new asn1js.ObjectIdentifier({ value: fields.makerAlgorithm }),
          bits(fields.makerSignature),
        ],
      }),
      time(fields.signedAt),
      bits(fields.dataHash),
      ascii(fields.propertyInfo),
    ],
  });
}

/** The DER of TBS_Sign: what the signer signs. */
export function toSign(fields: Unsigned<SesSignature>): Uint8Array {
  return der(tbsBlock(fields));
}

/** The DER of SES_Signature. */
export function encodeSesSignature(
  fields: Unsigned<SesSignature> &
    Pick<SesSignature, 'signerCertificate' | 'signatureAlgorithm' | 'signature'>,
): Uint8Array {
  return der(
    new asn1js.Sequence({
      value: [
        tbsBlock(fields),
        octets(fields.signerCertificate),
        new asn1js.ObjectIdentifier({ value: fields.signatureAlgorithm }),
        bits(fields.signature),
      ],
    }),
  );
}

/** A DER SEQUENCE around already-encoded fields, byte for byte. */
function sequenceOf(fields: Uint8Array[]): Uint8Array {
  const length = fields.reduce((sum, field) => sum + field.length, 0);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  const header = length < 0x80 ? [0x30, length] : [0x30, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let at = header.length;
  for (const field of fields) {
    out.set(field, at);
    at += field.length;
  }
  return out;
}

export class SesFormatError extends Error {}

function expect<T extends asn1js.BaseBlock>(
  block: unknown,
  type: new (...args: never[]) => T,
  what: string,
): T {
  if (!(block instanceof type)) throw new SesFormatError(`SES_Signature: ${what} is not a ${type.name}`);
  return block;
}
const items = (block: unknown, what: string, least: number) => {
  const value = expect(block, asn1js.Sequence, what).valueBlock.value;
  if (value.length < least) throw new SesFormatError(`SES_Signature: ${what} has ${value.length} fields`);
  return value;
};
const text = (block: unknown, what: string) =>
  (expect(block, asn1js.IA5String, what) as asn1js.IA5String).getValue();
const bytesOf = (block: unknown, what: string) =>
  new Uint8Array(expect(block, asn1js.OctetString, what).valueBlock.valueHexView);
const bitsOf = (block: unknown, what: string) => {
  const bitString = expect(block, asn1js.BitString, what);
  if (bitString.valueBlock.unusedBits !== 0)
    throw new SesFormatError(`SES_Signature: ${what} is not whole bytes`);
  return new Uint8Array(bitString.valueBlock.valueHexView);
};
const integer = (block: unknown, what: string) => expect(block, asn1js.Integer, what).valueBlock.valueDec;
const oid = (block: unknown, what: string) => expect(block, asn1js.ObjectIdentifier, what).getValue();
const dateOf = (block: unknown, what: string) => expect(block, asn1js.GeneralizedTime, what).toDate();

/** An SES_Signature read back; throws SesFormatError when it is not one (of version 4). */
export function decodeSesSignature(bytes: Uint8Array): SesSignature {
  const parsed = asn1js.fromBER(buffer(bytes));
  if (parsed.offset === -1 || parsed.offset !== bytes.length)
    throw new SesFormatError('SES_Signature: not one DER value');
  const [tbs, signerCertificate, signatureAlgorithm, signature] = items(parsed.result, 'SES_Signature', 4);
  const [version, eseal, timeInfo, dataHash, propertyInfo] = items(tbs, 'TBS_Sign', 5);
  if (integer(version, 'TBS_Sign.version') !== 4) throw new SesFormatError('SES_Signature: not version 4');
  const [sealInfo, makerCertificate, makerAlgorithm, makerSignature] = items(eseal, 'SESeal', 4);
  const [header, esId, property, picture] = items(sealInfo, 'SES_SealInfo', 4);
  const [headerId, headerVersion, vendor] = items(header, 'SES_Header', 3);
  if (text(headerId, 'SES_Header.ID') !== 'ES' || integer(headerVersion, 'SES_Header.version') !== 4)
    throw new SesFormatError('SES_Signature: the seal is not an ES version 4');
  const [, name, , certList, createdAt, validFrom, validTo] = items(property, 'SES_ESPropertyInfo', 7);
  const [certificate] = items(certList, 'SES_ESPropertyInfo.certList', 1);
  const [pictureType, pictureData, width, height] = items(picture, 'SES_ESPictrueInfo', 4);
  return {
    seal: {
      esId: text(esId, 'esID'),
      name: expect(name, asn1js.Utf8String, 'property.name').getValue(),
      certificate: bytesOf(certificate, 'property.certList'),
      createdAt: dateOf(createdAt, 'createDate'),
      validFrom: dateOf(validFrom, 'validStart'),
      validTo: dateOf(validTo, 'validEnd'),
      picture: {
        type: text(pictureType, 'picture.type'),
        data: bytesOf(pictureData, 'picture.data'),
        widthMm: integer(width, 'picture.width'),
        heightMm: integer(height, 'picture.height'),
      },
      vendor: text(vendor, 'SES_Header.Vid'),
    },
    makerCertificate: bytesOf(makerCertificate, 'SESeal.cert'),
    makerAlgorithm: oid(makerAlgorithm, 'SESeal.signAlgID'),
    makerSignature: bitsOf(makerSignature, 'SESeal.signedValue'),
    signedAt: dateOf(timeInfo, 'timeInfo'),
    dataHash: bitsOf(dataHash, 'dataHash'),
    propertyInfo: text(propertyInfo, 'propertyInfo'),
    signerCertificate: bytesOf(signerCertificate, 'SES_Signature.cert'),
    signatureAlgorithm: oid(signatureAlgorithm, 'signatureAlgID'),
    signature: bitsOf(signature, 'signature'),
    toSignDer: new Uint8Array(expect(tbs, asn1js.Sequence, 'TBS_Sign').valueBeforeDecodeView),
    // The maker's signed bytes, rebuilt from the fields exactly as they were read.
    sealToSignDer: sequenceOf(
      [sealInfo, makerCertificate, makerAlgorithm].map(
        (block) => (block as asn1js.BaseBlock).valueBeforeDecodeView,
      ),
    ),
  };
}
