import { tableEnvName } from '@govshare/blueprint';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { CalendarNotLoadedError, ConflictError, type WorkingCalendar } from '@govshare/domain/kernel';
import { type Grant, openAccessRequest } from '@govshare/domain/sharing';
import { publishedCatalogue, SAMPLE_BASE_PROVIDERS } from '../catalogue/index.ts';
import { workingCalendarReader } from '../identity/index.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { dynamoAccessRequestStore } from './access-request-store.ts';
import { dynamoGrantStore } from './grant-store.ts';

export const SAMPLE_SYSTEM = 'civil-affairs-relief-system';
export const SAMPLE_SYSTEM_UNIT = '611000106';
export const SAMPLE_GRANT_IDS = {
  population: 'sample-relief-population',
  legalEntities: 'sample-relief-legal-entities',
} as const;

export const sampleGrants = (): Grant[] => [
  {
    id: SAMPLE_GRANT_IDS.population,
    resourceCode: BASE_RESOURCES.population.code,
    providerUnit: SAMPLE_BASE_PROVIDERS.population,
    consumerUnit: SAMPLE_SYSTEM_UNIT,
    consumerPrincipal: SAMPLE_SYSTEM,
    // Not ethnicity: asking for it shows a refusal for items outside the grant.
    items: ['citizenId', 'name', 'sex', 'birthDate', 'householdAddress', 'regionCode', 'status'],
    unmaskedItems: [],
    purpose: '最低生活保障申请人身份核验',
    dailyQuota: 1000,
    validFrom: '2025-01-01T00:00:00Z',
    expiresAt: '2030-12-31T16:00:00Z',
  },
  {
    id: SAMPLE_GRANT_IDS.legalEntities,
    resourceCode: BASE_RESOURCES.legalEntities.code,
    providerUnit: SAMPLE_BASE_PROVIDERS.legalEntities,
    consumerUnit: SAMPLE_SYSTEM_UNIT,
    consumerPrincipal: SAMPLE_SYSTEM,
    items: BASE_RESOURCES.legalEntities.items.map((i) => i.name),
    unmaskedItems: [],
    purpose: '救助对象名下企业核查',
    dailyQuota: 1000,
    validFrom: '2025-01-01T00:00:00Z',
    expiresAt: '2030-12-31T16:00:00Z',
  },
];

/** Fixed id, so a restart finds the sample request instead of filing another. */
const SAMPLE_REQUEST_ID = 'sample-relief-legal-entities';

/**
 * The sample grants of 民政局's relief system (so it can query the base databases at once), and
 * one conditional access request waiting for an answer: 民政局's relief system asks 市场监管局 for
 * legal-entity data, so `market-editor` (that unit's data approver) has something to approve on a
 * fresh `npm start`. Runs after the catalogue seed, which publishes the resource. Idempotent.
 */
export async function seedSharing(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const table = process.env[tableEnvName('catalogue')];
  if (!table) throw new Error(`${tableEnvName('catalogue')} is not set; cannot load sample data`);
  const identityTable = process.env[tableEnvName('identity')];
  if (!identityTable) throw new Error(`${tableEnvName('identity')} is not set; cannot load sample data`);
  let created = 0;
  let skipped = 0;
  const grants = dynamoGrantStore(dynamo(), table);
  for (const grant of sampleGrants()) {
    try {
      await grants.put(grant);
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped++;
    }
  }
  const requests = dynamoAccessRequestStore(dynamo(), table);
  if (await requests.get(SAMPLE_REQUEST_ID)) return { created, skipped: skipped + 1 };
  const resource = await publishedCatalogue(dynamo(), table).getPublishedResource(
    BASE_RESOURCES.legalEntities.code,
  );
  if (!resource) {
    log('sample sharing: no sample request, the legal-entity resource is not published');
    return { created, skipped };
  }
  // Sample data is local: the local clock (GOVSHARE_LOCAL_CLOCK) is "now", as for the handler.
  const now = platformNow('local');
  const open = (calendar: WorkingCalendar) =>
    openAccessRequest({
      id: SAMPLE_REQUEST_ID,
      resource,
      input: {
        purpose: '核验社会救助申请人名下企业的登记状态',
        items: ['creditCode', 'name', 'status'],
        until: `${now.getUTCFullYear() + 1}-12-31`,
        legalBasis: '《社会救助暂行办法》第十一条',
      },
      caller: {
        subject: SAMPLE_SYSTEM,
        unit: SAMPLE_SYSTEM_UNIT,
        roles: ['data-consumer'],
        kind: 'system',
      },
      now,
      calendar,
      answerWithinWorkingDays: 10,
    });
  let outcome: ReturnType<typeof open>;
  try {
    outcome = await workingCalendarReader(dynamo(), identityTable).withCalendar(open);
  } catch (error) {
    if (!(error instanceof CalendarNotLoadedError)) throw error;
    log(`sample sharing: no sample request: ${error.message}`);
    return { created, skipped };
  }
  try {
    await requests.create(outcome);
  } catch (error) {
    if (error instanceof ConflictError) return { created, skipped: skipped + 1 };
    throw error;
  }
  log(`sample sharing: access request ${SAMPLE_REQUEST_ID} waits for market-editor's answer`);
  return { created: created + 1, skipped };
}
