import {
  ARCHIVE_CHECKS,
  DELIVERY_STATES,
  type DeliveryEventType,
  DOCUMENT_STATES,
  DOCUMENT_TYPES,
  type DocumentEventType,
  type HistoryBreakReason,
  INBOX_VIEWS,
  LAYOUT_FORMATS,
  RETURN_REASONS,
  type ReviewOutcome,
  type SealAlgorithmName,
  UNDELIVERABLE_REASONS,
  URGENCIES,
  type UrgeKind,
  type UrgeSource,
} from '@govshare/domain/exchange';
import * as z from 'zod';
import { fieldsOf, uploadSchema as platformUploadSchema, startedUploadSchema } from '../platform/schemas.ts';

/**
 * Response schemas of the exchange routes: what each handler answers (TypeScript checks each handler
 * against its schema, and the tests check every reply). Each view is built once and reused; the
 * enums are the domain's lists (where the domain keeps only a type, the list is written here once and
 * checked against that type).
 */

// ── Enums ───────────────────────────────────────────────────────────────────────────────────

const documentState = z.enum(DOCUMENT_STATES);
const deliveryState = z.enum(DELIVERY_STATES);
const documentType = z.enum(DOCUMENT_TYPES);
/** A delivery's urgency: the document's, or 'normal' for one that has none (UrgencyLevel). */
const urgencyLevel = z.enum([...URGENCIES, 'normal']);
const urgeKind = z.enum(['sign-for', 'handling']) satisfies z.ZodType<UrgeKind>;
const urgeLevel = z.union([z.literal(1), z.literal(2)]);
const sealAlgorithm = z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']) satisfies z.ZodType<SealAlgorithmName>;
const recipientRole = z.enum(['main', 'copy']);

// ── Shared pieces ───────────────────────────────────────────────────────────────────────────

export const uploadSchema = platformUploadSchema.meta({ id: 'Upload' });

export const deliveryReaderSchema = z
  .object({
    subject: z.string(),
    circulatedAt: z.string(),
    circulatedBy: z.string(),
    readAt: z.string().optional(),
  })
  .meta({ id: 'DeliveryReader' });

export const lastUrgeSchema = z
  .object({ kind: urgeKind, dueAt: z.string(), level: urgeLevel })
  .meta({ id: 'LastUrge' });

/** A recipient the document names that no unit could be found for (the id is the generator's). */
export const itemSchema = z
  .object({
    documentId: z.string(),
    recipient: z.string(),
    unit: z.string().optional(),
    via: z.string().optional(),
    as: recipientRole,
    reason: z.enum(UNDELIVERABLE_REASONS),
    reportedAt: z.string(),
  })
  .meta({ id: 'item' });

export const fieldIssueSchema = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'FieldIssue' });

/** A problem (problem+json) in a batch's results (the id is the generator's). */
export const restSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldIssueSchema).optional(),
    resetsAt: z.string().optional(),
  })
  .meta({ id: 'rest' });

export const renderedFileSchema = z.object({
  sha256: z.string(),
  bytes: z.number(),
  pages: z.number(),
  key: z.string(),
});
/** 版式: the PDF and OFD rendered at sign-off (GET …/layout.pdf, …/layout.ofd). */
const renderedLayoutSchema = z.object({ pdf: renderedFileSchema, ofd: renderedFileSchema.optional() });

const documentSealSchema = z
  .object({
    algorithm: sealAlgorithm,
    keyId: z.string(),
    digest: z.string(),
    signature: z.string(),
    sealedAt: z.string(),
  })
  .meta({ id: 'DocumentSeal' });

export const documentNumberSchema = z
  .object({
    issuerCode: z.string(),
    year: z.number().optional(),
    sequence: z.number(),
    normalised: z.string(),
    original: z.string(),
  })
  .meta({ id: 'DocumentNumber' });

export const revisionSchema = z
  .object({ revision: z.number(), at: z.string(), by: z.string() })
  .meta({ id: 'Revision' });

export const reviewStepSchema = z
  .object({ kind: z.enum(['single', 'countersign']), reviewers: z.array(z.string()) })
  .meta({ id: 'ReviewStep' });

