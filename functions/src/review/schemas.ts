import {
  ATTACHMENT_KINDS,
  BUDGET_CATEGORIES,
  CHECK_NAMES,
  CHECK_OUTCOMES,
  type CheckEvidence,
  type CorpusKind,
  type DecisionOutcome,
  NETWORKS,
  OFFICES,
  PLAN_ITEM_STATES,
  PROJECT_KINDS,
  PROJECT_STATES,
  type ProjectEventType,
  SYSTEM_DEPLOYMENTS,
} from '@govshare/domain/review';
import * as z from 'zod';
import { fieldsOf, uploadSchema as platformUploadSchema, startedUploadSchema } from '../platform/schemas.ts';

/**
 * Response schemas of the review routes: what each handler answers (TypeScript checks each handler
 * against its schema, and the tests check every reply). Each view is built once and reused; the
 * enums are the domain's lists (where the domain keeps only a type, the list is written here once and
 * checked against that type).
 */

// ── Enums ───────────────────────────────────────────────────────────────────────────────────

const projectState = z.enum(PROJECT_STATES);
const projectKind = z.enum(PROJECT_KINDS);
const office = z.enum(OFFICES);
const checkOutcome = z.enum(CHECK_OUTCOMES);
const budgetCategory = z.enum(BUDGET_CATEGORIES);
const severity = z.enum(['warn', 'fail']);

// ── Shared pieces ───────────────────────────────────────────────────────────────────────────

export const uploadSchema = platformUploadSchema.meta({ id: 'ReviewUpload' });

export const checkEvidenceSchema = z
  .object({
    kind: z.enum([
      'budget-line',
      'field',
      'plan-item',
      'resource',
      'rule',
      'project',
      'system',
    ]) satisfies z.ZodType<CheckEvidence['kind']>,
    ref: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'ReviewCheckEvidence' });

export const checkResultSchema = z
  .object({
    check: z.enum(CHECK_NAMES),
    outcome: checkOutcome,
    reason: z.string(),
    evidence: z.array(checkEvidenceSchema),
  })
  .meta({ id: 'ReviewCheckResult' });

export const recollectionEvidenceSchema = z
  .object({
    item: z.string(),
    resource: z.object({ code: z.string(), name: z.string() }),
    provider: z.string(),
    matchedItem: z.string(),
  })
  .meta({ id: 'ReviewRecollectionEvidence' });

export const recollectionCheckSchema = checkResultSchema
  .extend({ check: z.literal('no-re-collection'), evidence: z.array(recollectionEvidenceSchema) })
  .meta({ id: 'ReviewRecollectionCheck' });

export const functionOverlapSchema = z
  .object({ submitted: z.string(), earlier: z.string(), score: z.number() })
  .meta({ id: 'ReviewFunctionOverlap' });

export const similarMatchSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['project', 'system']) satisfies z.ZodType<CorpusKind>,
    unit: z.string(),
    name: z.string(),
    score: z.number(),
    fields: z.object({ name: z.number(), description: z.number(), functions: z.number() }),
    overlappingFunctions: z.array(functionOverlapSchema),
  })
  .meta({ id: 'ReviewSimilarMatch' });

export const duplicateConstructionCheckSchema = checkResultSchema
  .extend({ check: z.literal('duplicate-construction'), evidence: z.array(similarMatchSchema) })
  .meta({ id: 'ReviewDuplicateConstructionCheck' });

export const reviewTierSchema = z
  .object({ code: z.string(), label: z.string(), reviewers: z.array(office) })
  .meta({ id: 'ReviewReviewTier' });

/** A budget line as the decisions fund it: what was asked and what was approved. */
const fundedLineSchema = z.object({
  line: z.number(),
  category: budgetCategory,
  item: z.string(),
  requested: z.number(),
  approved: z.number(),
});

export const budgetCutSchema = fundedLineSchema
  .extend({ reason: z.string() })
  .meta({ id: 'ReviewBudgetCut' });

export const officeDecisionSchema = z
  .object({
    office,
    projectVersion: z.number(),
    outcome: z.enum([
      'approve',
      'approve-with-cuts',
      'return',
      'reject',
    ]) satisfies z.ZodType<DecisionOutcome>,
    reviewer: z.string(),
    reviewerUnit: z.string(),
    at: z.string(),
    opinion: z.string().optional(),
    reason: z.string().optional(),
    cuts: z.array(budgetCutSchema),
    comments: z.array(z.object({ item: z.string(), comment: z.string() })),
    requestedTotal: z.number(),
    carriedFromVersion: z.number().optional(),
  })
  .meta({ id: 'ReviewOfficeDecision' });

