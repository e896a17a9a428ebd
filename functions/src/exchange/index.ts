import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type Delivery,
  draftInputSchema,
  manualUrgeKey,
  type UrgeKind,
  type UrgeLevel,
  type UrgeSource,
  urgeRecordKey,
} from '@govshare/domain/exchange';
import { cstDay } from '@govshare/domain/kernel';
import * as z from 'zod';
import { queryAll } from '../platform/dynamo.ts';

/**
 * The exchange's published interface (what other contexts may use, test/unit/architecture): how to
 * ask for an official document to be drafted. A context sends an `OfficialDraftRequest` to the
 * `official-drafts` queue; the `exchange-drafts` consumer drafts it in the named drafter's name,
 * under the id the requester computed with `officialDraftId`, so a request sent twice (a retry, a
 * repeated approval) drafts one document. The drafter then takes it through review and sign-off.
 */

/** Who asked, and for what: one document per source. */
export const officialDraftSourceSchema = z.strictObject({
  /** The requesting context, e.g. `review`. */
  context: z.string().regex(/^[a-z][a-z-]{1,30}$/),
  /** What in that context the document is for, e.g. `<project id>/v2`. */
  ref: z.string().min(1).max(200),
});
export type OfficialDraftSource = z.infer<typeof officialDraftSourceSchema>;

export const officialDraftRequestSchema = z.strictObject({
  source: officialDraftSourceSchema,
  /** officialDraftId(source): the id the document will have. */
  documentId: z.uuid(),
  /** The person in whose name it is drafted (拟稿人): a principal of the directory, of the lead issuing unit. */
  drafter: z.string().min(1).max(200),
  content: draftInputSchema,
  requestedAt: z.iso.datetime(),
});
export type OfficialDraftRequest = z.input<typeof officialDraftRequestSchema>;

/** The document id of a source: a name-based UUID (RFC 9562 version 5 layout over SHA-1). */
export function officialDraftId(source: OfficialDraftSource): string {
  const bytes = createHash('sha1')
    .update(`govshare-official-draft\u0000${source.context}\u0000${source.ref}`)
    .digest();
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------- records other contexts score (assessment)

/** An interval of instants: from inclusive, to exclusive (ISO). */
export interface RecordWindow {
  from: string;
  to: string;
}

/** A delivery as the exchange keeps it, with what a reader recognises it by (title, 发文字号). */
export type DeliveryRecord = Delivery & { title: string; documentNumber?: string };

/** One urge (催办) a unit received: the record `URGE#…` in the document's partition, named by `id`. */
export interface ReceivedUrge {
  /** `<documentId>/<urge record key>`: the urge record, unique per delivery, deadline and level (or day, by hand). */
  id: string;
  documentId: string;
  recipientUnit: string;
  senderUnit: string;
  kind: UrgeKind;
  level: UrgeLevel;
  source: UrgeSource;
  dueAt: string;
  urgedAt: string;
}

/** What the assessment reads of the exchange: a unit's deliveries and the urges it received, by time. */
export interface ExchangeRecords {
  /**
   * Every delivery to `unit` delivered in the window: the unit's inbox index (gsi1 INBOX#<unit>, all
   * views, done and withdrawn ones included), read in pages, `deliveredAt` filtered in the query.
   */
  deliveriesTo(unit: string, window: RecordWindow): Promise<DeliveryRecord[]>;
  /**
   * The urges `unit` received in the window: its notification list (pk NOTICES#UNIT#<unit>, sk
   * <at>#<id>), a key range by the instant of the urge, in which every urge of the unit lands in
   * the urge's own transaction; the escalations that land on the issuing unit's list are left out.
   */
  urgesTo(unit: string, window: RecordWindow): Promise<ReceivedUrge[]>;
}

const withoutIndexKeys = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _s1, gsi2pk: _g2, gsi2sk: _s2, type: _t, ...rest } = item;
  return rest as T;
};

export function exchangeRecords(client: DynamoDBDocumentClient, table: string): ExchangeRecords {
  return {
    async deliveriesTo(unit, window) {
      const items = await queryAll(client, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: '#type = :delivery AND deliveredAt >= :from AND deliveredAt < :to',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':pk': `INBOX#${unit}`,
          ':delivery': 'delivery',
          ':from': window.from,
          ':to': window.to,
        },
      });
      return items.map((item) => {
        const { historyHead: _h, ...delivery } = withoutIndexKeys<DeliveryRecord & { historyHead?: unknown }>(
          item,
        );
        return delivery;
      });
    },
    async urgesTo(unit, window) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: '#type = :urge AND recipientUnit = :unit',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':pk': `NOTICES#UNIT#${unit}`,
          ':from': window.from,
          // sk is <at>#<id>: every notice of an instant before `to` sorts before `to` itself.
          ':to': window.to,
          ':urge': 'urge',
          ':unit': unit,
        },
      });
      return items
        .filter((item) => typeof item.at === 'string' && item.at < window.to)
        .map((item): ReceivedUrge => {
          const n = item as unknown as Omit<ReceivedUrge, 'id' | 'urgedAt'> & { at: string };
          const recordKey =
            n.source === 'manual'
              ? manualUrgeKey(n.recipientUnit, cstDay(new Date(n.at)))
              : urgeRecordKey(n.recipientUnit, n.kind, n.dueAt, n.level);
          return {
            id: `${n.documentId}/${recordKey}`,
            documentId: n.documentId,
            recipientUnit: n.recipientUnit,
            senderUnit: n.senderUnit,
            kind: n.kind,
            level: n.level,
            source: n.source,
            dueAt: n.dueAt,
            urgedAt: n.at,
          };
        });
    },
  };
}