export const reviewEntrySchema = z
  .object({
    round: z.number(),
    step: z.number(),
    reviewer: z.string(),
    outcome: z.enum(['returned', 'approved', 'pending', 'cancelled']) satisfies z.ZodType<ReviewOutcome>,
    opinion: z.string().optional(),
    decidedAt: z.string().optional(),
    cancelledBecause: z.enum(['withdrawn', 'returned-by-another-reviewer']).optional(),
  })
  .meta({ id: 'ReviewEntry' });

export const signatureSchema = z
  .object({ unit: z.string(), signer: z.string(), at: z.string(), opinion: z.string().optional() })
  .meta({ id: 'Signature' });

// ── Documents ───────────────────────────────────────────────────────────────────────────────

/** A unit's code, or a group or list of units. */
const recipientSchema = z.union([
  z.string(),
  z.object({ group: z.literal('townships-of'), county: z.string() }),
  z.object({ group: z.literal('departments-of'), unit: z.string() }),
  z.object({ list: z.string() }),
]);

/** What the drafter writes (one revision of it). */
const documentContentSchema = z.object({
  type: documentType,
  title: z.string(),
  issuingUnits: z.array(z.string()),
  mainRecipients: z.array(recipientSchema),
  copyRecipients: z.array(recipientSchema),
  body: z.string(),
  attachments: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
  urgency: z.enum(URGENCIES).optional(),
  classification: z.string().optional(),
  note: z.string().optional(),
  printedBy: z.string().optional(),
  inReplyTo: z.object({ documentId: z.string(), number: z.string() }).optional(),
  handleWithinWorkingDays: z.number().optional(),
  copyNumber: z.string().optional(),
});

/** The drafting side's view of a document (the id is the generator's). */
export const viewSchema = z
  .object({
    id: z.string(),
    state: documentState,
    drafter: z.string(),
    drafterUnit: z.string(),
    content: documentContentSchema,
    revision: z.number(),
    revisions: z.array(revisionSchema),
    round: z.number(),
    steps: z.array(reviewStepSchema),
    currentStep: z.number().optional(),
    reviews: z.array(reviewEntrySchema),
    signatures: z.array(signatureSchema),
    number: documentNumberSchema.optional(),
    writtenOn: z.string().optional(),
    seal: documentSealSchema.optional(),
    sealedSha256: z.string().optional(),
    layout: renderedLayoutSchema.optional(),
    printedOn: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: 'view' });

/** What a recipient unit sees of a document (no drafts, reviews or revisions, no signers' opinions). */
export const recipientViewSchema = viewSchema
  .pick({
    printedOn: true,
    sealedSha256: true,
    seal: true,
    signatures: true,
    writtenOn: true,
    number: true,
    id: true,
    state: true,
    content: true,
  })
  .extend({ signatures: z.array(signatureSchema.omit({ opinion: true })) });

/** A line of a list of documents. */
const documentLineSchema = z.object({
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  writtenOn: z.string().optional(),
  number: z.string().optional(),
  issuingUnits: z.array(z.string()),
  drafter: z.string(),
  drafterUnit: z.string(),
  revision: z.number(),
  round: z.number(),
  urgency: z.enum(URGENCIES).optional(),
  id: z.string(),
  state: documentState,
  type: documentType,
  title: z.string(),
});

/** What a recipient's lists show of the document a delivery carries. */
const deliveredDocumentFields = {
  title: z.string(),
  documentType,
  documentNumber: z.string().optional(),
  issuingUnits: z.array(z.string()),
};

// ── Deliveries ──────────────────────────────────────────────────────────────────────────────

