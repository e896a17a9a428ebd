import { DOCUMENT_TYPES, URGENCIES } from '@govshare/domain/exchange';
import * as z from 'zod';

/**
 * Response schemas of the exchange routes: what each handler answers (its reply's type, written out as
 * zod; TypeScript checks each handler against its schema, and the tests check every reply).
 */

export const uploadSchema = z
  .object({
    id: z.string(),
    unit: z.string(),
    createdBy: z.string(),
    name: z.string(),
    sha256: z.string(),
    size: z.number(),
    objectKey: z.string(),
    status: z.enum(['awaiting-upload', 'complete', 'rejected']),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    actualSha256: z.string().optional(),
    actualSize: z.number().optional(),
  })
  .meta({ id: 'Upload' });

export const deliveryReaderSchema = z
  .object({
    subject: z.string(),
    circulatedAt: z.string(),
    circulatedBy: z.string(),
    readAt: z.string().optional(),
  })
  .meta({ id: 'DeliveryReader' });

export const lastUrgeSchema = z
  .object({
    kind: z.enum(['sign-for', 'handling']),
    dueAt: z.string(),
    level: z.union([z.literal(1), z.literal(2)]),
  })
  .meta({ id: 'LastUrge' });

export const itemSchema = z
  .object({
    documentId: z.string(),
    recipient: z.string(),
    unit: z.string().optional(),
    via: z.string().optional(),
    as: z.enum(['main', 'copy']),
    reason: z.enum(['unknown-unit', 'dissolved', 'unknown-group', 'unknown-list']),
    reportedAt: z.string(),
  })
  .meta({ id: 'item' });

export const fieldIssueSchema = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'FieldIssue' });

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
    algorithm: z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']),
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
    outcome: z.enum(['returned', 'approved', 'pending', 'cancelled']),
    opinion: z.string().optional(),
    decidedAt: z.string().optional(),
    cancelledBecause: z.enum(['withdrawn', 'returned-by-another-reviewer']).optional(),
  })
  .meta({ id: 'ReviewEntry' });

export const signatureSchema = z
  .object({ unit: z.string(), signer: z.string(), at: z.string(), opinion: z.string().optional() })
  .meta({ id: 'Signature' });

export const viewSchema = z
  .object({
    id: z.string(),
    state: z.enum([
      'returned',
      'withdrawn',
      'draft',
      'in-review',
      'approved',
      'signed',
      'dispatched',
      'archived',
    ]),
    drafter: z.string(),
    drafterUnit: z.string(),
    content: z.object({
      type: z.enum(DOCUMENT_TYPES),
      title: z.string(),
      issuingUnits: z.array(z.string()),
      mainRecipients: z.array(
        z.union([
          z.string(),
          z.object({ group: z.literal('townships-of'), county: z.string() }),
          z.object({ group: z.literal('departments-of'), unit: z.string() }),
          z.object({ list: z.string() }),
        ]),
      ),
      copyRecipients: z.array(
        z.union([
          z.string(),
          z.object({ group: z.literal('townships-of'), county: z.string() }),
          z.object({ group: z.literal('departments-of'), unit: z.string() }),
          z.object({ list: z.string() }),
        ]),
      ),
      body: z.string(),
      attachments: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
      urgency: z.enum(URGENCIES).optional(),
      classification: z.string().optional(),
      note: z.string().optional(),
      printedBy: z.string().optional(),
      inReplyTo: z.object({ documentId: z.string(), number: z.string() }).optional(),
      handleWithinWorkingDays: z.number().optional(),
      copyNumber: z.string().optional(),
    }),
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
    kind: z.enum(['sign-for', 'handling']),
    level: z.union([z.literal(1), z.literal(2)]),
    dueAt: z.string(),
    source: z.enum(['sweep', 'manual']),
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
    ]),
    at: z.string(),
    actor: z.string(),
    from: z
      .enum(['returned', 'withdrawn', 'draft', 'in-review', 'approved', 'signed', 'dispatched', 'archived'])
      .optional(),
    to: z.enum([
      'returned',
      'withdrawn',
      'draft',
      'in-review',
      'approved',
      'signed',
      'dispatched',
      'archived',
    ]),
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'DocumentEvent' });

