import { tableEnvName } from '@govshare/blueprint';
import { directoryProblems, type IdentityStore } from '@govshare/domain/identity';
import { ConflictError } from '@govshare/domain/kernel';
import { dynamo } from '../platform/aws-clients.ts';
import { dynamoIdentityStore } from './identity-store.ts';
import { samplePrincipals, sampleUnits } from './sample-directory.ts';

/**
 * Loads the sample organisation into the identity table. Idempotent: every item is a
 * conditional put, so a second run (or a restart) creates nothing and changes nothing.
 * The table name comes from TABLE_IDENTITY and the endpoint from AWS_ENDPOINT_URL(_DYNAMODB),
 * which the local runtime sets before calling.
 */
export async function seedIdentity(): Promise<{ created: number; skipped: number }> {
  const tableName = process.env[tableEnvName('identity')];
  if (!tableName) throw new Error(`${tableEnvName('identity')} is not set; cannot load sample data`);
  return loadDirectory(dynamoIdentityStore(dynamo(), tableName));
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
