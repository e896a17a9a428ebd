import * as z from 'zod';

/**
 * Response schemas of the review routes: what each handler answers (its reply's type, written out as
 * zod; TypeScript checks each handler against its schema, and the tests check every reply).
 */

export const uploadSchema = z
  .object({
    id: z.string(),
    unit: z.string(),
    createdBy: z.string(),
    name: z.string(),
    sha256: z.string(),
    size: z.number(),
    objectKey: z.string(),
    status: z.enum(['awaiting-upload', 'complete', 'rejected']),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    actualSha256: z.string().optional(),
    actualSize: z.number().optional(),
  })
  .meta({ id: 'ReviewUpload' });

export const checkEvidenceSchema = z
  .object({
    kind: z.enum(['budget-line', 'field', 'plan-item', 'resource', 'rule', 'project', 'system']),
    ref: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'ReviewCheckEvidence' });

export const checkResultSchema = z
  .object({
    check: z.enum([
      'plan-fit',
      'cloud-first',
      'data-registered',
      'no-re-collection',
      'duplicate-construction',
      'budget-rules',
      'security',
    ]),
    outcome: z.enum(['pass', 'warn', 'fail']),
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

export const recollectionCheckSchema = z
  .object({
    check: z.literal('no-re-collection'),
    outcome: z.enum(['pass', 'warn', 'fail']),
    reason: z.string(),
    evidence: z.array(recollectionEvidenceSchema),
  })
  .meta({ id: 'ReviewRecollectionCheck' });

export const functionOverlapSchema = z
  .object({ submitted: z.string(), earlier: z.string(), score: z.number() })
  .meta({ id: 'ReviewFunctionOverlap' });

export const similarMatchSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['project', 'system']),
    unit: z.string(),
    name: z.string(),
    score: z.number(),
    fields: z.object({ name: z.number(), description: z.number(), functions: z.number() }),
    overlappingFunctions: z.array(functionOverlapSchema),
  })
  .meta({ id: 'ReviewSimilarMatch' });

export const duplicateConstructionCheckSchema = z
  .object({
    check: z.literal('duplicate-construction'),
    outcome: z.enum(['pass', 'warn', 'fail']),
    reason: z.string(),
    evidence: z.array(similarMatchSchema),
  })
  .meta({ id: 'ReviewDuplicateConstructionCheck' });

export const reviewTierSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  })
  .meta({ id: 'ReviewReviewTier' });

export const budgetCutSchema = z
  .object({
    line: z.number(),
    category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
    item: z.string(),
    requested: z.number(),
    approved: z.number(),
    reason: z.string(),
  })
  .meta({ id: 'ReviewBudgetCut' });

export const officeDecisionSchema = z
  .object({
    office: z.enum(['egov', 'finance', 'leading-group']),
    projectVersion: z.number(),
    outcome: z.enum(['approve', 'approve-with-cuts', 'return', 'reject']),
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
    outcome: z.enum(['pass', 'warn', 'fail']),
    tier: reviewTierSchema,
    handledAs: z.enum(['new', 'upgrade', 'operations']),
    rules: z.string(),
  })
  .meta({ id: 'ReviewChecksSummary' });

export const approvedLineSchema = z
  .object({
    line: z.number(),
    category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
    item: z.string(),
    requested: z.number(),
    approved: z.number(),
    cuts: z.array(
      z.object({
        office: z.enum(['egov', 'finance', 'leading-group']),
        approved: z.number(),
        reason: z.string(),
      }),
    ),
  })
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

export const budgetLineChangeSchema = z
  .object({
    kind: z.enum(['added', 'removed', 'changed']),
    category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
    item: z.string(),
    fromIndex: z.number().optional(),
    toIndex: z.number().optional(),
    from: z
      .object({
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
        unit: z.string().optional(),
        justification: z.string().optional(),
      })
      .optional(),
    to: z
      .object({
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
        unit: z.string().optional(),
        justification: z.string().optional(),
      })
      .optional(),
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
    ]),
    at: z.string(),
    actor: z.string(),
    from: z
      .enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn'])
      .optional(),
    to: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'ReviewProjectEvent' });