export const projectVersionRecordSchema = z
  .object({
    projectVersion: z.number(),
    createdAt: z.string(),
    by: z.string(),
    submittedAt: z.string().optional(),
  })
  .meta({ id: 'ReviewProjectVersionRecord' });

export const checksSummarySchema = z
  .object({
    projectVersion: z.number(),
    outcome: checkOutcome,
    tier: reviewTierSchema,
    handledAs: projectKind,
    rules: z.string(),
  })
  .meta({ id: 'ReviewChecksSummary' });

export const approvedLineSchema = fundedLineSchema
  .extend({ cuts: z.array(z.object({ office, approved: z.number(), reason: z.string() })) })
  .meta({ id: 'ReviewApprovedLine' });

export const approvedBudgetSchema = z
  .object({
    lines: z.array(approvedLineSchema),
    requested: z.number(),
    approved: z.number(),
    cut: z.number(),
  })
  .meta({ id: 'ReviewApprovedBudget' });

export const fieldChangeSchema = z
  .object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })
  .meta({ id: 'ReviewFieldChange' });

export const bodyRunSchema = z
  .object({
    kind: z.enum(['unchanged', 'added', 'removed']),
    lines: z.array(z.string()),
    fromLine: z.number().optional(),
    toLine: z.number().optional(),
  })
  .meta({ id: 'ReviewBodyRun' });

// ── Projects ────────────────────────────────────────────────────────────────────────────────

const budgetLineSchema = z.object({
  category: budgetCategory,
  item: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  amount: z.number(),
  unit: z.string().optional(),
  justification: z.string().optional(),
});

/** What the submitting unit writes (one version of it). */
const projectContentSchema = z.object({
  name: z.string(),
  kind: projectKind,
  description: z.string(),
  functions: z.array(z.string()),
  budgetLines: z.array(budgetLineSchema),
  deployment: z.union([
    z.object({ mode: z.literal('government-cloud') }),
    z.object({
      mode: z.literal('self-built'),
      parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
      justification: z.string().optional(),
    }),
  ]),
  network: z.enum(NETWORKS),
  securityLevel: z.number(),
  schedule: z.object({
    start: z.string(),
    end: z.string(),
    milestones: z.array(z.object({ name: z.string(), due: z.string() })),
  }),
  planItem: z.string(),
  produces: z.array(z.string()),
  consumes: z.array(z.string()),
  collects: z.array(z.string()),
  attachments: z.array(
    z.object({ name: z.string(), sha256: z.string(), size: z.number(), kind: z.enum(ATTACHMENT_KINDS) }),
  ),
  originalInvestment: z.number().optional(),
  existingSystem: z.string().optional(),
});

/** A project as its unit and its reviewers see it: the stored project and where its review stands. */
const projectViewSchema = z.object({
  lastReturn: officeDecisionSchema.optional(),
  currentDecisions: z.object(fieldsOf(OFFICES, officeDecisionSchema.optional())),
  reviewers: z.array(office),
  awaiting: z.array(office),
  awaitingLater: z.array(office),
  id: z.string(),
  unit: z.string(),
  submitter: z.string(),
  state: projectState,
  projectVersion: z.number(),
  content: projectContentSchema,
  versions: z.array(projectVersionRecordSchema),
  checks: checksSummarySchema.optional(),
  decisions: z.array(officeDecisionSchema),
  approvedBudget: approvedBudgetSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  replyDocumentId: z.string().optional(),
});

export const budgetLineChangeSchema = z
  .object({
    kind: z.enum(['added', 'removed', 'changed']),
    category: budgetCategory,
    item: z.string(),
    fromIndex: z.number().optional(),
    toIndex: z.number().optional(),
    from: budgetLineSchema.optional(),
    to: budgetLineSchema.optional(),
    fields: z.array(z.string()).optional(),
    delta: z.number(),
  })
  .meta({ id: 'ReviewBudgetLineChange' });

export const projectEventSchema = z
  .object({
    projectId: z.string(),
    type: z.enum([
      'rejected',
      'submitted',
      'returned',
      'approved',
      'withdrawn',
      'drafted',
      'edited',
      'checked',
      'decided',
      'decision-carried',
      'decision-reopened',
      'referred',
      'revised',
    ]) satisfies z.ZodType<ProjectEventType>,
    at: z.string(),
    actor: z.string(),
    from: projectState.optional(),
    to: projectState,
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'ReviewProjectEvent' });

