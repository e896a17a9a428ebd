import {
  type AssessmentPeriod,
  type InformationFacts,
  informationEntries,
  judgedAt,
  quotaOf,
} from '@govshare/domain/assessment';
import type { InformationStore } from './information-store.ts';

/**
 * A unit's information-reporting facts for a period's computation: its yearly quota (采用任务) and
 * the point entries of its items and 约稿 of the period's year, judged at the period's end (or now,
 * while it is open). A year without a scoring method has no entries: the indicator does not apply.
 */
export const informationFacts =
  (store: InformationStore, now: () => Date) =>
  async (unit: string, period: AssessmentPeriod): Promise<InformationFacts> => {
    const year = period.year;
    const [method, quotas, items, commissions] = await Promise.all([
      store.scoringMethod(year),
      store.quotaTable(year),
      store.yearItems(year, unit),
      store.yearCommissions(year, unit),
    ]);
    const quota = quotaOf(quotas, unit);
    if (!method) return { ...(quota !== undefined ? { quota } : {}), entries: [] };
    return {
      ...(quota !== undefined ? { quota } : {}),
      entries: informationEntries({ method, items, commissions, asOf: judgedAt(period, now()) }),
    };
  };