export const registeredSystemSchema = z
  .object({
    id: z.string(),
    kind: z.literal('system'),
    updatedAt: z.string(),
    deployment: z.enum(['government-cloud', 'self-built', 'hosted']),
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

export const pipelineGroupSchema = z
  .object({
    key: z.string(),
    byState: z.object({
      rejected: z.number().optional(),
      draft: z.number().optional(),
      submitted: z.number().optional(),
      'in-review': z.number().optional(),
      returned: z.number().optional(),
      approved: z.number().optional(),
      withdrawn: z.number().optional(),
    }),
    projects: z.number(),
    requested: z.number(),
    approvedProjects: z.number(),
    requestedOfApproved: z.number(),
    approved: z.number(),
    cut: z.number(),
    cutRatePercent: z.number(),
  })
  .meta({ id: 'ReviewPipelineGroup' });

export const duplicateCaughtSchema = z
  .object({
    projectId: z.string(),
    unit: z.string(),
    name: z.string(),
    outcome: z.enum(['warn', 'fail']),
    state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
  })
  .meta({ id: 'ReviewDuplicateCaught' });

export const officeTimeSchema = z
  .object({
    office: z.enum(['egov', 'finance', 'leading-group']),
    projects: z.number(),
    waiting: z.number(),
    totalWorkingDays: z.number(),
    averageWorkingDays: z.number(),
    maxWorkingDays: z.number(),
  })
  .meta({ id: 'ReviewOfficeTime' });

export const projectOfficeDaysSchema = z
  .object({
    projectId: z.string(),
    unit: z.string(),
    name: z.string(),
    state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
    workingDays: z.object({
      egov: z.number().optional(),
      finance: z.number().optional(),
      'leading-group': z.number().optional(),
    }),
    waitingFor: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  })
  .meta({ id: 'ReviewProjectOfficeDays' });

export const createProjectAttachmentResponse = z.object({
  completeUrl: z.string(),
  upload: uploadSchema,
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  expiresAt: z.string(),
});

export const completeProjectAttachmentResponse = uploadSchema;

export const getProjectChecksResponse = z.object({
  projectVersion: z.number(),
  outcome: z.enum(['pass', 'warn', 'fail']),
  results: z.array(z.union([checkResultSchema, recollectionCheckSchema, duplicateConstructionCheckSchema])),
  tier: reviewTierSchema,
  handledAs: z.enum(['new', 'upgrade', 'operations']),
  rules: z.string(),
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
  office: z.enum(['egov', 'finance', 'leading-group']),
  items: z.array(
    z.object({
      waitedWorkingDays: z.number().optional(),
      projectId: z.string(),
      office: z.enum(['egov', 'finance', 'leading-group']),
      since: z.string(),
      projectVersion: z.number(),
      unit: z.string(),
      name: z.string(),
      kind: z.enum(['new', 'upgrade', 'operations']),
      planItem: z.string(),
      requested: z.number(),
      tier: z.string().optional(),
      checksOutcome: z.string().optional(),
    }),
  ),
});

export const decideProjectResponse = z.union([
  z.object({
    reply: z.enum(['requested', 'not-requested']),
    lastReturn: officeDecisionSchema.optional(),
    currentDecisions: z.object({
      egov: officeDecisionSchema.optional(),
      finance: officeDecisionSchema.optional(),
      'leading-group': officeDecisionSchema.optional(),
    }),
    reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    awaiting: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    awaitingLater: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    id: z.string(),
    unit: z.string(),
    submitter: z.string(),
    state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
    projectVersion: z.number(),
    content: z.object({
      name: z.string(),
      kind: z.enum(['new', 'upgrade', 'operations']),
      description: z.string(),
      functions: z.array(z.string()),
      budgetLines: z.array(
        z.object({
          category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
          item: z.string(),
          quantity: z.number(),
          unitPrice: z.number(),
          amount: z.number(),
          unit: z.string().optional(),
          justification: z.string().optional(),
        }),
      ),
      deployment: z.union([
        z.object({ mode: z.literal('government-cloud') }),
        z.object({
          mode: z.literal('self-built'),
          parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
          justification: z.string().optional(),
        }),
      ]),
      network: z.enum(['政务外网', '政务内网', '互联网']),
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
        z.object({
          name: z.string(),
          sha256: z.string(),
          size: z.number(),
          kind: z.enum(['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other']),
        }),
      ),
      originalInvestment: z.number().optional(),
      existingSystem: z.string().optional(),
    }),
    versions: z.array(projectVersionRecordSchema),
    checks: checksSummarySchema.optional(),
    decisions: z.array(officeDecisionSchema),
    approvedBudget: approvedBudgetSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    replyDocumentId: z.string().optional(),
  }),
  z.object({
    reply: z.undefined().optional(),
    lastReturn: officeDecisionSchema.optional(),
    currentDecisions: z.object({
      egov: officeDecisionSchema.optional(),
      finance: officeDecisionSchema.optional(),
      'leading-group': officeDecisionSchema.optional(),
    }),
    reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    awaiting: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    awaitingLater: z.array(z.enum(['egov', 'finance', 'leading-group'])),
    id: z.string(),
    unit: z.string(),
    submitter: z.string(),
    state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
    projectVersion: z.number(),
    content: z.object({
      name: z.string(),
      kind: z.enum(['new', 'upgrade', 'operations']),
      description: z.string(),
      functions: z.array(z.string()),
      budgetLines: z.array(
        z.object({
          category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
          item: z.string(),
          quantity: z.number(),
          unitPrice: z.number(),
          amount: z.number(),
          unit: z.string().optional(),
          justification: z.string().optional(),
        }),
      ),
      deployment: z.union([
        z.object({ mode: z.literal('government-cloud') }),
        z.object({
          mode: z.literal('self-built'),
          parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
          justification: z.string().optional(),
        }),
      ]),
      network: z.enum(['政务外网', '政务内网', '互联网']),
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
        z.object({
          name: z.string(),
          sha256: z.string(),
          size: z.number(),
          kind: z.enum(['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other']),
        }),
      ),
      originalInvestment: z.number().optional(),
      existingSystem: z.string().optional(),
    }),
    versions: z.array(projectVersionRecordSchema),
    checks: checksSummarySchema.optional(),
    decisions: z.array(officeDecisionSchema),
    approvedBudget: approvedBudgetSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    replyDocumentId: z.string().optional(),
  }),
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
  lines: z
    .array(
      z.object({
        line: z.number(),
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        requested: z.number(),
        approved: z.number(),
      }),
    )
    .optional(),
  projectId: z.string(),
  state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
  approved: z.boolean(),
  projectVersion: z.number(),
  approvedAmount: z.number().optional(),
});

