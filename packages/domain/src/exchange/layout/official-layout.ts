import { cstDay } from '@govshare/domain/kernel';
import type { Recipient } from '../document.ts';
import type { ExchangeDocument } from '../workflow.ts';
import type { LayoutInput } from './page-model.ts';

/**
 * The official layout (版式) of a signed document as the platform stores it: its PDF and its OFD,
 * rendered at the last sign-off, each kept in the `documents` bucket under its SHA-256 and named
 * in the sealed metadata (sealed-document.ts), so the cryptographic seal covers the files too.
 */
export const LAYOUT_FORMATS = ['pdf', 'ofd'] as const;
export type LayoutFormat = (typeof LAYOUT_FORMATS)[number];

export interface RenderedFile {
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  bytes: number;
  pages: number;
  /** Object key in the `documents` bucket. */
  key: string;
}

export interface RenderedLayout {
  pdf: RenderedFile;
  ofd?: RenderedFile;
}

export const layoutObjectKey = (documentId: string, format: LayoutFormat, sha256: string): string =>
  `layouts/${documentId}/${sha256}.${format}`;

/** What the sealed metadata names of the rendered files (sealedContentOf's `layout`). */
export const sealedLayoutOf = (layout: RenderedLayout): { pdfSha256: string; ofdSha256?: string } => ({
  pdfSha256: layout.pdf.sha256,
  ...(layout.ofd ? { ofdSha256: layout.ofd.sha256 } : {}),
});

/** The printed names the layout needs, resolved from the directory by the caller. */
export interface LayoutNames {
  /** Unit code → its name (every issuing unit, unit recipient and the printing unit). */
  units: ReadonlyMap<string, string>;
  /** Principal id → display name (the signers). */
  people: ReadonlyMap<string, string>;
}

/** Types sent upwards, whose 版头 prints the 签发人 (GB/T 9704 7.2.5). */
const UPWARD_TYPES: ReadonlySet<string> = new Set(['请示', '报告']);

/** How a group recipient is printed in 主送/抄送: the group as a reader knows it. */
function recipientName(recipient: Recipient, names: LayoutNames): string {
  const unitName = (code: string) => names.units.get(code) ?? code;
  if (typeof recipient === 'string') return unitName(recipient);
  if ('list' in recipient) return '各有关单位';
  if (recipient.group === 'townships-of') return `${unitName(`${recipient.county}000`)}所辖各乡镇`;
  return `${unitName(recipient.unit)}各部门`;
}

/**
 * 印发日期 (GB/T 9704 7.4.3): the CST day of the last sign-off, when the layout is rendered and
 * sealed. Not the day of 核发 (the document's own `printedOn`): that comes later, and the sealed
 * file cannot change then.
 */
function printedOnOf(document: ExchangeDocument): string | undefined {
  const last = document.signatures
    .map(({ at }) => at)
    .sort()
    .at(-1);
  return last ? cstDay(new Date(last)) : document.writtenOn;
}

/**
 * The layout input of a signed document (it has its number and 成文日期): names as printed,
 * 发文机关标志 `<unit name>文件` per issuing unit, 签发人 for upward documents only, 印发日期 the
 * day of the last sign-off.
 */
export function layoutInputOf(document: ExchangeDocument, names: LayoutNames): LayoutInput {
  const { content, number, writtenOn } = document;
  if (!number || !writtenOn) {
    throw new TypeError(`Document ${document.id} is not signed: it has no number or 成文日期 to print`);
  }
  const unitName = (code: string) => names.units.get(code) ?? code;
  const issuers = content.issuingUnits.map(unitName);
  const printedOn = printedOnOf(document);
  return {
    type: content.type,
    title: content.title,
    body: content.body,
    ...(content.copyNumber ? { copyNumber: content.copyNumber } : {}),
    ...(content.urgency ? { urgency: content.urgency } : {}),
    issuerMarks: issuers.map((name) => `${name}文件`),
    number: number.normalised,
    signers: UPWARD_TYPES.has(content.type)
      ? document.signatures.map(({ signer }) => names.people.get(signer) ?? signer)
      : [],
    mainRecipients: content.mainRecipients.map((recipient) => recipientName(recipient, names)),
    copyRecipients: content.copyRecipients.map((recipient) => recipientName(recipient, names)),
    attachments: content.attachments.map(({ name }) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '')),
    signatureUnits: issuers,
    writtenOn,
    ...(content.note ? { note: content.note } : {}),
    ...(content.printedBy ? { printedBy: names.units.get(content.printedBy) ?? content.printedBy } : {}),
    ...(printedOn ? { printedOn } : {}),
  };
}
