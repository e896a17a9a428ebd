import { UNIT_KINDS, UNIT_LEVELS } from '@govshare/domain/identity';
import { ValidationError, type WorkingCalendar } from '@govshare/domain/kernel';
import type { AssessedUnit, UnitFacts } from './facts.ts';
import { round2 } from './information.ts';
import { type Finding, type Measurement, measure, type RecordKind } from './measures.ts';
import { type AssessmentPeriod, judgedAt, periodPhase } from './periods.ts';
import { type AssessmentScheme, coversUnit, type Indicator } from './scheme.ts';

/**
 * A unit's 100-point table for one period under one scheme version: per indicator its weight, value,
 * score and the deductions with the records behind each; the vetoes hit, the bonuses won, the total
 * and the grade. Pure: the storage layer reads the unit's records (UnitFacts) and stores the table.
 *
 * Rescaling: indicators that do not apply to the unit are dropped and the rest scaled to 100
 * (scored on 75 points: every figure × 100/75 = 4/3). All figures of a line (effectiveWeight, score,
 * lost, the points of each deduction) are on that scale; `weight` and `rawScore` are the scheme's.
 */
export interface Deduction extends Finding {
  /** Points this record costs on the line's scale (0 past the cap). */
  points: number;
  /** Found after the indicator's cap was reached: listed, but costs nothing more. */
  beyondCap?: boolean;
}

export interface IndicatorLine {
  id: string;
  name: string;
  /** The scheme's weight. */
  weight: number;
  applicable: boolean;
  /** Why it was dropped (applicable false). */
  notApplicable?: string;
  /** weight × 100 / the applicable weight; 0 when dropped. */
  effectiveWeight: number;
  /** A rate 0–1, or the number of records found; null when dropped or nothing measured. */
  value: number | null;
  valueText: string;
  /** Records measured (rates) or found (counts). */
  counted: number;
  /** Out of weight, before rescaling; null when dropped. */
  rawScore: number | null;
  /** Out of effectiveWeight; null when dropped. */
  score: number | null;
  /** effectiveWeight − score. */
  lost: number;
  /** The cap stopped the deductions. */
  capped: boolean;
  deductions: Deduction[];
}

export interface VetoLine {
  id: string;
  name: string;
  applicable: boolean;
  hit: boolean;
  records: Finding[];
}

export interface BonusLine {
  id: string;
  name: string;
  applicable: boolean;
  /** After this bonus's cap and the scheme's bonusCap. */
  points: number;
  capped: boolean;
  records: (Finding & { points: number })[];
}

export type TableState = 'provisional' | 'final';

export interface UnitScoreTable {
  scheme: { id: string; version: number; name: string };
  period: string;
  unit: AssessedUnit;
  /** The unit's peers for ranking: the same level and kind ("county/government"). */
  peerGroup: string;
  /** provisional: computed while the period is open; final: after its end (frozen by the store). */
  state: TableState;
  computedAt: string;
  /** Records were judged as they stood at this instant. */
  judgedAt: string;
  /** False when no indicator applies: no total, no rank. */
  assessed: boolean;
  applicableWeight: number;
  /** 100 / applicableWeight (1 when everything applies). */
  scale: number;
  lines: IndicatorLine[];
  /** Sum of the lines' scores (0–100); null when not assessed. */
  base: number | null;
  vetoes: VetoLine[];
  vetoed: boolean;
  bonuses: BonusLine[];
  bonusTotal: number;
  bonusCapped: boolean;
  /** base + bonusTotal; null when not assessed. A vetoed unit keeps its total but fails. */
  total: number | null;
  grade?: string;
}

export const peerGroupOf = (unit: Pick<AssessedUnit, 'level' | 'kind'>): string =>
  `${unit.level}/${unit.kind}`;

/** Peer groups in the directory's order: province governments first, township governments last. */
export const PEER_GROUPS: readonly string[] = UNIT_LEVELS.flatMap((level) =>
  UNIT_KINDS.map((kind) => peerGroupOf({ level, kind })),
);

const NOT_COVERED = '不适用于本级或本类单位';

function dropped(indicator: Indicator, reason: string, valueText: string): IndicatorLine {
  return {
    id: indicator.id,
    name: indicator.name,
    weight: indicator.weight,
    applicable: false,
    notApplicable: reason,
    effectiveWeight: 0,
    value: null,
    valueText,
    counted: 0,
    rawScore: null,
    score: null,
    lost: 0,
    capped: false,
    deductions: [],
  };
}