export const createProjectResponse = z.object({
  lastReturn: officeDecisionSchema.optional(),
  currentDecisions: z.object({
    egov: officeDecisionSchema.optional(),
    finance: officeDecisionSchema.optional(),
    'leading-group': officeDecisionSchema.optional(),
  }),
  reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  awaiting: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  awaitingLater: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  id: z.string(),
  unit: z.string(),
  submitter: z.string(),
  state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
  projectVersion: z.number(),
  content: z.object({
    name: z.string(),
    kind: z.enum(['new', 'upgrade', 'operations']),
    description: z.string(),
    functions: z.array(z.string()),
    budgetLines: z.array(
      z.object({
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
        unit: z.string().optional(),
        justification: z.string().optional(),
      }),
    ),
    deployment: z.union([
      z.object({ mode: z.literal('government-cloud') }),
      z.object({
        mode: z.literal('self-built'),
        parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
        justification: z.string().optional(),
      }),
    ]),
    network: z.enum(['政务外网', '政务内网', '互联网']),
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
      z.object({
        name: z.string(),
        sha256: z.string(),
        size: z.number(),
        kind: z.enum(['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other']),
      }),
    ),
    originalInvestment: z.number().optional(),
    existingSystem: z.string().optional(),
  }),
  versions: z.array(projectVersionRecordSchema),
  checks: checksSummarySchema.optional(),
  decisions: z.array(officeDecisionSchema),
  approvedBudget: approvedBudgetSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  replyDocumentId: z.string().optional(),
});

export const listProjectsResponse = z.object({
  nextCursor: z.string().optional(),
  year: z.unknown(),
  items: z.array(
    z.object({
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number(),
      tier: z.string().optional(),
      checks: z.enum(['pass', 'warn', 'fail']).optional(),
      approved: z.number().optional(),
      id: z.string(),
      unit: z.string(),
      state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
      name: z.string(),
      kind: z.enum(['new', 'upgrade', 'operations']),
      planItem: z.string(),
      projectVersion: z.number(),
      requested: z.number(),
    }),
  ),
});

export const getProjectResponse = createProjectResponse;

export const editProjectResponse = createProjectResponse;