// ── Registers and reports ───────────────────────────────────────────────────────────────────

export const registeredSystemSchema = z
  .object({
    id: z.string(),
    kind: z.literal('system'),
    updatedAt: z.string(),
    deployment: z.enum(SYSTEM_DEPLOYMENTS),
    builtYear: z.number(),
    unit: z.string(),
    name: z.string(),
    description: z.string(),
    functions: z.array(z.string()),
    investment: z.number().optional(),
  })
  .meta({ id: 'ReviewRegisteredSystem' });

export const similarityThresholdsSchema = z
  .object({ fail: z.number(), warn: z.number() })
  .meta({ id: 'ReviewSimilarityThresholds' });

const planItemViewSchema = z.object({
  remaining: z.number(),
  yuan: z.object({ envelope: z.string(), approved: z.string(), remaining: z.string() }),
  approved: z.number(),
  code: z.string(),
  name: z.string(),
  state: z.enum(PLAN_ITEM_STATES),
  envelope: z.number(),
});

/** What a pipeline report sums, over all projects or one group of them. */
const pipelineSumsFields = {
  projects: z.number(),
  requested: z.number(),
  approvedProjects: z.number(),
  requestedOfApproved: z.number(),
  approved: z.number(),
  cut: z.number(),
  cutRatePercent: z.number(),
};

export const pipelineGroupSchema = z
  .object({
    key: z.string(),
    byState: z.object(fieldsOf(PROJECT_STATES, z.number().optional())),
    ...pipelineSumsFields,
  })
  .meta({ id: 'ReviewPipelineGroup' });

/** A project of the report named with its state. */
const projectOfReportFields = { projectId: z.string(), unit: z.string(), name: z.string() };

export const duplicateCaughtSchema = z
  .object({ ...projectOfReportFields, outcome: severity, state: projectState })
  .meta({ id: 'ReviewDuplicateCaught' });

export const officeTimeSchema = z
  .object({
    office,
    projects: z.number(),
    waiting: z.number(),
    totalWorkingDays: z.number(),
    averageWorkingDays: z.number(),
    maxWorkingDays: z.number(),
  })
  .meta({ id: 'ReviewOfficeTime' });

export const projectOfficeDaysSchema = z
  .object({
    ...projectOfReportFields,
    state: projectState,
    workingDays: z.object(fieldsOf(OFFICES, z.number().optional())),
    waitingFor: z.array(office),
  })
  .meta({ id: 'ReviewProjectOfficeDays' });

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export const createProjectAttachmentResponse = startedUploadSchema(uploadSchema);

export const completeProjectAttachmentResponse = uploadSchema;

/** The summary of a version's checks, with each check's result. */
export const getProjectChecksResponse = checksSummarySchema.extend({
  results: z.array(z.union([checkResultSchema, recollectionCheckSchema, duplicateConstructionCheckSchema])),
  projectId: z.string(),
});

export const rerunProjectChecksResponse = z.object({
  queued: z.boolean(),
  alreadyChecked: z.boolean(),
  projectId: z.string(),
  projectVersion: z.number(),
});

export const reviewWorklistResponse = z.object({
  nextCursor: z.string().optional(),
  office,
  items: z.array(
    z.object({
      waitedWorkingDays: z.number().optional(),
      projectId: z.string(),
      office,
      since: z.string(),
      projectVersion: z.number(),
      unit: z.string(),
      name: z.string(),
      kind: projectKind,
      planItem: z.string(),
      requested: z.number(),
      tier: z.string().optional(),
      checksOutcome: z.string().optional(),
    }),
  ),
});

/** The project, and whether the decision asked the exchange for the approval reply (批复). */
const decidedProjectSchema = z
  .object({ reply: z.enum(['requested', 'not-requested']) })
  .extend(projectViewSchema.shape);

export const decideProjectResponse = z.union([
  decidedProjectSchema,
  decidedProjectSchema.extend({ reply: z.undefined().optional() }),
]);

export const requestApprovalReplyResponse = z.union([
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    projectId: z.undefined().optional(),
    projectVersion: z.undefined().optional(),
    documentId: z.undefined().optional(),
  }),
  z.object({
    projectId: z.string(),
    projectVersion: z.number(),
    documentId: z.string(),
    type: z.undefined().optional(),
    title: z.undefined().optional(),
    status: z.undefined().optional(),
    detail: z.undefined().optional(),
  }),
]);

