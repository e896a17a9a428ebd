import { PERIOD_KINDS, RECORD_KINDS } from '@govshare/domain/assessment';
import * as z from 'zod';

/**
 * What the assessment routes answer, for the OpenAPI document and the reply checks. The scheme and
 * the tables are the domain's shapes; their nested parts (formulas, rules, lines) are described
 * loosely here, their exact shape being the domain's (packages/domain/src/assessment).
 */
/** A part whose shape is the domain's: passed through as it is. */
const loose = z.unknown();

export const storedSchemeSchema = z
  .object({
    scheme: z.object({
      id: z.string(),
      version: z.number().int(),
      name: z.string(),
      periodKinds: z.array(z.enum(PERIOD_KINDS)),
      indicators: z.array(loose),
      vetoes: z.array(loose),
      bonuses: z.array(loose),
      bonusCap: z.number(),
      grades: z.array(z.object({ name: z.string(), minimum: z.number() })).optional(),
    }),
    savedAt: z.string(),
    savedBy: z.string(),
  })
  .meta({ id: 'AssessmentSchemeVersion' });

export const schemeVersionsResponse = z.object({ items: z.array(storedSchemeSchema) });

export const computationSchema = z
  .object({
    id: z.string(),
    period: z.string(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    requestedAt: z.string(),
    requestedBy: z.string(),
    requestedByUnit: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    schemeVersion: z.number().int().optional(),
    failure: z.string().optional(),
  })
  .meta({ id: 'AssessmentComputation' });

export const periodResponse = z
  .object({
    period: z.string(),
    kind: z.enum(PERIOD_KINDS),
    firstDay: z.string(),
    lastDay: z.string(),
    phase: z.enum(['not-started', 'open', 'ended', 'frozen']),
    frozenAt: z.string().optional(),
    computationId: z.string().optional(),
    computedAt: z.string().optional(),
    schemeVersion: z.number().int().optional(),
    units: z.number().int().optional(),
    bulletinDocumentId: z.string().optional(),
  })
  .meta({ id: 'AssessmentPeriod' });

export const bulletinResponse = z.object({
  period: z.string(),
  documentId: z.string(),
  /** Where the drafter finds it once the exchange has drafted it. */
  location: z.string(),
});

export const freezeResponse = periodResponse.extend({ bulletin: bulletinResponse.optional() });

export const rankingEntrySchema = z
  .object({
    unitCode: z.string(),
    unitName: z.string(),
    peerGroup: z.string(),
    total: z.number().nullable(),
    vetoed: z.boolean(),
    grade: z.string().optional(),
    rank: z.number().int().nullable(),
    ranked: z.number().int(),
    previous: z.object({ rank: z.number().int().nullable(), total: z.number().nullable() }).optional(),
    rankChange: z.number().int().nullable().optional(),
    totalChange: z.number().nullable().optional(),
  })
  .meta({ id: 'AssessmentRankingEntry' });

export const rankingResponse = z.object({
  period: z.string(),
  state: z.enum(['provisional', 'final']),
  computedAt: z.string().optional(),
  items: z.array(rankingEntrySchema),
});

export const unitTableResponse = z
  .object({
    scheme: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
    period: z.string(),
    unit: z.object({ code: z.string(), name: z.string(), level: z.string(), kind: z.string() }),
    peerGroup: z.string(),
    state: z.enum(['provisional', 'final']),
    computedAt: z.string(),
    judgedAt: z.string(),
    assessed: z.boolean(),
    applicableWeight: z.number(),
    scale: z.number(),
    /** The indicator lines: weight, value, score, deductions (the domain's IndicatorLine). */
    lines: z.array(loose),
    base: z.number().nullable(),
    vetoes: z.array(loose),
    vetoed: z.boolean(),
    bonuses: z.array(loose),
    bonusTotal: z.number(),
    bonusCapped: z.boolean(),
    total: z.number().nullable(),
    grade: z.string().optional(),
    rank: z.number().int().nullable(),
    ranked: z.number().int(),
    rankChange: z.number().int().nullable().optional(),
    totalChange: z.number().nullable().optional(),
  })
  .meta({ id: 'AssessmentUnitTable' });

export const explanationEntrySchema = z
  .object({
    section: z.enum(['indicator', 'veto', 'bonus']),
    itemId: z.string(),
    itemName: z.string(),
    recordKind: z.enum(RECORD_KINDS),
    recordId: z.string(),
    at: z.string(),
    reason: z.string(),
    label: z.string().optional(),
    points: z.number(),
    beyondCap: z.boolean().optional(),
    /** Where the record can be read, when a route serves it (the reader's own access rules apply). */
    href: z.string().optional(),
  })
  .meta({ id: 'AssessmentExplanationEntry' });

export const explanationResponse = z.object({
  period: z.string(),
  unit: z.string(),
  total: z.number().int(),
  items: z.array(explanationEntrySchema),
  nextOffset: z.number().int().optional(),
});
