import * as z from 'zod';

/**
 * What every audited action records (issue: base databases, "every query is audited"). Producers
 * (the registry first) build an AuditEvent and hand it to an AuditTrail port; the audit context
 * stores it hash-chained per day. Subject identifiers never appear in clear: producers pass them
 * through a keyed hash before they reach an event.
 */
export type AuditOutcome = 'ok' | 'refused' | 'error';

export interface AuditActor {
  unit: string;
  /** User or system id (never a citizen ID). */
  principal: string;
  kind: 'person' | 'system';
}

export interface AuditEvent {
  /** Unique per event; producers make it from the correlation id so a retry does not double it. */
  id: string;
  /** ISO 8601 instant of the action. */
  at: string;
  actor: AuditActor;
  /** Dotted verb, e.g. registry.population.get, registry.population.verify. */
  action: string;
  /** Whose data was touched: lets a provider list who queried its resources. */
  providerUnit?: string;
  resourceCode?: string;
  grantId?: string;
  /** 用途, as the caller declared it. */
  purpose?: string;
  /** Data items returned (or asked for, when refused). */
  items: string[];
  recordCount: number;
  /** Keyed hashes of the subject identifiers (citizen IDs, credit codes) looked up. */
  subjectHashes: string[];
  outcome: AuditOutcome;
  /** Problem type of a refusal or error, e.g. urn:govshare:problem:quota-exceeded. */
  problemType?: string;
  correlationId: string;
}

/** The port producers write to. Resolves only once the event is durably accepted. */
export interface AuditTrail {
  record(event: AuditEvent): Promise<void>;
}

const text = (max: number) => z.string().min(1).max(max);

/** Limits of the free-text fields a caller can influence (boundAuditEvent cuts to them). */
export const AUDIT_LIMITS = { purpose: 500, item: 128, items: 200 } as const;

/** At most `max` UTF-16 units (what the schema counts), never half a character outside the BMP. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = max - 1;
  const last = value.charCodeAt(end - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return `${value.slice(0, splitsPair ? end - 1 : end)}…`;
}

/**
 * Cuts what a caller controls (the declared purpose, asked-for item names) to the schema's limits, so
 * that an oversized request is still audited (shortened) instead of failing the audit itself.
 */
export function boundAuditEvent(event: AuditEvent): AuditEvent {
  const { purpose, ...rest } = event;
  const declared = purpose?.trim();
  return {
    ...rest,
    ...(declared ? { purpose: cut(declared, AUDIT_LIMITS.purpose) } : {}),
    items: event.items
      .filter((item) => item.length > 0)
      .slice(0, AUDIT_LIMITS.items)
      .map((item) => cut(item, AUDIT_LIMITS.item)),
  };
}

/**
 * An AuditEvent as it crosses a boundary (the audit-trail queue): checked before it is chained, so a
 * malformed event is refused whole instead of being hashed half-right. Subject hashes are hex
 * HMAC-SHA256 digests, which is also what keeps a clear identifier out of the trail.
 */
export const auditEventSchema = z.strictObject({
  id: text(200),
  at: z.iso.datetime({ offset: true }),
  actor: z.strictObject({
    unit: text(64),
    principal: text(128),
    kind: z.enum(['person', 'system']),
  }),
  action: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'is a dotted verb like registry.population.get'),
  providerUnit: text(64).optional(),
  resourceCode: text(128).optional(),
  grantId: text(200).optional(),
  purpose: text(AUDIT_LIMITS.purpose).optional(),
  items: z.array(text(AUDIT_LIMITS.item)).max(AUDIT_LIMITS.items),
  recordCount: z.number().int().min(0),
  subjectHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'is a hex SHA-256 digest')).max(1000),
  outcome: z.enum(['ok', 'refused', 'error']),
  problemType: text(300).optional(),
  correlationId: text(200),
}) satisfies z.ZodType<AuditEvent>;
