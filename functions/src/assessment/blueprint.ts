import type { ContextFunctions } from '@govshare/blueprint';
import type { Role } from '@govshare/domain/kernel';
import { informationRouteSpecs } from './information/routes.ts';

// Who may call what. The routes then check the finer rule: a unit reads its own table, the
// e-government office (and auditors) every unit's.
/** The e-government office computes, freezes and issues the 通报; the platform administrator too. */
const office: Role[] = ['egov-reviewer', 'platform-admin'];
/** Who reads every unit's results and the job reports: the office, auditors. */
const officeReaders: Role[] = ['egov-reviewer', 'platform-admin', 'auditor'];

/**
 * Assessment (绩效考核): a versioned scheme; per period, every unit's 100-point table computed from
 * the records the other contexts keep (read through their published interfaces), the ranking among
 * peers, the explanation of every deduction, exports, and the 通报 handed to the exchange.
 *
 * Items of the `assessment` table. Every key is `<KIND>#<id>` so the contexts' two parts (scoring,
 * and information reporting, which keeps its items here under INFO#, QUOTA#, COMMISSION#, METHOD#)
 * never meet; keys are built in table-keys.ts only.
 *   scheme:      pk SCHEME  sk CURRENT | VERSION#<0001>   the scheme in force, and every version ever
 *                                                       saved (the CURRENT put on condition of the
 *                                                       version it replaces, VERSION#n on its absence)
 *   period:      pk PERIOD#<key>  sk PERIOD              state open | frozen, the last computation, its
 *                                                       scheme version and unit count, the 通报's id;
 *                                                       computingId / computingUntil: the computation
 *                                                       that holds the period (one at a time, a lease)
 *   table:       pk PERIOD#<key>  sk TABLE#<unit>        one unit's UnitScoreTable (gzip JSON, `table`)
 *                                                       with total, rank and peer group beside it
 *   ranking:     pk PERIOD#<key>  sk RANKING             the period's RankingEntry list (gzip JSON)
 *   computation: pk COMPUTATION#<id>  sk COMPUTATION     gsi1pk COMPUTATIONS#<period>  gsi1sk <requestedAt>#<id>
 *                                                       a job: state, units done / total, who asked
 *   information: pk INFO#… | QUOTA#… | COMMISSION#… | METHOD#…  (information/**: its own layout)
 *   idempotency: pk idempotency#<function>             (platform/idempotency.ts)
 */
export const assessmentFunctions = {
  assessment: {
    kind: 'http',
    entry: 'functions/src/assessment/handler.ts',
    description: 'Assessment: schemes, period computations and freezes, unit tables, rankings, exports, 通报',
    memoryMb: 1024,
    tables: { assessment: 'readwrite', identity: 'read' },
    sendsTo: ['assessment-computations', 'official-drafts', 'audit-trail'],
    routes: {
      // ------------------------------------------------------------------ the scheme
      getAssessmentScheme: {
        method: 'GET',
        path: '/v1/assessment/scheme',
        access: 'authenticated',
        summary: 'The assessment scheme in force: indicators, weights, vetoes, bonuses, grades',
      },
      listAssessmentSchemeVersions: {
        method: 'GET',
        path: '/v1/assessment/scheme/versions',
        access: 'authenticated',
        summary: 'Every saved version of the scheme, newest first (who, when)',
      },
      getAssessmentSchemeVersion: {
        method: 'GET',
        path: '/v1/assessment/scheme/versions/{version}',
        access: 'authenticated',
        summary: 'One version of the scheme as it was saved',
      },
      putAssessmentScheme: {
        method: 'PUT',
        path: '/v1/assessment/scheme',
        access: ['platform-admin'],
        summary: 'Save the next version of the scheme (version = the current + 1; weights add to 100)',
      },
      // ------------------------------------------------------------------ periods
      getAssessmentPeriod: {
        method: 'GET',
        path: '/v1/assessment/periods/{period}',
        access: 'authenticated',
        summary: 'A period: its dates, phase (open, ended, frozen), last computation and 通报',
      },
      computeAssessmentPeriod: {
        method: 'POST',
        path: '/v1/assessment/periods/{period}/computations',
        access: office,
        summary: "Compute every unit's table for the period (queued: 202 with the computation's id)",
      },
      getAssessmentComputation: {
        method: 'GET',
        path: '/v1/assessment/computations/{id}',
        access: officeReaders,
        summary: 'A computation: its state and progress (units done / total)',
      },
      freezeAssessmentPeriod: {
        method: 'POST',
        path: '/v1/assessment/periods/{period}/freeze',
        access: office,
        summary: 'Freeze an ended period: its tables become final, and its 通报 is drafted',
      },
      draftAssessmentBulletin: {
        method: 'POST',
        path: '/v1/assessment/periods/{period}/bulletin',
        access: office,
        summary: "Ask the exchange (again) for the period's 通报: drafted once, for sign-off",
      },
      // ------------------------------------------------------------------ results
      getAssessmentRanking: {
        method: 'GET',
        path: '/v1/assessment/periods/{period}/ranking',
        access: 'authenticated',
        summary: 'The ranking of the period among peers (?peerGroup=county/government), with changes',
      },
      exportAssessmentRanking: {
        method: 'GET',
        path: '/v1/assessment/periods/{period}/ranking/export',
        access: officeReaders,
        summary: 'The ranking with every indicator score as CSV (UTF-8, BOM) or .xlsx (?format=)',
      },
      getAssessmentUnitTable: {
        method: 'GET',
        path: '/v1/assessment/periods/{period}/units/{unit}',
        access: 'authenticated',
        summary:
          "A unit's 100-point table: indicators, weights, scores, vetoes, bonuses, rank (the unit, the office)",
      },
      getAssessmentExplanation: {
        method: 'GET',
        path: '/v1/assessment/periods/{period}/units/{unit}/explanation',
        access: 'authenticated',
        summary:
          "The records behind a unit's table, paged (?item=, offset, limit ≤ 200), each with where to read it",
      },
      // ------------------------------------------------------------------ information reporting (政务信息)
      ...informationRouteSpecs,
    },
  },
  'assessment-computations': {
    kind: 'consumer',
    entry: 'functions/src/assessment/computations-consumer.ts',
    description: "Computes a period: reads every unit's records, scores, ranks, writes the tables",
    queue: 'assessment-computations',
    batchSize: 1,
    memoryMb: 1024,
    timeoutSeconds: 840,
    tables: {
      assessment: 'readwrite',
      identity: 'read',
      exchange: 'read',
      catalogue: 'read',
      review: 'read',
    },
    // official-drafts: the 通报 of a computation that asks for it (the first start's).
    sendsTo: ['official-drafts', 'audit-trail'],
  },
} as const satisfies ContextFunctions;