/** One recipient unit's delivery of a document, with what is overdue and what the document is. */
const deliveryViewSchema = z.object({
  overdue: urgeKind.nullable(),
  id: z.string(),
  documentId: z.string(),
  senderUnit: z.string(),
  recipientUnit: z.string(),
  recipientName: z.string().optional(),
  as: recipientRole,
  urgency: urgencyLevel,
  state: deliveryState,
  deliveredAt: z.string(),
  signForDueAt: z.string(),
  handleWithin: z.union([z.number(), z.literal('same-day')]).optional(),
  deadlinesWithoutHolidays: z.array(z.number()).optional(),
  openedAt: z.string().optional(),
  openedBy: z.string().optional(),
  signedForAt: z.string().optional(),
  signedForBy: z.string().optional(),
  registeredAt: z.string().optional(),
  registeredBy: z.string().optional(),
  registerNumber: z.string().optional(),
  handler: z.string().optional(),
  coHandlers: z.array(z.string()).optional(),
  assignedAt: z.string().optional(),
  assignedBy: z.string().optional(),
  handleDueAt: z.string().optional(),
  handledAt: z.string().optional(),
  handledBy: z.string().optional(),
  opinion: z.string().optional(),
  readers: z.array(deliveryReaderSchema).optional(),
  closedAt: z.string().optional(),
  replyDocumentId: z.string().optional(),
  repliedAt: z.string().optional(),
  repliedBy: z.string().optional(),
  returnReason: z.enum(RETURN_REASONS).optional(),
  returnText: z.string().optional(),
  returnedAt: z.string().optional(),
  returnedBy: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawnBy: z.string().optional(),
  resentTo: z.string().optional(),
  resentFrom: z.string().optional(),
  lastUrge: lastUrgeSchema.optional(),
  version: z.number(),
  ...deliveredDocumentFields,
});

/** A batch's results, one a delivery named by `key`: the delivery as it is now, or the problem. */
const deliveryResultsSchema = <K extends z.ZodRawShape>(key: K) =>
  z.array(
    z.union([
      z.object({ ...key, status: z.number(), delivery: deliveryViewSchema }),
      z.object({ status: z.number(), problem: restSchema, ...key, delivery: z.undefined().optional() }),
    ]),
  );

// ── Notices, history, archives, registers, seals ────────────────────────────────────────────

export const fieldChangeSchema = z
  .object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })
  .meta({ id: 'FieldChange' });

export const bodyRunSchema = z
  .object({
    kind: z.enum(['added', 'unchanged', 'removed']),
    lines: z.array(z.string()),
    fromLine: z.number().optional(),
    toLine: z.number().optional(),
  })
  .meta({ id: 'BodyRun' });

export const noticeSchema = z
  .object({
    id: z.string(),
    list: z.enum(['unit', 'mine']),
    at: z.string(),
    read: z.boolean(),
    readAt: z.string().optional(),
    readBy: z.string().optional(),
    type: z.literal('urge'),
    documentId: z.string(),
    recipientUnit: z.string(),
    senderUnit: z.string(),
    kind: urgeKind,
    level: urgeLevel,
    dueAt: z.string(),
    source: z.enum(['sweep', 'manual']) satisfies z.ZodType<UrgeSource>,
    by: z.string(),
  })
  .meta({ id: 'Notice' });

