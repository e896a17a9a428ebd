import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvName } from '@govshare/blueprint';
import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { CalendarNotLoadedError, ConflictError, type WorkingCalendar } from '@govshare/domain/kernel';
import {
  type AccessRequest,
  approveAccessRequest,
  type Grant,
  openAccessRequest,
  type RequestableResource,
  type RequestOutcome,
  refuseAccessRequest,
} from '@govshare/domain/sharing';
import { publishedCatalogue, SAMPLE_BASE_PROVIDERS } from '../catalogue/index.ts';
import { workingCalendarReader } from '../identity/index.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { dynamoAccessRequestStore } from './access-request-store.ts';
import { grantKey } from './grant-store.ts';

export const SAMPLE_SYSTEM = 'civil-affairs-relief-system';
export const SAMPLE_SYSTEM_UNIT = '611000106';

type SampleGrantName = 'population' | 'legalEntities';

/**
 * The requests the sample grants answer, approved by the providers' sample approvers. Every grant
 * answers a request (that is how its provider lists and revokes it) and is named after it
 * (g-<request id>); fixed ids in the real (UUID) format, so a restart finds them instead of adding more.
 */
const SAMPLE_APPROVALS = {
  population: {
    requestId: '00000000-5a3e-4000-8000-000000000101',
    approver: 'police-approver',
    // Not ethnicity: asking for it shows a refusal for items outside the grant.
    items: ['citizenId', 'name', 'sex', 'birthDate', 'householdAddress', 'regionCode', 'status'],
    purpose: '最低生活保障申请人身份核验',
    legalBasis: '《最低生活保障审核确认办法》第十一条',
  },
  legalEntities: {
    requestId: '00000000-5a3e-4000-8000-000000000102',
    approver: 'market-editor',
    items: BASE_RESOURCES.legalEntities.items.map((i) => i.name),
    purpose: '救助对象名下企业核查',
    legalBasis: '《社会救助暂行办法》第十一条',
  },
} as const satisfies Record<
  SampleGrantName,
  { requestId: string; approver: string; items: readonly string[]; purpose: string; legalBasis: string }
>;

export const SAMPLE_GRANT_IDS = {
  population: `g-${SAMPLE_APPROVALS.population.requestId}`,
  legalEntities: `g-${SAMPLE_APPROVALS.legalEntities.requestId}`,
} as const satisfies Record<SampleGrantName, string>;

/** Ids the sample grants had before they answered requests: removed from older local data. */
const RETIRED_SAMPLE_GRANT_IDS = ['sample-relief-population', 'sample-relief-legal-entities'];

/** A base resource as the sample catalogue publishes it (version 1). */
const publishedBase = (name: SampleGrantName): RequestableResource => ({
  ...BASE_RESOURCES[name],
  version: 1,
  status: 'published',
  providerUnit: SAMPLE_BASE_PROVIDERS[name],
});

/**
 * The sample system's request for a base database and its approval, through the same rules as any
 * other request: filed in December 2024, approved on 2025-01-01 until the end of 2030, 1,000 a day.
 */
export function sampleApproval(
  name: SampleGrantName,
  resource: RequestableResource = publishedBase(name),
): Extract<RequestOutcome, { kind: 'granted' }> {
  const sample = SAMPLE_APPROVALS[name];
  const filed: AccessRequest = {
    id: sample.requestId,
    resourceCode: resource.code,
    resourceVersion: resource.version,
    resourceName: resource.name,
    providerUnit: resource.providerUnit,
    shareType: resource.shareType,
    consumerUnit: SAMPLE_SYSTEM_UNIT,
    consumerPrincipal: SAMPLE_SYSTEM,
    requestedBy: SAMPLE_SYSTEM,
    purpose: sample.purpose,
    items: [...sample.items],
    until: '2030-12-31',
    legalBasis: sample.legalBasis,
    status: 'pending',
    createdAt: '2024-12-20T02:00:00.000Z',
    version: 1,
  };
  const approved = approveAccessRequest({
    request: filed,
    resource,
    input: { unmaskedItems: [], dailyQuota: 1000 },
    actor: {
      subject: sample.approver,
      unit: resource.providerUnit,
      roles: ['data-approver'],
      kind: 'person',
    },
    now: new Date('2025-01-01T00:00:00.000Z'),
  });
  return { kind: 'granted', ...approved };
}

/** The sample grants (as sampleApproval makes them), e.g. as templates for test grants. */
export const sampleGrants = (): Grant[] => [
  sampleApproval('population').grant,
  sampleApproval('legalEntities').grant,
];

/** Fixed id, so a restart finds the sample request instead of filing another. */
const SAMPLE_REQUEST_ID = 'sample-relief-legal-entities';

/**
 * The sample grants of 民政局's relief system (so it can query the base databases at once), each
 * answering an approved request, and one conditional access request waiting for an answer: 民政局's
 * relief system asks 市场监管局 for legal-entity data, so `market-editor` (that unit's data approver)
 * has something to approve on a fresh `npm start`. Runs after the catalogue seed, which publishes
 * the resources; then the answered and overdue requests of the last weeks (seedAnsweredRequests).
 * Idempotent.
 */
export async function seedSharing(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const first = await seedGrantsAndWaitingRequest(log);
  const answered = await seedAnsweredRequests(log);
  return { created: first.created + answered.created, skipped: first.skipped + answered.skipped };
}

