import { createHash } from 'node:crypto';
import { DomainError, InvalidTransitionError } from '@govshare/domain/kernel';
import { assertNotClassified, ClassifiedDocumentError, markedLevel } from './classification.ts';
import type { DeliveryState } from './delivery.ts';
import type { AttachmentRef } from './document.ts';
import type { HistoryVerification } from './history.ts';
import { type DocumentSeal, type PublicSealJwk, type SealableDocument, verifySeal } from './seal.ts';
import { keyValidAt } from './sealed-document.ts';
import type { DocumentState } from './workflow.ts';

/**
 * 归档: a finished document leaves the exchange as one archival package (归档信息包), after the
 * four checks of DA/T 70-2018 (文书类电子档案检测一般要求): 真实性 authentic, 完整性 complete,
 * 可用性 usable, 安全性 secure. Pure: the adapter reads the bytes and hands over what it saw.
 *
 * What goes in (and what never does): the final signed version only, as it was sealed and sent,
 * never a draft revision (GB/T 18894-2016 archives the 正本 and 定稿, not the working drafts); its
 * attachments; its seal with the issuing unit's public key, so that it verifies offline; every
 * history chain with its heads; its metadata. The package is a POSIX ustar file (ISO/IEC 9945,
 * an open, documented format any system can list and extract without this platform; it can be
 * written as a stream, so attachments of any size pass through without being held in memory),
 * with `manifest.json` first: the SHA-256 and size of every other member.
 */

/** Deliveries in these states no longer wait for their recipient. */
export const CLOSED_DELIVERY_STATES: readonly DeliveryState[] = [
  'handled',
  'replied',
  'returned',
  'withdrawn',
];

export interface ArchivableDelivery {
  recipientUnit: string;
  as: 'main' | 'copy';
  state: DeliveryState;
}

/**
 * Whether a document may be archived now: dispatched (archived ones never change again), and
 * every main recipient (主送) done with it. Copy recipients (抄送) receive for information and do
 * not hold an archive up. Throws a 409 naming what is still open.
 */
export function assertArchivable(
  document: { id: string; state: DocumentState },
  deliveries: readonly ArchivableDelivery[],
): void {
  if (document.state === 'archived') {
    throw new InvalidTransitionError(`Document ${document.id} is archived already: nothing may change it`);
  }
  if (document.state !== 'dispatched') {
    throw new InvalidTransitionError(
      `Document ${document.id} is ${document.state}: only a dispatched document can be archived`,
    );
  }
  const open = deliveries.filter((d) => d.as === 'main' && !CLOSED_DELIVERY_STATES.includes(d.state));
  if (open.length > 0) {
    const named = open
      .slice(0, 20)
      .map((d) => `${d.recipientUnit} (${d.state})`)
      .join(', ');
    const more = open.length > 20 ? ` and ${open.length - 20} more` : '';
    throw new InvalidTransitionError(
      `Document ${document.id} cannot be archived yet: ${open.length} main deliveries are still open: ${named}${more}`,
    );
  }
}

// ---------------------------------------------------------------- formats (usable)

interface ArchiveFormat {
  mediaType: string;
  /** Text formats are checked for strict UTF-8 over all their bytes; binary ones by signature. */
  text?: true;
  signature?: (head: Uint8Array) => boolean;
}

const startsWith =
  (...signatures: number[][]) =>
  (head: Uint8Array) =>
    signatures.some((bytes) => bytes.every((byte, i) => head[i] === byte));
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The attachment formats an archive accepts, by file extension, each checked against its content.
 * The choice follows GB/T 18894-2016 (电子文件归档与电子档案管理规范) table 5.2.1 and its notes:
 * 版式 (fixed-layout) documents as OFD (GB/T 33190-2016, the national format) or PDF, which
 * DA/T 47-2009 asks of long-term formats (open, self-contained, fixed layout); images as JPEG,
 * TIFF and PNG; text as UTF-8 plain text, XML and JSON; office documents as the ISO/IEC 29500
 * formats DOCX and XLSX and as WPS, which the standard's note admits as software on the
 * government procurement list. Closed binary formats (DOC, XLS, RAR) are refused: convert them
 * first, as GB/T 18894 5.2.2 asks.
 */
