import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ExchangeDocument,
  type LayoutFormat,
  layoutDocument,
  layoutInputOf,
  layoutObjectKey,
  type RenderedFile,
  type RenderedLayout,
  type SealSigningKey,
} from '@govshare/domain/exchange';
import type { UnitDirectory } from '../identity/index.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import { layoutFonts } from './rendering/fonts.ts';
import { renderOfd, sealKeySigner, signOfd } from './rendering/ofd/index.ts';
import { renderPdf } from './rendering/pdf.ts';

/**
 * 版式 at sign-off: the signed document laid out to GB/T 9704 (layoutDocument), written as PDF and
 * as OFD (the OFD carrying the lead unit's GB/T 38540 seal signature), both PUT to the `documents`
 * bucket under layouts/<document id>/<sha256>.<pdf|ofd> BEFORE the sign-off's transaction, which
 * then only records them (the document's `layout`, the seal over their digests, the index below).
 * A sign-off that loses its transaction leaves two unreferenced objects behind, nothing else.
 *
 * The verify route finds a document by a file's SHA-256 on the `exchange` table:
 *   pk LAYOUT#<sha256>  sk LAYOUT   documentId, format, sealedBy   (written with the sign-off)
 */
export interface OfficialLayouts {
  /** Renders the signed (not yet sealed) document and stores both files; their digests and keys. */
  render(
    document: ExchangeDocument,
    seal: { signing: SealSigningKey; sealedAt: string },
  ): Promise<RenderedLayout>;
  /** The index items of the document's rendered files, for the sign-off's transaction. */
  indexItems(document: ExchangeDocument): TransactItem[];
  /** Which document a rendered file of this SHA-256 belongs to, if the platform issued one. */
  issued(sha256: string): Promise<IssuedLayoutFile | undefined>;
}

const CONTENT_TYPES: Record<LayoutFormat, string> = { pdf: 'application/pdf', ofd: 'application/ofd' };

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The names the layout prints: every unit the document names, and (for 请示/报告) the signers. */
async function namesOf(document: ExchangeDocument, directory: UnitDirectory) {
  const { content } = document;
  const codes = new Set<string>(content.issuingUnits);
  for (const recipient of [...content.mainRecipients, ...content.copyRecipients]) {
    if (typeof recipient === 'string') codes.add(recipient);
    else if ('group' in recipient) {
      codes.add(recipient.group === 'townships-of' ? `${recipient.county}000` : recipient.unit);
    }
  }
  if (content.printedBy && /^\d+$/.test(content.printedBy)) codes.add(content.printedBy);
  const units = new Map([...(await directory.units([...codes]))].map(([code, unit]) => [code, unit.name]));
  const people = new Map<string, string>();
  if (content.type === '请示' || content.type === '报告') {
    for (const { signer } of document.signatures) {
      const principal = await directory.principal(signer);
      if (principal) people.set(signer, principal.name);
    }
  }
  return { units, people };
}

export function officialLayouts(deps: {
  s3: S3Client;
  bucket: string;
  directory: UnitDirectory;
  client: DynamoDBDocumentClient;
  table: string;
}): OfficialLayouts {
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

  return {
    async render(document, { signing, sealedAt }) {
      const names = await namesOf(document, deps.directory);
      const input = layoutInputOf(document, names);
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
    },
    indexItems: (document) => layoutIndexItems(deps.table, document),
    issued: (sha256) => issuedLayoutFile(deps.client, deps.table, sha256),
  };
}

// ---------------------------------------------------------------- the index by SHA-256

export interface IssuedLayoutFile {
  sha256: string;
  documentId: string;
  format: LayoutFormat;
  sealedBy: string;
}

const indexKey = (sha256: string) => ({ pk: `LAYOUT#${sha256}`, sk: 'LAYOUT' });

function layoutIndexItems(table: string, document: ExchangeDocument): TransactItem[] {
  const { layout } = document;
  if (!layout) return [];
  const sealedBy = document.content.issuingUnits[0] as string;
  const files: [LayoutFormat, RenderedFile | undefined][] = [
    ['pdf', layout.pdf],
    ['ofd', layout.ofd],
  ];
  return files.flatMap(([format, file]) =>
    file
      ? [
          {
            Put: {
              TableName: table,
              Item: { ...indexKey(file.sha256), documentId: document.id, format, sealedBy, type: 'layout' },
            },
          },
        ]
      : [],
  );
}

async function issuedLayoutFile(
  client: DynamoDBDocumentClient,
  table: string,
  sha256: string,
): Promise<IssuedLayoutFile | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: table, Key: indexKey(sha256) }));
  if (!Item) return undefined;
  return {
    sha256,
    documentId: String(Item.documentId),
    format: Item.format as LayoutFormat,
    sealedBy: String(Item.sealedBy),
  };
}
