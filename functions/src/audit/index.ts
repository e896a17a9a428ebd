/**
 * The audit context's published interface: what other contexts use to record events on the audit
 * trail and to hash the subjects of those events. Its store, consumer and schedule stay inside.
 */
export {
  auditTrailFromEnv,
  memoryAuditTrail,
  type SubjectHasher,
  subjectHasher,
  subjectHasherFromEnv,
  subjectKeyFromText,
} from './audit-trail.ts';
export { type ChangeRecord, changeAuditor } from './change-audit.ts';