export const ARCHIVE_FORMATS: Readonly<Record<string, ArchiveFormat>> = {
  ofd: { mediaType: 'application/ofd', signature: startsWith(ZIP) },
  pdf: { mediaType: 'application/pdf', signature: startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]) },
  txt: { mediaType: 'text/plain; charset=utf-8', text: true },
  xml: { mediaType: 'application/xml', text: true },
  json: { mediaType: 'application/json', text: true },
  png: { mediaType: 'image/png', signature: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { mediaType: 'image/jpeg', signature: startsWith([0xff, 0xd8, 0xff]) },
  jpeg: { mediaType: 'image/jpeg', signature: startsWith([0xff, 0xd8, 0xff]) },
  tif: { mediaType: 'image/tiff', signature: startsWith([0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]) },
  tiff: {
    mediaType: 'image/tiff',
    signature: startsWith([0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]),
  },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    signature: startsWith(ZIP),
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    signature: startsWith(ZIP),
  },
  wps: { mediaType: 'application/vnd.ms-works', signature: startsWith(OLE, ZIP) },
};

/** How many leading bytes the signatures need. */
export const FORMAT_SIGNATURE_BYTES = 8;

export const extensionOf = (name: string): string =>
  /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Reads an attachment as it streams past (the adapter feeds each chunk) and says whether its
 * format is one the archive accepts and its content is what the extension claims.
 */
export function formatProbe(name: string) {
  const extension = extensionOf(name);
  const format = ARCHIVE_FORMATS[extension];
  const head = new Uint8Array(FORMAT_SIGNATURE_BYTES);
  let headLength = 0;
  let textOk = true;
  const decoder = format?.text ? new TextDecoder('utf-8', { fatal: true }) : undefined;
  return {
    update(chunk: Uint8Array) {
      if (headLength < head.length) {
        const take = chunk.subarray(0, head.length - headLength);
        head.set(take, headLength);
        headLength += take.length;
      }
      if (decoder && textOk) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          textOk = false;
        }
      }
    },
    /** Undefined when the format is accepted and the content fits it, else why not. */
    finish(): string | undefined {
      if (!format) return `${name}: .${extension || '(none)'} is not an accepted archival format`;
      if (decoder && textOk) {
        try {
          decoder.decode();
        } catch {
          textOk = false;
        }
      }
      if (format.text && !textOk) return `${name}: is not UTF-8 text`;
      if (format.signature && !format.signature(head.subarray(0, headLength))) {
        return `${name}: its content is not ${extension.toUpperCase()}`;
      }
      return undefined;
    },
    mediaType: format?.mediaType ?? 'application/octet-stream',
  };
}

// ---------------------------------------------------------------- the four checks

export const ARCHIVE_CHECKS = ['authentic', 'complete', 'usable', 'secure'] as const;
export type ArchiveCheckName = (typeof ARCHIVE_CHECKS)[number];

export interface ArchiveCheckResult {
  check: ArchiveCheckName;
  passed: boolean;
  /** Why not: ids, names, hashes and states only, never the document's text. */
  problems: string[];
}

/** The refusal: HTTP 422 problem `archive-check-failed`, naming the check. Nothing was written. */
export class ArchiveCheckFailedError extends DomainError {
  readonly slug = 'archive-check-failed';
  readonly check: ArchiveCheckName;
  readonly problems: readonly string[];
  override readonly problemExtensions: Readonly<Record<string, string | readonly string[]>>;
  constructor(result: ArchiveCheckResult) {
    super(
      `The ${result.check} check of DA/T 70 failed: ${result.problems.slice(0, 10).join('; ')}. Nothing was archived.`,
    );
    this.check = result.check;
    this.problems = result.problems;
    this.problemExtensions = { check: result.check, problems: result.problems.slice(0, 50) };
  }
}

/** An attachment as the adapter found it in the documents bucket. */
export interface ObservedAttachment {
  name: string;
  present: boolean;
  sha256?: string;
  size?: number;
  /** From formatProbe(name).finish(). */
  formatProblem?: string | undefined;
}

export interface ArchiveCheckInput {
  documentId: string;
  /** The final signed version's content: what the secure check reads. */
  content: {
    title: string;
    body: string;
    classification?: string | undefined;
    attachments: readonly AttachmentRef[];
  };
  sealed?: { document: SealableDocument; seal: DocumentSeal } | undefined;
  /** The issuing unit's published key the seal names, with its validity, if there is one. */
  key?: SealKeyValidity | undefined;
  attachments: readonly ObservedAttachment[];
  history: HistoryVerification;
}

