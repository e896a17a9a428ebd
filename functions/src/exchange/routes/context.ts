import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { AuditTrail } from '@govshare/domain/audit';
import { type DeliveryDeadlines, type ExchangeActor, participatesIn } from '@govshare/domain/exchange';
import { NotFoundError } from '@govshare/domain/kernel';
import { changeAuditor } from '../../audit/index.ts';
import type { UnitDirectory, WorkingCalendarReader } from '../../identity/index.ts';
import { type Caller, requiredCaller, type TokenVerifier } from '../../platform/auth.ts';
import type { PlatformConfig } from '../../platform/config.ts';
import type { RouteDefinition } from '../../platform/http.ts';
import type { IdempotencyStore } from '../../platform/idempotency.ts';
import type { ObjectDownloads } from '../../platform/object-downloads.ts';
import type { Telemetry } from '../../platform/observability.ts';
import type { PresignedUploads } from '../../platform/presigned-uploads.ts';
import type { ArchiveWriter } from '../archive-writer.ts';
import type { AttachmentStore } from '../attachment-store.ts';
import type { DeliveryStore } from '../delivery-store.ts';
import type { DocumentNumberStore } from '../document-numbers.ts';
import type { DocumentStore, StoredDocument } from '../document-store.ts';
import type { NotificationStore } from '../notification-store.ts';
import type { OfficialLayouts } from '../official-layout.ts';
import type { PaperDocumentStore } from '../paper-documents.ts';
import type { RecipientListStore } from '../recipient-lists.ts';
import type { SealKeyStore } from '../seal-keys.ts';
import type { UrgingDeps } from '../urging.ts';

export type ExchangeConfig = PlatformConfig<
  'exchange' | 'identity',
  'documents' | 'archive',
  'document-dispatch' | 'audit-trail' | 'notification-events'
>;

/**
 * What the exchange function is built from: the ports of every route module (sending, receiving,
 * records), wired once at cold start (handler.ts).
 */
export interface ExchangeDeps {
  config: ExchangeConfig;
  verifier: TokenVerifier;
  documents: DocumentStore;
  /** Deliveries (收文): the recipients' inboxes and the sender's matrix; who is a recipient. */
  deliveries: DeliveryStore;
  numbers: DocumentNumberStore;
  sealKeys: SealKeyStore;
  attachments: AttachmentStore;
  recipientLists: RecipientListStore;
  paperDocuments: PaperDocumentStore;
  /** Identity's organisation tree: recipients, reviewers, the 机关代字 of issuing units. */
  directory: UnitDirectory;
  /** The notification lists (the urges a user or unit received). */
  notifications: NotificationStore;
  /** Writing an urge (the sender's, from the matrix; the sweep has its own). */
  urging: UrgingDeps;
  /** 版式: the PDF and OFD rendered at sign-off, and the index of their digests. */
  layouts: OfficialLayouts;
  /** 归档: the four checks and the package in the archive bucket. */
  archives: ArchiveWriter;
  audit: AuditTrail;
  /** Attachment files: presigned PUT, completion checked against the declared SHA-256 (loaded on first use, with S3). */
  uploads: PresignedUploads;
  /** Presigned GETs of attachments, 版式 files and archive packages (loaded on first use, with S3). */
  downloads: ObjectDownloads;
  sqs: SQSClient;
  /** The working-day calendar (identity's), for deadlines. */
  calendar: WorkingCalendarReader;
  /** Sign-for and handling deadlines (settings.ts readExchangeDeadlines); absent: the defaults. */
  deadlines?: DeliveryDeadlines;
  now?: () => Date;
  /** Where the idempotent creates keep their first answers (Idempotency-Key). */
  idempotency?: IdempotencyStore;
  /** The function's logger and metrics, when the cold start made them for its ports too. */
  telemetry?: Telemetry;
}

/** What every route module of the exchange is given: the function's dependencies, its clock and logger. */
export interface ExchangeRouteContext extends ExchangeDeps {
  now: () => Date;
  logger: Logger;
}

/** A group of routes (sending, receiving, records…): the handler lists them in one array. */
export type ExchangeRouteModule = (context: ExchangeRouteContext) => RouteDefinition[];

/** The caller as the domain sees it, and what kind of principal it is (for the audit trail). */
export type ExchangeCaller = ExchangeActor & { kind: Caller['kind'] };

export const actorOf = (caller: Caller | undefined): ExchangeCaller => requiredCaller(caller);

