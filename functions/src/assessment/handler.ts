import { auditTrailFromEnv } from '../audit/index.ts';
import { principalDirectory, unitDirectory } from '../identity/index.ts';
import { tokenVerifierFor } from '../platform/auth.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { httpFunction } from '../platform/http.ts';
import { dynamoIdempotencyStore } from '../platform/idempotency.ts';
import { loadedOnFirstUse } from '../platform/lazy.ts';
import { telemetryFor } from '../platform/observability.ts';
import { assessmentFunctions } from './blueprint.ts';
import { sqsBulletins } from './bulletin.ts';
import { sqsComputationQueue } from './computation.ts';
import type { SpreadsheetWriter } from './export.ts';
import { dynamoInformationStore } from './information/information-store.ts';
import { dynamoResultsStore } from './results-store.ts';
import type { AssessmentDeps, AssessmentRouteContext, AssessmentRouteModule } from './routes/context.ts';
import { informationRoutes } from './routes/information.ts';
import { periodRoutes } from './routes/periods.ts';
import { resultRoutes } from './routes/results.ts';
import { schemeRoutes } from './routes/schemes.ts';
import { dynamoSchemeStore } from './scheme-store.ts';

export type { AssessmentDeps, AssessmentRouteContext, AssessmentRouteModule } from './routes/context.ts';

/** The assessment's route modules: the scheme, periods (computing, freezing, the 通报), results, information reporting. */
export const assessmentRouteModules: readonly AssessmentRouteModule[] = [
  schemeRoutes,
  periodRoutes,
  resultRoutes,
  informationRoutes,
];

export function createAssessmentHandler(
  deps: AssessmentDeps,
  modules: readonly AssessmentRouteModule[] = assessmentRouteModules,
) {
  const telemetry = deps.telemetry ?? telemetryFor('assessment');
  const context: AssessmentRouteContext = {
    ...deps,
    now: deps.now ?? (() => platformNow(deps.config.mode)),
    logger: telemetry.logger,
  };
  return httpFunction(
    assessmentFunctions.assessment,
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
const config = readFunctionConfig(assessmentFunctions.assessment);
const table = config.tables.assessment;
const directory = unitDirectory(dynamo(), config.tables.identity);
const now = () => platformNow(config.mode);

export const handler = createAssessmentHandler({
  config,
  verifier: tokenVerifierFor(config.auth, principalDirectory(dynamo(), config.tables.identity)),
  schemes: dynamoSchemeStore(dynamo(), table),
  results: dynamoResultsStore(dynamo(), table),
  computations: sqsComputationQueue(sqs(), config.queues['assessment-computations']),
  bulletins: sqsBulletins(sqs(), config.queues['official-drafts'], directory, now),
  directory,
  // The workbook writer is a chunk of its own: only an .xlsx export loads it.
  spreadsheets: loadedOnFirstUse<SpreadsheetWriter>(
    async () => (await import('./xlsx.ts')).spreadsheetWriter,
  ),
  audit: auditTrailFromEnv(),
  information: dynamoInformationStore(dynamo(), table),
  idempotency: dynamoIdempotencyStore(table),
  now,
  telemetry: telemetryFor('assessment'),
});