export const deliveryEventSchema = z
  .object({
    deliveryId: z.string(),
    documentId: z.string(),
    type: z.enum([
      'read',
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
      'urged',
      'circulated',
      'resent',
      'undeliverable',
    ]),
    at: z.string(),
    actor: z.string(),
    from: z
      .enum([
        'delivered',
        'opened',
        'signed-for',
        'registered',
        'assigned',
        'handled',
        'replied',
        'returned',
        'withdrawn',
      ])
      .optional(),
    to: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
      'undeliverable',
    ]),
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
    reason: z.enum(['altered', 'missing', 'misplaced', 'head-mismatch']),
  })
  .meta({ id: 'HistoryBreak' });

export const archiveCheckResultSchema = z
  .object({
    check: z.enum(['complete', 'authentic', 'usable', 'secure']),
    passed: z.boolean(),
    problems: z.array(z.string()),
  })
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
    type: z
      .enum([
        '决议',
        '决定',
        '命令',
        '公报',
        '公告',
        '通告',
        '意见',
        '通知',
        '通报',
        '报告',
        '请示',
        '批复',
        '议案',
        '函',
        '纪要',
      ])
      .optional(),
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
    algorithm: z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']),
    publicJwk: publicSealJwkSchema,
    publicPem: z.string(),
    validFrom: z.string(),
    validTo: z.string().optional(),
  })
  .meta({ id: 'PublishedSealKey' });

export const startAttachmentResponse = z.object({
  completeUrl: z.string(),
  upload: uploadSchema,
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  expiresAt: z.string(),
});

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
    byState: z.object({
      delivered: z.number(),
      opened: z.number(),
      'signed-for': z.number(),
      registered: z.number(),
      assigned: z.number(),
      handled: z.number(),
      replied: z.number(),
      returned: z.number(),
      withdrawn: z.number(),
    }),
    overdue: z.number(),
  }),
  items: z.array(
    z.object({
      overdue: z.enum(['sign-for', 'handling']).nullable(),
      id: z.string(),
      documentId: z.string(),
      senderUnit: z.string(),
      recipientUnit: z.string(),
      recipientName: z.string().optional(),
      as: z.enum(['main', 'copy']),
      urgency: z.enum(['特急', '加急', 'normal']),
      state: z.enum([
        'delivered',
        'opened',
        'signed-for',
        'registered',
        'assigned',
        'handled',
        'replied',
        'returned',
        'withdrawn',
      ]),
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
      returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
      returnText: z.string().optional(),
      returnedAt: z.string().optional(),
      returnedBy: z.string().optional(),
      withdrawnAt: z.string().optional(),
      withdrawnBy: z.string().optional(),
      resentTo: z.string().optional(),
      resentFrom: z.string().optional(),
      lastUrge: lastUrgeSchema.optional(),
      version: z.number(),
      title: z.string(),
      documentType: z.enum(DOCUMENT_TYPES),
      documentNumber: z.string().optional(),
      issuingUnits: z.array(z.string()),
    }),
  ),
  undeliverable: z.array(itemSchema),
});

export const withdrawDeliveriesResponse = z.object({
  withdrawn: z.number(),
  results: z.array(
    z.union([
      z.object({
        unit: z.string(),
        status: z.number(),
        delivery: z.object({
          overdue: z.enum(['sign-for', 'handling']).nullable(),
          id: z.string(),
          documentId: z.string(),
          senderUnit: z.string(),
          recipientUnit: z.string(),
          recipientName: z.string().optional(),
          as: z.enum(['main', 'copy']),
          urgency: z.enum(['特急', '加急', 'normal']),
          state: z.enum([
            'delivered',
            'opened',
            'signed-for',
            'registered',
            'assigned',
            'handled',
            'replied',
            'returned',
            'withdrawn',
          ]),
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
          returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
          returnText: z.string().optional(),
          returnedAt: z.string().optional(),
          returnedBy: z.string().optional(),
          withdrawnAt: z.string().optional(),
          withdrawnBy: z.string().optional(),
          resentTo: z.string().optional(),
          resentFrom: z.string().optional(),
          lastUrge: lastUrgeSchema.optional(),
          version: z.number(),
          title: z.string(),
          documentType: z.enum(DOCUMENT_TYPES),
          documentNumber: z.string().optional(),
          issuingUnits: z.array(z.string()),
        }),
      }),
      z.object({
        status: z.number(),
        problem: restSchema,
        unit: z.string(),
        delivery: z.undefined().optional(),
      }),
    ]),
  ),
});

