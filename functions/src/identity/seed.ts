import { tableEnvName } from '@govshare/blueprint';
import {
  type CalendarStore,
  calendarYearInputSchema,
  defineCalendarYear,
  directoryProblems,
  type IdentityStore,
} from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { dynamo } from '../platform/aws-clients.ts';
import { dynamoCalendarStore } from './calendar-store.ts';
import { dynamoIdentityStore } from './identity-store.ts';
import { sampleCalendarYears } from './sample-calendar.ts';
import { samplePrincipals, sampleUnits } from './sample-directory.ts';

/**
 * Loads the sample organisation and the working-day calendar (2025, 2026) into the identity table.
 * Idempotent: every item is a conditional put, so a second run (or a restart) creates nothing and
 * changes nothing, and a year the administrator has corrected stays corrected.
 * The table name comes from TABLE_IDENTITY and the endpoint from AWS_ENDPOINT_URL(_DYNAMODB),
 * which the local runtime sets before calling.
 */
export async function seedIdentity(): Promise<{ created: number; skipped: number }> {
  const tableName = process.env[tableEnvName('identity')];
  if (!tableName) throw new Error(`${tableEnvName('identity')} is not set; cannot load sample data`);
  const directory = await loadDirectory(dynamoIdentityStore(dynamo(), tableName));
  const calendar = await loadCalendar(dynamoCalendarStore(dynamo(), tableName));
  return { created: directory.created + calendar.created, skipped: directory.skipped + calendar.skipped };
}

/** The sample years, checked by the same rules as an administrator's PUT, entered unless present. */
export async function loadCalendar(store: CalendarStore): Promise<{ created: number; skipped: number }> {
  let created = 0;
  let skipped = 0;
  for (const { year, ...input } of sampleCalendarYears) {
    const checked = calendarYearInputSchema.safeParse(input);
    if (!checked.success)
      throw new Error(`The sample calendar of ${year} is invalid: ${checked.error.message}`);
    const entry = defineCalendarYear({ year, input: checked.data, actor: 'sample-data', now: new Date() });
    try {
      await store.putYear(entry, undefined);
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped++;
    }
  }
  return { created, skipped };
}

export async function loadDirectory(store: IdentityStore): Promise<{ created: number; skipped: number }> {
  const problems = directoryProblems(sampleUnits, samplePrincipals);
  if (problems.length > 0) throw new Error(`The sample directory is inconsistent: ${problems.join('; ')}`);
  let created = 0;
  let skipped = 0;
  const count = async (write: Promise<void>) => {
    try {
      await write;
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped++;
    }
  };
  // In order: parents before children, units before their people.
  for (const unit of sampleUnits) await count(store.createUnit(unit));
  for (const principal of samplePrincipals) await count(store.createPrincipal(principal));
  return { created, skipped };
}
