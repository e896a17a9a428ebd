import type { ContextFunctions } from '@govshare/blueprint';
import type { Role } from '@govshare/domain/kernel';

// Who may call what. The domain (packages/domain/src/exchange) then checks the finer rule: the
// drafter of this document, a reviewer named in its open step, a signer of one of its issuing
// units, a clerk of this delivery's recipient unit.
const drafter: Role[] = ['drafter'];
/** A handler (承办人) drafts the reply to what the unit received, and takes it through review like a drafter. */
const replyDrafters: Role[] = ['drafter', 'handler'];
/** Reviewers are named per document; a countersign may name leaders and signers of other units. */
const reviewers: Role[] = ['reviewer', 'signer', 'leader'];
const signer: Role[] = ['signer'];
const clerk: Role[] = ['clerk'];
const senders: Role[] = ['clerk', 'signer'];
const handler: Role[] = ['handler'];
const numberReaders: Role[] = ['clerk', 'signer', 'platform-admin', 'auditor'];

/**
 * Document exchange (公文交换): drafting, review and countersign, sign-off with the document
 * number and the seal, dispatch to every recipient unit exactly once, the recipients' inboxes
 * (sign for, return, register, assign, circulate, handle, reply), urges, history and archive.
 *
 * Items of the `exchange` table (one partition per document keeps a document, its deliveries and
 * its history together; the indexes serve the lists). The keys of a document's partition are built
 * in table-keys.ts only; the other partitions' in their one store (named at the right).
 *   document:   pk DOC#<id>  sk DOC                     gsi1pk DOCS#<drafter unit>  gsi1sk <updatedAt>#<id>
 *   revision:   pk DOC#<id>  sk REV#<0001>              the content of one revision (稿), never changed
 *   to-do:      pk DOC#<id>  sk TODO#<subject|SIGN#unit> gsi1pk the same as sk  gsi1sk <since>#<id>  (review, sign-off)
 *                                                       (document-store.ts writes these three)
 *   delivery:   pk DOC#<id>  sk DELIVERY#<unit>          gsi1pk INBOX#<unit>  gsi1sk <view>#<urgency>#<due>#<id>
 *                                                       gsi2pk DUE#<shard 0–7>   gsi2sk <due instant ISO>#<id>#<unit>
 *                                                       (only while awaiting sign-for or handling: the urge sweep's index)
 *   task:       pk DOC#<id>  sk TASK#<unit>#<subject>    gsi1pk MINE#<subject> gsi1sk <view>#…  (承办, 传阅)
 *   undeliverable: pk DOC#<id>  sk UNDELIVERABLE#<unit|group|list>   a recipient reported back to the sender
 *   expansion:  pk DOC#<id>  sk EXPANSION               the recipients expanded, every deliver slice queued
 *                                                       (delivery-store.ts writes these four)
 *   history:    pk DOC#<id>  sk HIST#<stream>#<000000>   one hash chain per stream: the document's ('document',
 *                                                       head on the document) and each delivery's ('delivery:<unit>',
 *                                                       head on the delivery or undeliverable item), appended in the
 *                                                       transaction of each change by the store of its item
 *   urge:       pk DOC#<id>  sk URGE#<unit>#<kind>#<due>#<level>  once per delivery, deadline and level
 *                                 (a sender's: URGE#<unit>#manual#<CST day>, once a day; urging.ts)
 *   archive:    pk DOC#<id>  sk ARCHIVE                 the package's key, SHA-256, manifest (archive-writer.ts)
 *   numbers:    pk NUMBERS#<机关代字>#<year>  sk COUNTER | SEQ#<000000>   (document-numbers.ts)
 *   seal key:   pk SEALKEY#<unit>  sk <validFrom>#<key id> | CURRENT   gsi1pk SEALKEYS  (seal-keys.ts)
 *   attachment: pk ATTACHMENT#<upload id>  sk ATTACHMENT   an upload;  pk ATTACHMENT#<unit>#<sha256>  sk CONTENT
 *               its checked content, at attachments/<unit>/<sha256> in the documents bucket (attachment-store.ts)
 *   list:       pk LISTS#<unit>  sk LIST#<id>            saved recipient lists (recipient-lists.ts)
 *   paper:      pk PAPER#<unit>  sk NUMBER#<normalised>  documents received on paper (paper-documents.ts)
 *   notice:     pk NOTICES#<subject|UNIT#unit>  sk <at>#<id>   the notification list
 *               pk (the same)                   sk #UNREAD    its unread counter (notification-store.ts)
 *   requested:  pk DOC#<id>  sk DOC   as a document, drafted by exchange-drafts under the id the requesting context
 *               chose (index.ts officialDraftId: one id per source, so a repeated request drafts nothing)
 *   idempotency: pk idempotency#<function>  the first answers of idempotent creates (platform/idempotency.ts)
 */