export const resendDeliveryResponse = z.object({
  returned: z.object({
    overdue: z.enum(['sign-for', 'handling']).nullable(),
    id: z.string(),
    documentId: z.string(),
    senderUnit: z.string(),
    recipientUnit: z.string(),
    recipientName: z.string().optional(),
    as: z.enum(['main', 'copy']),
    urgency: z.enum(['特急', '加急', 'normal']),
    state: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
    ]),
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
    returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
    returnText: z.string().optional(),
    returnedAt: z.string().optional(),
    returnedBy: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawnBy: z.string().optional(),
    resentTo: z.string().optional(),
    resentFrom: z.string().optional(),
    lastUrge: lastUrgeSchema.optional(),
    version: z.number(),
    title: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().optional(),
    issuingUnits: z.array(z.string()),
  }),
  delivery: z.object({
    overdue: z.enum(['sign-for', 'handling']).nullable(),
    id: z.string(),
    documentId: z.string(),
    senderUnit: z.string(),
    recipientUnit: z.string(),
    recipientName: z.string().optional(),
    as: z.enum(['main', 'copy']),
    urgency: z.enum(['特急', '加急', 'normal']),
    state: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
    ]),
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
    returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
    returnText: z.string().optional(),
    returnedAt: z.string().optional(),
    returnedBy: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawnBy: z.string().optional(),
    resentTo: z.string().optional(),
    resentFrom: z.string().optional(),
    lastUrge: lastUrgeSchema.optional(),
    version: z.number(),
    title: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().optional(),
    issuingUnits: z.array(z.string()),
  }),
});

export const getDeliveryResponse = z.object({
  document: z
    .object({
      printedOn: z.string().optional(),
      sealedSha256: z.string().optional(),
      seal: documentSealSchema.optional(),
      signatures: z.array(z.object({ unit: z.string(), signer: z.string(), at: z.string() })),
      writtenOn: z.string().optional(),
      number: documentNumberSchema.optional(),
      id: z.string(),
      state: z.enum([
        'returned',
        'withdrawn',
        'draft',
        'in-review',
        'approved',
        'signed',
        'dispatched',
        'archived',
      ]),
      content: z.object({
        type: z.enum(DOCUMENT_TYPES),
        title: z.string(),
        issuingUnits: z.array(z.string()),
        mainRecipients: z.array(
          z.union([
            z.string(),
            z.object({ group: z.literal('townships-of'), county: z.string() }),
            z.object({ group: z.literal('departments-of'), unit: z.string() }),
            z.object({ list: z.string() }),
          ]),
        ),
        copyRecipients: z.array(
          z.union([
            z.string(),
            z.object({ group: z.literal('townships-of'), county: z.string() }),
            z.object({ group: z.literal('departments-of'), unit: z.string() }),
            z.object({ list: z.string() }),
          ]),
        ),
        body: z.string(),
        attachments: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
        urgency: z.enum(URGENCIES).optional(),
        classification: z.string().optional(),
        note: z.string().optional(),
        printedBy: z.string().optional(),
        inReplyTo: z.object({ documentId: z.string(), number: z.string() }).optional(),
        handleWithinWorkingDays: z.number().optional(),
        copyNumber: z.string().optional(),
      }),
    })
    .optional(),
  delivery: z.object({
    overdue: z.enum(['sign-for', 'handling']).nullable(),
    id: z.string(),
    documentId: z.string(),
    senderUnit: z.string(),
    recipientUnit: z.string(),
    recipientName: z.string().optional(),
    as: z.enum(['main', 'copy']),
    urgency: z.enum(['特急', '加急', 'normal']),
    state: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
    ]),
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
    returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
    returnText: z.string().optional(),
    returnedAt: z.string().optional(),
    returnedBy: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawnBy: z.string().optional(),
    resentTo: z.string().optional(),
    resentFrom: z.string().optional(),
    lastUrge: lastUrgeSchema.optional(),
    version: z.number(),
    title: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().optional(),
    issuingUnits: z.array(z.string()),
  }),
});

