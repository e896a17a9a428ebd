import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { govshare, tableEnvName } from '@govshare/blueprint';
import {
  type CheckReport,
  createProject,
  type DecisionInput,
  decide,
  decisionInputSchema,
  type ProjectInput,
  projectInputSchema,
  type ReviewActor,
  recordChecks,
  reviewTierOf,
  submitProject,
} from '@govshare/domain/review';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { dynamoProjectStore, type ProjectStore } from '@govshare/functions/review/project-store.ts';
import {
  cleanSubmission,
  paraphrasedSubmission,
  samplePlanItems,
  selfBuiltSubmission,
} from '@govshare/functions/review/sample-data.ts';
import { planItemKey } from '@govshare/functions/review/table-keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

/**
 * GET /v1/review/reports/pipeline on the local platform, over projects the project store wrote as the
 * review routes and the checks consumer would (the domain's transitions, one store call each).
 */
let local: TestPlatform;
let store: ProjectStore;

const hrss: ReviewActor = { subject: 'hrss-submitter', unit: '611000109', roles: ['project-submitter'] };
const luonan: ReviewActor = { subject: 'luonan-submitter', unit: '611021109', roles: ['project-submitter'] };
const egov: ReviewActor = { subject: 'egov-reviewer', unit: '611000204', roles: ['egov-reviewer'] };
const finance: ReviewActor = { subject: 'finance-reviewer', unit: '611000108', roles: ['finance-reviewer'] };

const report = async (user: string, query = '') =>
  local.request('GET', `/v1/review/reports/pipeline${query}`, { token: await local.tokenFor(user) });

/** A project filed, submitted, checked (with this duplicate-construction outcome) and decided as told. */
async function project(
  id: string,
  input: ProjectInput,
  submitter: ReviewActor,
  duplicate: 'pass' | 'warn' | 'fail',
  decisions: { egov?: DecisionInput; finance?: DecisionInput } = {},
) {
  const content = projectInputSchema.parse(input);
  const created = createProject({ id, content, actor: submitter, now: new Date() });
  let stored = await store.create(created);
  const submitted = submitProject({ project: stored, actor: submitter, now: new Date() });
  stored = await store.save(submitted, { expectedVersion: stored.version });
  const checks: CheckReport = {
    projectVersion: 1,
    outcome: duplicate,
    results: [{ check: 'duplicate-construction', outcome: duplicate, reason: 'test', evidence: [] }],
    tier: reviewTierOf(content.budgetLines.reduce((sum, line) => sum + line.amount, 0)),
    handledAs: content.kind,
    rules: 'test',
  };
  const checked = recordChecks({ project: stored, report: checks, actor: 'project-checks', now: new Date() });
  await store.recordChecks(id, checks, checked);
  stored = checked.project;
  for (const office of ['egov', 'finance'] as const) {
    const input = decisions[office];
    if (!input) continue;
    const decided = decide({
      project: stored,
      office,
      decision: decisionInputSchema.parse(input),
      actor: office === 'egov' ? egov : finance,
      now: new Date(),
    });
    stored = await store.save(decided, { expectedVersion: stored.version });
  }
  return stored;
}

beforeAll(async () => {
  const { 'exchange-urges': _urges, ...functions } = govshare.functions;
  local = await startTestPlatform('review-reports', { blueprint: { ...govshare, functions } });
  const table = local.platform.env[tableEnvName('review')] as string;
  store = dynamoProjectStore(dynamo(), table);
  // The plan (the checks branch's seed loads it in full): the items these projects name.
  for (const item of samplePlanItems.filter((i) => i.code.startsWith('SL-2026'))) {
    await dynamo().send(new PutCommand({ TableName: table, Item: { ...item, ...planItemKey(item.code) } }));
  }
  await project('RPT-CLEAN', cleanSubmission, hrss, 'pass', {
    egov: { outcome: 'approve' },
    finance: {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '工作量按25人月核定' }],
    },
  });
  await project('RPT-COPY', paraphrasedSubmission, luonan, 'fail');
  await project('RPT-SELF', selfBuiltSubmission, hrss, 'warn', {
    egov: { outcome: 'return', comments: [{ item: 'deployment', comment: '请部署在政务云' }] },
  });
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe('the pipeline report', () => {
  it('adds up this year’s projects for the offices', async () => {
    const res = await report('finance-reviewer');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const body = res.json;
    expect(body.year).toBe(Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)));
    expect(body.total).toMatchObject({
      projects: 3,
      approvedProjects: 1,
      cut: 12_500_000,
      byState: { approved: 1, 'in-review': 1, returned: 1 },
    });
    expect(body.total.cutRatePercent).toBeGreaterThan(0);
    expect(body.byUnit.map((g: { key: string; projects: number }) => [g.key, g.projects])).toEqual([
      ['611000109', 2],
      ['611021109', 1],
    ]);
    expect(body.byTier.map((g: { key: string }) => g.key)).toEqual(['standard']);
    expect(body.duplicates).toMatchObject({ checked: 3, failed: 1, warned: 1 });
    expect(body.duplicates.projects.map((d: { projectId: string }) => d.projectId)).toEqual([
      'RPT-COPY',
      'RPT-SELF',
    ]);
    const copy = body.officeTime.projects.find((p: { projectId: string }) => p.projectId === 'RPT-COPY');
    expect(copy).toMatchObject({ waitingFor: ['egov', 'finance'], workingDays: { egov: 0, finance: 0 } });
  });

  it('filters, and refuses a bad year or a reader without a report role', async () => {
    const luonanOnly = await report('egov-reviewer', '?unit=611021109');
    expect(luonanOnly.json.total.projects).toBe(1);
    const earlier = await report('egov-auditor', '?year=2020');
    expect([earlier.status, earlier.json.total.projects]).toEqual([200, 0]);
    const bad = await report('egov-reviewer', '?year=twenty');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('year');
    expect((await report('hrss-submitter')).status).toBe(403);
  });
});
