import { type ExchangeDocument, SEAL_ALGORITHMS, type SealAlgorithmName } from '@govshare/domain/exchange';
import * as z from 'zod';
import { readFunctionConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { s3 } from '../platform/s3-clients.ts';
import { exchangeFunctions } from './blueprint.ts';
import { layoutRendering } from './layout-rendering.ts';
import type { LayoutRenderRequest } from './official-layout.ts';
import { sealKeyCipherFromEnv, sealKeyDecrypter } from './seal-keys.ts';

/**
 * The layoutrenderer function: invoked by the exchange function at the last sign-off, and waited
 * for (layout-invoker.ts invokedLayoutRenderer). It renders the signed document to PDF and OFD,
 * signs the OFD with the seal key it is handed encrypted (decrypting it with its own, Decrypt-only
 * grant), stores both under layouts/ and answers their digests and keys. It writes no table: the
 * sign-off's transaction records the files, or nothing if it fails.
 */
const names = z.record(z.string(), z.string());
const requestSchema = z.object({
  document: z.looseObject({ id: z.string().min(1), signatures: z.array(z.looseObject({})).min(1) }),
  names: z.object({ units: names, people: names }),
  sealedAt: z.iso.datetime(),
  sealKey: z.object({
    unit: z.string().min(1),
    keyId: z.string().min(1),
    algorithm: z.enum(Object.keys(SEAL_ALGORITHMS) as [SealAlgorithmName, ...SealAlgorithmName[]]),
    encryption: z.enum(['local-aes-256-gcm', 'aws-kms']),
    encryptedPrivateKey: z.string().min(1),
  }),
});

const config = readFunctionConfig(exchangeFunctions.layoutrenderer);
const logger = createLogger('layoutrenderer');
const render = layoutRendering({
  s3: s3(),
  bucket: config.buckets.documents,
  decrypt: sealKeyDecrypter(sealKeyCipherFromEnv()),
});

export async function handler(event: unknown) {
  const request = requestSchema.parse(event) as unknown as LayoutRenderRequest;
  const document: ExchangeDocument = request.document;
  const startedAt = performance.now();
  const layout = await render(request);
  logger.info('layout rendered', {
    documentId: document.id,
    pages: layout.pdf.pages,
    pdfBytes: layout.pdf.bytes,
    ofdBytes: layout.ofd?.bytes,
    ms: Math.round(performance.now() - startedAt),
  });
  return layout;
}
