import {
  type AccessRequestFact,
  type AssessedUnit,
  type AssessmentScheme,
  type AssessmentSchemeInput,
  assessmentSchemeSchema,
  type DeliveryFact,
  NO_FACTS,
  type ProjectFact,
  type RateFormulaKind,
  SAMPLE_ASSESSMENT_SCHEME,
  type UnitFacts,
  type UrgeFact,
} from '@govshare/domain/assessment';
import { workingCalendar } from '@govshare/domain/kernel';
import { sampleCalendarYears } from '@govshare/functions/identity/sample-calendar.ts';

export const calendar = workingCalendar(sampleCalendarYears);
export const sampleScheme: AssessmentScheme = assessmentSchemeSchema.parse(SAMPLE_ASSESSMENT_SCHEME);
type IndicatorInput = AssessmentSchemeInput['indicators'][number];
type RateKind = Extract<IndicatorInput['formula']['kind'], RateFormulaKind>;

/** An indicator scored as a rate, dropped when there is nothing to measure. */
export const rateIndicator = (id: string, name: string, weight: number, kind: RateKind): IndicatorInput => ({
  id,
  name,
  weight,
  formula: { kind } as IndicatorInput['formula'],
  rule: { kind: 'rate', whenNoRecords: 'not-applicable' },
});

/** An indicator of urges, so many points each. */
export const urgeIndicator = (
  id: string,
  name: string,
  weight: number,
  pointsPerRecord: number,
): IndicatorInput => ({
  id,
  name,
  weight,
  formula: { kind: 'urges-received' },
  rule: { kind: 'deduction', pointsPerRecord },
});

/** A scheme of the given indicators and nothing else. */
export const bareScheme = (
  id: string,
  periodKinds: AssessmentSchemeInput['periodKinds'],
  indicators: IndicatorInput[],
): AssessmentSchemeInput => ({ id, version: 1, name: id, periodKinds, indicators });

export const schemeOf = (input: AssessmentSchemeInput): AssessmentScheme =>
  assessmentSchemeSchema.parse(input);

/** Sample-city units (functions/src/identity/sample-directory.ts). */
export const SHANGZHOU: AssessedUnit = {
  code: '611002000',
  name: '商州区人民政府',
  level: 'county',
  kind: 'government',
};
export const LUONAN: AssessedUnit = {
  code: '611021000',
  name: '洛南县人民政府',
  level: 'county',
  kind: 'government',
};
export const STATISTICS: AssessedUnit = {
  code: '611000202',
  name: '商洛市统计局',
  level: 'city',
  kind: 'institution',
};
export const MEDICAL_INSURANCE: AssessedUnit = {
  code: '611000203',
  name: '商洛市医疗保障局',
  level: 'city',
  kind: 'institution',
};
export const FINANCE: AssessedUnit = {
  code: '611000108',
  name: '商洛市财政局',
  level: 'city',
  kind: 'department',
};
export const CITY_OFFICE = '611000001';

/** The end of a CST day: where the exchange and sharing put a deadline's instant. */
export const endOf = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
/** A CST wall-clock time. */
export const cst = (dayTime: string): string => new Date(`${dayTime}+08:00`).toISOString();

let serial = 0;
const next = (prefix: string) => `${prefix}-${++serial}`;

export function delivery(recipientUnit: string, changes: Partial<DeliveryFact> = {}): DeliveryFact {
  const documentId = changes.documentId ?? next('doc');
  return {
    id: `${documentId}/${recipientUnit}`,
    documentId,
    senderUnit: CITY_OFFICE,
    recipientUnit,
    as: 'main',
    deliveredAt: cst('2026-11-02T09:00:00'),
    signForDueAt: endOf('2026-11-03'),
    ...changes,
  };
}

export function urge(recipientUnit: string, urgedAt: string, changes: Partial<UrgeFact> = {}): UrgeFact {
  return {
    id: next('urge'),
    documentId: 'doc-urged',
    recipientUnit,
    kind: 'sign-for',
    level: 1,
    source: 'sweep',
    urgedAt,
    ...changes,
  };
}

export function accessRequest(
  providerUnit: string,
  changes: Partial<AccessRequestFact> = {},
): AccessRequestFact {
  return {
    id: next('req'),
    resourceCode: 'R-0001',
    providerUnit,
    consumerUnit: '611000106',
    shareType: 'conditional',
    createdAt: cst('2026-11-02T09:00:00'),
    ...changes,
  };
}

export function project(submitterUnit: string, changes: Partial<ProjectFact> = {}): ProjectFact {
  return {
    id: next('prj'),
    name: '政务服务平台',
    submitterUnit,
    outcome: 'returned',
    decidedAt: cst('2026-11-10T15:00:00'),
    duplicateConstruction: true,
    ...changes,
  };
}

export const facts = (changes: Partial<UnitFacts>): UnitFacts => ({ ...NO_FACTS, ...changes });
