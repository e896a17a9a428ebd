import { PEER_GROUPS, type UnitScoreTable } from './scoring.ts';

/**
 * Ranking among peers (the same level and kind: county governments among themselves, city
 * departments among themselves), the standard competition way: equal totals share a rank and the
 * next rank skips (1, 2, 2, 4). A vetoed unit ranks below every unit that was not, whatever its
 * total; a unit with no applicable indicator is listed without a rank. The change since the
 * previous period compares the unit's rank and total there, ranked the same way.
 */
export interface RankingEntry {
  unitCode: string;
  unitName: string;
  peerGroup: string;
  total: number | null;
  vetoed: boolean;
  grade?: string;
  /** null: not assessed. */
  rank: number | null;
  /** Ranked units in the peer group. */
  ranked: number;
  /** Absent when the unit has no table for the previous period. */
  previous?: { rank: number | null; total: number | null };
  /** Positive: moved up so many places; null when either rank is missing. */
  rankChange?: number | null;
  /** total − previous total, null when either is missing. */
  totalChange?: number | null;
}

const cents = (n: number | null) => Math.round((n ?? 0) * 100);

/** Vetoed after not vetoed, then by total (to the hundredth), highest first. */
const compare = (a: UnitScoreTable, b: UnitScoreTable) =>
  Number(a.vetoed) - Number(b.vetoed) || cents(b.total) - cents(a.total);

function rankGroup(tables: readonly UnitScoreTable[]): Map<string, { rank: number | null; ranked: number }> {
  const assessed = tables
    .filter((t) => t.assessed)
    .sort((a, b) => compare(a, b) || a.unit.code.localeCompare(b.unit.code));
  const ranks = new Map<string, { rank: number | null; ranked: number }>();
  assessed.forEach((table, index) => {
    const before = assessed[index - 1];
    const rank =
      before && compare(before, table) === 0 ? (ranks.get(before.unit.code)?.rank ?? index + 1) : index + 1;
    ranks.set(table.unit.code, { rank, ranked: assessed.length });
  });
  for (const table of tables)
    if (!table.assessed) ranks.set(table.unit.code, { rank: null, ranked: assessed.length });
  return ranks;
}

function rankAll(tables: readonly UnitScoreTable[]): Map<string, { rank: number | null; ranked: number }> {
  const byGroup = new Map<string, UnitScoreTable[]>();
  for (const table of tables) byGroup.set(table.peerGroup, [...(byGroup.get(table.peerGroup) ?? []), table]);
  const all = new Map<string, { rank: number | null; ranked: number }>();
  for (const group of byGroup.values()) for (const [code, rank] of rankGroup(group)) all.set(code, rank);
  return all;
}

const groupOrder = (group: string) => {
  const index = PEER_GROUPS.indexOf(group);
  return index < 0 ? PEER_GROUPS.length : index;
};

/**
 * The ranking of one period's tables (one per unit, all of the same period and scheme), with the
 * change since `previous` (the previous period's tables; empty for the first period). Ordered by
 * peer group (province before city before county …, governments before departments), then rank.
 */
export function rankUnits(
  tables: readonly UnitScoreTable[],
  previous: readonly UnitScoreTable[] = [],
): RankingEntry[] {
  const codes = new Set<string>();
  for (const table of tables) {
    if (codes.has(table.unit.code))
      throw new RangeError(`unit ${table.unit.code} has two tables in one ranking`);
    codes.add(table.unit.code);
  }
  const ranks = rankAll(tables);
  const previousRanks = rankAll(previous);
  const previousTables = new Map(previous.map((t) => [t.unit.code, t]));
  const entries = tables.map((table): RankingEntry => {
    const own = ranks.get(table.unit.code) ?? { rank: null, ranked: 0 };
    const before = previousTables.get(table.unit.code);
    const beforeRank = before ? (previousRanks.get(table.unit.code)?.rank ?? null) : undefined;
    return {
      unitCode: table.unit.code,
      unitName: table.unit.name,
      peerGroup: table.peerGroup,
      total: table.total,
      vetoed: table.vetoed,
      ...(table.grade ? { grade: table.grade } : {}),
      rank: own.rank,
      ranked: own.ranked,
      ...(before
        ? {
            previous: { rank: beforeRank ?? null, total: before.total },
            rankChange: own.rank !== null && beforeRank != null ? beforeRank - own.rank : null,
            totalChange:
              table.total !== null && before.total !== null
                ? Math.round((table.total - before.total) * 100) / 100
                : null,
          }
        : {}),
    };
  });
  return entries.sort(
    (a, b) =>
      groupOrder(a.peerGroup) - groupOrder(b.peerGroup) ||
      a.peerGroup.localeCompare(b.peerGroup) ||
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      a.unitCode.localeCompare(b.unitCode),
  );
}

export interface BulletinGroup {
  peerGroup: string;
  /** The best ranked (ties at the edge included), never vetoed. */
  best: RankingEntry[];
  /** The lowest ranked that are not among the best (ties at the edge included), vetoed ones included. */
  slowest: RankingEntry[];
  vetoed: RankingEntry[];
}

/**
 * What a 通报 names per peer group: the best and the slowest `count` units. Ties at the edge are all
 * named (a bulletin cannot name one of two units with the same score and not the other).
 */
export function bulletinHighlights(ranking: readonly RankingEntry[], count = 3): BulletinGroup[] {
  const groups = [...new Set(ranking.map((e) => e.peerGroup))];
  return groups.map((peerGroup) => {
    const ranked = ranking.filter((e) => e.peerGroup === peerGroup && e.rank !== null);
    const clean = ranked.filter((e) => !e.vetoed);
    const edgeBest = clean[Math.min(count, clean.length) - 1]?.rank ?? 0;
    const best = clean.filter((e) => (e.rank ?? 0) <= edgeBest);
    const rest = ranked.filter((e) => !best.includes(e));
    const edgeSlow = rest[Math.max(0, rest.length - count)]?.rank ?? Number.MAX_SAFE_INTEGER;
    const slowest = rest.filter((e) => (e.rank ?? 0) >= edgeSlow);
    return { peerGroup, best, slowest, vetoed: ranked.filter((e) => e.vetoed) };
  });
}
