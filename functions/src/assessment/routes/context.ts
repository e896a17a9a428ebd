import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditTrail } from '@govshare/domain/audit';
import { NotFoundError } from '@govshare/domain/kernel';
import { changeAuditor } from '../../audit/index.ts';
import type { UnitDirectory } from '../../identity/index.ts';
import { type Caller, requiredCaller, type TokenVerifier } from '../../platform/auth.ts';
import type { PlatformConfig } from '../../platform/config.ts';
import type { RouteDefinition } from '../../platform/http.ts';
import type { IdempotencyStore } from '../../platform/idempotency.ts';
import type { Telemetry } from '../../platform/observability.ts';
import type { BulletinRequests } from '../bulletin.ts';
import type { ComputationQueue } from '../computation.ts';
import type { SpreadsheetWriter } from '../export.ts';
import type { InformationStore } from '../information/information-store.ts';
import type { ResultsStore } from '../results-store.ts';
import type { SchemeStore } from '../scheme-store.ts';

export type AssessmentConfig = PlatformConfig<
  'assessment' | 'identity',
  never,
  'assessment-computations' | 'official-drafts' | 'audit-trail'
>;

/** What the assessment function is built from, wired once at cold start (handler.ts). */
export interface AssessmentDeps {
  config: AssessmentConfig;
  verifier: TokenVerifier;
  schemes: SchemeStore;
  results: ResultsStore;
  computations: ComputationQueue;
  /** The 通报 requested from the exchange (official-drafts); absent: not requested (tests of the rest). */
  bulletins?: BulletinRequests;
  directory: Pick<UnitDirectory, 'unit' | 'units'>;
  /** The .xlsx writer, loaded by the first export that asks for one (export.ts). */
  spreadsheets: SpreadsheetWriter;
  audit: AuditTrail;
  /** Information reporting (政务信息): items, commissions, quotas (information/information-store.ts). */
  information: InformationStore;
  /** Where the idempotent routes (submitting an item, commissioning one) keep their first answers. */
  idempotency?: IdempotencyStore;
  now?: () => Date;
  telemetry?: Telemetry;
}

export interface AssessmentRouteContext extends AssessmentDeps {
  now: () => Date;
  logger: Logger;
}

export type AssessmentRouteModule = (context: AssessmentRouteContext) => RouteDefinition[];

/** The e-government office's roles, and auditors': they read every unit's results. */
const READS_EVERY_UNIT = ['egov-reviewer', 'platform-admin', 'auditor'];
export const readsEveryUnit = (caller: Caller): boolean =>
  caller.roles.some((role) => READS_EVERY_UNIT.includes(role));

/**
 * Whether the caller may read `unit`'s results: the unit itself, the office, auditors. Anyone else
 * learns nothing, not even whether the unit has a table: 404, as for a project of another unit.
 */
export function assertReadsUnit(caller: Caller | undefined, unit: string): Caller {
  const actor = requiredCaller(caller);
  if (actor.unit === unit || readsEveryUnit(actor)) return actor;
  throw new NotFoundError(`No table of unit ${unit} for this period`);
}

export const auditor = (context: Pick<AssessmentDeps, 'audit'>) => changeAuditor(context.audit);

export const computationLocation = (id: string) => `/v1/assessment/computations/${id}`;