/** A published seal key as the authentic check needs it: the key, and when it could seal. */
export interface SealKeyValidity {
  publicJwk: PublicSealJwk;
  validFrom: string;
  validTo?: string | undefined;
}

function authentic(input: ArchiveCheckInput): string[] {
  const { sealed, key } = input;
  if (!sealed) return ['the document has no seal'];
  if (!key) return [`no published key ${sealed.seal.keyId} of the issuing unit`];
  // As the seal-verify route checks (sealed-document.ts): a key sealed only while it was valid.
  if (!keyValidAt(key, sealed.seal.sealedAt)) {
    return [`the seal was made at ${sealed.seal.sealedAt}, when key ${sealed.seal.keyId} was not valid`];
  }
  if (!verifySeal(sealed.document, sealed.seal, key.publicJwk)) {
    return [
      `the seal (${sealed.seal.algorithm}, key ${sealed.seal.keyId}) does not verify against the published key`,
    ];
  }
  const sealedHashes = new Set(sealed.document.attachments.map((a) => a.sha256));
  return input.content.attachments
    .filter((a) => !sealedHashes.has(a.sha256))
    .map((a) => `attachment ${a.name} (${a.sha256}) is not covered by the seal`);
}

function complete(input: ArchiveCheckInput): string[] {
  const problems: string[] = [];
  const observed = new Map(input.attachments.map((a) => [a.name, a]));
  for (const declared of input.content.attachments) {
    const found = observed.get(declared.name);
    if (!found?.present) problems.push(`attachment ${declared.name} is missing`);
    else if (found.sha256 !== declared.sha256) {
      problems.push(`attachment ${declared.name} has SHA-256 ${found.sha256}, not ${declared.sha256}`);
    } else if (found.size !== declared.size) {
      problems.push(`attachment ${declared.name} has ${found.size} bytes, not ${declared.size}`);
    }
  }
  if (input.history.streams === 0) problems.push('the document has no history');
  for (const broken of input.history.breaks) {
    problems.push(`history stream ${broken.stream} is broken at entry ${broken.seq} (${broken.reason})`);
  }
  return problems;
}

function usable(input: ArchiveCheckInput): string[] {
  return input.attachments.flatMap((a) => (a.present && a.formatProblem ? [a.formatProblem] : []));
}

function secure(input: ArchiveCheckInput): string[] {
  try {
    assertNotClassified(input.content);
  } catch (error) {
    if (error instanceof ClassifiedDocumentError)
      return [`the ${error.source} marks the document ${error.level}`];
    return ['the 密级 field is not one of the non-classified values'];
  }
  return input.content.attachments.flatMap((a) => {
    const level = markedLevel(a.name);
    return level ? [`attachment ${a.name} is marked ${level}`] : [];
  });
}

const CHECKS: Record<ArchiveCheckName, (input: ArchiveCheckInput) => string[]> = {
  authentic,
  complete,
  usable,
  secure,
};

/** Runs the four checks, each on its own (a failure of one does not hide another). */
export function runArchiveChecks(input: ArchiveCheckInput): ArchiveCheckResult[] {
  return ARCHIVE_CHECKS.map((check) => {
    const problems = CHECKS[check](input);
    return { check, passed: problems.length === 0, problems };
  });
}

/** Throws ArchiveCheckFailedError for the first check that failed, in DA/T 70's order. */
export function assertChecksPassed(results: readonly ArchiveCheckResult[]): void {
  const failed = results.find((result) => !result.passed);
  if (failed) throw new ArchiveCheckFailedError(failed);
}

// ---------------------------------------------------------------- the package

export const ARCHIVE_FORMAT = 'govshare-archive/1';

export type ArchiveFileRole =
  | 'metadata'
  | 'body'
  | 'seal'
  | 'sealed-document'
  | 'history'
  | 'attachment'
  /** 版式: the PDF and OFD rendered at sign-off, whose digests the seal covers. */
  | 'layout';