async function seedGrantsAndWaitingRequest(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const table = process.env[tableEnvName('catalogue')];
  if (!table) throw new Error(`${tableEnvName('catalogue')} is not set; cannot load sample data`);
  const identityTable = process.env[tableEnvName('identity')];
  if (!identityTable) throw new Error(`${tableEnvName('identity')} is not set; cannot load sample data`);
  let created = 0;
  let skipped = 0;
  const requests = dynamoAccessRequestStore(dynamo(), table);
  const catalogue = publishedCatalogue(dynamo(), table);
  for (const name of Object.keys(SAMPLE_APPROVALS) as SampleGrantName[]) {
    const resource = await catalogue.getPublishedResource(BASE_RESOURCES[name].code);
    if (!resource) {
      log(`sample sharing: no sample grant on ${BASE_RESOURCES[name].code}, it is not published`);
      continue;
    }
    try {
      await requests.create(sampleApproval(name, resource));
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped++;
    }
  }
  for (const id of RETIRED_SAMPLE_GRANT_IDS) {
    await dynamo().send(new DeleteCommand({ TableName: table, Key: grantKey(id) }));
  }
  if (await requests.get(SAMPLE_REQUEST_ID)) return { created, skipped: skipped + 1 };
  const resource = await catalogue.getPublishedResource(BASE_RESOURCES.legalEntities.code);
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

const DAY_MS = 86_400_000;

/** 市人社局's data officer, who asks two providers for base data (a consumer the other samples leave alone). */
const HRSS_DATA_OFFICER = {
  subject: 'hrss-data-officer',
  unit: '611000109',
  roles: ['data-consumer'],
  kind: 'person',
} as const;

interface AnsweredSample {
  id: string;
  resource: SampleGrantName;
  approver: string;
  purpose: string;
  items: string[];
  /** Days before "now" the request was filed, and (absent: never) answered. */
  filedDaysAgo: number;
  answer?: { daysAgo: number; approve: boolean; reason?: string };
}

/**
 * Conditional requests of the last weeks for the assessment's 共享申请答复率 to measure: one answered
 * within its 10 working days, one answered after them, one never answered (overdue). Filed and
 * answered through the domain's own rules at the sample instants.
 */
const ANSWERED_SAMPLES: AnsweredSample[] = [
  {
    id: 'sample-hrss-population-on-time',
    resource: 'population',
    approver: 'police-approver',
    purpose: '社会保险待遇领取资格认证',
    items: ['citizenId', 'name', 'status'],
    filedDaysAgo: 20,
    answer: { daysAgo: 17, approve: true },
  },
  {
    id: 'sample-hrss-population-late',
    resource: 'population',
    approver: 'police-approver',
    purpose: '就业困难人员认定核验',
    items: ['citizenId', 'name', 'householdAddress'],
    filedDaysAgo: 30,
    answer: {
      daysAgo: 6,
      approve: false,
      reason: '户籍地址不在就业困难人员认定所需数据范围内，请调整数据项后重新申请',
    },
  },
  {
    id: 'sample-hrss-legal-entities-overdue',
    resource: 'legalEntities',
    approver: 'market-editor',
    purpose: '参保单位登记状态核验',
    items: ['creditCode', 'name', 'status'],
    filedDaysAgo: 21,
  },
];

/**
 * The sample conditional requests of the last weeks (ANSWERED_SAMPLES), each filed and answered at
 * its instant. Idempotent: a request already there is left as it is.
 */
async function seedAnsweredRequests(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const table = process.env[tableEnvName('catalogue')];
  const identityTable = process.env[tableEnvName('identity')];
  if (!table || !identityTable) throw new Error('the catalogue and identity tables are not set');
  const requests = dynamoAccessRequestStore(dynamo(), table);
  const catalogue = publishedCatalogue(dynamo(), table);
  const now = platformNow('local');
  let created = 0;
  let skipped = 0;
  for (const sample of ANSWERED_SAMPLES) {
    if (await requests.get(sample.id)) {
      skipped++;
      continue;
    }
    const resource = await catalogue.getPublishedResource(BASE_RESOURCES[sample.resource].code);
    if (!resource) continue;
    const filedAt = new Date(now.getTime() - sample.filedDaysAgo * DAY_MS);
    let outcome: RequestOutcome;
    try {
      outcome = await workingCalendarReader(dynamo(), identityTable).withCalendar((calendar) =>
        openAccessRequest({
          id: sample.id,
          resource,
          input: {
            purpose: sample.purpose,
            items: sample.items,
            until: `${now.getUTCFullYear() + 1}-12-31`,
            legalBasis: '《社会保险法》第七十五条',
          },
          caller: HRSS_DATA_OFFICER,
          now: filedAt,
          calendar,
          answerWithinWorkingDays: 10,
        }),
      );
    } catch (error) {
      if (!(error instanceof CalendarNotLoadedError)) throw error;
      log(`sample sharing: no answered requests: ${error.message}`);
      return { created, skipped };
    }
    await requests.create(outcome);
    created++;
    const { answer } = sample;
    if (!answer) continue;
    const actor = {
      subject: sample.approver,
      unit: resource.providerUnit,
      roles: ['data-approver'],
      kind: 'person',
    } as const;
    const answeredAt = new Date(now.getTime() - answer.daysAgo * DAY_MS);
    if (answer.approve) {
      const approved = approveAccessRequest({
        request: outcome.request,
        resource,
        input: { unmaskedItems: [], dailyQuota: 500 },
        actor,
        now: answeredAt,
      });
      await requests.decide(outcome.request, approved.request, approved.grant);
    } else {
      const refused = refuseAccessRequest({
        request: outcome.request,
        reason: answer.reason ?? '不符合共享条件',
        actor,
        now: answeredAt,
      });
      await requests.decide(outcome.request, refused);
    }
  }
  if (created > 0)
    log(`sample sharing: ${created} requests of 市人社局 (answered in time, late, and one overdue)`);
  return { created, skipped };
}
