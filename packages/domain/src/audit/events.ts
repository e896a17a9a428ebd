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