export const projectFundingResponse = z.object({
  requestedAmount: z.number().optional(),
  lines: z.array(fundedLineSchema).optional(),
  projectId: z.string(),
  state: projectState,
  approved: z.boolean(),
  projectVersion: z.number(),
  approvedAmount: z.number().optional(),
});

export const createProjectResponse = projectViewSchema;

export const listProjectsResponse = z.object({
  nextCursor: z.string().optional(),
  year: z.unknown(),
  items: z.array(
    z.object({
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number(),
      tier: z.string().optional(),
      checks: checkOutcome.optional(),
      approved: z.number().optional(),
      id: z.string(),
      unit: z.string(),
      state: projectState,
      name: z.string(),
      kind: projectKind,
      planItem: z.string(),
      projectVersion: z.number(),
      requested: z.number(),
    }),
  ),
});

export const getProjectResponse = createProjectResponse;

export const editProjectResponse = createProjectResponse;

/** The project submitted (its checks not yet run), and whether they were queued. */
export const submitProjectResponse = z
  .object({ checks: z.enum(['queued', 'not-queued']) })
  .extend(projectViewSchema.omit({ checks: true }).shape);

export const reviseProjectResponse = createProjectResponse;

export const withdrawProjectResponse = createProjectResponse;

export const listProjectVersionsResponse = z.object({
  projectId: z.string(),
  current: z.number(),
  items: z.array(projectVersionRecordSchema),
});

/** A version's content, with its record where there is one. */
export const getProjectVersionResponse = z
  .object({ frozen: z.boolean(), content: projectContentSchema })
  .extend(projectVersionRecordSchema.partial().shape)
  .extend({ projectVersion: z.unknown(), projectId: z.string() });

export const diffProjectVersionsResponse = z.object({
  fields: z.array(fieldChangeSchema),
  description: z.object({ linesAdded: z.number(), linesRemoved: z.number(), runs: z.array(bodyRunSchema) }),
  budgetLines: z.array(budgetLineChangeSchema),
  budget: z.object({ from: z.number(), to: z.number(), delta: z.number() }),
  projectId: z.string(),
  from: z.number(),
  to: z.number(),
});

export const projectHistoryResponse = z.object({ projectId: z.string(), items: z.array(projectEventSchema) });

export const listPlanItemsResponse = z.object({ items: z.array(planItemViewSchema) });

export const putPlanItemResponse = planItemViewSchema;

export const listSystemsResponse = z.object({
  items: z.array(registeredSystemSchema),
  nextCursor: z.string().optional(),
});

export const putSystemResponse = registeredSystemSchema;

export const getReviewRulesResponse = z.object({
  label: z.string(),
  version: z.number(),
  budget: z.object({
    version: z.string(),
    upgradeAsOperations: z.object({ maxPercentOfOriginal: z.number(), maxAmount: z.number() }),
    operationsShare: z.object({ maxPercent: z.number(), severity }),
    benchmarks: z.array(
      z.object({
        match: z.string(),
        maxUnitPrice: z.number(),
        category: budgetCategory.optional(),
        unit: z.string().optional(),
      }),
    ),
    benchmarkSeverity: severity,
    tiers: z.array(
      z.object({ code: z.string(), label: z.string(), above: z.number(), reviewers: z.array(office) }),
    ),
    cloudProvided: z.array(z.string()),
    lineCeiling: z.number().optional(),
  }),
  similarity: similarityThresholdsSchema,
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

export const putReviewRulesResponse = getReviewRulesResponse;

export const pipelineReportResponse = z.object({
  workingDaysWithoutHolidays: z.array(z.number()).optional(),
  filter: z.record(z.string(), z.unknown()),
  year: z.number(),
  generatedAt: z.string(),
  total: z.object({ ...pipelineSumsFields, byState: z.object(fieldsOf(PROJECT_STATES, z.number())) }),
  byUnit: z.array(pipelineGroupSchema),
  byPlanItem: z.array(pipelineGroupSchema),
  byTier: z.array(pipelineGroupSchema),
  duplicates: z.object({
    checked: z.number(),
    failed: z.number(),
    warned: z.number(),
    projects: z.array(duplicateCaughtSchema),
  }),
  officeTime: z.object({ offices: z.array(officeTimeSchema), projects: z.array(projectOfficeDaysSchema) }),
});