export const signForResponse = z.object({
  delivery: z.object({
    overdue: z.enum(['sign-for', 'handling']).nullable(),
    id: z.string(),
    documentId: z.string(),
    senderUnit: z.string(),
    recipientUnit: z.string(),
    recipientName: z.string().optional(),
    as: z.enum(['main', 'copy']),
    urgency: z.enum(['特急', '加急', 'normal']),
    state: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
    ]),
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
    returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
    returnText: z.string().optional(),
    returnedAt: z.string().optional(),
    returnedBy: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawnBy: z.string().optional(),
    resentTo: z.string().optional(),
    resentFrom: z.string().optional(),
    lastUrge: lastUrgeSchema.optional(),
    version: z.number(),
    title: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().optional(),
    issuingUnits: z.array(z.string()),
  }),
});

export const returnDeliveryResponse = signForResponse;

export const registerDeliveryResponse = signForResponse;

export const assignDeliveryResponse = signForResponse;

export const circulateDeliveryResponse = z.object({
  delivery: z.object({
    overdue: z.enum(['sign-for', 'handling']).nullable(),
    id: z.string(),
    documentId: z.string(),
    senderUnit: z.string(),
    recipientUnit: z.string(),
    recipientName: z.string().optional(),
    as: z.enum(['main', 'copy']),
    urgency: z.enum(['特急', '加急', 'normal']),
    state: z.enum([
      'delivered',
      'opened',
      'signed-for',
      'registered',
      'assigned',
      'handled',
      'replied',
      'returned',
      'withdrawn',
    ]),
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
    returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
    returnText: z.string().optional(),
    returnedAt: z.string().optional(),
    returnedBy: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawnBy: z.string().optional(),
    resentTo: z.string().optional(),
    resentFrom: z.string().optional(),
    lastUrge: lastUrgeSchema.optional(),
    version: z.number(),
    title: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().optional(),
    issuingUnits: z.array(z.string()),
  }),
  added: z.unknown(),
});

export const readDeliveryResponse = signForResponse;

export const handleDeliveryResponse = signForResponse;

export const createDocumentResponse = viewSchema;

export const listDocumentsResponse = z.object({
  nextCursor: z.string().optional(),
  view: z.unknown(),
  items: z.array(
    z.object({
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
      state: z.enum([
        'returned',
        'withdrawn',
        'draft',
        'in-review',
        'approved',
        'signed',
        'dispatched',
        'archived',
      ]),
      type: z.enum(DOCUMENT_TYPES),
      title: z.string(),
    }),
  ),
});

/** What a recipient unit sees of a document (no drafts, reviews or revisions). */
export const recipientViewSchema = z.object({
  printedOn: z.string().optional(),
  sealedSha256: z.string().optional(),
  seal: documentSealSchema.optional(),
  signatures: z.array(z.object({ unit: z.string(), signer: z.string(), at: z.string() })),
  writtenOn: z.string().optional(),
  number: documentNumberSchema.optional(),
  id: z.string(),
  state: z.enum([
    'returned',
    'withdrawn',
    'draft',
    'in-review',
    'approved',
    'signed',
    'dispatched',
    'archived',
  ]),
  content: z.object({
    type: z.enum(DOCUMENT_TYPES),
    title: z.string(),
    issuingUnits: z.array(z.string()),
    mainRecipients: z.array(
      z.union([
        z.string(),
        z.object({ group: z.literal('townships-of'), county: z.string() }),
        z.object({ group: z.literal('departments-of'), unit: z.string() }),
        z.object({ list: z.string() }),
      ]),
    ),
    copyRecipients: z.array(
      z.union([
        z.string(),
        z.object({ group: z.literal('townships-of'), county: z.string() }),
        z.object({ group: z.literal('departments-of'), unit: z.string() }),
        z.object({ list: z.string() }),
      ]),
    ),
    body: z.string(),
    attachments: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
    urgency: z.enum(URGENCIES).optional(),
    classification: z.string().optional(),
    note: z.string().optional(),
    printedBy: z.string().optional(),
    inReplyTo: z.object({ documentId: z.string(), number: z.string() }).optional(),
    handleWithinWorkingDays: z.number().optional(),
    copyNumber: z.string().optional(),
  }),
});