export const exchangeFunctions = {
  exchange: {
    kind: 'http',
    entry: 'functions/src/exchange/handler.ts',
    description: 'Official documents: draft, review, sign off, seal, dispatch; inboxes; history; archive',
    // The last sign-off waits for its rendering (layoutrenderer), up to the HTTP API's 30 s.
    timeoutSeconds: 29,
    tables: { exchange: 'readwrite', identity: 'read' },
    buckets: { documents: 'readwrite', archive: 'readwrite' },
    sendsTo: ['document-dispatch', 'audit-trail', 'notification-events'],
    sealKeys: true,
    invokes: ['layoutrenderer'],
    routes: {
      // ------------------------------------------------------------------ sending (发文)
      createDocument: {
        method: 'POST',
        path: '/v1/exchange/documents',
        access: drafter,
        idempotent: true,
        summary: 'Draft a document (classified ones are refused: they go on paper)',
      },
      listDocuments: {
        method: 'GET',
        path: '/v1/exchange/documents',
        access: 'authenticated',
        summary: "My drafts, what waits for my review or sign-off, my unit's sent documents",
      },
      getDocument: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}',
        access: 'authenticated',
        summary: 'One document, to its issuing units, reviewers, recipients and auditors',
      },
      reviseDocument: {
        method: 'PUT',
        path: '/v1/exchange/documents/{id}',
        access: replyDrafters,
        summary: 'A new revision of a draft or of a returned document',
      },
      listRevisions: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/revisions',
        access: 'authenticated',
        summary: 'Every revision of the body (稿), oldest first',
      },
      getRevision: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/revisions/{revision}',
        access: 'authenticated',
        summary: 'One revision as it was written',
      },
      diffRevisions: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/diff',
        access: 'authenticated',
        summary: 'What changed between two revisions, field by field and line by line',
      },
      submitDocument: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/submit',
        access: replyDrafters,
        summary: 'Send a draft to review: an ordered list of reviewers and countersigns (会签)',
      },
      approveReview: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/approve',
        access: reviewers,
        summary: 'Approve the open review step with an opinion',
      },
      returnReview: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/return',
        access: reviewers,
        summary: 'Return to the drafter for revision (cancels the other pending co-signers)',
      },
      signOff: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/sign-off',
        access: signer,
        summary: '签发: the last issuing unit to sign gives the document its number and seal',
      },
      withdrawDocument: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/withdraw',
        access: ['drafter', 'handler', 'signer'],
        summary: 'Withdraw a document before dispatch (its number, if any, stays a listed gap)',
      },
      dispatchDocument: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/dispatch',
        access: clerk,
        summary: 'Send a signed document to every recipient unit',
      },
      getSeal: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/seal',
        access: 'authenticated',
        summary: 'The sealed canonical document and its seal, to verify offline',
      },
      getLayoutPdf: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/layout.pdf',
        access: 'authenticated',
        summary: '版式: a presigned GET of the signed document rendered to GB/T 9704 as PDF',
      },
      getLayoutOfd: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/layout.ofd',
        access: 'authenticated',
        summary: '版式: a presigned GET of the signed document as OFD (GB/T 33190), with its GB/T 38540 seal',
      },
      verifyLayout: {
        method: 'POST',
        path: '/v1/exchange/layouts/verify',
        access: 'authenticated',
        summary: 'Verify a PDF or OFD: which document, which unit sealed it, intact or tampered',
      },
      startAttachment: {
        method: 'POST',
        path: '/v1/exchange/attachments',
        access: drafter,
        idempotent: true,
        summary: 'Start an attachment upload: a presigned PUT URL',
      },
      completeAttachment: {
        method: 'POST',
        path: '/v1/exchange/attachments/{uploadId}/complete',
        access: drafter,
        summary: 'The attachment is uploaded: its SHA-256 is checked against the declared one',
      },
      getAttachment: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/attachments/{sha256}',
        access: 'authenticated',
        summary: "A presigned GET of one of a document's attachments",
      },
      createRecipientList: {
        method: 'POST',
        path: '/v1/exchange/recipient-lists',
        access: ['drafter', 'clerk'],
        idempotent: true,
        summary: 'Save a list of recipient units for later documents',
      },
      listRecipientLists: {
        method: 'GET',
        path: '/v1/exchange/recipient-lists',
        access: 'authenticated',
        summary: "The unit's saved recipient lists",
      },
      numberGaps: {
        method: 'GET',
        path: '/v1/exchange/numbers/{issuerCode}/{year}',
        access: numberReaders,
        summary: "An issuer's document numbers of a year, and the gaps among them",
      },
      registerPaper: {
        method: 'POST',
        path: '/v1/exchange/paper-documents',
        access: clerk,
        idempotent: true,
        summary: 'Register a document received on paper, under its number as written',
      },
      listSealKeys: {
        method: 'GET',
        path: '/v1/exchange/seal-keys',
        access: 'public',
        summary: "Every unit's published seal keys, with validity periods",
      },
      rotateSealKey: {
        method: 'POST',
        path: '/v1/exchange/seal-keys/{unit}/rotate',
        access: ['platform-admin'],
        summary: "Rotate a unit's seal key: the old one stays valid for documents sealed before",
      },
      verifySeal: {
        method: 'POST',
        path: '/v1/exchange/seals/verify',
        access: 'authenticated',
        summary: 'Verify a sealed document against the published keys: which unit, intact or not',
      },
      // ------------------------------------------------------------------ the sender's view
      listDeliveries: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/deliveries',
        access: 'authenticated',
        summary: 'The status matrix: every recipient, its state, times, overdue flags; counts',
      },
      urgeDeliveries: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/urge',
        access: senders,
        summary: '催办 one, several or every overdue recipient',
      },
      withdrawDeliveries: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/deliveries/withdraw',
        access: senders,
        summary: 'Withdraw deliveries not yet signed for',
      },
      resendDelivery: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/deliveries/resend',
        access: senders,
        summary: 'After a return, send to the corrected recipient',
      },
      // ------------------------------------------------------------------ receiving (收文)
      inbox: {
        method: 'GET',
        path: '/v1/exchange/inbox',
        access: 'authenticated',
        summary: '待签收 / 待办 / 已办 / 待阅 / 已阅 of my unit or of me, most urgent and oldest-due first',
      },
      getDelivery: {
        method: 'GET',
        path: '/v1/exchange/deliveries/{documentId}/{unit}',
        access: 'authenticated',
        summary: "A delivery and its document (the recipient's first opening is recorded)",
      },
      signFor: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/sign-for',
        access: clerk,
        summary: '签收, exactly once',
      },
      signForMany: {
        method: 'POST',
        path: '/v1/exchange/inbox/sign-for',
        access: clerk,
        summary: 'Sign for several deliveries at once; each answered on its own',
      },
      returnDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/return',
        access: clerk,
        summary: '退文 with a reason',
      },
      registerDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/register',
        access: clerk,
        summary: '登记 under the unit’s register number',
      },
      assignDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/assign',
        access: clerk,
        summary: '承办: one lead handler and others, with a due date',
      },
      circulateDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/circulate',
        access: ['clerk', 'handler', 'leader'],
        summary: '传阅 to readers of the unit',
      },
      readDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/read',
        access: 'authenticated',
        summary: 'A reader has read a circulated document',
      },
      handleDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/handle',
        access: handler,
        summary: '办结 with an opinion',
      },
      replyDelivery: {
        method: 'POST',
        path: '/v1/exchange/deliveries/{documentId}/{unit}/reply',
        access: ['handler', 'drafter'],
        summary: 'Draft a reply document that cites the original; it closes the delivery when sent',
      },
      // ------------------------------------------------------------------ records
      history: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/history',
        access: 'authenticated',
        summary: "The document's hash-chained history, and its deliveries'",
      },
      verifyHistory: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/history/verify',
        access: 'authenticated',
        summary: 'Whether every history chain of the document is intact',
      },
      archiveDocument: {
        method: 'POST',
        path: '/v1/exchange/documents/{id}/archive',
        access: clerk,
        summary: '归档 after the four checks of DA/T 70; it can no longer change',
      },
      getArchive: {
        method: 'GET',
        path: '/v1/exchange/documents/{id}/archive',
        access: 'authenticated',
        summary: "An archived document's package manifest and a presigned GET of the package",
      },
      notifications: {
        method: 'GET',
        path: '/v1/notifications',
        access: 'authenticated',
        summary: 'My notifications and my unit’s (urges), newest first, with unread counts',
      },
      readNotification: {
        method: 'POST',
        path: '/v1/notifications/{id}/read',
        access: 'authenticated',
        summary: 'Mark one notification read',
      },
    },
  },
  layoutrenderer: {
    kind: 'invoked',
    entry: 'functions/src/exchange/layout-renderer.ts',
    description:
      '版式: renders a signed document to GB/T 9704 as PDF and OFD, seals the OFD, stores both (at sign-off)',
    // Rendering is seconds of CPU (fonts subset, bench/official-layout.ts): a whole vCPU (1769 MB),
    // within the exchange function's 29 s, which waits for it.
    memoryMb: 1769,
    timeoutSeconds: 25,
    // The three embedded fonts (rendering/fonts.ts) and the OFD's font subsetter.
    files: [
      '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
      '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
      '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
      'harfbuzzjs/dist/harfbuzz-subset.wasm',
    ],
    // Writes its two files only; the sign-off's transaction records them.
    buckets: { documents: 'write' },
    objectPrefixes: { documents: 'layouts/' },
    // Signs the OFD with the key the exchange function hands it encrypted: Decrypt, never Encrypt.
    sealKeys: 'decrypt',
  },
  'document-dispatch': {
    kind: 'consumer',
    entry: 'functions/src/exchange/dispatch-consumer.ts',
    description:
      'Expands a dispatched document’s recipients and writes one delivery per recipient unit, exactly once',
    queue: 'document-dispatch',
    batchSize: 10,
    // No batching window: a document is expected in the inbox at once, and waiting a second for
    // more slices cost 2 s of a 100-unit dispatch while saving nothing at 5,000 (bench/document-exchange.ts).
    timeoutSeconds: 100,
    tables: { exchange: 'readwrite', identity: 'read' },
    // An expansion sends the recipients on in slices, to the same queue.
    sendsTo: ['document-dispatch', 'audit-trail'],
  },
  'exchange-urges': {
    kind: 'schedule',
    entry: 'functions/src/exchange/urge-schedule.ts',
    description:
      'Urges (催办) every delivery overdue for sign-for or handling, once per level; escalates to leaders',
    schedule: { everyMinutes: 15 },
    tables: { exchange: 'readwrite', identity: 'read' },
    sendsTo: ['notification-events', 'audit-trail'],
  },
  'exchange-drafts': {
    kind: 'consumer',
    entry: 'functions/src/exchange/drafts-consumer.ts',
    description:
      "Drafts the documents other contexts request (a project's approval reply, 批复), each exactly once",
    queue: 'official-drafts',
    batchSize: 10,
    timeoutSeconds: 30,
    tables: { exchange: 'readwrite', identity: 'read' },
    sendsTo: ['audit-trail'],
  },
} as const satisfies ContextFunctions;
