import type { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditTrail } from '@govshare/domain/audit';
import { type UrgeAudience, type UrgeDecision, urgeTransition } from '@govshare/domain/exchange';
import type { UnitDirectory } from '../identity/index.ts';
import { cancellationCodes } from '../platform/dynamo.ts';
import type { DeliveryStore, StoredDelivery } from './delivery-store.ts';
import { NOTIFICATION_SCHEMA, type NotificationEventPublisher, urgeEventId } from './notification-events.ts';
import { type NoticeContent, noticeWriteItems } from './notification-store.ts';
import { urgeKey } from './table-keys.ts';

/**
 * Writing one urge, for the sweep and for a sender alike: who it reaches (the directory, today),
 * then one transaction: the urge record (pk DOC#<id> sk URGE#…, on condition that it is new: nobody
 * is urged twice for the same deadline and level), the delivery's transition (delivery-store.ts:
 * on condition of its version, so the chain never forks under a concurrent sign-for; its history
 * entry; `lastUrge` for a sweep's) and the notices; then the event for the deployment's SMS or mail
 * gateway and the audit event. Those two follow the commit: the urge and its notices are the
 * record, and a failed send is logged rather than undoing an urge that happened.
 */
export interface UrgingDeps {
  client: DynamoDBDocumentClient;
  table: string;
  deliveries: Pick<DeliveryStore, 'get' | 'transitionItems'>;
  directory: Pick<UnitDirectory, 'membersOf'>;
  events: NotificationEventPublisher;
  audit: AuditTrail;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface UrgeActor {
  subject: string;
  unit: string;
  kind: 'person' | 'system';
}

/** The sweep's principal on the audit trail and in the notices. */
export const SWEEP_ACTOR = 'exchange-urges';

/** A transaction holds at most 100 items: 3 for the urge, 2 per list. Beyond this the unit lists still carry it. */
export const MAX_USERS_PER_URGE = 40;

/** The users an urge reaches today: enabled people of the unit with the role, or the users named. */
export async function recipientsOf(
  directory: Pick<UnitDirectory, 'membersOf'>,
  audiences: readonly UrgeAudience[],
): Promise<string[]> {
  const users = new Set<string>();
  for (const audience of audiences) {
    if (audience.kind === 'users') {
      for (const user of audience.users) users.add(user);
      continue;
    }
    for (const member of await directory.membersOf(audience.unit)) {
      if (member.kind === 'person' && !member.disabled && member.roles.includes(audience.role))
        users.add(member.id);
    }
  }
  return [...users].sort();
}

export type UrgeAttempt =
  | { outcome: 'urged'; decision: UrgeDecision; users: string[]; delivery: StoredDelivery }
  | { outcome: 'already-urged'; decision: UrgeDecision }
  | { outcome: 'delivery-changed'; decision: UrgeDecision };

/** One attempt at writing `decision` on `delivery` as read (its version is the condition). */
export async function attemptUrge(
  deps: UrgingDeps,
  args: {
    delivery: StoredDelivery;
    decision: UrgeDecision;
    actor: UrgeActor;
    now: Date;
    correlationId: string;
  },
): Promise<UrgeAttempt> {
  const { delivery, decision, actor, now } = args;
  const at = now.toISOString();
  const everyone = await recipientsOf(deps.directory, decision.audiences);
  const users = everyone.slice(0, MAX_USERS_PER_URGE);
  if (everyone.length > users.length) {
    deps.logger.warn('urge reaches more users than one transaction holds; the rest see it on the unit list', {
      documentId: decision.documentId,
      recipientUnit: decision.recipientUnit,
      users: everyone.length,
    });
  }
  if (users.length === 0) {
    deps.logger.warn('urge reaches nobody by name (no such role in the unit): unit lists only', {
      documentId: decision.documentId,
      recipientUnit: decision.recipientUnit,
      urgeLevel: decision.level,
    });
  }
  // What the record, the notices and the event all say of the urge: ids, deadline, level.
  const facts = {
    documentId: decision.documentId,
    recipientUnit: decision.recipientUnit,
    senderUnit: decision.senderUnit,
    kind: decision.kind,
    level: decision.level,
    dueAt: decision.dueAt,
    source: decision.source,
  };
  const content: NoticeContent = { type: 'urge', ...facts, by: actor.subject };
  const notices = [
    ...decision.units.flatMap((unit) => noticeWriteItems(deps.table, 'unit', unit, at, content)),
    ...users.flatMap((user) => noticeWriteItems(deps.table, 'mine', user, at, content)),
  ];
  const { after, items } = deps.deliveries.transitionItems(
    delivery,
    urgeTransition(delivery, decision, actor.subject, now),
  );
  try {
    await deps.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.table,
              Item: {
                ...content,
                ...urgeKey(decision.documentId, decision.recordKey),
                at,
                users,
                units: decision.units,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...items,
          ...notices,
        ],
      }),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return { outcome: 'already-urged', decision };
    // The delivery moved on (or another transaction met this one): read it again and decide again.
    return { outcome: 'delivery-changed', decision };
  }

  const eventId = urgeEventId(decision.documentId, decision.recordKey);
  const followUps = await Promise.allSettled([
    deps.events.publish({
      schema: NOTIFICATION_SCHEMA,
      id: eventId,
      type: 'exchange.delivery.urged',
      at,
      ...facts,
      users,
      units: decision.units,
    }),
    deps.audit.record({
      id: `exchange.delivery.urged:${eventId}`,
      at,
      actor: { unit: actor.unit, principal: actor.subject, kind: actor.kind },
      action: 'exchange.delivery.urged',
      providerUnit: decision.recipientUnit,
      items: [
        `document:${decision.documentId}`,
        `recipient:${decision.recipientUnit}`,
        `kind:${decision.kind}`,
        `level:${decision.level}`,
        `source:${decision.source}`,
      ],
      recordCount: 1,
      subjectHashes: [],
      outcome: 'ok',
      correlationId: args.correlationId,
    }),
  ]);
  followUps.forEach((result, i) => {
    if (result.status === 'rejected') {
      deps.logger.error(i === 0 ? 'urge event not sent' : 'urge not audited', {
        documentId: decision.documentId,
        recordKey: decision.recordKey,
        error: (result.reason as Error)?.message,
      });
    }
  });
  return { outcome: 'urged', decision, users, delivery: after };
}
