import {
  appendHistory,
  type DeliveryEvent,
  DOCUMENT_STREAM,
  type DocumentEvent,
  deliveryStream,
  type HistoryEntry,
  type HistoryHead,
  verifyHistory,
} from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';

/** Verification of a document's history chains: what each kind of tampering looks like. */
const DOC = 'doc-h1';
const UNIT = '611002101000';
const at = (minute: number) =>
  `2026-10-08T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}:00.000Z`;

const documentEvents: DocumentEvent[] = [
  { documentId: DOC, type: 'drafted', at: at(1), actor: 'office-drafter', to: 'draft' },
  { documentId: DOC, type: 'submitted', at: at(2), actor: 'office-drafter', from: 'draft', to: 'in-review' },
  {
    documentId: DOC,
    type: 'review-completed',
    at: at(3),
    actor: 'office-reviewer',
    from: 'in-review',
    to: 'approved',
  },
];
const deliveryEvents: DeliveryEvent[] = [
  {
    deliveryId: `${DOC}/${UNIT}`,
    documentId: DOC,
    type: 'delivered',
    at: at(4),
    actor: 'system',
    to: 'delivered',
  },
  {
    deliveryId: `${DOC}/${UNIT}`,
    documentId: DOC,
    type: 'signed-for',
    at: at(5),
    actor: 'township-clerk',
    from: 'delivered',
    to: 'signed-for',
  },
];

function chains() {
  const doc = appendHistory(DOC, DOCUMENT_STREAM, undefined, documentEvents);
  const del = appendHistory(DOC, deliveryStream(UNIT), undefined, deliveryEvents);
  const heads = new Map<string, HistoryHead>([
    [DOCUMENT_STREAM, doc.head],
    [deliveryStream(UNIT), del.head],
  ]);
  return { entries: [...doc.entries, ...del.entries], heads };
}

describe('verifyHistory', () => {
  it('finds every stream of an untouched document intact', () => {
    const { entries, heads } = chains();
    expect(verifyHistory(DOC, entries, heads)).toEqual({ intact: true, streams: 2, entries: 5, breaks: [] });
  });

  it('finds an entry whose event was altered, at that entry', () => {
    const { entries, heads } = chains();
    const altered = entries.map(
      (entry): HistoryEntry =>
        entry.stream === DOCUMENT_STREAM && entry.seq === 2
          ? { ...entry, event: { ...entry.event, actor: 'someone-else' } }
          : entry,
    );
    expect(verifyHistory(DOC, altered, heads).breaks).toEqual([
      { stream: DOCUMENT_STREAM, seq: 2, reason: 'altered' },
    ]);
  });

  it('finds an entry re-hashed after altering it, at the next entry (its link no longer holds)', () => {
    const { entries, heads } = chains();
    const rehashed = appendHistory(DOC, DOCUMENT_STREAM, undefined, [
      documentEvents[0] as DocumentEvent,
      { ...(documentEvents[1] as DocumentEvent), actor: 'someone-else' },
    ]).entries[1] as HistoryEntry;
    const forged = entries.map((entry) =>
      entry.stream === DOCUMENT_STREAM && entry.seq === 2 ? rehashed : entry,
    );
    expect(verifyHistory(DOC, forged, heads).breaks).toEqual([
      { stream: DOCUMENT_STREAM, seq: 3, reason: 'altered' },
    ]);
  });

  it('finds an entry removed from the middle of a stream', () => {
    const { entries, heads } = chains();
    const removed = entries.filter((entry) => !(entry.stream === DOCUMENT_STREAM && entry.seq === 2));
    expect(verifyHistory(DOC, removed, heads).breaks).toEqual([
      { stream: DOCUMENT_STREAM, seq: 2, reason: 'missing' },
    ]);
  });

  it('finds the last entry removed, by the head kept beside the state', () => {
    const { entries, heads } = chains();
    const removed = entries.filter((entry) => !(entry.stream === deliveryStream(UNIT) && entry.seq === 2));
    expect(verifyHistory(DOC, removed, heads)).toMatchObject({
      intact: false,
      breaks: [{ stream: deliveryStream(UNIT), seq: 2, reason: 'head-mismatch' }],
    });
  });

  it('finds a stream whose entries are all gone, and entries without a head', () => {
    const { entries, heads } = chains();
    const withoutDelivery = entries.filter((entry) => entry.stream === DOCUMENT_STREAM);
    expect(verifyHistory(DOC, withoutDelivery, heads).breaks).toEqual([
      { stream: deliveryStream(UNIT), seq: 2, reason: 'head-mismatch' },
    ]);
    const headless = new Map([...heads].filter(([stream]) => stream === DOCUMENT_STREAM));
    expect(verifyHistory(DOC, entries, headless).breaks).toEqual([
      { stream: deliveryStream(UNIT), seq: 2, reason: 'head-mismatch' },
    ]);
  });

  it('finds an entry copied from another document', () => {
    const { entries, heads } = chains();
    const other = appendHistory('doc-other', DOCUMENT_STREAM, undefined, documentEvents).entries;
    const moved = entries.map((entry) =>
      entry.stream === DOCUMENT_STREAM && entry.seq === 1 ? (other[0] as HistoryEntry) : entry,
    );
    expect(verifyHistory(DOC, moved, heads).breaks).toEqual([
      { stream: DOCUMENT_STREAM, seq: 1, reason: 'misplaced' },
    ]);
  });

  it('reports each broken stream on its own', () => {
    const { entries, heads } = chains();
    const both = entries
      .filter((entry) => !(entry.stream === deliveryStream(UNIT) && entry.seq === 2))
      .map((entry) =>
        entry.stream === DOCUMENT_STREAM && entry.seq === 3 ? { ...entry, hash: '0'.repeat(64) } : entry,
      );
    expect(verifyHistory(DOC, both, heads).breaks).toEqual([
      { stream: DOCUMENT_STREAM, seq: 3, reason: 'altered' },
      { stream: deliveryStream(UNIT), seq: 2, reason: 'head-mismatch' },
    ]);
  });
});