export interface ArchiveManifestFile {
  path: string;
  role: ArchiveFileRole;
  mediaType: string;
  size: number;
  sha256: string;
  /** An attachment's name as the document gives it. */
  name?: string;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  documentId: string;
  /** 发文字号, normalised. */
  number?: string;
  archivedAt: string;
  archivedBy: string;
  archivedByUnit: string;
  checks: ArchiveCheckResult[];
  /** Every other member of the package, in package order. */
  files: ArchiveManifestFile[];
}

export const sha256Hex = (bytes: Uint8Array | string): string =>
  createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)
    .digest('hex');

/** An attachment's member name: its index and extension, so that any name fits ustar's 100 bytes. */
export const attachmentPath = (index: number, name: string): string => {
  const extension = extensionOf(name);
  return `attachments/${String(index + 1).padStart(3, '0')}${extension ? `.${extension}` : ''}`;
};

/** Where the rendered files go in the package. */
export const layoutPath = (format: 'pdf' | 'ofd'): string => `layout/document.${format}`;

/** A small member of the package, held in memory. */
export interface ArchiveMember {
  path: string;
  role: ArchiveFileRole;
  mediaType: string;
  bytes: Uint8Array;
}

const json = (value: unknown) => new Uint8Array(Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));

/**
 * The members the package holds besides the attachments: the metadata of the final signed version
 * (no revision list, no earlier content), its body, the seal with the key to verify it, the exact
 * sealed form, and every history chain with its heads.
 */
export function archiveMembers(args: {
  metadata: Record<string, unknown>;
  body: string;
  sealed: { document: SealableDocument; seal: DocumentSeal };
  publicKey: { unit: string; jwk: PublicSealJwk; pem?: string | undefined };
  history: { entries: readonly unknown[]; heads: Record<string, unknown>; verification: HistoryVerification };
}): ArchiveMember[] {
  const { document } = args.sealed;
  const sealedForm = {
    metadata: document.metadata,
    bodyBase64: Buffer.from(
      typeof document.body === 'string' ? Buffer.from(document.body, 'utf8') : document.body,
    ).toString('base64'),
    attachments: document.attachments,
  };
  return [
    { path: 'document.json', role: 'metadata', mediaType: 'application/json', bytes: json(args.metadata) },
    {
      path: 'body.txt',
      role: 'body',
      mediaType: 'text/plain; charset=utf-8',
      bytes: new Uint8Array(Buffer.from(args.body, 'utf8')),
    },
    {
      path: 'seal.json',
      role: 'seal',
      mediaType: 'application/json',
      bytes: json({ seal: args.sealed.seal, publicKey: args.publicKey }),
    },
    {
      path: 'sealed-document.json',
      role: 'sealed-document',
      mediaType: 'application/json',
      bytes: json(sealedForm),
    },
    { path: 'history.json', role: 'history', mediaType: 'application/json', bytes: json(args.history) },
  ];
}

export function manifestFile(member: ArchiveMember): ArchiveManifestFile {
  return {
    path: member.path,
    role: member.role,
    mediaType: member.mediaType,
    size: member.bytes.byteLength,
    sha256: sha256Hex(member.bytes),
  };
}

// ---------------------------------------------------------------- ustar

const TAR_BLOCK = 512;

/** The header block of one member (regular file, mode 0444: an archive is read, not written). */
export function tarHeader(path: string, size: number, mtime: Date): Uint8Array {
  const name = Buffer.from(path, 'utf8');
  if (name.length > 100) throw new RangeError(`Archive member name too long: ${path}`);
  if (!Number.isSafeInteger(size) || size < 0 || size > 0o77777777777)
    throw new RangeError('Member size out of range');
  const header = new Uint8Array(TAR_BLOCK);
  const put = (offset: number, text: string) => header.set(Buffer.from(text, 'ascii'), offset);
  const octal = (offset: number, length: number, value: number) =>
    put(offset, `${value.toString(8).padStart(length - 1, '0')}\0`);
  header.set(name, 0);
  octal(100, 8, 0o444);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.floor(mtime.getTime() / 1000));
  put(148, '        ');
  put(156, '0');
  put(257, 'ustar\0');
  put(263, '00');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(148, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** Zero bytes that end a member of `size` bytes on a block boundary. */
export const tarPadding = (size: number): Uint8Array =>
  new Uint8Array((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);

/** Two zero blocks end the archive. */
export const tarEnd = (): Uint8Array => new Uint8Array(TAR_BLOCK * 2);
