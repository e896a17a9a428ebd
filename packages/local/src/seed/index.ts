import { tableEnvName } from '@govshare/blueprint';
import { ConflictError, directoryProblems, type IdentityStore } from '@govshare/domain';
import { dynamo } from '../../../../functions/src/adapters/aws-clients.ts';
import { dynamoIdentityStore } from '../../../../functions/src/adapters/identity-store.ts';
import { seedCatalogue } from './catalogue.ts';
import { samplePrincipals, sampleUnits } from './directory.ts';
import { seedRegistry } from './registry.ts';
import { seedSharing } from './sharing.ts';

export { SAMPLE_ADMIN_ID, samplePrincipals, sampleUnits } from './directory.ts';

/**
 * Loads the sample organisation into the identity table. Idempotent: every item is a
 * conditional put, so a second run (or a restart) creates nothing and changes nothing.
 * The table name comes from TABLE_IDENTITY and the endpoint from AWS_ENDPOINT_URL(_DYNAMODB),
 * which the local runtime sets before calling.
 */
export async function seedSampleData(): Promise<{ created: number; skipped: number }> {
  const tableName = process.env[tableEnvName('identity')];
  if (!tableName) throw new Error(`${tableEnvName('identity')} is not set; cannot load sample data`);
  const directory = await loadDirectory(dynamoIdentityStore(dynamo(), tableName));
  const registry = await seedRegistry((line) => console.info(line));
  const catalogue = await seedCatalogue((line) => console.info(line));
  const sharing = await seedSharing((line) => console.info(line));
  return {
    created: directory.created + registry.created + catalogue.created + sharing.created,
    skipped: directory.skipped + registry.skipped + catalogue.skipped + sharing.skipped,
  };
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
