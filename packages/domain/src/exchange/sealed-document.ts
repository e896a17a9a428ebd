import { createHash } from 'node:crypto';
import { canonicalJson } from '@govshare/domain/audit';
import { ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { sealedLayoutOf } from './layout/official-layout.ts';
import {
  type DocumentSeal,
  type PublicSealJwk,
  type SealAlgorithmName,
  type SealableDocument,
  type SealedAttachment,
  type SealSigningKey,
  sealDocument,
  verifySeal,
} from './seal.ts';
import type { DocumentTransition, ExchangeDocument } from './workflow.ts';

/**
 * The sealed form of a signed document: what its seal covers, what is dispatched, what anyone can
 * verify offline against the issuing unit's published key.
 *
 * The seal covers the canonical document (seal.ts): the metadata below (including the 发文字号 and
 * the 成文日期, so neither can be changed after sign-off), the body's UTF-8 bytes and each
 * attachment by name and SHA-256. `sealedBy` names the unit whose key sealed it (the lead issuing
 * unit), so a verifier knows which published key to take.
 */
export const SEALED_DOCUMENT_FORMAT = 'govshare-document/1';

export interface SealedDocumentContent {
  metadata: Record<string, unknown>;
  /** The body as text; sealed as its UTF-8 bytes. */
  body: string;
  attachments: SealedAttachment[];
}

/** What getSeal returns and verifySeal takes: the sealed document and its seal. */
export interface SealedPackage {
  document: SealedDocumentContent;
  seal: DocumentSeal;
}

/** The sealed content of a signed document (it has its number and 成文日期). */
export function sealedContentOf(document: ExchangeDocument): SealedDocumentContent {
  const { content, number, writtenOn } = document;
  const lead = content.issuingUnits[0];
  if (!number || !writtenOn || !lead) {
    throw new TypeError(`Document ${document.id} is not signed: it has no number or 成文日期 to seal`);
  }
  const metadata: Record<string, unknown> = {
    format: SEALED_DOCUMENT_FORMAT,
    documentId: document.id,
    type: content.type,
    title: content.title,
    number: number.normalised,
    writtenOn,
    issuingUnits: content.issuingUnits,
    sealedBy: lead,
    mainRecipients: content.mainRecipients,
    copyRecipients: content.copyRecipients,
    signatures: document.signatures.map(({ unit, signer }) => ({ unit, signer })),
    urgency: content.urgency,
    copyNumber: content.copyNumber,
    note: content.note,
    printedBy: content.printedBy,
    handleWithinWorkingDays: content.handleWithinWorkingDays,
    inReplyTo: content.inReplyTo,
    // The rendered PDF and OFD by SHA-256: the seal covers the files as printed, too.
    layout: document.layout ? sealedLayoutOf(document.layout) : undefined,
  };
  for (const key of Object.keys(metadata)) if (metadata[key] === undefined) delete metadata[key];
  return {
    metadata,
    body: content.body,
    attachments: content.attachments.map(({ name, sha256 }) => ({ name, sha256 })),
  };
}

const asSealable = (content: SealedDocumentContent): SealableDocument => ({
  metadata: content.metadata,
  body: content.body,
  attachments: content.attachments,
});

/**
 * The last signature's transition, sealed: the seal over the signed document is stored on it, and
 * the `numbered` event names the key that sealed it.
 */
export function sealTransition(
  transition: DocumentTransition,
  key: SealSigningKey,
  sealedAt: string,
): DocumentTransition {
  const seal = sealDocument(asSealable(sealedContentOf(transition.document)), key, { sealedAt });
  return {
    document: { ...transition.document, seal },
    events: transition.events.map((event) =>
      event.type === 'numbered'
        ? { ...event, details: { ...event.details, sealKeyId: key.keyId, sealAlgorithm: key.algorithm } }
        : event,
    ),
  };
}

export function sealedPackageOf(document: ExchangeDocument): SealedPackage {
  if (!document.seal) throw new TypeError(`Document ${document.id} is not sealed`);
  return { document: sealedContentOf(document), seal: document.seal };
}

/** SHA-256 (hex) of the canonical JSON of a sealed package: the rendition that is dispatched. */
export const sealedPackageSha256 = (sealed: SealedPackage): string =>
  createHash('sha256').update(canonicalJson(sealed), 'utf8').digest('hex');

// ---------------------------------------------------------------- published keys and verification

/** A unit's seal key as published: the public half and its validity. */
export interface PublishedSealKey {
  unit: string;
  keyId: string;
  algorithm: SealAlgorithmName;
  publicJwk: PublicSealJwk;
  publicPem: string;
  validFrom: string;
  /** Set when the key was rotated: documents sealed from then on use the next key. */
  validTo?: string;
}

/** A key seals only from `validFrom` until `validTo` (exclusive). */
export const keyValidAt = (key: Pick<PublishedSealKey, 'validFrom' | 'validTo'>, instant: string): boolean =>
  key.validFrom <= instant && (key.validTo === undefined || instant < key.validTo);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');

/** A sealed package as a verifier sends it (getSeal's `sealed`, unchanged). */
export const sealedPackageSchema = z.strictObject({
  document: z.strictObject({
    metadata: z.record(z.string(), z.unknown()),
    body: z.string().max(1_000_000),
    attachments: z.array(z.strictObject({ name: z.string().max(200), sha256: sha256Hex })).max(200),
  }),
  seal: z.strictObject({
    algorithm: z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']),
    keyId: z.string().min(1).max(100),
    digest: z.string().max(200),
    signature: z.string().max(400),
    sealedAt: z.string().max(40),
  }),
});

export type SealCheck =
  | { valid: true; unit: string; keyId: string; algorithm: SealAlgorithmName; sealedAt: string }
  | {
      valid: false;
      reason: 'no-sealing-unit' | 'unknown-key' | 'key-not-valid-then' | 'signature-mismatch';
      unit?: string;
      keyId: string;
    };

/** The unit a package says sealed it, or a 400 naming the field. */
export function sealingUnitOf(sealed: SealedPackage): string {
  const unit = sealed.document.metadata.sealedBy;
  if (typeof unit !== 'string' || unit.length === 0 || unit.length > 24) {
    throw new ValidationError([
      { path: 'body.document.metadata.sealedBy', message: 'must name the unit whose seal this is' },
    ]);
  }
  return unit;
}

/**
 * Checks a sealed package against the keys the sealing unit has published: the key is one of
 * them, it was valid when the seal was made (a rotated key still verifies what it sealed before
 * its rotation), and the seal is a signature of exactly this document by it. Any changed byte of
 * the metadata, the body or an attachment hash fails.
 */
export function checkSealedPackage(sealed: SealedPackage, keys: readonly PublishedSealKey[]): SealCheck {
  const unit = sealingUnitOf(sealed);
  const { seal } = sealed;
  const key = keys.find((candidate) => candidate.unit === unit && candidate.keyId === seal.keyId);
  if (!key) return { valid: false, reason: 'unknown-key', unit, keyId: seal.keyId };
  if (!keyValidAt(key, seal.sealedAt)) {
    return { valid: false, reason: 'key-not-valid-then', unit, keyId: seal.keyId };
  }
  if (!verifySeal(asSealable(sealed.document), seal, key.publicJwk)) {
    return { valid: false, reason: 'signature-mismatch', unit, keyId: seal.keyId };
  }
  return { valid: true, unit, keyId: key.keyId, algorithm: key.algorithm, sealedAt: seal.sealedAt };
}
