import { principalIdSchema } from '@govshare/domain/identity';
import {
  cstDay,
  ForbiddenError,
  InvalidTransitionError,
  type Role,
  ValidationError,
} from '@govshare/domain/kernel';
import * as z from 'zod';
import { assertNotClassified } from './classification.ts';
import type { DraftContent } from './document.ts';
import type { DocumentNumber } from './document-number.ts';
import type { RenderedLayout } from './layout/official-layout.ts';
import type { DocumentSeal } from './seal.ts';

/**
 * The life of a document its issuing units send (发文, 条例 chapter 6):
 *
 *   draft ──submit──▶ in-review ──every step approves──▶ approved ──every issuer signs──▶ signed
 *     ▲                  │ a reviewer returns                          (number, 成文日期)    │ dispatch
 *     └──revise── returned ◀┘                                                              ▼
 *                                                                 archived ◀──archive── dispatched
 *   withdrawn: from any state before dispatch (after it, deliveries are withdrawn one by one).
 *
 * Review is an ordered list of steps; a step is one reviewer or a countersign (会签) of several,
 * who decide in parallel and must all approve before the next step opens. A return by anyone ends
 * the round: the other pending co-signers of that step are recorded as cancelled, and the draft
 * goes back to its drafter, who revises it (a new revision; every revision is kept) and submits
 * it again for a new round.
 *
 * Every function is pure: it takes the document as stored and returns the new document and the
 * history events to append. The document's `version` grows by one per transition; the adapter
 * writes on condition that the stored version is still the old one (optimistic concurrency).
 */
