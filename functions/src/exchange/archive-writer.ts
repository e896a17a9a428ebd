import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditTrail } from '@govshare/domain/audit';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMATS,
  type ArchiveManifest,
  type ArchiveManifestFile,
  type ArchiveMember,
  type AttachmentRef,
  appendHistory,
  archive,
  archiveMembers,
  assertArchivable,
  assertChecksPassed,
  attachmentPath,
  DOCUMENT_STREAM,
  type ExchangeActor,
  formatProbe,
  layoutPath,
  manifestFile,
  type ObservedAttachment,
  type RenderedFile,
  runArchiveChecks,
  sealedPackageOf,
  sealingUnitOf,
  sha256Hex,
  tarEnd,
  tarHeader,
  tarPadding,
  verifyHistory,
} from '@govshare/domain/exchange';
import { ConflictError, NotFoundError } from '@govshare/domain/kernel';
import { isConditionFailure } from '../platform/dynamo.ts';
import type { DeliveryReader, StoredDelivery } from './delivery-store.ts';
import { type DocumentStore, type StoredDocument, streamHeads } from './document-store.ts';
import type { SealKeyStore } from './seal-keys.ts';
import { archiveKey, withoutKeys } from './table-keys.ts';

/**
 * 归档 (archive-writer): reads a finished document, runs the four checks (archive.ts), writes the
 * package to the Object-Lock `archive` bucket, then makes the document archived, in that order:
 *   1. the document is dispatched and every main delivery closed (else 409 naming them);
 *   2. every attachment is read from the `documents` bucket (the checked bytes the drafting unit
 *      uploaded, attachment-store.ts): SHA-256, size, format; the history chains are verified
 *      against the heads; the sealed form (sealed-document.ts) against the sealing unit's
 *      published key of the seal's id (seal-keys.ts);
 *   3. any failed check refuses with 422 `archive-check-failed` and nothing is written;
 *   4. the package streams to `exchange/<documentId>/<archive id>.tar` (each attachment read a
 *      second time and hashed again on the way: a byte changed in between aborts the upload);
 *   5. one transaction: the document becomes `archived` (on condition of its version and state),
 *      its history gets the `archived` entry, and the archive item (pk DOC#<id> sk ARCHIVE) is
 *      created, on condition that there is none.
 * Each attempt writes a key of its own, so nothing in the bucket is ever overwritten, and Object
 * Lock (COMPLIANCE, the bucket's default retention) keeps every written version for its term: a
 * PutObject on the same key in AWS makes a new version beside the locked one, a DeleteObject only
 * a delete marker, and `getArchive` reads the locked version by its id. If step 5 loses a race,
 * the package of the losing attempt stays in the bucket, unreferenced (and is logged).
 */
/** Where an archive package is and what it hashes to: the archive item (pk DOC#<id> sk ARCHIVE). */
export interface ArchiveReference {
  key: string;
  sha256: string;
  size: number;
  /** The locked object version (S3 versioning under Object Lock); absent where the store has none. */
  versionId?: string;
  manifestSha256: string;
  archivedAt: string;
}

export interface AttachmentObject {
  size: number;
  body: AsyncIterable<Uint8Array>;
}

export interface AttachmentSource {
  /** The attachment's bytes as stored for the document, or undefined if they are not there. */
  open(document: StoredDocument, attachment: AttachmentRef): Promise<AttachmentObject | undefined>;
}

export interface LayoutFileSource {
  /** The bytes of a rendered file, or undefined if it is not there. */
  read(file: RenderedFile): Promise<Uint8Array | undefined>;
}

export interface ArchivePackages {
  /** Streams a new package to `key`; refuses a key that exists. */
  write(key: string, body: AsyncIterable<Uint8Array>): Promise<{ versionId?: string }>;
  /** The package's bytes (the given version, if any), or undefined if it is gone. */
  read(
    reference: Pick<ArchiveReference, 'key' | 'versionId'>,
  ): Promise<AsyncIterable<Uint8Array> | undefined>;
}

export interface ArchiveRecord extends ArchiveReference {
  documentId: string;
  manifest: ArchiveManifest;
}

export interface ArchiveWriterDeps {
  client: DynamoDBDocumentClient;
  table: string;
  documents: Pick<DocumentStore, 'get' | 'history' | 'transitionItems'>;
  deliveries: Pick<DeliveryReader, 'ofDocument' | 'historyHeads'>;
  /** The published seal keys, to verify the seal with. */
  sealKeys: Pick<SealKeyStore, 'keysOf'>;
  attachments: AttachmentSource;
  /** The rendered PDF and OFD (official-layout.ts); a document signed before them has none. */
  layoutFiles?: LayoutFileSource;
  packages: ArchivePackages;
  audit: AuditTrail;
  logger: Pick<Logger, 'info' | 'error'>;
  newArchiveId?: () => string;
}

const sha256Stream = () => createHash('sha256');

