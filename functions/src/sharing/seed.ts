import { tableEnvName } from '@govshare/blueprint';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { ConflictError, workingCalendar } from '@govshare/domain/kernel';
import { openAccessRequest } from '@govshare/domain/sharing';
import { dynamoCatalogueStore } from '../catalogue/catalogue-store.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { dynamoAccessRequestStore } from './access-request-store.ts';

/** Fixed id, so a restart finds the sample request instead of filing another. */
const SAMPLE_REQUEST_ID = 'sample-relief-legal-entities';

/**
 * One conditional access request waiting for an answer: 民政局's relief system asks 市场监管局 for
 * legal-entity data, so `market-editor` (that unit's data approver) has something to approve on a
 * fresh `npm start`. Runs after the catalogue seed, which publishes the resource. Idempotent.
 */
export async function seedSharing(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const table = process.env[tableEnvName('catalogue')];
  if (!table) throw new Error(`${tableEnvName('catalogue')} is not set; cannot load sample data`);
  const requests = dynamoAccessRequestStore(dynamo(), table);
  if (await requests.get(SAMPLE_REQUEST_ID)) return { created: 0, skipped: 1 };
  const resource = await dynamoCatalogueStore(dynamo(), table).getPublishedResource(
    BASE_RESOURCES.legalEntities.code,
  );
  if (!resource) {
    log('sample sharing: not loaded, the legal-entity resource is not published');
    return { created: 0, skipped: 0 };
  }
  const outcome = openAccessRequest({
    id: SAMPLE_REQUEST_ID,
    resource,
    input: {
      purpose: '核验社会救助申请人名下企业的登记状态',
      items: ['creditCode', 'name', 'status'],
      until: `${new Date().getUTCFullYear() + 1}-12-31`,
      legalBasis: '《社会救助暂行办法》第十一条',
    },
    caller: {
      subject: 'civil-affairs-relief-system',
      unit: '611000106',
      roles: ['data-consumer'],
      kind: 'system',
    },
    now: new Date(),
    calendar: workingCalendar(),
    answerWithinWorkingDays: 10,
  });
  try {
    await requests.create(outcome);
  } catch (error) {
    if (error instanceof ConflictError) return { created: 0, skipped: 1 };
    throw error;
  }
  log(`sample sharing: access request ${SAMPLE_REQUEST_ID} waits for market-editor's answer`);
  return { created: 1, skipped: 0 };
}