export const reviseDocumentResponse = createDocumentResponse;

export const listRevisionsResponse = z.object({
  documentId: z.string(),
  current: z.number(),
  items: z.array(revisionSchema),
});

export const getRevisionResponse = z.object({
  content: z.object({
    type: z.enum(DOCUMENT_TYPES),
    title: z.string(),
    issuingUnits: z.array(z.string()),
    mainRecipients: z.array(
      z.union([
        z.string(),
        z.object({ group: z.literal('townships-of'), county: z.string() }),
        z.object({ group: z.literal('departments-of'), unit: z.string() }),
        z.object({ list: z.string() }),
      ]),
    ),
    copyRecipients: z.array(
      z.union([
        z.string(),
        z.object({ group: z.literal('townships-of'), county: z.string() }),
        z.object({ group: z.literal('departments-of'), unit: z.string() }),
        z.object({ list: z.string() }),
      ]),
    ),
    body: z.string(),
    attachments: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
    urgency: z.enum(URGENCIES).optional(),
    classification: z.string().optional(),
    note: z.string().optional(),
    printedBy: z.string().optional(),
    inReplyTo: z.object({ documentId: z.string(), number: z.string() }).optional(),
    handleWithinWorkingDays: z.number().optional(),
    copyNumber: z.string().optional(),
  }),
  revision: z.number(),
  at: z.string(),
  by: z.string(),
  documentId: z.string(),
});

export const diffRevisionsResponse = z.object({
  fields: z.array(fieldChangeSchema),
  body: z.object({ linesAdded: z.number(), linesRemoved: z.number(), runs: z.array(bodyRunSchema) }),
  documentId: z.string(),
  from: z.number(),
  to: z.number(),
});

export const inboxResponse = z.union([
  z.object({
    nextCursor: z.string().optional(),
    view: z.unknown(),
    scope: z.unknown(),
    unit: z.string(),
    items: z.array(
      z.object({
        overdue: z.enum(['sign-for', 'handling']).nullable(),
        id: z.string(),
        documentId: z.string(),
        senderUnit: z.string(),
        recipientUnit: z.string(),
        recipientName: z.string().optional(),
        as: z.enum(['main', 'copy']),
        urgency: z.enum(['特急', '加急', 'normal']),
        state: z.enum([
          'delivered',
          'opened',
          'signed-for',
          'registered',
          'assigned',
          'handled',
          'replied',
          'returned',
          'withdrawn',
        ]),
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
        returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
        returnText: z.string().optional(),
        returnedAt: z.string().optional(),
        returnedBy: z.string().optional(),
        withdrawnAt: z.string().optional(),
        withdrawnBy: z.string().optional(),
        resentTo: z.string().optional(),
        resentFrom: z.string().optional(),
        lastUrge: lastUrgeSchema.optional(),
        version: z.number(),
        title: z.string(),
        documentType: z.enum(DOCUMENT_TYPES),
        documentNumber: z.string().optional(),
        issuingUnits: z.array(z.string()),
      }),
    ),
  }),
  z.object({
    nextCursor: z.string().optional(),
    view: z.unknown(),
    scope: z.unknown(),
    items: z.array(
      z.object({
        overdue: z.boolean(),
        documentId: z.string(),
        unit: z.string(),
        subject: z.string(),
        kind: z.enum(['handle', 'read']),
        view: z.enum(['read', 'to-sign', 'to-do', 'done', 'to-read']),
        lead: z.boolean().optional(),
        since: z.string(),
        dueAt: z.string().optional(),
        doneAt: z.string().optional(),
        title: z.string(),
        documentType: z.enum(DOCUMENT_TYPES),
        documentNumber: z.string().optional(),
        issuingUnits: z.array(z.string()),
        senderUnit: z.string(),
        urgency: z.enum(['特急', '加急', 'normal']),
        deliveryState: z.enum([
          'delivered',
          'opened',
          'signed-for',
          'registered',
          'assigned',
          'handled',
          'replied',
          'returned',
          'withdrawn',
        ]),
        deliveredAt: z.string(),
      }),
    ),
  }),
]);

