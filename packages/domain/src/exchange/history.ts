import { createHash } from 'node:crypto';
import { canonicalJson } from '@govshare/domain/audit';
import type { DeliveryEvent } from './delivery.ts';
import type { DocumentEvent } from './workflow.ts';

/**
 * A document's history (办文记录): every state change of the document and of each of its
 * deliveries, append-only and hash-chained. One chain per stream, so that a thousand recipients
 * signing for at once do not queue behind one chain head:
 *   stream 'document'          the document's own events (drafted … dispatched, archived)
 *   stream 'delivery:<unit>'   one recipient's delivery (delivered, opened, signed for …)
 * Each entry's hash covers the previous entry's hash, so an altered entry breaks the chain after it;
 * the head (seq and hash of the last entry) is kept on the document or delivery item itself and
 * written in the same transaction as the entries, so a removed last entry is seen too.
 */
export type HistoryEvent = DocumentEvent | DeliveryEvent;

export const DOCUMENT_STREAM = 'document';
export const deliveryStream = (recipientUnit: string) => `delivery:${recipientUnit}`;

export interface HistoryHead {
  seq: number;
  hash: string;
}

export interface HistoryEntry {
  documentId: string;
  stream: string;
  /** From 1, without gaps, per stream. */
  seq: number;
  prevHash: string;
  event: HistoryEvent;
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Where a stream's chain starts: bound to the document and the stream, so entries cannot move between them. */
export const historyGenesis = (documentId: string, stream: string): string =>
  sha256(`govshare-exchange-history:${documentId}:${stream}`);

export const emptyHistoryHead = (documentId: string, stream: string): HistoryHead => ({
  seq: 0,
  hash: historyGenesis(documentId, stream),
});

export function historyEntryHash(entry: Omit<HistoryEntry, 'hash'>): string {
  return sha256(
    canonicalJson({
      documentId: entry.documentId,
      event: entry.event,
      prevHash: entry.prevHash,
      seq: entry.seq,
      stream: entry.stream,
    }),
  );
}

/** The entries that append `events` to a stream whose head is `head` (absent: a new stream), and the new head. */
export function appendHistory(
  documentId: string,
  stream: string,
  head: HistoryHead | undefined,
  events: readonly HistoryEvent[],
): { entries: HistoryEntry[]; head: HistoryHead } {
  let current = head ?? emptyHistoryHead(documentId, stream);
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    const unsealed = { documentId, stream, seq: current.seq + 1, prevHash: current.hash, event };
    const entry: HistoryEntry = { ...unsealed, hash: historyEntryHash(unsealed) };
    entries.push(entry);
    current = { seq: entry.seq, hash: entry.hash };
  }
  return { entries, head: current };
}

export type HistoryBreakReason = 'altered' | 'missing' | 'misplaced' | 'head-mismatch';

export interface HistoryBreak {
  stream: string;
  /** The first entry at which the chain no longer holds (for head-mismatch: the head's seq). */
  seq: number;
  reason: HistoryBreakReason;
}

export interface HistoryVerification {
  intact: boolean;
  streams: number;
  entries: number;
  breaks: HistoryBreak[];
}

/**
 * Checks every stream: entries in order from seq 1 with no gap, each linked to the one before and
 * hashing to what it says, and the last one equal to the head recorded beside the state (`heads`,
 * by stream). A stream with a head but no entries, or entries but no head, is broken too.
 */
export function verifyHistory(
  documentId: string,
  entries: readonly HistoryEntry[],
  heads: ReadonlyMap<string, HistoryHead>,
): HistoryVerification {
  const byStream = new Map<string, HistoryEntry[]>();
  for (const entry of entries) {
    const list = byStream.get(entry.stream) ?? [];
    list.push(entry);
    byStream.set(entry.stream, list);
  }
  const breaks: HistoryBreak[] = [];
  const streams = new Set([...byStream.keys(), ...heads.keys()]);
  for (const stream of streams) {
    const list = (byStream.get(stream) ?? []).slice().sort((a, b) => a.seq - b.seq);
    let previous = emptyHistoryHead(documentId, stream);
    let broken = false;
    for (const entry of list) {
      if (entry.documentId !== documentId) {
        breaks.push({ stream, seq: entry.seq, reason: 'misplaced' });
        broken = true;
        break;
      }
      if (entry.seq !== previous.seq + 1) {
        breaks.push({ stream, seq: previous.seq + 1, reason: 'missing' });
        broken = true;
        break;
      }
      if (entry.prevHash !== previous.hash || historyEntryHash(entry) !== entry.hash) {
        breaks.push({ stream, seq: entry.seq, reason: 'altered' });
        broken = true;
        break;
      }
      previous = { seq: entry.seq, hash: entry.hash };
    }
    if (broken) continue;
    const head = heads.get(stream);
    if (!head || head.seq !== previous.seq || head.hash !== previous.hash) {
      breaks.push({ stream, seq: head?.seq ?? previous.seq, reason: 'head-mismatch' });
    }
  }
  return { intact: breaks.length === 0, streams: streams.size, entries: entries.length, breaks };
}
