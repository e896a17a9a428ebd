import type { HistoryEntry } from '@govshare/domain/exchange';

/**
 * The keys of the items in a document's partition of the `exchange` table (blueprint.ts lays them
 * out), and of the indexes over them: built here and nowhere else, so the document store, the
 * delivery store, the urges and the archive cannot drift apart. Items of other partitions (seal
 * keys, attachments, saved lists, numbers, notices) keep their keys in their one store.
 */
export const documentPk = (documentId: string) => `DOC#${documentId}`;

export const DOCUMENT_SK = 'DOC';
export const documentKey = (documentId: string) => ({ pk: documentPk(documentId), sk: DOCUMENT_SK });
/** gsi1 of a document: the drafting unit's documents, newest first. */
export const unitDocumentsPk = (unit: string) => `DOCS#${unit}`;

export const revisionSk = (revision: number) => `REV#${String(revision).padStart(4, '0')}`;

/** A to-do's sort key, and its gsi1pk too (TODO#<subject> | TODO#SIGN#<unit>). */
export const todoSk = (todoKey: string) => `TODO#${todoKey}`;

export const HISTORY_PREFIX = 'HIST#';
export const historySk = (stream: string, seq: number) =>
  `${HISTORY_PREFIX}${stream}#${String(seq).padStart(6, '0')}`;
export const historyItem = (entry: HistoryEntry) => ({
  ...entry,
  pk: documentPk(entry.documentId),
  sk: historySk(entry.stream, entry.seq),
  type: 'history',
});

export const DELIVERY_PREFIX = 'DELIVERY#';
export const deliveryKey = (documentId: string, unit: string) => ({
  pk: documentPk(documentId),
  sk: `${DELIVERY_PREFIX}${unit}`,
});
/** A unit's inbox (gsi1 of its deliveries). */
export const inboxPk = (unit: string) => `INBOX#${unit}`;
/** A person's tasks (gsi1 of the task items). */
export const minePk = (subject: string) => `MINE#${subject}`;
/** The urge sweep's due index (gsi2 of open deliveries), over a few shards. */
export const duePk = (shard: number) => `DUE#${shard}`;

export const taskPrefix = (unit: string) => `TASK#${unit}#`;
export const taskKey = (documentId: string, unit: string, subject: string) => ({
  pk: documentPk(documentId),
  sk: `${taskPrefix(unit)}${subject}`,
});

export const UNDELIVERABLE_PREFIX = 'UNDELIVERABLE#';
export const undeliverableKey = (documentId: string, recipient: string) => ({
  pk: documentPk(documentId),
  sk: `${UNDELIVERABLE_PREFIX}${recipient}`,
});

export const expansionKey = (documentId: string) => ({ pk: documentPk(documentId), sk: 'EXPANSION' });

/** The urge records' sort keys are the domain's (urges.ts urgeRecordKey, manualUrgeKey). */
export const urgeKey = (documentId: string, recordKey: string) => ({
  pk: documentPk(documentId),
  sk: recordKey,
});

export const archiveKey = (documentId: string) => ({ pk: documentPk(documentId), sk: 'ARCHIVE' });

const KEY_ATTRIBUTES = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];

/** An item as its store reads it back: the fields without the keys, index keys and item type. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}
