import type { DocumentType } from './document.ts';
import { type ExchangeActor, type ExchangeDocument, unitsAwaitingSignature } from './workflow.ts';

/**
 * What sending (发文) needs beside the workflow: the 机关代字 a number carries, who has a document
 * waiting for them, and who may read it.
 */

/**
 * The 机关代字 of a document: the lead issuing unit's short name (its 机关代字 stem in the
 * directory, e.g. 商政办) followed by a suffix for the kind of document, as most governments number
 * them in separate series:
 *   函 → 函   商政办函〔2026〕3号 (letters between units that are not above one another)
 *   纪要 → 纪  商政办纪〔2026〕2号 (minutes)
 *   命令 → 令  商政令〔2026〕1号 (orders)
 *   every other type → 发   商政办发〔2026〕12号 (决定, 通知, 意见, 报告, 请示 …)
 * Each code is its own series, numbered from 1 every year.
 */
export const ISSUER_CODE_SUFFIXES: Readonly<Partial<Record<DocumentType, string>>> = {
  函: '函',
  纪要: '纪',
  命令: '令',
};
export const DEFAULT_ISSUER_CODE_SUFFIX = '发';

export const issuerCodeOf = (shortName: string, type: DocumentType): string =>
  `${shortName}${ISSUER_CODE_SUFFIXES[type] ?? DEFAULT_ISSUER_CODE_SUFFIX}`;

/** Something a document waits for: a reviewer's decision, or an issuing unit's sign-off. */
export type DocumentTodo =
  | { kind: 'review'; subject: string; round: number; step: number }
  | { kind: 'sign'; unit: string };

/** The to-do's key within its document, unique per document: the subject, or SIGN#<unit>. */
export const todoKey = (
  todo:
    | Pick<Extract<DocumentTodo, { kind: 'review' }>, 'kind' | 'subject'>
    | Extract<DocumentTodo, { kind: 'sign' }>,
): string => (todo.kind === 'review' ? todo.subject : `SIGN#${todo.unit}`);

/**
 * What the document waits for now: each pending reviewer of the open step while in review, each
 * issuing unit yet to sign once approved, nothing otherwise. The store keeps one item per to-do,
 * written in the same transaction as the document, so the lists never show a cancelled co-signer.
 */
export function documentTodos(document: ExchangeDocument): DocumentTodo[] {
  if (document.state === 'in-review') {
    const step = document.currentStep ?? 0;
    return document.reviews
      .filter((entry) => entry.round === document.round && entry.step === step && entry.outcome === 'pending')
      .map((entry) => ({ kind: 'review', subject: entry.reviewer, round: entry.round, step: entry.step }));
  }
  if (document.state === 'approved') {
    return unitsAwaitingSignature(document).map((unit) => ({ kind: 'sign', unit }));
  }
  return [];
}

/**
 * Whether the actor takes part in the document itself: a member of an issuing unit, its drafter, a
 * reviewer named in any round, or someone who oversees every document (platform administrator,
 * auditor). Members of a recipient unit may read it too, once a delivery exists (checked apart).
 */
export function participatesIn(document: ExchangeDocument, actor: ExchangeActor): boolean {
  if (actor.roles.includes('platform-admin') || actor.roles.includes('auditor')) return true;
  if (document.drafter === actor.subject) return true;
  if (document.content.issuingUnits.includes(actor.unit)) return true;
  return document.reviews.some((entry) => entry.reviewer === actor.subject);
}