export const submitProjectResponse = z.object({
  checks: z.enum(['queued', 'not-queued']),
  lastReturn: officeDecisionSchema.optional(),
  currentDecisions: z.object({
    egov: officeDecisionSchema.optional(),
    finance: officeDecisionSchema.optional(),
    'leading-group': officeDecisionSchema.optional(),
  }),
  reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  awaiting: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  awaitingLater: z.array(z.enum(['egov', 'finance', 'leading-group'])),
  id: z.string(),
  unit: z.string(),
  submitter: z.string(),
  state: z.enum(['rejected', 'draft', 'submitted', 'in-review', 'returned', 'approved', 'withdrawn']),
  projectVersion: z.number(),
  content: z.object({
    name: z.string(),
    kind: z.enum(['new', 'upgrade', 'operations']),
    description: z.string(),
    functions: z.array(z.string()),
    budgetLines: z.array(
      z.object({
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
        unit: z.string().optional(),
        justification: z.string().optional(),
      }),
    ),
    deployment: z.union([
      z.object({ mode: z.literal('government-cloud') }),
      z.object({
        mode: z.literal('self-built'),
        parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
        justification: z.string().optional(),
      }),
    ]),
    network: z.enum(['政务外网', '政务内网', '互联网']),
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
      z.object({
        name: z.string(),
        sha256: z.string(),
        size: z.number(),
        kind: z.enum(['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other']),
      }),
    ),
    originalInvestment: z.number().optional(),
    existingSystem: z.string().optional(),
  }),
  versions: z.array(projectVersionRecordSchema),
  decisions: z.array(officeDecisionSchema),
  approvedBudget: approvedBudgetSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  replyDocumentId: z.string().optional(),
});

export const reviseProjectResponse = createProjectResponse;

export const withdrawProjectResponse = createProjectResponse;

export const listProjectVersionsResponse = z.object({
  projectId: z.string(),
  current: z.number(),
  items: z.array(projectVersionRecordSchema),
});

export const getProjectVersionResponse = z.object({
  frozen: z.boolean(),
  content: z.object({
    name: z.string(),
    kind: z.enum(['new', 'upgrade', 'operations']),
    description: z.string(),
    functions: z.array(z.string()),
    budgetLines: z.array(
      z.object({
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']),
        item: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
        unit: z.string().optional(),
        justification: z.string().optional(),
      }),
    ),
    deployment: z.union([
      z.object({ mode: z.literal('government-cloud') }),
      z.object({
        mode: z.literal('self-built'),
        parts: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
        justification: z.string().optional(),
      }),
    ]),
    network: z.enum(['政务外网', '政务内网', '互联网']),
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
      z.object({
        name: z.string(),
        sha256: z.string(),
        size: z.number(),
        kind: z.enum(['feasibility-study', 'crypto-plan', 'design', 'quotation', 'other']),
      }),
    ),
    originalInvestment: z.number().optional(),
    existingSystem: z.string().optional(),
  }),
  projectVersion: z.unknown(),
  createdAt: z.string().optional(),
  by: z.string().optional(),
  submittedAt: z.string().optional(),
  projectId: z.string(),
});

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

export const listPlanItemsResponse = z.object({
  items: z.array(
    z.object({
      remaining: z.number(),
      yuan: z.object({ envelope: z.string(), approved: z.string(), remaining: z.string() }),
      approved: z.number(),
      code: z.string(),
      name: z.string(),
      state: z.enum(['open', 'closed']),
      envelope: z.number(),
    }),
  ),
});

export const putPlanItemResponse = z.object({
  remaining: z.number(),
  yuan: z.object({ envelope: z.string(), approved: z.string(), remaining: z.string() }),
  approved: z.number(),
  code: z.string(),
  name: z.string(),
  state: z.enum(['open', 'closed']),
  envelope: z.number(),
});

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
    operationsShare: z.object({ maxPercent: z.number(), severity: z.enum(['warn', 'fail']) }),
    benchmarks: z.array(
      z.object({
        match: z.string(),
        maxUnitPrice: z.number(),
        category: z.enum(['operations', 'hardware', 'software', 'services', 'cloud']).optional(),
        unit: z.string().optional(),
      }),
    ),
    benchmarkSeverity: z.enum(['warn', 'fail']),
    tiers: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        above: z.number(),
        reviewers: z.array(z.enum(['egov', 'finance', 'leading-group'])),
      }),
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
  total: z.object({
    projects: z.number(),
    requested: z.number(),
    approvedProjects: z.number(),
    requestedOfApproved: z.number(),
    approved: z.number(),
    cut: z.number(),
    cutRatePercent: z.number(),
    byState: z.object({
      rejected: z.number(),
      draft: z.number(),
      submitted: z.number(),
      'in-review': z.number(),
      returned: z.number(),
      approved: z.number(),
      withdrawn: z.number(),
    }),
  }),
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
