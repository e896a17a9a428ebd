import {
  type AssessmentPeriod,
  type InformationFacts,
  informationEntries,
  judgedAt,
  quotaOf,
} from '@govshare/domain/assessment';
import type { InformationStore } from './information-store.ts';

/**
 * The information-reporting facts of a period's computation, read once for every unit: the year's
 * scoring method, quota table (采用任务), items and 约稿 (one paged Query of each year partition,
 * not one per unit), then per unit its quota and the point entries of its own items and 约稿,
 * judged at the period's end (or now, while it is open). A year without a scoring method has no
 * entries: the indicator does not apply.
 */
export const informationFacts =
  (store: InformationStore, now: () => Date) =>
  async (period: AssessmentPeriod): Promise<(unit: string) => Promise<InformationFacts>> => {
    const year = period.year;
    const [method, quotas] = await Promise.all([store.scoringMethod(year), store.quotaTable(year)]);
    const [items, commissions] = method
      ? await Promise.all([store.yearItems(year), store.yearCommissions(year)])
      : [[], []];
    const itemsOf = Map.groupBy(items, (item) => item.unitCode);
    const commissionsOf = Map.groupBy(commissions, (commission) => commission.unitCode);
    const asOf = judgedAt(period, now());
    return async (unit) => {
      const quota = quotaOf(quotas, unit);
      if (!method) return { ...(quota !== undefined ? { quota } : {}), entries: [] };
      return {
        ...(quota !== undefined ? { quota } : {}),
        entries: informationEntries({
          method,
          items: itemsOf.get(unit) ?? [],
          commissions: commissionsOf.get(unit) ?? [],
          asOf,
        }),
      };
    };
  };