export const noticePageSchema = z
  .object({
    items: z.array(noticeSchema),
    unread: z.object({ mine: z.number(), unit: z.number(), total: z.number() }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'NoticePage' });

export const documentEventSchema = z
  .object({
    documentId: z.string(),
    type: z.enum([
      'withdrawn',
      'dispatched',
      'archived',
      'drafted',
      'revised',
      'submitted',
      'review-approved',
      'review-returned',
      'review-cancelled',
      'review-step-completed',
      'review-completed',
      'signed-off',
      'numbered',
    ]) satisfies z.ZodType<DocumentEventType>,
    at: z.string(),
    actor: z.string(),
    from: documentState.optional(),
    to: documentState,
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'DocumentEvent' });

export const deliveryEventSchema = z
  .object({
    deliveryId: z.string(),
    documentId: z.string(),
    /** One a state entered, and the events beside the states. */
    type: z.enum([
      'read',
      ...DELIVERY_STATES,
      'urged',
      'circulated',
      'resent',
      'undeliverable',
    ]) satisfies z.ZodType<DeliveryEventType>,
    at: z.string(),
    actor: z.string(),
    from: deliveryState.optional(),
    to: z.enum([...DELIVERY_STATES, 'undeliverable']),
    details: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'DeliveryEvent' });

export const historyEntrySchema = z
  .object({
    documentId: z.string(),
    stream: z.string(),
    seq: z.number(),
    prevHash: z.string(),
    event: z.union([documentEventSchema, deliveryEventSchema]),
    hash: z.string(),
  })
  .meta({ id: 'HistoryEntry' });

export const historyBreakSchema = z
  .object({
    stream: z.string(),
    seq: z.number(),
    reason: z.enum([
      'altered',
      'missing',
      'misplaced',
      'head-mismatch',
    ]) satisfies z.ZodType<HistoryBreakReason>,
  })
  .meta({ id: 'HistoryBreak' });

export const archiveCheckResultSchema = z
  .object({ check: z.enum(ARCHIVE_CHECKS), passed: z.boolean(), problems: z.array(z.string()) })
  .meta({ id: 'ArchiveCheckResult' });

export const archiveManifestFileSchema = z
  .object({
    path: z.string(),
    role: z.enum(['body', 'history', 'seal', 'metadata', 'sealed-document', 'attachment', 'layout']),
    mediaType: z.string(),
    size: z.number(),
    sha256: z.string(),
    name: z.string().optional(),
  })
  .meta({ id: 'ArchiveManifestFile' });

export const archiveManifestSchema = z
  .object({
    format: z.literal('govshare-archive/1'),
    documentId: z.string(),
    number: z.string().optional(),
    archivedAt: z.string(),
    archivedBy: z.string(),
    archivedByUnit: z.string(),
    checks: z.array(archiveCheckResultSchema),
    files: z.array(archiveManifestFileSchema),
  })
  .meta({ id: 'ArchiveManifest' });

/** An archive package as stored: its manifest and where and what its file is. */
const storedArchiveFields = {
  manifest: archiveManifestSchema,
  key: z.string(),
  sha256: z.string(),
  size: z.number(),
  versionId: z.string().optional(),
  manifestSha256: z.string(),
  archivedAt: z.string(),
};

export const recipientListSchema = z
  .object({
    id: z.string(),
    unit: z.string(),
    name: z.string(),
    units: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'RecipientList' });

export const paperDocumentSchema = z
  .object({
    id: z.string(),
    unit: z.string(),
    issuer: z.string(),
    number: documentNumberSchema,
    title: z.string(),
    receivedOn: z.string(),
    type: documentType.optional(),
    copies: z.number().optional(),
    note: z.string().optional(),
    registeredBy: z.string(),
    registeredAt: z.string(),
  })
  .meta({ id: 'PaperDocument' });

export const sealedAttachmentSchema = z
  .object({ name: z.string(), sha256: z.string() })
  .meta({ id: 'SealedAttachment' });

export const sealedDocumentContentSchema = z
  .object({
    metadata: z.record(z.string(), z.unknown()),
    body: z.string(),
    attachments: z.array(sealedAttachmentSchema),
  })
  .meta({ id: 'SealedDocumentContent' });

export const sealedPackageSchema = z
  .object({ document: sealedDocumentContentSchema, seal: documentSealSchema })
  .meta({ id: 'SealedPackage' });

export const publicSealJwkSchema = z
  .object({ kty: z.literal('EC'), crv: z.enum(['SM2', 'P-256']), x: z.string(), y: z.string() })
  .meta({ id: 'PublicSealJwk' });

export const publishedSealKeySchema = z
  .object({
    unit: z.string(),
    keyId: z.string(),
    algorithm: sealAlgorithm,
    publicJwk: publicSealJwkSchema,
    publicPem: z.string(),
    validFrom: z.string(),
    validTo: z.string().optional(),
  })
  .meta({ id: 'PublishedSealKey' });

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export const startAttachmentResponse = startedUploadSchema(uploadSchema);

export const completeAttachmentResponse = uploadSchema;

export const getAttachmentResponse = z.object({
  url: z.string(),
  method: z.string(),
  expiresAt: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number(),
});

export const listDeliveriesResponse = z.object({
  documentId: z.string(),
  counts: z.object({
    undeliverable: z.number(),
    total: z.number(),
    byState: z.object(fieldsOf(DELIVERY_STATES, z.number())),
    overdue: z.number(),
  }),
  items: z.array(deliveryViewSchema),
  undeliverable: z.array(itemSchema),
});

export const withdrawDeliveriesResponse = z.object({
  withdrawn: z.number(),
  results: deliveryResultsSchema({ unit: z.string() }),
});

export const resendDeliveryResponse = z.object({
  returned: deliveryViewSchema,
  delivery: deliveryViewSchema,
});

export const getDeliveryResponse = z.object({
  document: recipientViewSchema.optional(),
  delivery: deliveryViewSchema,
});

export const signForResponse = z.object({ delivery: deliveryViewSchema });

export const returnDeliveryResponse = signForResponse;

export const registerDeliveryResponse = signForResponse;

export const assignDeliveryResponse = signForResponse;

export const circulateDeliveryResponse = signForResponse.extend({ added: z.unknown() });

export const readDeliveryResponse = signForResponse;

export const handleDeliveryResponse = signForResponse;

export const createDocumentResponse = viewSchema;

export const listDocumentsResponse = z.object({
  nextCursor: z.string().optional(),
  view: z.unknown(),
  items: z.array(documentLineSchema),
});

export const reviseDocumentResponse = createDocumentResponse;

export const listRevisionsResponse = z.object({
  documentId: z.string(),
  current: z.number(),
  items: z.array(revisionSchema),
});

export const getRevisionResponse = z
  .object({ content: documentContentSchema })
  .extend(revisionSchema.shape)
  .extend({ documentId: z.string() });

export const diffRevisionsResponse = z.object({
  fields: z.array(fieldChangeSchema),
  body: z.object({ linesAdded: z.number(), linesRemoved: z.number(), runs: z.array(bodyRunSchema) }),
  documentId: z.string(),
  from: z.number(),
  to: z.number(),
});

/** A page of an inbox: `view` and `scope` as asked. */
const inboxPageFields = { nextCursor: z.string().optional(), view: z.unknown(), scope: z.unknown() };

/** A line of a person's to-do or to-read list. */
const inboxLineSchema = z.object({
  overdue: z.boolean(),
  documentId: z.string(),
  unit: z.string(),
  subject: z.string(),
  kind: z.enum(['handle', 'read']),
  view: z.enum(INBOX_VIEWS),
  lead: z.boolean().optional(),
  since: z.string(),
  dueAt: z.string().optional(),
  doneAt: z.string().optional(),
  ...deliveredDocumentFields,
  senderUnit: z.string(),
  urgency: urgencyLevel,
  deliveryState,
  deliveredAt: z.string(),
});

/** A unit's deliveries, or a person's lines. */
export const inboxResponse = z.union([
  z.object({ ...inboxPageFields, unit: z.string(), items: z.array(deliveryViewSchema) }),
  z.object({ ...inboxPageFields, items: z.array(inboxLineSchema) }),
]);

export const signForManyResponse = z.object({
  signedFor: z.number(),
  results: deliveryResultsSchema({ documentId: z.string() }),
});

export const urgeDeliveriesResponse = z.object({
  urged: z.number(),
  results: z.array(
    z.union([
      z.object({ unit: z.string(), outcome: z.literal('urged'), kind: z.string(), users: z.number() }),
      z.object({ unit: z.string(), outcome: z.literal('already-urged-today') }),
      z.object({ unit: z.string(), outcome: z.literal('not-open'), state: z.string() }),
      z.object({ unit: z.string(), outcome: z.literal('not-a-recipient') }),
    ]),
  ),
});

export const notificationsResponse = noticePageSchema;

export const readNotificationResponse = noticeSchema;

export const historyResponse = z.object({
  items: z.array(historyEntrySchema),
  nextCursor: z.string().optional(),
});

export const verifyHistoryResponse = z.object({
  intact: z.boolean(),
  streams: z.number(),
  entries: z.number(),
  breaks: z.array(historyBreakSchema),
  documentId: z.string(),
  verifiedAt: z.string(),
});

export const archiveDocumentResponse = z.object({ ...storedArchiveFields, documentId: z.string() });

/** The archive and a link to its file; `integrity` once its file was checked against the manifest. */
const archiveDownloadSchema = z.object({
  downloadUrl: z.string(),
  downloadExpiresInSeconds: z.number(),
  integrity: z.enum(['altered', 'missing', 'intact']),
  documentId: z.string(),
  ...storedArchiveFields,
});

export const getArchiveResponse = z.union([
  archiveDownloadSchema,
  archiveDownloadSchema.extend({ integrity: z.undefined().optional() }),
]);

export const createRecipientListResponse = recipientListSchema;

export const listRecipientListsResponse = z.object({
  items: z.array(recipientListSchema),
  nextCursor: z.string().optional(),
});

export const numberGapsResponse = z.object({
  issuerCode: z.string(),
  year: z.unknown(),
  used: z.array(z.number()),
  highest: z.number(),
  missing: z.array(z.object({ from: z.number(), to: z.number() })),
});

export const registerPaperResponse = paperDocumentSchema;

export const replyDeliveryResponse = createDocumentResponse;

export const submitDocumentResponse = createDocumentResponse;

export const approveReviewResponse = createDocumentResponse;

export const returnReviewResponse = createDocumentResponse;

export const withdrawDocumentResponse = createDocumentResponse;

export const getSealResponse = z.object({
  sealedSha256: z.string(),
  key: publishedSealKeySchema.pick({ unit: true, keyId: true, algorithm: true }),
  keys: z.string(),
  sealed: sealedPackageSchema,
  number: z.string().optional(),
  documentId: z.string(),
});

export const verifySealResponse = z.union([
  z.object({
    sealedSha256: z.string(),
    valid: z.literal(true),
    unit: z.string(),
    keyId: z.string(),
    algorithm: sealAlgorithm,
    sealedAt: z.string(),
  }),
  z.object({
    sealedSha256: z.string(),
    valid: z.literal(false),
    reason: z.enum(['no-sealing-unit', 'unknown-key', 'key-not-valid-then', 'signature-mismatch']),
    unit: z.string().optional(),
    keyId: z.string(),
  }),
]);

export const listSealKeysResponse = z.object({
  items: z.array(publishedSealKeySchema),
  nextCursor: z.string().optional(),
});

export const rotateSealKeyResponse = z.object({
  previous: publishedSealKeySchema.optional(),
  current: publishedSealKeySchema,
});

export const signOffResponse = createDocumentResponse;

export const dispatchDocumentResponse = z.object({
  document: documentLineSchema,
  expansion: z.string(),
  queued: z.boolean(),
});

/** The drafting side's view, or a recipient's. */
export const getDocumentResponse = z.union([viewSchema, recipientViewSchema]);

const layoutFormat = z.enum(LAYOUT_FORMATS);

export const getLayoutResponse = z.object({
  documentId: z.string(),
  format: layoutFormat,
  sha256: z.string(),
  bytes: z.number(),
  pages: z.number(),
  url: z.string(),
  method: z.literal('GET'),
  expiresAt: z.string(),
});

export const verifyLayoutResponse = z.object({
  sha256: z.string(),
  format: layoutFormat,
  /**
   * intact: a file the platform rendered, unchanged, its document's seal valid; tampered: a file that
   * names a document of the platform but is not what was sealed; not-issued: no document has it
   * (not issued by this platform, or changed).
   */
  verdict: z.enum(['intact', 'tampered', 'not-issued']),
  intact: z.boolean(),
  message: z.string(),
  documentId: z.string().optional(),
  number: z.string().optional(),
  title: z.string().optional(),
  sealedBy: z.object({ unit: z.string(), name: z.string().optional(), keyId: z.string() }).optional(),
  seal: z.object({ valid: z.boolean(), reason: z.string().optional() }).optional(),
  ofdSignature: z
    .object({
      intact: z.boolean(),
      problems: z.array(z.string()),
      signatures: z.array(
        z.object({
          unitName: z.string(),
          keyId: z.string(),
          signatureValid: z.boolean(),
          keyKnown: z.boolean(),
          changedFiles: z.array(z.string()),
        }),
      ),
    })
    .optional(),
});
