import { countLeniently } from '@govshare/domain/exchange';
import { cstDay, type WorkingCalendar, workingDaysBetween } from '@govshare/domain/kernel';
import type { UnitFacts } from './facts.ts';
import { type AssessmentPeriod, isInPeriod, yearOfPeriod } from './periods.ts';
import type { Formula } from './scheme.ts';

/**
 * The formulas of a scheme, evaluated over one unit's records. A rate formula says how many records
 * it measured, how many met the rule, and which failed (each with the share of the indicator it
 * costs); a count formula lists the records it found. Every finding names its record and why, in
 * the short Chinese a unit reads on its explanation page.
 */
export const RECORD_KINDS = [
  'delivery',
  'urge',
  'catalogue-entry',
  'access-request',
  'project',
  'information-item',
  'commission',
  'quota',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface Finding {
  recordKind: RecordKind;
  recordId: string;
  /** When it happened (the missed deadline, the urge, the return …). */
  at: string;
  /** "签收晚 2 个工作日". */
  reason: string;
  label?: string;
}

export interface RateMeasurement {
  kind: 'rate';
  /** Records measured, and of those the ones that met the rule. */
  counted: number;
  met: number;
  /** 0–1; undefined when there was nothing to measure (or no quota). */
  value: number | undefined;
  /** "12/13 按时" or, for the information quota, the points against the target. */
  valueText: string;
  /** Each with the share of the indicator's weight it costs; the shares add to 1 − value. */
  failing: (Finding & { share: number })[];
}

export interface CountMeasurement {
  kind: 'count';
  found: Finding[];
}

export type Measurement = RateMeasurement | CountMeasurement;

export interface MeasureContext {
  period: AssessmentPeriod;
  /** Records are judged as they stood at this instant (the period's end, or now while it is open). */
  asOf: Date;
  calendar: WorkingCalendar;
}

const ms = (iso: string) => Date.parse(iso);
/** A deadline belongs to the period its last moment falls in (a deadline at CST midnight 04-01 is March's). */
const deadlineIn = (period: AssessmentPeriod, dueAt: string) => isInPeriod(period, new Date(ms(dueAt) - 1));

/** "晚 2 个工作日", counted on the platform's calendar from the deadline's last day. */
function lateBy(dueAt: string, actedAt: Date, calendar: WorkingCalendar): string {
  const { value, weekendsOnlyYears } = countLeniently(calendar, (c) =>
    workingDaysBetween(new Date(ms(dueAt) - 1), actedAt, c),
  );
  const counted = value > 0 ? `${value} 个工作日` : '不足 1 个工作日';
  return weekendsOnlyYears.length > 0
    ? `${counted}（${weekendsOnlyYears.join('、')} 年未载入节假日，按周末计）`
    : counted;
}

interface Deadlined {
  id: string;
  dueAt: string;
  actedAt?: string;
  label?: string;
}

/**
 * On-time rate over records with a deadline in the period. Acted by the deadline: met (even while
 * the period is open). Acted after it, or not at all once it passed by asOf: failed. Not acted and
 * not due yet: not counted.
 */
function onTimeRate(
  records: readonly Deadlined[],
  recordKind: RecordKind,
  words: { late: string; missing: string },
  context: MeasureContext,
): RateMeasurement {
  const { period, asOf, calendar } = context;
  let counted = 0;
  let met = 0;
  const failing: (Finding & { share: number })[] = [];
  // asOf is exclusive (a period's end is the next one's first instant): count up to just before it.
  const lastMoment = new Date(asOf.getTime() - 1);
  for (const record of records) {
    if (!deadlineIn(period, record.dueAt)) continue;
    const acted = record.actedAt ? ms(record.actedAt) : undefined;
    const due = ms(record.dueAt);
    if (acted !== undefined && acted <= due) {
      counted++;
      met++;
      continue;
    }
    if (acted === undefined && due > asOf.getTime()) continue;
    counted++;
    const reason =
      acted !== undefined
        ? `${words.late}${lateBy(record.dueAt, new Date(acted), calendar)}`
        : `${words.missing}（至 ${cstDay(lastMoment)} 已逾 ${lateBy(record.dueAt, lastMoment, calendar)}）`;
    failing.push({
      recordKind,
      recordId: record.id,
      at: record.dueAt,
      reason,
      share: 0,
      ...(record.label ? { label: record.label } : {}),
    });
  }
  for (const f of failing) f.share = 1 / counted;
  return {
    kind: 'rate',
    counted,
    met,
    value: counted === 0 ? undefined : met / counted,
    valueText: counted === 0 ? '无记录' : `${met}/${counted} 按时`,
    failing: sortFindings(failing),
  };
}

function catalogueFreshness(facts: UnitFacts, { period, asOf }: MeasureContext): RateMeasurement {
  const entries = facts.catalogueEntries.filter((e) => ms(e.publishedAt) < asOf.getTime());
  const failing: (Finding & { share: number })[] = [];
  for (const entry of entries) {
    const staleInPeriod =
      entry.staleSince !== undefined &&
      ms(entry.staleSince) < asOf.getTime() &&
      (entry.freshAgainAt === undefined || ms(entry.freshAgainAt) > ms(period.startsAt));
    if (!staleInPeriod || !entry.staleSince) continue;
    const since = cstDay(new Date(entry.staleSince));
    const until = entry.freshAgainAt ? `，${cstDay(new Date(entry.freshAgainAt))} 恢复更新` : '';
    failing.push({
      recordKind: 'catalogue-entry',
      recordId: entry.code,
      at: entry.staleSince,
      reason: `自 ${since} 起未按更新周期更新（睡眠栏目）${until}`,
      label: entry.name,
      share: 1 / entries.length,
    });
  }
  const met = entries.length - failing.length;
  return {
    kind: 'rate',
    counted: entries.length,
    met,
    value: entries.length === 0 ? undefined : met / entries.length,
    valueText: entries.length === 0 ? '无目录资源' : `${met}/${entries.length} 保持更新`,
    failing: sortFindings(failing),
  };
}

/** 12 for a year, 9 at the end of Q3: the months of the year that the period's end closes. */
const monthsClosedBy = (period: AssessmentPeriod) => Number(period.lastDay.slice(5, 7));

/**
 * 时间过半、任务过半: the points of the year up to asOf against the quota pro rata to the months
 * of the year the period closes (Q3: 9/12 of it). Commission deductions are failing records of
 * their own; the rest of the shortfall is charged to the quota itself.
 */
function informationAgainstQuota(
  facts: UnitFacts,
  unitCode: string,
  context: MeasureContext,
): RateMeasurement {
  const { quota, entries } = facts.information;
  const year = yearOfPeriod(context.period);
  if (!quota)
    return { kind: 'rate', counted: 0, met: 0, value: undefined, valueText: '未下达采用任务', failing: [] };
  const inYear = entries.filter((e) => isInPeriod(year, e.at) && ms(e.at) <= context.asOf.getTime());
  const points = inYear.reduce((sum, e) => sum + e.points, 0);
  const months = monthsClosedBy(context.period);
  const target = (quota * months) / 12;
  const value = Math.min(1, Math.max(0, points / target));
  const failing: (Finding & { share: number })[] = [];
  let left = 1 - value;
  for (const entry of inYear) {
    if (entry.points >= 0 || left <= 0) continue;
    const share = Math.min(left, -entry.points / target);
    left -= share;
    failing.push({
      recordKind: entry.recordKind,
      recordId: entry.recordId,
      at: entry.at,
      reason: entry.reason,
      share,
    });
  }
  const targetText =
    months === 12 ? `年度任务 ${quota} 分` : `年度任务 ${quota} 分的 ${months}/12，即 ${round2(target)} 分`;
  if (left > 1e-9) {
    failing.push({
      recordKind: 'quota',
      recordId: `${unitCode}/${context.period.year}`,
      at: context.asOf.toISOString(),
      reason: `采用得分 ${round2(points)} 分，未完成${targetText}`,
      share: left,
    });
  }
  return {
    kind: 'rate',
    counted: inYear.length,
    met: inYear.filter((e) => e.points > 0).length,
    value,
    valueText: `${round2(points)}/${round2(target)} 分（${targetText}）`,
    failing,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort((a, b) => a.at.localeCompare(b.at) || a.recordId.localeCompare(b.recordId));
}

const URGE_KIND_WORDS = { 'sign-for': '签收', handling: '办理' } as const;

/** Evaluates one formula over one unit's facts. */
export function measure(
  formula: Formula,
  unitCode: string,
  facts: UnitFacts,
  context: MeasureContext,
): Measurement {
  const { period } = context;
  const live = <T extends { withdrawnAt?: string | undefined }>(list: readonly T[]) =>
    list.filter((d) => d.withdrawnAt === undefined);
  switch (formula.kind) {
    case 'on-time-sign-for':
      return onTimeRate(
        live(facts.received).map((d) => ({
          id: d.id,
          dueAt: d.signForDueAt,
          // A return (退文) answers the delivery as a sign-for does.
          actedAt: d.signedForAt ?? d.returnedAt,
          label: d.label,
        })),
        'delivery',
        { late: '签收晚 ', missing: '逾期未签收' },
        context,
      );
    case 'on-time-handling':
      return onTimeRate(
        live(facts.received)
          .filter((d) => d.as === 'main' && d.handleDueAt !== undefined)
          .map((d) => ({ id: d.id, dueAt: d.handleDueAt as string, actedAt: d.handledAt, label: d.label })),
        'delivery',
        { late: '办结晚 ', missing: '逾期未办结' },
        context,
      );
    case 'access-requests-answered-in-time':
      return onTimeRate(
        facts.accessRequests
          .filter((r) => r.shareType === 'conditional' && r.dueAt !== undefined)
          .map((r) => ({ id: r.id, dueAt: r.dueAt as string, actedAt: r.decidedAt, label: r.resourceName })),
        'access-request',
        { late: '共享申请答复晚 ', missing: '共享申请逾期未答复' },
        context,
      );
    case 'catalogue-freshness':
      return catalogueFreshness(facts, context);
    case 'information-points-against-quota':
      return informationAgainstQuota(facts, unitCode, context);
    case 'misdirected-returns':
      return {
        kind: 'count',
        found: sortFindings(
          facts.sent
            .filter(
              (d) => d.returnReason === 'misdirected' && d.returnedAt && isInPeriod(period, d.returnedAt),
            )
            .map((d) => ({
              recordKind: 'delivery' as const,
              recordId: d.id,
              at: d.returnedAt as string,
              reason: `被 ${d.recipientUnit} 以误投退回（发文单位送错）`,
              ...(d.label ? { label: d.label } : {}),
            })),
        ),
      };
    case 'urges-received': {
      const levels = formula.levels ?? [1, 2];
      return {
        kind: 'count',
        found: sortFindings(
          facts.urges
            .filter((u) => levels.includes(u.level) && isInPeriod(period, u.urgedAt))
            .map((u) => ({
              recordKind: 'urge' as const,
              recordId: u.id,
              at: u.urgedAt,
              reason: `${URGE_KIND_WORDS[u.kind]}被催办（${u.level === 2 ? '二级，已报单位负责人' : '一级'}${u.source === 'manual' ? '，发文单位催办' : ''}）`,
              ...(u.label ? { label: u.label } : {}),
            })),
        ),
      };
    }
    case 'duplicate-construction-projects':
      return {
        kind: 'count',
        found: sortFindings(
          facts.projects
            .filter(
              (p) =>
                p.duplicateConstruction &&
                formula.outcomes.includes(p.outcome) &&
                isInPeriod(period, p.decidedAt),
            )
            .map((p) => ({
              recordKind: 'project' as const,
              recordId: p.id,
              at: p.decidedAt,
              reason: `因重复建设被${p.outcome === 'returned' ? '退回' : '否决'}`,
              label: p.name,
            })),
        ),
      };
    case 'information-adoptions': {
      const levels = formula.levels ?? [];
      const leaderLevels = formula.leaderLevels ?? [];
      return {
        kind: 'count',
        found: sortFindings(
          facts.information.entries
            .filter(
              (e) =>
                isInPeriod(period, e.at) &&
                ms(e.at) <= context.asOf.getTime() &&
                ((e.level !== undefined && levels.includes(e.level)) ||
                  (e.leaderLevel !== undefined && leaderLevels.includes(e.leaderLevel))),
            )
            .map((e) => ({ recordKind: e.recordKind, recordId: e.recordId, at: e.at, reason: e.reason })),
        ),
      };
    }
  }
}
