import { auditTrailFromEnv } from '../audit/index.ts';
import { catalogueLookup } from '../catalogue/index.ts';
import { principalDirectory, unitDirectory, workingCalendarReader } from '../identity/index.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore } from '../platform/idempotency.ts';
import { s3AdapterOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import { dynamoUploadStore } from '../platform/uploads.ts';
import { sqsApprovalReplies } from './approval-replies.ts';
import { reviewFunctions } from './blueprint.ts';
import { sqsProjectChecksQueue } from './project-checks-queue.ts';
import { dynamoProjectStore } from './project-store.ts';
import { dynamoReviewRegisters } from './registers.ts';
import { attachmentRoutes, reviewUploadLayout } from './routes/attachments.ts';
import { checkRoutes } from './routes/checks.ts';
import type { ReviewDeps, ReviewRouteContext, ReviewRouteModule } from './routes/context.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { projectRoutes } from './routes/projects.ts';
import { registerRoutes } from './routes/registers.ts';
import { reportRoutes } from './routes/reports.ts';

export type { ReviewDeps, ReviewRouteContext, ReviewRouteModule } from './routes/context.ts';

/**
 * Review's route modules, in one list: submitting (projects, attachments), human review
 * (decisions, worklists, the approval reply, fund control), machine checks, the registers the
 * e-government office keeps, reports. Together they serve every route of the blueprint.
 */
export const reviewRouteModules: readonly ReviewRouteModule[] = [
  projectRoutes,
  attachmentRoutes,
  decisionRoutes,
  checkRoutes,
  registerRoutes,
  reportRoutes,
];

/** Review's HTTP function: project pre-review from submission to approval and fund control. */
export function createReviewHandler(
  deps: ReviewDeps,
  modules: readonly ReviewRouteModule[] = reviewRouteModules,
) {
  const telemetry = deps.telemetry ?? telemetryFor('review');
  const context: ReviewRouteContext = {
    ...deps,
    now: deps.now ?? (() => platformNow(deps.config.mode)),
    logger: telemetry.logger,
  };
  return httpFunction(
    reviewFunctions.review,
    modules.flatMap((module) => module(context)),
    {
      config: deps.config,
      verifier: deps.verifier,
      ...telemetry,
      ...(deps.idempotency ? { idempotency: deps.idempotency } : {}),
    },
  );
}

// Cold start: configuration validated once; clients and stores built once.
const config = readFunctionConfig(reviewFunctions.review);
const table = config.tables.review;
const telemetry = telemetryFor('review');

const directory = unitDirectory(dynamo(), config.tables.identity);
const attachments = dynamoUploadStore(dynamo(), table, reviewUploadLayout);

export const handler = createReviewHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  projects: dynamoProjectStore(dynamo(), table),
  catalogue: catalogueLookup(dynamo(), config.tables.catalogue),
  attachments,
  checksQueue: sqsProjectChecksQueue(sqs(), config.queues['project-checks']),
  replies: sqsApprovalReplies(sqs(), config.queues['official-drafts'], directory, () =>
    platformNow(config.mode),
  ),
  registers: dynamoReviewRegisters(dynamo(), table),
  directory,
  audit: auditTrailFromEnv(),
  uploads: s3AdapterOnFirstUse(async ({ s3, s3ForPresigning }) =>
    (await import('../platform/presigned-uploads.ts')).presignedUploads({
      store: attachments,
      layout: reviewUploadLayout,
      s3: s3(),
      presigner: s3ForPresigning(),
      bucket: config.buckets.documents,
      now: () => platformNow(config.mode),
    }),
  ),
  calendar: workingCalendarReader(dynamo(), config.tables.identity),
  idempotency: dynamoIdempotencyStore(table),
  telemetry,
});
