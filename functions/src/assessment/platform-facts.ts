import type {
  AccessRequestFact,
  AssessmentPeriod,
  CatalogueEntryFact,
  DeliveryFact,
  InformationFacts,
  ProjectFact,
  UnitFacts,
  UrgeFact,
} from '@govshare/domain/assessment';
import type { ProviderResources } from '../catalogue/index.ts';
import type { DeliveryRecord, ExchangeRecords } from '../exchange/index.ts';
import { mapLimited } from '../platform/concurrency.ts';
import type { ProjectSetbacks } from '../review/index.ts';
import type { ProviderRequests } from '../sharing/index.ts';

/**
 * The records a period is scored on, read from the other contexts through their published
 * interfaces, unit by unit. Scoring picks out what falls in the period itself, so the windows are
 * wider than the period where a record's deadline can fall later than the record:
 *   deliveries  delivered from DELIVERY_LOOKBACK_DAYS before the period's start to its end (a
 *               handling deadline of the period may belong to a delivery of the months before);
 *               the unit's inbox gives what it received, and the same reads, grouped by sender,
 *               what each unit sent (the returns held against the sender);
 *   urges       received in the period (the unit's notification list, a key range);
 *   catalogue   the unit's published resources and their stale flags, and the stale span of one
 *               republished since the period began (from its versions, catalogue/index.ts);
 *   requests    to the unit as provider, created from REQUEST_LOOKBACK_DAYS before the start;
 *   projects    returned or rejected in the period;
 *   information the information part's reader (information/**), none until it is wired.
 */
export const DELIVERY_LOOKBACK_DAYS = 120;
export const REQUEST_LOOKBACK_DAYS = 60;
/**
 * Units read at once (each with its reads at once): bounded, so one computation does not flood a
 * table; a unit done makes room for the next at once (no slice waits for its slowest unit).
 */
export const UNITS_AT_ONCE = 8;

export interface PlatformRecordReaders {
  exchange: ExchangeRecords;
  catalogue: ProviderResources;
  sharing: ProviderRequests;
  review: ProjectSetbacks;
  /**
   * Information reporting of the period: what is the year's alone (the scoring method, the quota
   * table) read once per computation, then each unit's quota and point entries.
   */
  information?: (period: AssessmentPeriod) => Promise<(unit: string) => Promise<InformationFacts>>;
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * 86_400_000).toISOString();

const deliveryFact = (d: DeliveryRecord): DeliveryFact => ({
  id: d.id,
  documentId: d.documentId,
  senderUnit: d.senderUnit,
  recipientUnit: d.recipientUnit,
  as: d.as,
  deliveredAt: d.deliveredAt,
  signForDueAt: d.signForDueAt,
  ...(d.signedForAt ? { signedForAt: d.signedForAt } : {}),
  ...(d.handleDueAt ? { handleDueAt: d.handleDueAt } : {}),
  ...(d.handledAt ? { handledAt: d.handledAt } : {}),
  ...(d.returnReason ? { returnReason: d.returnReason } : {}),
  ...(d.returnedAt ? { returnedAt: d.returnedAt } : {}),
  ...(d.withdrawnAt ? { withdrawnAt: d.withdrawnAt } : {}),
  label: d.documentNumber ?? d.title,
});

/** Every unit's facts for the period; `onUnit` is told how many are read after each slice (progress). */
export async function readPlatformFacts(
  readers: PlatformRecordReaders,
  period: AssessmentPeriod,
  unitCodes: readonly string[],
  onUnit: (done: number) => Promise<void> = async () => {},
): Promise<Map<string, UnitFacts>> {
  const deliveryWindow = { from: daysBefore(period.startsAt, DELIVERY_LOOKBACK_DAYS), to: period.endsAt };
  const requestWindow = { from: daysBefore(period.startsAt, REQUEST_LOOKBACK_DAYS), to: period.endsAt };
  const periodWindow = { from: period.startsAt, to: period.endsAt };
  const received = new Map<string, DeliveryFact[]>();
  const sent = new Map<string, DeliveryFact[]>();
  const partial = new Map<string, Omit<UnitFacts, 'received' | 'sent'>>();
  const informationOf = readers.information ? await readers.information(period) : undefined;
  const readUnit = async (unit: string) => {
    const [deliveries, urges, resources, requests, setbacks, information] = await Promise.all([
      readers.exchange.deliveriesTo(unit, deliveryWindow),
      readers.exchange.urgesTo(unit, periodWindow),
      readers.catalogue.publishedOf(unit, { staleAfter: period.startsAt }),
      readers.sharing.createdBetween(unit, requestWindow),
      readers.review.decidedBetween(unit, periodWindow),
      informationOf ? informationOf(unit) : Promise.resolve({ entries: [] }),
    ]);
    const labels = new Map(deliveries.map((d) => [d.documentId, d.documentNumber ?? d.title]));
    const facts = deliveries.map(deliveryFact);
    received.set(unit, facts);
    for (const fact of facts) {
      const ofSender = sent.get(fact.senderUnit);
      if (ofSender) ofSender.push(fact);
      else sent.set(fact.senderUnit, [fact]);
    }
    partial.set(unit, {
      urges: urges.map(
        (u): UrgeFact => ({
          id: u.id,
          documentId: u.documentId,
          recipientUnit: u.recipientUnit,
          kind: u.kind,
          level: u.level,
          source: u.source,
          urgedAt: u.urgedAt,
          ...(labels.get(u.documentId) ? { label: labels.get(u.documentId) as string } : {}),
        }),
      ),
      catalogueEntries: resources.map(
        (r): CatalogueEntryFact => ({
          code: r.code,
          name: r.name,
          providerUnit: r.providerUnit,
          publishedAt: r.publishedAt,
          ...(r.staleSince ? { staleSince: r.staleSince } : {}),
          ...(r.freshAgainAt ? { freshAgainAt: r.freshAgainAt } : {}),
        }),
      ),
      accessRequests: requests.map(
        (r): AccessRequestFact => ({
          id: r.id,
          resourceCode: r.resourceCode,
          providerUnit: r.providerUnit,
          consumerUnit: r.consumerUnit,
          shareType: r.shareType,
          createdAt: r.createdAt,
          ...(r.dueAt ? { dueAt: r.dueAt } : {}),
          ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
        }),
      ),
      projects: setbacks.map(
        (s): ProjectFact => ({
          id: s.id,
          name: s.name,
          submitterUnit: s.unit,
          outcome: s.outcome,
          decidedAt: s.decidedAt,
          duplicateConstruction: s.duplicateConstruction,
        }),
      ),
      information,
    });
  };
  let done = 0;
  await mapLimited(unitCodes, UNITS_AT_ONCE, async (unit) => {
    await readUnit(unit);
    await onUnit(++done);
  });
  const all = new Map<string, UnitFacts>();
  for (const unit of unitCodes) {
    const rest = partial.get(unit);
    if (!rest) continue;
    all.set(unit, { received: received.get(unit) ?? [], sent: sent.get(unit) ?? [], ...rest });
  }
  return all;
}