/** A line on the scheme's weight, before rescaling (the deductions' points likewise). */
function rawLine(indicator: Indicator, measured: Measurement): IndicatorLine {
  const base = {
    id: indicator.id,
    name: indicator.name,
    weight: indicator.weight,
    applicable: true,
    effectiveWeight: indicator.weight,
  };
  const { rule } = indicator;
  if (measured.kind === 'rate') {
    if (rule.kind !== 'rate')
      throw new RangeError(`indicator ${indicator.id}: a rate formula needs a rate rule`);
    if (measured.value === undefined) {
      const none =
        indicator.formula.kind === 'information-points-against-quota' ? '未下达采用任务' : '无可考核记录';
      if (
        rule.whenNoRecords === 'not-applicable' ||
        indicator.formula.kind === 'information-points-against-quota'
      )
        return dropped(indicator, none, measured.valueText);
      return {
        ...base,
        value: null,
        valueText: `${measured.valueText}（满分）`,
        counted: 0,
        rawScore: indicator.weight,
        score: indicator.weight,
        lost: 0,
        capped: false,
        deductions: [],
      };
    }
    const rawScore = indicator.weight * measured.value;
    return {
      ...base,
      value: measured.value,
      valueText: measured.valueText,
      counted: measured.counted,
      rawScore,
      score: rawScore,
      lost: indicator.weight - rawScore,
      capped: false,
      deductions: measured.failing.map(({ share, ...finding }) => ({
        ...finding,
        points: indicator.weight * share,
      })),
    };
  }
  if (rule.kind !== 'deduction')
    throw new RangeError(`indicator ${indicator.id}: a count formula needs a deduction rule`);
  const cap = Math.min(rule.cap ?? indicator.weight, indicator.weight);
  let taken = 0;
  const deductions: Deduction[] = measured.found.map((finding) => {
    const points = Math.min(rule.pointsPerRecord, cap - taken);
    taken += points;
    return points > 0 ? { ...finding, points } : { ...finding, points: 0, beyondCap: true };
  });
  const wanted = measured.found.length * rule.pointsPerRecord;
  return {
    ...base,
    value: measured.found.length,
    valueText: `${measured.found.length} 条`,
    counted: measured.found.length,
    rawScore: indicator.weight - taken,
    score: indicator.weight - taken,
    lost: taken,
    capped: wanted > cap,
    deductions,
  };
}

function scaled(line: IndicatorLine, scale: number): IndicatorLine {
  if (!line.applicable || line.score === null) return line;
  return {
    ...line,
    effectiveWeight: round2(line.weight * scale),
    rawScore: round2(line.rawScore ?? 0),
    score: round2(line.score * scale),
    lost: round2(line.lost * scale),
    deductions: line.deductions.map((d) => ({ ...d, points: round2(d.points * scale) })),
  };
}

function gradeOf(scheme: AssessmentScheme, total: number, vetoed: boolean): string | undefined {
  const grades = scheme.grades;
  if (!grades?.length) return undefined;
  const lowest = grades[grades.length - 1]?.name;
  if (vetoed) return lowest;
  return grades.find((g) => total >= g.minimum)?.name ?? lowest;
}

/**
 * Scores one unit for one period. The scheme must allow the period's kind. `now` decides how
 * records are judged (a deadline not yet passed is not late yet) and whether the table is
 * provisional; the calendar counts working days late in the deductions' reasons.
 */
export function scoreUnit(args: {
  scheme: AssessmentScheme;
  period: AssessmentPeriod;
  unit: AssessedUnit;
  facts: UnitFacts;
  calendar: WorkingCalendar;
  now: Date;
}): UnitScoreTable {
  const { scheme, period, unit, facts, calendar, now } = args;
  if (!scheme.periodKinds.includes(period.kind)) {
    throw new ValidationError(
      [
        {
          path: 'period',
          message: `scheme ${scheme.id} is computed per ${scheme.periodKinds.join(', ')}, not per ${period.kind}`,
        },
      ],
      `Scheme ${scheme.id} has no ${period.kind} periods`,
    );
  }
  const asOf = judgedAt(period, now);
  const context = { period, asOf, calendar };
  const rawLines = scheme.indicators.map((indicator) =>
    coversUnit(indicator.appliesTo, unit)
      ? rawLine(indicator, measure(indicator.formula, unit.code, facts, context))
      : dropped(indicator, NOT_COVERED, '—'),
  );
  const applicableWeight = rawLines.filter((l) => l.applicable).reduce((sum, l) => sum + l.weight, 0);
  const assessed = applicableWeight > 0;
  const scale = assessed ? 100 / applicableWeight : 1;
  const lines = rawLines.map((line) => scaled(line, scale));
  const base = assessed ? rawLines.reduce((sum, l) => sum + (l.score ?? 0), 0) * scale : null;

  const vetoes: VetoLine[] = scheme.vetoes.map((veto) => {
    if (!coversUnit(veto.appliesTo, unit))
      return { id: veto.id, name: veto.name, applicable: false, hit: false, records: [] };
    const measured = measure(veto.formula, unit.code, facts, context);
    const records = measured.kind === 'count' ? measured.found : [];
    return { id: veto.id, name: veto.name, applicable: true, hit: records.length > 0, records };
  });
  const vetoed = vetoes.some((v) => v.hit);

  // Each bonus up to its own cap, in the scheme's order, until bonusCap is spent.
  let bonusLeft = scheme.bonusCap;
  let bonusWanted = 0;
  const bonuses: BonusLine[] = scheme.bonuses.map((bonus) => {
    if (!coversUnit(bonus.appliesTo, unit))
      return { id: bonus.id, name: bonus.name, applicable: false, points: 0, capped: false, records: [] };
    const measured = measure(bonus.formula, unit.code, facts, context);
    const found = measured.kind === 'count' ? measured.found : [];
    const limit = Math.min(bonus.cap, bonusLeft);
    let won = 0;
    const records = found.map((finding) => {
      const points = Math.min(bonus.pointsPerRecord, limit - won);
      won += points;
      return { ...finding, points: round2(points) };
    });
    const wanted = found.length * bonus.pointsPerRecord;
    bonusWanted += Math.min(wanted, bonus.cap);
    bonusLeft -= won;
    return {
      id: bonus.id,
      name: bonus.name,
      applicable: true,
      points: round2(won),
      capped: wanted > limit,
      records,
    };
  });
  const bonusCapped = bonusWanted > scheme.bonusCap;
  const bonusTotal = round2(scheme.bonusCap - bonusLeft);
  const total = base === null ? null : round2(base + bonusTotal);
  const grade = total === null ? undefined : gradeOf(scheme, total, vetoed);
  const phase = periodPhase(period, now, false);
  return {
    scheme: { id: scheme.id, version: scheme.version, name: scheme.name },
    period: period.key,
    unit: { code: unit.code, name: unit.name, level: unit.level, kind: unit.kind },
    peerGroup: peerGroupOf(unit),
    state: phase === 'open' ? 'provisional' : 'final',
    computedAt: now.toISOString(),
    judgedAt: asOf.toISOString(),
    assessed,
    applicableWeight: round2(applicableWeight),
    scale,
    lines,
    base: base === null ? null : round2(base),
    vetoes,
    vetoed,
    bonuses,
    bonusTotal: assessed ? bonusTotal : 0,
    bonusCapped,
    total,
    ...(grade ? { grade } : {}),
  };
}

