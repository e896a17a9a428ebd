import {
  approveReview,
  checkSealedPackage,
  createDraft,
  draftInputSchema,
  type ExchangeActor,
  type ExchangeDocument,
  generateSealKeyPair,
  type PublishedSealKey,
  parseDocumentNumber,
  sealedContentOf,
  sealedPackageOf,
  sealedPackageSha256,
  sealTransition,
  signOff,
  submitForReview,
} from '@govshare/domain/exchange';
import { ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const OFFICE = '611000001';
const at = new Date('2026-03-10T09:00:00+08:00');
const drafter: ExchangeActor = { subject: 'd', unit: OFFICE, roles: ['drafter'] };
const reviewer: ExchangeActor = { subject: 'r', unit: OFFICE, roles: ['reviewer'] };
const signer: ExchangeActor = { subject: 's', unit: OFFICE, roles: ['signer'] };

function approvedDocument(): ExchangeDocument {
  const content = draftInputSchema.parse({
    type: '通知',
    title: '关于开展电子公文交换试运行的通知',
    issuingUnits: [OFFICE],
    mainRecipients: ['611002000'],
    body: '各县区人民政府：\n现就有关事项通知如下。',
    attachments: [{ name: '名单.ofd', sha256: 'a'.repeat(64), size: 10 }],
    copyNumber: '12',
  });
  let doc = createDraft({ id: 'doc-1', content, actor: drafter, now: at }).document;
  doc = submitForReview({ document: doc, steps: ['r'], actor: drafter, now: at }).document;
  return approveReview({ document: doc, actor: reviewer, now: at }).document;
}

const published = (
  pair: ReturnType<typeof generateSealKeyPair>,
  validFrom: string,
  validTo?: string,
): PublishedSealKey => ({
  unit: OFFICE,
  keyId: pair.keyId,
  algorithm: pair.algorithm,
  publicJwk: pair.publicJwk,
  publicPem: pair.publicPem,
  validFrom,
  ...(validTo ? { validTo } : {}),
});

describe('the sealed form of a signed document', () => {
  for (const algorithm of ['SM2-SM3', 'ECDSA-P256-SHA256'] as const) {
    it(`covers number, 成文日期, recipients, body and attachment hashes (${algorithm})`, () => {
      const pair = generateSealKeyPair(algorithm);
      const number = parseDocumentNumber('商政办发〔2026〕7号');
      const signed = signOff({ document: approvedDocument(), actor: signer, now: at, number });
      const sealed = sealTransition(signed, pair, '2026-03-10T01:00:00.000Z');
      expect(sealed.events.at(-1)?.details).toMatchObject({
        sealKeyId: pair.keyId,
        sealAlgorithm: algorithm,
      });
      const pkg = sealedPackageOf(sealed.document);
      expect(pkg.document.metadata).toMatchObject({
        number: '商政办发〔2026〕7号',
        writtenOn: '2026-03-10',
        sealedBy: OFFICE,
        copyNumber: '000012',
        mainRecipients: ['611002000'],
      });
      expect(pkg.document.attachments).toEqual([{ name: '名单.ofd', sha256: 'a'.repeat(64) }]);
      const keys = [published(pair, '2026-01-01T00:00:00.000Z')];
      expect(checkSealedPackage(pkg, keys)).toMatchObject({ valid: true, unit: OFFICE, keyId: pair.keyId });
      expect(sealedPackageSha256(pkg)).toMatch(/^[0-9a-f]{64}$/);

      const changedNumber = structuredClone(pkg);
      changedNumber.document.metadata.number = '商政办发〔2026〕8号';
      expect(checkSealedPackage(changedNumber, keys)).toMatchObject({
        valid: false,
        reason: 'signature-mismatch',
      });
      const changedBody = structuredClone(pkg);
      changedBody.document.body += ' ';
      expect(checkSealedPackage(changedBody, keys)).toMatchObject({
        valid: false,
        reason: 'signature-mismatch',
      });
      expect(sealedPackageSha256(changedBody)).not.toBe(sealedPackageSha256(pkg));
    });
  }

  it('verifies against a rotated key only what it sealed while valid', () => {
    const old = generateSealKeyPair('SM2-SM3');
    const signed = signOff({
      document: approvedDocument(),
      actor: signer,
      now: at,
      number: parseDocumentNumber('商政办发〔2026〕1号'),
    });
    const pkg = sealedPackageOf(sealTransition(signed, old, '2026-03-10T01:00:00.000Z').document);
    const rotatedAt = '2026-06-01T00:00:00.000Z';
    const next = generateSealKeyPair('SM2-SM3');
    const keys = [published(old, '2026-01-01T00:00:00.000Z', rotatedAt), published(next, rotatedAt)];
    expect(checkSealedPackage(pkg, keys)).toMatchObject({ valid: true, keyId: old.keyId });
    const afterRotation = sealedPackageOf(sealTransition(signed, old, '2026-06-02T00:00:00.000Z').document);
    expect(checkSealedPackage(afterRotation, keys)).toMatchObject({
      valid: false,
      reason: 'key-not-valid-then',
    });
    expect(checkSealedPackage(pkg, [published(next, rotatedAt)])).toMatchObject({
      valid: false,
      reason: 'unknown-key',
    });
    const anonymous = structuredClone(pkg);
    delete anonymous.document.metadata.sealedBy;
    expect(() => checkSealedPackage(anonymous, keys)).toThrow(ValidationError);
  });

  it('refuses to seal a document that is not signed', () => {
    expect(() => sealedContentOf(approvedDocument())).toThrow('is not signed');
  });
});
