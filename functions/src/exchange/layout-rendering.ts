import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type LayoutFormat,
  layoutDocument,
  layoutInputOf,
  layoutObjectKey,
  type RenderedFile,
  type SealSigningKey,
} from '@govshare/domain/exchange';
import type { LayoutRenderer } from './official-layout.ts';
import { layoutFonts } from './rendering/fonts.ts';
import { renderOfd, sealKeySigner, signOfd } from './rendering/ofd/index.ts';
import { renderPdf } from './rendering/pdf.ts';
import type { EncryptedSealKey } from './seal-keys.ts';

const CONTENT_TYPES: Record<LayoutFormat, string> = { pdf: 'application/pdf', ofd: 'application/ofd' };

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The rendering of a signed document's 版式 (official-layout.ts): laid out (layoutDocument), written
 * as PDF and as OFD, the OFD signed with the lead unit's seal key, both PUT to the `documents`
 * bucket. The layoutrenderer function runs it (layout-renderer.ts), the sample documents in-process
 * (seed.ts). Only this module loads the fonts and the PDF and OFD writers.
 */
export function layoutRendering(deps: {
  s3: S3Client;
  bucket: string;
  decrypt: (key: EncryptedSealKey) => Promise<SealSigningKey>;
}): LayoutRenderer {
  const put = async (documentId: string, format: LayoutFormat, bytes: Uint8Array, pages: number) => {
    const sha256 = sha256Of(bytes);
    const key = layoutObjectKey(documentId, format, sha256);
    await deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.bucket,
        Key: key,
        Body: bytes,
        ContentType: CONTENT_TYPES[format],
      }),
    );
    return { sha256, bytes: bytes.byteLength, pages, key } satisfies RenderedFile;
  };

  return async ({ document, names, sealedAt, sealKey }) => {
    const input = layoutInputOf(document, {
      units: new Map(Object.entries(names.units)),
      people: new Map(Object.entries(names.people)),
    });
    const signing = await deps.decrypt(sealKey);
    const fonts = layoutFonts();
    const layout = layoutDocument(input, fonts.measure);
    const lead = input.signatureUnits[0] as string;
    // Fixed by the document (no clock): the same signed document renders to the same bytes.
    const meta = { title: input.title, author: lead, subject: input.number, createdAt: new Date(sealedAt) };
    const pdf = await renderPdf(layout, fonts, meta);
    const unsignedOfd = await renderOfd(layout, fonts, { ...meta, documentId: document.id });
    const ofd = await signOfd(unsignedOfd, sealKeySigner(lead, signing, new Date(sealedAt)), { fonts });
    const pages = layout.pages.length;
    const [pdfFile, ofdFile] = await Promise.all([
      put(document.id, 'pdf', pdf, pages),
      put(document.id, 'ofd', ofd, pages),
    ]);
    return { pdf: pdfFile, ofd: ofdFile };
  };
}