/**
 * The final PDF and OFD as package members, each read back and compared with the SHA-256 the seal
 * covers: a rendered file that is gone or changed stops the archiving (nothing is written).
 */
async function layoutMembers(
  source: LayoutFileSource | undefined,
  document: StoredDocument,
): Promise<ArchiveMember[]> {
  const { layout } = document;
  if (!layout || !source) return [];
  const members: ArchiveMember[] = [];
  for (const [format, file] of [
    ['pdf', layout.pdf],
    ['ofd', layout.ofd],
  ] as const) {
    if (!file) continue;
    const bytes = await source.read(file);
    if (!bytes || sha256Hex(bytes) !== file.sha256) {
      throw new ConflictError(
        `The rendered ${format.toUpperCase()} of document ${document.id} is missing or changed; nothing was archived`,
      );
    }
    members.push({
      path: layoutPath(format),
      role: 'layout',
      mediaType: ARCHIVE_FORMATS[format]?.mediaType ?? '',
      bytes,
    });
  }
  return members;
}

/** Reads an attachment through: hash, size and format (archive.ts formatProbe). */
async function observe(
  source: AttachmentSource,
  document: StoredDocument,
  ref: AttachmentRef,
): Promise<ObservedAttachment> {
  const object = await source.open(document, ref);
  if (!object) return { name: ref.name, present: false };
  const hash = sha256Stream();
  const probe = formatProbe(ref.name);
  let size = 0;
  for await (const chunk of object.body) {
    hash.update(chunk);
    probe.update(chunk);
    size += chunk.byteLength;
  }
  return { name: ref.name, present: true, sha256: hash.digest('hex'), size, formatProblem: probe.finish() };
}

/** Metadata of the final signed version: its elements, signatures and reviews; never a revision list. */
function metadataOf(document: StoredDocument, deliveries: readonly StoredDelivery[]) {
  const { body: _body, ...content } = document.content;
  return {
    id: document.id,
    ...content,
    number: document.number,
    writtenOn: document.writtenOn,
    drafter: document.drafter,
    drafterUnit: document.drafterUnit,
    finalRevision: document.revision,
    signatures: document.signatures,
    reviews: document.reviews,
    sealedSha256: document.sealedSha256,
    createdAt: document.createdAt,
    deliveries: deliveries.map((d) => ({
      recipientUnit: d.recipientUnit,
      as: d.as,
      state: d.state,
      deliveredAt: d.deliveredAt,
      signedForAt: d.signedForAt,
      signedForBy: d.signedForBy,
      registerNumber: d.registerNumber,
      handler: d.handler,
      closedAt: d.closedAt,
      replyDocumentId: d.replyDocumentId,
      returnReason: d.returnReason,
    })),
  };
}