export const DOCUMENT_STATES = [
  'draft',
  'in-review',
  'returned',
  'approved',
  'signed',
  'dispatched',
  'archived',
  'withdrawn',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export interface ExchangeActor {
  subject: string;
  unit: string;
  roles: readonly Role[];
}

/** Steps as a route receives them: a reviewer's id, or `{ countersign: [ids] }` for 会签. */
export const reviewStepsSchema = z
  .array(
    z.union([
      principalIdSchema,
      z.strictObject({
        countersign: z
          .array(principalIdSchema)
          .min(2, 'a countersign needs at least two reviewers')
          .max(30)
          .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a reviewer'),
      }),
    ]),
  )
  .min(1, 'must have at least one review step')
  .max(20);
export type ReviewStepsInput = z.infer<typeof reviewStepsSchema>;

export interface ReviewStep {
  kind: 'single' | 'countersign';
  reviewers: string[];
}

export type ReviewOutcome = 'pending' | 'approved' | 'returned' | 'cancelled';

/** One reviewer's part in one step of one round; kept for every round. */
export interface ReviewEntry {
  round: number;
  step: number;
  reviewer: string;
  outcome: ReviewOutcome;
  /** 审核意见 when approving, the comments when returning. */
  opinion?: string;
  decidedAt?: string;
  /** For a cancelled entry: why. */
  cancelledBecause?: 'returned-by-another-reviewer' | 'withdrawn';
}

/**
 * One body version (稿): who left it and when. Its content is the document's `content` at the
 * transition that made it; the adapter keeps each revision's content apart (a body may be 40,000
 * characters, so every revision cannot sit in the document itself).
 */
export interface Revision {
  revision: number;
  at: string;
  by: string;
}

export interface Signature {
  unit: string;
  signer: string;
  at: string;
  /** 签发意见. */
  opinion?: string;
}

export interface ExchangeDocument {
  id: string;
  state: DocumentState;
  drafter: string;
  drafterUnit: string;
  /** The current revision's content. */
  content: DraftContent;
  revision: number;
  revisions: Revision[];
  /** Review round, counted from 1 at the first submission. 0 before any. */
  round: number;
  steps: ReviewStep[];
  /** The open step of the current round while in review. */
  currentStep?: number;
  reviews: ReviewEntry[];
  signatures: Signature[];
  number?: DocumentNumber;
  /** 成文日期: the CST day of the last signature (GB/T 9704 7.3.5.2, joint documents: the last signer's day). */
  writtenOn?: string;
  /** 电子印章: the lead unit's seal over the canonical signed document (sealed-document.ts), set with the last signature. */
  seal?: DocumentSeal;
  /** SHA-256 of the sealed rendition that was dispatched. */
  sealedSha256?: string;
  /** 版式: the PDF and OFD rendered at the last sign-off (layout/official-layout.ts), covered by the seal. */
  layout?: RenderedLayout;
  /** 印发日期: the CST day the document was dispatched. */
  printedOn?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type DocumentEventType =
  | 'drafted'
  | 'revised'
  | 'submitted'
  | 'review-approved'
  | 'review-returned'
  | 'review-cancelled'
  | 'review-step-completed'
  | 'review-completed'
  | 'signed-off'
  | 'numbered'
  | 'dispatched'
  | 'archived'
  | 'withdrawn';

/** One line of the append-only history. Details carry ids, numbers and reasons, never the document's content. */
export interface DocumentEvent {
  documentId: string;
  type: DocumentEventType;
  at: string;
  actor: string;
  from?: DocumentState;
  to: DocumentState;
  details?: Record<string, string | number>;
}

export interface DocumentTransition {
  document: ExchangeDocument;
  events: DocumentEvent[];
}

const describe = (document: ExchangeDocument) => `Document ${document.id} is ${document.state}`;

function assertState(document: ExchangeDocument, allowed: readonly DocumentState[], action: string): void {
  if (!allowed.includes(document.state)) {
    throw new InvalidTransitionError(`${describe(document)}: it cannot be ${action}`);
  }
}

function assertDrafter(document: ExchangeDocument, actor: ExchangeActor, action: string): void {
  if (actor.subject !== document.drafter) {
    throw new ForbiddenError(`Only the drafter of document ${document.id} may ${action} it`);
  }
}

/** Checks what a draft's content must satisfy beyond its shape: not classified, the drafter's unit issues it. */
function checkContent(content: DraftContent, actor: ExchangeActor): void {
  assertNotClassified(content);
  if (!content.issuingUnits.includes(actor.unit)) {
    throw new ValidationError([
      { path: 'body.issuingUnits', message: "must include the drafter's own unit" },
    ]);
  }
}

function event(
  document: ExchangeDocument,
  type: DocumentEventType,
  actor: string,
  at: string,
  from: DocumentState | undefined,
  details?: Record<string, string | number>,
): DocumentEvent {
  const line: DocumentEvent = { documentId: document.id, type, at, actor, to: document.state };
  if (from !== undefined) line.from = from;
  if (details) line.details = details;
  return line;
}

/** The next stored form: one version later, touched now. */
const next = (
  document: ExchangeDocument,
  now: string,
  changes: Partial<ExchangeDocument>,
): ExchangeDocument => ({
  ...document,
  ...changes,
  updatedAt: now,
  version: document.version + 1,
});

export function createDraft(args: {
  id: string;
  content: DraftContent;
  actor: ExchangeActor;
  now: Date;
}): DocumentTransition {
  const { id, content, actor } = args;
  // The 承办人 of a received document drafts its reply (拟稿) as a drafter would.
  const mayDraft =
    actor.roles.includes('drafter') || (content.inReplyTo !== undefined && actor.roles.includes('handler'));
  if (!mayDraft) throw new ForbiddenError('Only a drafter may draft a document');
  checkContent(content, actor);
  const now = args.now.toISOString();
  const document: ExchangeDocument = {
    id,
    state: 'draft',
    drafter: actor.subject,
    drafterUnit: actor.unit,
    content,
    revision: 1,
    revisions: [{ revision: 1, at: now, by: actor.subject }],
    round: 0,
    steps: [],
    reviews: [],
    signatures: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { document, events: [event(document, 'drafted', actor.subject, now, undefined, { revision: 1 })] };
}

/** A new revision, by the drafter, of a draft or of a returned document (which becomes a draft again). */
export function reviseDraft(args: {
  document: ExchangeDocument;
  content: DraftContent;
  actor: ExchangeActor;
  now: Date;
}): DocumentTransition {
  const { document, content, actor } = args;
  assertState(document, ['draft', 'returned'], 'revised');
  assertDrafter(document, actor, 'revise');
  checkContent(content, actor);
  const now = args.now.toISOString();
  const revision = document.revision + 1;
  const revised = next(document, now, {
    state: 'draft',
    content,
    revision,
    revisions: [...document.revisions, { revision, at: now, by: actor.subject }],
  });
  return {
    document: revised,
    events: [event(revised, 'revised', actor.subject, now, document.state, { revision })],
  };
}

const pendingFor = (round: number, step: number, reviewers: readonly string[]): ReviewEntry[] =>
  reviewers.map((reviewer) => ({ round, step, reviewer, outcome: 'pending' }));

/** Opens a review round. Nobody reviews their own draft. */
export function submitForReview(args: {
  document: ExchangeDocument;
  steps: ReviewStepsInput;
  actor: ExchangeActor;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  assertState(document, ['draft'], 'submitted for review');
  assertDrafter(document, actor, 'submit');
  const steps: ReviewStep[] = args.steps.map((step) =>
    typeof step === 'string'
      ? { kind: 'single', reviewers: [step] }
      : { kind: 'countersign', reviewers: [...step.countersign] },
  );
  const own = steps.findIndex((step) => step.reviewers.includes(document.drafter));
  if (own >= 0) {
    throw new ValidationError([{ path: `body.steps.${own}`, message: 'must not name the drafter' }]);
  }
  const now = args.now.toISOString();
  const round = document.round + 1;
  const first = steps[0];
  if (!first)
    throw new ValidationError([{ path: 'body.steps', message: 'must have at least one review step' }]);
  const submitted = next(document, now, {
    state: 'in-review',
    round,
    steps,
    currentStep: 0,
    reviews: [...document.reviews, ...pendingFor(round, 0, first.reviewers)],
  });
  return {
    document: submitted,
    events: [
      event(submitted, 'submitted', actor.subject, now, 'draft', {
        round,
        revision: document.revision,
        steps: steps.length,
      }),
    ],
  };
}

/** The actor's pending entry in the open step, or the reason there is none. */
function openEntryOf(document: ExchangeDocument, actor: ExchangeActor, action: string): number {
  assertState(document, ['in-review'], action);
  const step = document.currentStep ?? 0;
  const mine = document.reviews.findIndex(
    (entry) => entry.round === document.round && entry.step === step && entry.reviewer === actor.subject,
  );
  const entry = document.reviews[mine];
  if (!entry) {
    throw new ForbiddenError(`Only a reviewer of the open step may review document ${document.id}`);
  }
  if (entry.outcome !== 'pending') {
    throw new InvalidTransitionError(
      `${describe(document)}, and this reviewer already ${entry.outcome} step ${step + 1} of round ${document.round}`,
    );
  }
  return mine;
}

/** Approves with an opinion (审核意见); the last approval of a step opens the next, of the last step approves the document. */
export function approveReview(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  opinion?: string;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  const index = openEntryOf(document, actor, 'approved');
  const now = args.now.toISOString();
  const step = document.currentStep ?? 0;
  const reviews = document.reviews.map((entry, i): ReviewEntry => {
    if (i !== index) return entry;
    const approved: ReviewEntry = { ...entry, outcome: 'approved', decidedAt: now };
    if (args.opinion) approved.opinion = args.opinion;
    return approved;
  });
  const stepDone = reviews
    .filter((entry) => entry.round === document.round && entry.step === step)
    .every((entry) => entry.outcome === 'approved');
  const reviewer = { round: document.round, step: step + 1 };
  if (!stepDone) {
    const updated = next(document, now, { reviews });
    return {
      document: updated,
      events: [event(updated, 'review-approved', actor.subject, now, 'in-review', reviewer)],
    };
  }
  const following = document.steps[step + 1];
  if (following) {
    const updated = next(document, now, {
      currentStep: step + 1,
      reviews: [...reviews, ...pendingFor(document.round, step + 1, following.reviewers)],
    });
    return {
      document: updated,
      events: [
        event(updated, 'review-approved', actor.subject, now, 'in-review', reviewer),
        event(updated, 'review-step-completed', actor.subject, now, 'in-review', reviewer),
      ],
    };
  }
  const { currentStep: _closed, ...rest } = document;
  const approved = next(rest, now, { state: 'approved', reviews });
  return {
    document: approved,
    events: [
      { ...event(approved, 'review-approved', actor.subject, now, 'in-review', reviewer), to: 'in-review' },
      event(approved, 'review-completed', actor.subject, now, 'in-review', { round: document.round }),
    ],
  };
}

/**
 * Returns the draft to its drafter with comments. In a countersign the other co-signers still
 * pending are cancelled (and say so): their decision would be on a text about to change.
 */
export function returnForRevision(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  comments: string;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  const index = openEntryOf(document, actor, 'returned');
  if (args.comments.trim().length === 0) {
    throw new ValidationError([{ path: 'body.comments', message: 'must say what to revise' }]);
  }
  const now = args.now.toISOString();
  const step = document.currentStep ?? 0;
  const cancelled: string[] = [];
  const reviews = document.reviews.map((entry, i): ReviewEntry => {
    if (i === index) return { ...entry, outcome: 'returned', opinion: args.comments, decidedAt: now };
    if (entry.round === document.round && entry.outcome === 'pending') {
      cancelled.push(entry.reviewer);
      return {
        ...entry,
        outcome: 'cancelled',
        decidedAt: now,
        cancelledBecause: 'returned-by-another-reviewer',
      };
    }
    return entry;
  });
  const { currentStep: _closed, ...rest } = document;
  const returned = next(rest, now, { state: 'returned', reviews });
  const where = { round: document.round, step: step + 1 };
  return {
    document: returned,
    events: [
      event(returned, 'review-returned', actor.subject, now, 'in-review', where),
      ...cancelled.map((reviewer) =>
        event(returned, 'review-cancelled', actor.subject, now, 'in-review', { ...where, reviewer }),
      ),
    ],
  };
}

/** Issuing units whose signer has not signed yet: sign-off is complete when this is empty. */
export const unitsAwaitingSignature = (document: ExchangeDocument): string[] =>
  document.content.issuingUnits.filter((unit) => !document.signatures.some((s) => s.unit === unit));

/**
 * Whether `actor` may sign `document` off now: it is approved, the actor is a signer of an issuing
 * unit, and that unit has not signed yet. Throws the refusal; the last signer's number is checked
 * by signOff itself.
 */
export function assertMaySignOff(document: ExchangeDocument, actor: ExchangeActor): void {
  assertState(document, ['approved'], 'signed off');
  if (!actor.roles.includes('signer') || !document.content.issuingUnits.includes(actor.unit)) {
    throw new ForbiddenError(`Only a signer of an issuing unit may sign off document ${document.id}`);
  }
  if (document.signatures.some((signature) => signature.unit === actor.unit)) {
    throw new InvalidTransitionError(
      `${describe(document)}, and unit ${actor.unit} has already signed it off`,
    );
  }
}

/** Whether the actor's signature would be the last one the document needs (it then takes its number). */
export const isLastSignature = (document: ExchangeDocument, actor: ExchangeActor): boolean =>
  unitsAwaitingSignature(document).every((unit) => unit === actor.unit);

/**
 * 签发 by a signer of an issuing unit; a joint document needs one of each. The last signature
 * makes the document signed: it then takes its number (reserved by the adapter for the lead unit,
 * conditional on being unused) and its 成文日期, the day of that signature.
 */
export function signOff(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  now: Date;
  /** Required with the last signature (see unitsAwaitingSignature). */
  number?: DocumentNumber;
  /** 签发意见, e.g. 同意印发. */
  opinion?: string;
}): DocumentTransition {
  const { document, actor } = args;
  assertMaySignOff(document, actor);
  const now = args.now.toISOString();
  const signature: Signature = { unit: actor.unit, signer: actor.subject, at: now };
  if (args.opinion) signature.opinion = args.opinion;
  const signatures = [...document.signatures, signature];
  const remaining = document.content.issuingUnits.filter((unit) => !signatures.some((s) => s.unit === unit));
  if (remaining.length > 0) {
    const updated = next(document, now, { signatures });
    return {
      document: updated,
      events: [event(updated, 'signed-off', actor.subject, now, 'approved', { unit: actor.unit })],
    };
  }
  const writtenOn = cstDay(args.now);
  const number = args.number;
  if (!number) {
    throw new ValidationError([
      { path: 'body.documentNumber', message: 'is needed with the last signature' },
    ]);
  }
  if (number.year !== undefined && String(number.year) !== writtenOn.slice(0, 4)) {
    throw new ValidationError([
      {
        path: 'body.documentNumber',
        message: `must carry the year of its 成文日期 (${writtenOn.slice(0, 4)})`,
      },
    ]);
  }
  const signed = next(document, now, { state: 'signed', signatures, number, writtenOn });
  return {
    document: signed,
    events: [
      {
        ...event(signed, 'signed-off', actor.subject, now, 'approved', { unit: actor.unit }),
        to: 'approved',
      },
      event(signed, 'numbered', actor.subject, now, 'approved', { number: number.normalised, writtenOn }),
    ],
  };
}

function assertLeadClerk(document: ExchangeDocument, actor: ExchangeActor, action: string): void {
  if (!actor.roles.includes('clerk') || actor.unit !== document.content.issuingUnits[0]) {
    throw new ForbiddenError(`Only a clerk of the lead issuing unit may ${action} document ${document.id}`);
  }
}

/** 核发: the sealed rendition goes out; the deliveries are created beside this (delivery.ts). */
export function dispatch(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  sealedSha256: string;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  assertState(document, ['signed'], 'dispatched');
  assertLeadClerk(document, actor, 'dispatch');
  if (!/^[0-9a-f]{64}$/.test(args.sealedSha256)) {
    throw new ValidationError([
      { path: 'body.sealedSha256', message: 'must be a SHA-256 in lower-case hex' },
    ]);
  }
  const now = args.now.toISOString();
  const dispatched = next(document, now, {
    state: 'dispatched',
    sealedSha256: args.sealedSha256,
    printedOn: cstDay(args.now),
  });
  return {
    document: dispatched,
    events: [event(dispatched, 'dispatched', actor.subject, now, 'signed', { sha256: args.sealedSha256 })],
  };
}

/** 归档: nothing changes a document after this. */
export function archive(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  assertState(document, ['dispatched'], 'archived');
  assertLeadClerk(document, actor, 'archive');
  const now = args.now.toISOString();
  const archived = next(document, now, { state: 'archived' });
  return { document: archived, events: [event(archived, 'archived', actor.subject, now, 'dispatched')] };
}

const WITHDRAWABLE: readonly DocumentState[] = ['draft', 'in-review', 'returned', 'approved', 'signed'];

/**
 * Withdraws a document before dispatch: by its drafter, or by a signer of an issuing unit (who
 * may stop a document the drafter cannot, e.g. once signed; its number then stays a gap).
 * Pending reviews are cancelled.
 */
export function withdraw(args: {
  document: ExchangeDocument;
  actor: ExchangeActor;
  reason: string;
  now: Date;
}): DocumentTransition {
  const { document, actor } = args;
  assertState(document, WITHDRAWABLE, 'withdrawn');
  const isSigner = actor.roles.includes('signer') && document.content.issuingUnits.includes(actor.unit);
  if (actor.subject !== document.drafter && !isSigner) {
    throw new ForbiddenError(
      `Only the drafter or a signer of an issuing unit may withdraw document ${document.id}`,
    );
  }
  const now = args.now.toISOString();
  const cancelled: ReviewEntry[] = [];
  const reviews = document.reviews.map((entry): ReviewEntry => {
    if (entry.outcome !== 'pending') return entry;
    const closed: ReviewEntry = {
      ...entry,
      outcome: 'cancelled',
      decidedAt: now,
      cancelledBecause: 'withdrawn',
    };
    cancelled.push(closed);
    return closed;
  });
  const { currentStep: _closed, ...rest } = document;
  const withdrawn = next(rest, now, { state: 'withdrawn', reviews });
  return {
    document: withdrawn,
    events: [
      event(withdrawn, 'withdrawn', actor.subject, now, document.state, { reason: args.reason }),
      ...cancelled.map((entry) =>
        event(withdrawn, 'review-cancelled', actor.subject, now, document.state, {
          round: entry.round,
          step: entry.step + 1,
          reviewer: entry.reviewer,
        }),
      ),
    ],
  };
}