export const signForManyResponse = z.object({
  signedFor: z.number(),
  results: z.array(
    z.union([
      z.object({
        documentId: z.string(),
        status: z.number(),
        delivery: z.object({
          overdue: z.enum(['sign-for', 'handling']).nullable(),
          id: z.string(),
          documentId: z.string(),
          senderUnit: z.string(),
          recipientUnit: z.string(),
          recipientName: z.string().optional(),
          as: z.enum(['main', 'copy']),
          urgency: z.enum(['特急', '加急', 'normal']),
          state: z.enum([
            'delivered',
            'opened',
            'signed-for',
            'registered',
            'assigned',
            'handled',
            'replied',
            'returned',
            'withdrawn',
          ]),
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
          returnReason: z.enum(['misdirected', 'incomplete', 'not-for-us', 'other']).optional(),
          returnText: z.string().optional(),
          returnedAt: z.string().optional(),
          returnedBy: z.string().optional(),
          withdrawnAt: z.string().optional(),
          withdrawnBy: z.string().optional(),
          resentTo: z.string().optional(),
          resentFrom: z.string().optional(),
          lastUrge: lastUrgeSchema.optional(),
          version: z.number(),
          title: z.string(),
          documentType: z.enum(DOCUMENT_TYPES),
          documentNumber: z.string().optional(),
          issuingUnits: z.array(z.string()),
        }),
      }),
      z.object({
        status: z.number(),
        problem: restSchema,
        documentId: z.string(),
        delivery: z.undefined().optional(),
      }),
    ]),
  ),
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

export const archiveDocumentResponse = z.object({
  manifest: archiveManifestSchema,
  key: z.string(),
  sha256: z.string(),
  size: z.number(),
  versionId: z.string().optional(),
  manifestSha256: z.string(),
  archivedAt: z.string(),
  documentId: z.string(),
});

export const getArchiveResponse = z.union([
  z.object({
    downloadUrl: z.string(),
    downloadExpiresInSeconds: z.number(),
    integrity: z.enum(['altered', 'missing', 'intact']),
    documentId: z.string(),
    manifest: archiveManifestSchema,
    key: z.string(),
    sha256: z.string(),
    size: z.number(),
    versionId: z.string().optional(),
    manifestSha256: z.string(),
    archivedAt: z.string(),
  }),
  z.object({
    downloadUrl: z.string(),
    downloadExpiresInSeconds: z.number(),
    integrity: z.undefined().optional(),
    documentId: z.string(),
    manifest: archiveManifestSchema,
    key: z.string(),
    sha256: z.string(),
    size: z.number(),
    versionId: z.string().optional(),
    manifestSha256: z.string(),
    archivedAt: z.string(),
  }),
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
  key: z.object({ unit: z.string(), keyId: z.string(), algorithm: z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']) }),
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
    algorithm: z.enum(['SM2-SM3', 'ECDSA-P256-SHA256']),
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
  document: z.object({
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
    state: z.enum([
      'returned',
      'withdrawn',
      'draft',
      'in-review',
      'approved',
      'signed',
      'dispatched',
      'archived',
    ]),
    type: z.enum(DOCUMENT_TYPES),
    title: z.string(),
  }),
  expansion: z.string(),
  queued: z.boolean(),
});

/** The drafting side's view, or a recipient's. */
export const getDocumentResponse = z.union([viewSchema, recipientViewSchema]);

const layoutFormat = z.enum(['pdf', 'ofd']);

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
