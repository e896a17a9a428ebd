import type { Delivery, UrgeKind, UrgeLevel } from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import type { AccessRequest } from '@govshare/domain/sharing';
import type { InformationPointEntry } from './information.ts';

/**
 * What scoring reads of one unit: plain records as the other contexts keep them, read by the
 * storage layer and passed in whole. Scoring picks out what falls in the period itself, so a store
 * may pass more (a year of records for a quarter); it never needs to pre-judge lateness.
 */
export type AssessedUnit = Pick<Unit, 'code' | 'name' | 'level' | 'kind'>;

/** A delivery as the exchange keeps it (its Delivery satisfies this). */
export type DeliveryFact = Pick<
  Delivery,
  | 'id'
  | 'documentId'
  | 'senderUnit'
  | 'recipientUnit'
  | 'as'
  | 'deliveredAt'
  | 'signForDueAt'
  | 'signedForAt'
  | 'handleDueAt'
  | 'handledAt'
  | 'returnReason'
  | 'returnedAt'
  | 'withdrawnAt'
> & {
  /** What a reader of the explanation recognises: the 发文字号 or the title. */
  label?: string;
};

/** One urge (催办) a unit received, as the exchange records it. */
export interface UrgeFact {
  id: string;
  documentId: string;
  recipientUnit: string;
  kind: UrgeKind;
  level: UrgeLevel;
  source: 'sweep' | 'manual';
  urgedAt: string;
  label?: string;
}

/**
 * A catalogue entry a unit provides, with its freshness over time: stale (睡眠栏目) from
 * `staleSince` until a new version made it fresh again at `freshAgainAt` (absent: still stale).
 */
export interface CatalogueEntryFact {
  code: string;
  name: string;
  providerUnit: string;
  publishedAt: string;
  staleSince?: string;
  freshAgainAt?: string;
}

/** An access request to a unit as provider (sharing's AccessRequest satisfies this). */
export type AccessRequestFact = Pick<
  AccessRequest,
  'id' | 'resourceCode' | 'providerUnit' | 'consumerUnit' | 'shareType' | 'createdAt' | 'dueAt' | 'decidedAt'
> & { resourceName?: string };

/** A decision on a unit's project that returned or rejected it (review's decisions). */
export interface ProjectFact {
  id: string;
  name: string;
  submitterUnit: string;
  outcome: 'returned' | 'rejected';
  decidedAt: string;
  /** Returned or rejected for duplicate construction (重复建设: the decision's reason or the failed check). */
  duplicateConstruction: boolean;
}

export interface InformationFacts {
  /** The unit's yearly quota of points (采用任务); absent: none this year, the indicator does not apply. */
  quota?: number;
  /** The unit's entries of the period's year (informationEntries). */
  entries: readonly InformationPointEntry[];
}

export interface UnitFacts {
  /** Deliveries to the unit (recipientUnit = the unit). */
  received: readonly DeliveryFact[];
  /** Deliveries the unit sent (senderUnit = the unit); only the returned ones are read. */
  sent: readonly DeliveryFact[];
  /** Urges the unit received. */
  urges: readonly UrgeFact[];
  /** Catalogue entries the unit provides. */
  catalogueEntries: readonly CatalogueEntryFact[];
  /** Access requests to the unit as provider. */
  accessRequests: readonly AccessRequestFact[];
  /** Decisions that returned or rejected the unit's projects. */
  projects: readonly ProjectFact[];
  information: InformationFacts;
}

/** No records at all: what a new unit has. */
export const NO_FACTS: UnitFacts = {
  received: [],
  sent: [],
  urges: [],
  catalogueEntries: [],
  accessRequests: [],
  projects: [],
  information: { entries: [] },
};