/** One row of a unit's explanation: a record and what it cost (or won). */
export interface ExplanationEntry extends Finding {
  section: 'indicator' | 'veto' | 'bonus';
  /** The indicator, veto or bonus it belongs to. */
  itemId: string;
  itemName: string;
  /** Points lost (indicator), won (bonus); 0 for a veto hit, which fails the unit outright. */
  points: number;
  beyondCap?: boolean;
}

/** Every record behind a table, indicators first in the scheme's order, then vetoes, then bonuses. */
export function explanationEntries(table: UnitScoreTable): ExplanationEntry[] {
  return [
    ...table.lines.flatMap((line) =>
      line.deductions.map((d) => ({
        ...d,
        section: 'indicator' as const,
        itemId: line.id,
        itemName: line.name,
      })),
    ),
    ...table.vetoes.flatMap((veto) =>
      veto.records.map((r) => ({
        ...r,
        section: 'veto' as const,
        itemId: veto.id,
        itemName: veto.name,
        points: 0,
      })),
    ),
    ...table.bonuses.flatMap((bonus) =>
      bonus.records.map((r) => ({ ...r, section: 'bonus' as const, itemId: bonus.id, itemName: bonus.name })),
    ),
  ];
}

export interface ExplanationPage {
  entries: ExplanationEntry[];
  /** Entries in all (of the chosen item). */
  total: number;
  /** Offset of the next page; absent on the last. */
  nextOffset?: number;
}

export const EXPLANATION_PAGE_MAX = 200;

/** One page of a table's explanation, optionally of one indicator, veto or bonus. */
export function explanationPage(
  table: UnitScoreTable,
  options: { itemId?: string; recordKind?: RecordKind; offset?: number; limit?: number } = {},
): ExplanationPage {
  const offset = options.offset ?? 0;
  const limit = Math.min(options.limit ?? 50, EXPLANATION_PAGE_MAX);
  if (!Number.isInteger(offset) || offset < 0)
    throw new ValidationError([{ path: 'query.offset', message: 'must be a whole number, 0 or more' }]);
  if (!Number.isInteger(limit) || limit < 1)
    throw new ValidationError([{ path: 'query.limit', message: `must be 1 to ${EXPLANATION_PAGE_MAX}` }]);
  const known = [...table.lines, ...table.vetoes, ...table.bonuses].map((item) => item.id);
  if (options.itemId !== undefined && !known.includes(options.itemId))
    throw new ValidationError([
      {
        path: 'query.item',
        message: `scheme ${table.scheme.id} has no indicator, veto or bonus ${options.itemId}`,
      },
    ]);
  const all = explanationEntries(table).filter(
    (e) =>
      (options.itemId === undefined || e.itemId === options.itemId) &&
      (options.recordKind === undefined || e.recordKind === options.recordKind),
  );
  const entries = all.slice(offset, offset + limit);
  return {
    entries,
    total: all.length,
    ...(offset + limit < all.length ? { nextOffset: offset + limit } : {}),
  };
}
