import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ExchangeDocument, LayoutFormat, RenderedFile, RenderedLayout } from '@govshare/domain/exchange';
import type { UnitDirectory } from '../identity/index.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import type { EncryptedSealKey } from './seal-keys.ts';

/**
 * 版式 at sign-off: the signed document laid out to GB/T 9704 (layoutDocument), written as PDF and
 * as OFD (the OFD carrying the lead unit's GB/T 38540 seal signature), both PUT to the `documents`
 * bucket under layouts/<document id>/<sha256>.<pdf|ofd> BEFORE the sign-off's transaction, which
 * then only records them (the document's `layout`, the seal over their digests, the index below).
 * A sign-off that loses its transaction leaves two unreferenced objects behind, nothing else.
 *
 * The rendering itself (fonts, pdfkit, the OFD writer: megabytes, a whole vCPU) runs in a function
 * of its own, `layoutrenderer` (layout-renderer.ts), which the exchange function invokes and waits
 * for (LayoutRenderer); the sample documents render in-process (layout-rendering.ts).
 *
 * The verify route finds a document by a file's SHA-256 on the `exchange` table:
 *   pk LAYOUT#<sha256>  sk LAYOUT   documentId, format, sealedBy   (written with the sign-off)
 */
export interface OfficialLayouts {
  /** Renders the signed (not yet sealed) document and stores both files; their digests and keys. */
  render(document: ExchangeDocument, seal: LayoutSeal): Promise<RenderedLayout>;
  /** The index items of the document's rendered files, for the sign-off's transaction. */
  indexItems(document: ExchangeDocument): TransactItem[];
  /** Which document a rendered file of this SHA-256 belongs to, if the platform issued one. */
  issued(sha256: string): Promise<IssuedLayoutFile | undefined>;
}

/** The lead unit's seal key the OFD is signed with (as stored: encrypted), and the seal's time. */
export type LayoutSeal = Pick<LayoutRenderRequest, 'sealKey' | 'sealedAt'>;

/**
 * What the renderer is given (JSON: it crosses a Lambda invocation): the signed document, the names
 * it prints, the seal's time, and the seal key ENCRYPTED, as stored, which the renderer decrypts
 * with its own grant. The private key in clear never leaves the function that read it.
 */
export interface LayoutRenderRequest {
  document: ExchangeDocument;
  names: { units: Record<string, string>; people: Record<string, string> };
  sealedAt: string;
  sealKey: EncryptedSealKey;
}

/** Renders and stores a document's layout: the layoutrenderer function, or the same code in-process. */
export type LayoutRenderer = (request: LayoutRenderRequest) => Promise<RenderedLayout>;

/** The rendering failed: the sign-off fails with it, having written nothing. */
export class LayoutRenderingError extends Error {
  override name = 'LayoutRenderingError';
}

/** The names the layout prints: every unit the document names, and (for 请示/报告) the signers. */
async function namesOf(
  document: ExchangeDocument,
  directory: UnitDirectory,
): Promise<LayoutRenderRequest['names']> {
  const { content } = document;
  const codes = new Set<string>(content.issuingUnits);
  for (const recipient of [...content.mainRecipients, ...content.copyRecipients]) {
    if (typeof recipient === 'string') codes.add(recipient);
    else if ('group' in recipient) {
      codes.add(recipient.group === 'townships-of' ? `${recipient.county}000` : recipient.unit);
    }
  }
  if (content.printedBy && /^\d+$/.test(content.printedBy)) codes.add(content.printedBy);
  const units = Object.fromEntries(
    [...(await directory.units([...codes]))].map(([code, unit]) => [code, unit.name]),
  );
  const people: Record<string, string> = {};
  if (content.type === '请示' || content.type === '报告') {
    for (const { signer } of document.signatures) {
      const principal = await directory.principal(signer);
      if (principal) people[signer] = principal.name;
    }
  }
  return { units, people };
}

export function officialLayouts(deps: {
  renderer: LayoutRenderer;
  directory: UnitDirectory;
  client: DynamoDBDocumentClient;
  table: string;
}): OfficialLayouts {
  return {
    async render(document, { sealKey, sealedAt }) {
      const names = await namesOf(document, deps.directory);
      return deps.renderer({ document, names, sealedAt, sealKey });
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
