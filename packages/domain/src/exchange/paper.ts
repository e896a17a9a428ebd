import { cstDay, ForbiddenError, ValidationError } from '@govshare/domain/kernel';
import * as z from 'zod';
import { assertNotClassified } from './classification.ts';
import { documentTypeSchema, TITLE_MAX_CHARS } from './document.ts';
import { DOCUMENT_NUMBER_MAX_CHARS, type DocumentNumber, parseDocumentNumber } from './document-number.ts';
import type { ExchangeActor } from './workflow.ts';

/**
 * A document received on paper (纸质来文), registered by a clerk of the receiving unit so that it
 * has its place in the unit's register beside the electronic ones: who issued it, its number as
 * written (every variant real documents use, stored normalised with the original kept), its title
 * and the day it arrived. A unit registers one number once.
 *
 * Classified documents (秘密, 机密, 绝密) are refused here too, though they are exactly the ones that
 * come on paper: they are registered in the unit's 涉密文件登记簿 under its secrecy rules, and this
 * platform is no system approved for classified information. Even their title and number can be
 * classified, so nothing of them is kept here, only the fact of the refusal.
 */
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const paperRegistrationSchema = z.strictObject({
  /** 发文机关 as printed, e.g. 陕西省人民政府办公厅. */
  issuer: text(100),
  /** 发文字号 as printed, e.g. 陕政办发［2026］3号. */
  number: z.string().min(1, 'must not be empty').max(DOCUMENT_NUMBER_MAX_CHARS),
  title: text(TITLE_MAX_CHARS),
  /** The CST day it arrived. */
  receivedOn: z.iso.date('must be a date, YYYY-MM-DD'),
  type: documentTypeSchema.optional(),
  /** 密级 as printed; anything but 非密 (or nothing) is refused. */
  classification: z.string().trim().max(20).optional(),
  /** 份数 received. */
  copies: z.number().int().min(1).max(1000).optional(),
  note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});
export type PaperRegistrationInput = z.infer<typeof paperRegistrationSchema>;

export interface PaperDocument {
  id: string;
  /** The unit that received and registered it. */
  unit: string;
  issuer: string;
  number: DocumentNumber;
  title: string;
  receivedOn: string;
  type?: z.output<typeof documentTypeSchema>;
  copies?: number;
  note?: string;
  registeredBy: string;
  registeredAt: string;
}

export function registerPaperDocument(args: {
  id: string;
  input: PaperRegistrationInput;
  actor: ExchangeActor;
  now: Date;
}): PaperDocument {
  const { input, actor, now } = args;
  if (!actor.roles.includes('clerk')) throw new ForbiddenError('Only a clerk registers received documents');
  assertNotClassified({
    ...(input.classification !== undefined ? { classification: input.classification } : {}),
    title: input.title,
    body: '',
  });
  const number = parseDocumentNumber(input.number, 'body.number');
  if (input.receivedOn > cstDay(now)) {
    throw new ValidationError([{ path: 'body.receivedOn', message: 'must not be in the future' }]);
  }
  const paper: PaperDocument = {
    id: args.id,
    unit: actor.unit,
    issuer: input.issuer,
    number,
    title: input.title,
    receivedOn: input.receivedOn,
    registeredBy: actor.subject,
    registeredAt: now.toISOString(),
  };
  if (input.type !== undefined) paper.type = input.type;
  if (input.copies !== undefined) paper.copies = input.copies;
  if (input.note !== undefined) paper.note = input.note;
  return paper;
}
