import type { AuditTrail } from '@govshare/domain/audit';
import type { UnitDirectory } from '../../identity/index.ts';
import type { InformationStore } from './information-store.ts';

/**
 * What the information routes (routes/information.ts) are given: the store on the `assessment`
 * table, identity's units (a commission or a quota names a unit that exists), the audit trail and the clock.
 * The assessment function's route context supplies these fields.
 */
export interface InformationRouteContext {
  information: InformationStore;
  directory: Pick<UnitDirectory, 'unit' | 'units'>;
  audit: AuditTrail;
  now: () => Date;
}
