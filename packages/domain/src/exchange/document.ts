import { unitCodeSchema } from '@govshare/domain/identity';
import { noRepeats, requiredText } from '@govshare/domain/kernel';
import * as z from 'zod';
import { DOCUMENT_NUMBER_MAX_CHARS } from './document-number.ts';

/**
 * An official document (公文) as 党政机关公文处理工作条例 (2012) art. 8 and GB/T 9704-2012 define it.
 * This file holds its input shape; its life (review, sign-off, dispatch) is workflow.ts, its
 * number document-number.ts, and classified documents are refused before any of it (classification.ts).
 */

/** The 15 types of art. 8, in the order the regulation lists them. 命令 is also written 令. */
export const DOCUMENT_TYPES = [
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
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** 令 and 命令 are one type (the regulation names it 命令（令）); stored as 命令. */
export const documentTypeSchema = z.preprocess(
  (value) => (value === '令' ? '命令' : value),
  z.enum(DOCUMENT_TYPES, { error: `must be one of ${DOCUMENT_TYPES.join(' ')}` }),
);

/** 紧急程度 (GB/T 9704 7.2.4): 特急 or 加急; an ordinary document has none. */
export const URGENCIES = ['特急', '加急'] as const;
export type Urgency = (typeof URGENCIES)[number];
/** What deadlines are looked up by: the urgency, or 'normal' for a document that has none. */
export type UrgencyLevel = Urgency | 'normal';
export const urgencyLevelOf = (urgency: Urgency | undefined): UrgencyLevel => urgency ?? 'normal';

/** Limits that fit every real document with room to spare, and keep one item within storage limits. */
export const TITLE_MAX_CHARS = 200;
/** About 60 pages of 22 × 28 characters (GB/T 9704's page); longer material belongs in an attachment. */
export const BODY_MAX_CHARS = 40_000;
export const ATTACHMENTS_MAX = 50;
export const ATTACHMENT_MAX_BYTES = 200 * 1024 * 1024;
/** Joint documents (联合行文) rarely have more than a handful of issuers; a bound keeps sign-off finite. */
export const ISSUING_UNITS_MAX = 20;
export const RECIPIENTS_MAX = 500;
/** A handling deadline a sender sets: about three months of working days, the longest any rule gives. */
export const HANDLE_WITHIN_MAX_WORKING_DAYS = 60;

/** A six-digit GB/T 2260 county code, e.g. 611002 (商州区). */
const countyCodeSchema = z.string().regex(/^\d{6}$/, 'must be a six-digit county code (GB/T 2260)');

/**
 * A recipient is a unit, or a group the platform expands when dispatching (from the directory at
 * that moment): the townships of a county, the departments of a government, a saved list.
 */
export const recipientSchema = z.union([
  unitCodeSchema,
  z.strictObject({ group: z.literal('townships-of'), county: countyCodeSchema }),
  z.strictObject({ group: z.literal('departments-of'), unit: unitCodeSchema }),
  z.strictObject({ list: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a saved list id') }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

/** A recipient's identity, so that the same unit or group given twice is seen as one. */
export function recipientKey(recipient: Recipient): string {
  if (typeof recipient === 'string') return `unit:${recipient}`;
  if ('list' in recipient) return `list:${recipient.list}`;
  return recipient.group === 'townships-of'
    ? `townships-of:${recipient.county}`
    : `departments-of:${recipient.unit}`;
}

/** An attachment is uploaded elsewhere (presigned URL); the document refers to it by content. */
export const attachmentSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex'),
  size: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
});
export type AttachmentRef = z.infer<typeof attachmentSchema>;

const recipients = z
  .array(recipientSchema)
  .max(RECIPIENTS_MAX)
  .superRefine(noRepeats(recipientKey, 'a recipient'));

export const draftInputSchema = z
  .strictObject({
    type: documentTypeSchema,
    title: requiredText(TITLE_MAX_CHARS),
    /** 发文机关: the first is the lead unit (主办机关), whose 机关代字 the document number carries. */
    issuingUnits: z
      .array(unitCodeSchema)
      .min(1, 'must name at least one issuing unit')
      .max(ISSUING_UNITS_MAX)
      .superRefine(noRepeats((code: string) => code, 'an issuing unit')),
    /** 主送机关. A 公告 or 通告 addressed to the public may have none. */
    mainRecipients: recipients.default([]),
    /** 抄送机关. */
    copyRecipients: recipients.default([]),
    urgency: z.enum(URGENCIES, { error: 'must be 特急 or 加急, or absent' }).optional(),
    /**
     * 密级 as the drafter states it. Accepted here only so that a classified document is refused
     * by the classification rule with its own error (classification.ts), never stored.
     */
    classification: z.string().trim().max(20).optional(),
    body: requiredText(BODY_MAX_CHARS),
    attachments: z
      .array(attachmentSchema)
      .max(ATTACHMENTS_MAX)
      .superRefine(noRepeats((a: AttachmentRef) => a.name, 'an attachment name'))
      .default([]),
    /** 附注. */
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
    /** 印发机关 (GB/T 9704 7.4.3), as printed; 印发日期 is the day of dispatch. */
    printedBy: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional(),
    /**
     * The document this one answers (a reply to a received document): its id and its 发文字号 as
     * the original shows it. Set by the reply route from the original, never typed by the drafter.
     */
    inReplyTo: z
      .strictObject({
        documentId: z.string().min(1).max(100),
        number: z.string().min(1).max(DOCUMENT_NUMBER_MAX_CHARS),
      })
      .optional(),
    /**
     * The sender's handling deadline (办理时限) for main recipients, in working days counted from
     * sign-for. Absent: the deployment's default for the type, else for the urgency (delivery.ts).
     */
    handleWithinWorkingDays: z
      .number()
      .int('must be a whole number of working days')
      .min(1, 'must be at least 1 working day')
      .max(HANDLE_WITHIN_MAX_WORKING_DAYS, `must be at most ${HANDLE_WITHIN_MAX_WORKING_DAYS} working days`)
      .optional(),
    /** 份号 (GB/T 9704 7.2.1): six digits; shorter numbers are padded with zeros. */
    copyNumber: z
      .string()
      .regex(/^\d{1,6}$/, 'must be 1 to 6 digits')
      .transform((digits) => digits.padStart(6, '0'))
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.mainRecipients.length + input.copyRecipients.length === 0 && !isPublicNotice(input.type)) {
      ctx.addIssue({ code: 'custom', path: ['mainRecipients'], message: 'must name at least one recipient' });
    }
    const main = new Set(input.mainRecipients.map(recipientKey));
    input.copyRecipients.forEach((recipient, index) => {
      if (main.has(recipientKey(recipient))) {
        ctx.addIssue({
          code: 'custom',
          path: ['copyRecipients', index],
          message: 'is already a main recipient',
        });
      }
    });
  });

/** 公告 and 通告 are published to the public (条例 art. 8) and need not be addressed to a unit. */
const isPublicNotice = (type: DocumentType) => type === '公告' || type === '通告';

export type DraftInput = z.input<typeof draftInputSchema>;
/** A checked draft: what the workflow keeps as one revision's content. */
export type DraftContent = z.output<typeof draftInputSchema>;