export function archiveWriter(deps: ArchiveWriterDeps) {
  const newArchiveId = deps.newArchiveId ?? (() => crypto.randomUUID());

  return {
    /** Archives the document, or throws (404, 403, 409, 422) having written nothing. */
    async archive(args: { documentId: string; actor: ExchangeActor; now: Date; correlationId: string }) {
      const { documentId, actor, now } = args;
      const document = await deps.documents.get(documentId);
      if (!document) throw new NotFoundError(`No document ${documentId}`);
      const [deliveries, deliveryHeads] = await Promise.all([
        deps.deliveries.ofDocument(documentId),
        deps.deliveries.historyHeads(documentId),
      ]);
      assertArchivable(document, deliveries);
      // The lead issuing unit's clerk, from a dispatched state (workflow.ts); the new state and its event.
      const transition = archive({ document, actor, now });

      const entries = await deps.documents.history(documentId);
      const heads = streamHeads(document, deliveryHeads);
      const verification = verifyHistory(documentId, entries, heads);
      const sealed = document.seal ? sealedPackageOf(document) : undefined;
      const sealingUnit = sealed ? sealingUnitOf(sealed) : undefined;
      const key =
        sealed && sealingUnit
          ? (await deps.sealKeys.keysOf(sealingUnit)).find((k) => k.keyId === sealed.seal.keyId)
          : undefined;
      const attachments = document.content.attachments;
      const observed: ObservedAttachment[] = [];
      for (const ref of attachments) observed.push(await observe(deps.attachments, document, ref));
      const checks = runArchiveChecks({
        documentId,
        content: document.content,
        sealed,
        key,
        attachments: observed,
        history: verification,
      });
      assertChecksPassed(checks);
      if (!sealed || !sealingUnit || !key) throw new Error('checks passed without a seal');

      // The package's history ends with the archiving itself, as the table's will.
      const appended = appendHistory(documentId, DOCUMENT_STREAM, document.historyHead, transition.events);
      const finalHeads = new Map(heads);
      finalHeads.set(DOCUMENT_STREAM, appended.head);
      const allEntries = [...entries, ...appended.entries];
      const members = archiveMembers({
        metadata: metadataOf(document, deliveries),
        body: document.content.body,
        sealed,
        publicKey: { unit: sealingUnit, jwk: key.publicJwk, pem: key.publicPem },
        history: {
          entries: allEntries,
          heads: Object.fromEntries(finalHeads),
          verification: verifyHistory(documentId, allEntries, finalHeads),
        },
      });
      members.push(...(await layoutMembers(deps.layoutFiles, document)));
      const attachmentFiles: ArchiveManifestFile[] = attachments.map((ref, index) => ({
        path: attachmentPath(index, ref.name),
        role: 'attachment',
        mediaType: formatProbe(ref.name).mediaType,
        size: ref.size,
        sha256: ref.sha256,
        name: ref.name,
      }));
      const manifest: ArchiveManifest = {
        format: ARCHIVE_FORMAT,
        documentId,
        ...(document.number ? { number: document.number.normalised } : {}),
        archivedAt: now.toISOString(),
        archivedBy: actor.subject,
        archivedByUnit: actor.unit,
        checks,
        files: [...members.map(manifestFile), ...attachmentFiles],
      };
      const manifestBytes = new Uint8Array(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      const packageHash = sha256Stream();
      let packageSize = 0;
      const source = deps.attachments;
      const archived: StoredDocument = document;
      async function* tar(): AsyncGenerator<Uint8Array> {
        const emit = function* (bytes: Uint8Array) {
          packageHash.update(bytes);
          packageSize += bytes.byteLength;
          yield bytes;
        };
        for (const member of [{ path: 'manifest.json', bytes: manifestBytes }, ...members]) {
          yield* emit(tarHeader(member.path, member.bytes.byteLength, now));
          yield* emit(member.bytes);
          yield* emit(tarPadding(member.bytes.byteLength));
        }
        for (const [index, ref] of attachments.entries()) {
          const object = await source.open(archived, ref);
          if (!object) throw new ConflictError(`Attachment ${ref.name} disappeared while archiving`);
          yield* emit(tarHeader(attachmentPath(index, ref.name), ref.size, now));
          const hash = sha256Stream();
          let size = 0;
          for await (const chunk of object.body) {
            hash.update(chunk);
            size += chunk.byteLength;
            if (size > ref.size) break;
            yield* emit(chunk);
          }
          if (size !== ref.size || hash.digest('hex') !== ref.sha256) {
            throw new ConflictError(`Attachment ${ref.name} changed while archiving; nothing was archived`);
          }
          yield* emit(tarPadding(ref.size));
        }
        yield* emit(tarEnd());
      }

      const packageKey = `exchange/${documentId}/${newArchiveId()}.tar`;
      const written = await deps.packages.write(packageKey, tar());
      const reference: ArchiveReference = {
        key: packageKey,
        sha256: packageHash.digest('hex'),
        size: packageSize,
        ...(written.versionId ? { versionId: written.versionId } : {}),
        manifestSha256: sha256Hex(manifestBytes),
        archivedAt: now.toISOString(),
      };
      try {
        await deps.client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...deps.documents.transitionItems(document, transition),
              {
                Put: {
                  TableName: deps.table,
                  Item: { ...archiveKey(documentId), type: 'archive', documentId, ...reference, manifest },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        deps.logger.error('archive package written but not recorded: the document changed meanwhile', {
          documentId,
          key: packageKey,
        });
        throw new ConflictError(`Document ${documentId} changed while it was being archived; try again`);
      }
      await deps.audit.record({
        id: `exchange.document.archived:${documentId}`,
        at: now.toISOString(),
        actor: { unit: actor.unit, principal: actor.subject, kind: 'person' },
        action: 'exchange.document.archived',
        items: [`document:${documentId}`, `package-sha256:${reference.sha256}`],
        recordCount: 1,
        subjectHashes: [],
        outcome: 'ok',
        correlationId: args.correlationId,
      });
      deps.logger.info('document archived', { documentId, key: packageKey, size: packageSize });
      return { documentId, ...reference, manifest } satisfies ArchiveRecord;
    },

    /** The archive record of an archived document, or undefined. */
    async get(documentId: string): Promise<ArchiveRecord | undefined> {
      const { Item } = await deps.client.send(
        new GetCommand({ TableName: deps.table, Key: archiveKey(documentId), ConsistentRead: true }),
      );
      return Item ? withoutKeys<ArchiveRecord>(Item) : undefined;
    },

    /** Whether the stored package still hashes to what was recorded. */
    async verify(record: ArchiveRecord): Promise<'intact' | 'altered' | 'missing'> {
      const body = await deps.packages.read(record);
      if (!body) return 'missing';
      const hash = sha256Stream();
      for await (const chunk of body) hash.update(chunk);
      return hash.digest('hex') === record.sha256 ? 'intact' : 'altered';
    },
  };
}

export type ArchiveWriter = ReturnType<typeof archiveWriter>;
