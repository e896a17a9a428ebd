import type { AuditOutcome, AuditTrail } from '@govshare/domain/audit';
import type { Caller } from './auth.ts';

/** One state change as a context's route records it on the audit trail. */
export interface ChangeRecord {
  action: string;
  caller: Caller | undefined;
  correlationId: string;
  at: string;
  subject?: string;
  unit?: string;
  items?: string[];
  outcome?: AuditOutcome;
  problemType?: string;
}

/**
 * Records a state change on the audit trail: ids, states and numbers only, never the content.
 * The event id comes from the request's correlation id, so a retried request counts once.
 */
export function changeAuditor(audit: AuditTrail) {
  return (args: ChangeRecord) => {
    const caller = args.caller;
    return audit.record({
      id: `${args.correlationId}:${args.action}${args.subject ? `:${args.subject}` : ''}`,
      at: args.at,
      actor: {
        unit: caller?.unit ?? 'anonymous',
        principal: caller?.subject ?? 'anonymous',
        kind: caller?.kind ?? 'person',
      },
      action: args.action,
      ...(args.unit ? { providerUnit: args.unit } : {}),
      ...(args.subject ? { resourceCode: args.subject } : {}),
      items: args.items ?? [],
      recordCount: 1,
      subjectHashes: [],
      outcome: args.outcome ?? 'ok',
      ...(args.problemType ? { problemType: args.problemType } : {}),
      correlationId: args.correlationId,
    });
  };
}