const NO_SUCH_DOCUMENT = 'No document has this id';

/**
 * The document if the actor may read it: a participant (issuing units, drafter, reviewers,
 * platform administrator and auditors) or a member of a recipient unit. Anyone else learns
 * nothing, not even that it exists: 404.
 */
export async function readableDocument(
  context: Pick<ExchangeDeps, 'documents' | 'deliveries'>,
  id: string,
  actor: ExchangeActor,
  { recipients = true }: { recipients?: boolean } = {},
): Promise<StoredDocument> {
  return (await readerOf(context, id, actor, { recipients })).document;
}

/** The document and how the actor comes to read it (a recipient sees the sent document only). */
export async function readerOf(
  context: Pick<ExchangeDeps, 'documents' | 'deliveries'>,
  id: string,
  actor: ExchangeActor,
  { recipients = true }: { recipients?: boolean } = {},
): Promise<{ document: StoredDocument; as: 'participant' | 'recipient' }> {
  const document = await context.documents.get(id);
  if (!document) throw new NotFoundError(NO_SUCH_DOCUMENT);
  if (participatesIn(document, actor)) return { document, as: 'participant' };
  if (recipients && (await context.deliveries.exists(id, actor.unit))) return { document, as: 'recipient' };
  throw new NotFoundError(NO_SUCH_DOCUMENT);
}

/** Records a state change on the audit trail (audit/change-audit.ts): ids, states and numbers only. */
export const auditor = (context: Pick<ExchangeDeps, 'audit'>) => changeAuditor(context.audit);

/** What the audit trail keeps of a document's change: its id, state, revision and number. */
export const documentFacts = (document: StoredDocument): string[] => [
  `state:${document.state}`,
  `revision:${document.revision}`,
  `version:${document.version}`,
  ...(document.number ? [`number:${document.number.normalised}`] : []),
];

/**
 * Records a stored change of a document on the audit trail, at the document's own updatedAt: its
 * facts (documentFacts), any `items` more, under the drafting unit unless another acted.
 */
export function documentAuditor(context: Pick<ExchangeDeps, 'audit'>) {
  const audit = auditor(context);
  return (
    stored: StoredDocument,
    args: {
      action: string;
      caller: Caller | undefined;
      correlationId: string;
      unit?: string;
      items?: string[];
    },
  ) =>
    audit({
      action: args.action,
      caller: args.caller,
      correlationId: args.correlationId,
      at: stored.updatedAt,
      subject: stored.id,
      unit: args.unit ?? stored.drafterUnit,
      items: [...documentFacts(stored), ...(args.items ?? [])],
    });
}

/** A document in a list: what a reader needs to pick it, without its body. */
export const documentSummary = (document: StoredDocument) => ({
  id: document.id,
  state: document.state,
  type: document.content.type,
  title: document.content.title,
  ...(document.content.urgency ? { urgency: document.content.urgency } : {}),
  issuingUnits: document.content.issuingUnits,
  drafter: document.drafter,
  drafterUnit: document.drafterUnit,
  revision: document.revision,
  round: document.round,
  ...(document.number ? { number: document.number.normalised } : {}),
  ...(document.writtenOn ? { writtenOn: document.writtenOn } : {}),
  createdAt: document.createdAt,
  updatedAt: document.updatedAt,
  version: document.version,
});

/** The document as its readers get it (everything but the chain head, which the history route shows). */
export const documentView = (document: StoredDocument) => {
  const { historyHead: _head, ...view } = document;
  return view;
};

/**
 * What a recipient unit reads: the document as it was sent (content, number, signatures, seal),
 * not the sender's internal review, its opinions or its earlier drafts.
 */
export const recipientView = (document: StoredDocument) => ({
  id: document.id,
  state: document.state,
  content: document.content,
  ...(document.number ? { number: document.number } : {}),
  ...(document.writtenOn ? { writtenOn: document.writtenOn } : {}),
  signatures: document.signatures.map(({ unit, signer, at }) => ({ unit, signer, at })),
  ...(document.seal ? { seal: document.seal } : {}),
  ...(document.sealedSha256 ? { sealedSha256: document.sealedSha256 } : {}),
  ...(document.printedOn ? { printedOn: document.printedOn } : {}),
});

export const documentLocation = (id: string) => `/v1/exchange/documents/${id}`;

export { parseAs } from '../../platform/http.ts';
