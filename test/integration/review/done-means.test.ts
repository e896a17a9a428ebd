import { BASE_RESOURCES } from '@govshare/domain/catalogue';
import { formatYuan, type ProjectInput } from '@govshare/domain/review';
import {
  cleanSubmission,
  collectsIdNumbersSubmission,
  paraphrasedSubmission,
  selfBuiltSubmission,
} from '@govshare/functions/review/sample-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestResponse } from '../../support/local-platform.ts';

/**
 * Issue 10's "Done means", as a new user would try it: on the whole local platform (the real
 * `project-checks` and `exchange-drafts` consumers on their queues), only HTTP calls, waiting for
 * the asynchronous checks and the approval reply as a client would. The bad input the issue lists
 * is covered in projects.test.ts (budget lines, amounts, plan item and catalogue codes, editing a
 * frozen submission) and decisions.test.ts (no reviewer role, the submitting unit, deciding twice,
 * revising a project that is not returned).
 */
const USERS = [
  'hrss-submitter',
  'luonan-submitter',
  'egov-reviewer',
  'finance-reviewer',
  'fund-control-system',
] as const;
type User = (typeof USERS)[number];

let local: TestPlatform;
const tokens: Partial<Record<User, string>> = {};

beforeAll(async () => {
  local = await startTestPlatform('review-done-means');
  for (const user of USERS) tokens[user] = await local.tokenFor(user);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const call = (method: string, path: string, user: User, body?: unknown): Promise<TestResponse> =>
  local.request(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it gives something (a client waiting for a queue's consumer). */
async function eventually<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await read();
    if (found !== undefined) return found;
    await sleep(250);
  }
  throw new Error(`${what}: not there after ${timeoutMs} ms`);
}

async function fileAndSubmit(user: User, input: ProjectInput): Promise<string> {
  const created = await call('POST', '/v1/review/projects', user, input);
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const submitted = await call('POST', `/v1/review/projects/${id}/submit`, user);
  expect([submitted.status, submitted.json.checks]).toEqual([200, 'queued']);
  return id;
}

/** The report of the project's current version, once the consumer has moved it into review. */
const checkedReport = (id: string, projectVersion = 1) =>
  eventually(`the checks of ${id} v${projectVersion}`, async () => {
    const project = await call('GET', `/v1/review/projects/${id}`, 'egov-reviewer');
    if (project.json.state !== 'in-review' || project.json.projectVersion !== projectVersion)
      return undefined;
    const report = await call('GET', `/v1/review/projects/${id}/checks`, 'egov-reviewer');
    expect(report.status).toBe(200);
    return report.json;
  });

interface Finding {
  check: string;
  outcome: string;
  reason: string;
  // biome-ignore lint/suspicious/noExplicitAny: evidence differs per check; the assertions check its shape
  evidence: any[];
}
const finding = (report: Record<string, unknown>, check: string): Finding => {
  const found = (report.results as Finding[]).find((result) => result.check === check);
  if (!found) throw new Error(`no ${check} finding in ${JSON.stringify(report)}`);
  return found;
};

const decide = (id: string, user: User, decision: unknown) =>
  call('POST', `/v1/review/projects/${id}/decisions`, user, decision);

describe('project pre-review, as issue 10 says it is done', () => {
  it('names the earlier project a paraphrase copies, with the functions that overlap', async () => {
    const id = await fileAndSubmit('luonan-submitter', paraphrasedSubmission);
    const duplicate = finding(await checkedReport(id), 'duplicate-construction');
    expect(['warn', 'fail']).toContain(duplicate.outcome);
    const earlier = duplicate.evidence.find((match) => match.id === 'PRJ-2025-004');
    expect(earlier, duplicate.reason).toMatchObject({
      kind: 'project',
      name: '商洛市就业创业公共服务平台建设项目',
    });
    expect(earlier.fields).toEqual({
      name: expect.any(Number),
      description: expect.any(Number),
      functions: expect.any(Number),
    });
    expect(earlier.overlappingFunctions).toContainEqual(
      expect.objectContaining({ submitted: '创业担保贷款申请', earlier: '创业担保贷款申请' }),
    );
    expect(earlier.overlappingFunctions.length).toBeGreaterThanOrEqual(3);
    expect(duplicate.reason).toMatch(/PRJ-2025-004|SYS-018/);
  });

  it('flags a self-built deployment in cloud first', async () => {
    const id = await fileAndSubmit('hrss-submitter', selfBuiltSubmission);
    const cloud = finding(await checkedReport(id), 'cloud-first');
    expect(cloud.outcome).toBe('fail');
    expect(cloud.evidence).toContainEqual(expect.objectContaining({ ref: 'deployment.justification' }));
  });

  it('points 身份证号 to the population database instead of collecting it again', async () => {
    const id = await fileAndSubmit('luonan-submitter', collectsIdNumbersSubmission);
    const recollection = finding(await checkedReport(id), 'no-re-collection');
    expect(recollection.outcome).toBe('fail');
    expect(recollection.evidence).toContainEqual(
      expect.objectContaining({
        item: '身份证号',
        resource: { code: BASE_RESOURCES.population.code, name: BASE_RESOURCES.population.name },
      }),
    );
  });

  it('approves a clean project with a cut, tells fund control, and drafts the 批复 in the exchange', async () => {
    const id = await fileAndSubmit('hrss-submitter', cleanSubmission);
    expect((await checkedReport(id)).outcome).toBe('pass');

    const cut = await decide(id, 'egov-reviewer', {
      outcome: 'approve-with-cuts',
      cuts: [{ line: 0, approvedAmount: 62_500_000, reason: '开发工作量按25人月核定' }],
    });
    expect([cut.status, cut.json.awaiting]).toEqual([200, ['finance']]);
    const approved = await decide(id, 'finance-reviewer', { outcome: 'approve' });
    expect(approved.json).toMatchObject({
      state: 'approved',
      reply: 'requested',
      approvedBudget: { requested: 120_400_000, approved: 107_900_000, cut: 12_500_000 },
    });

    const funding = await call('GET', `/v1/review/projects/${id}/funding`, 'fund-control-system');
    expect(funding.json).toMatchObject({ approved: true, approvedAmount: 107_900_000 });

    const replyId = approved.json.replyDocumentId as string;
    const listed = await eventually('the 批复 among the egov reviewer’s drafts', async () => {
      const drafts = await call('GET', '/v1/exchange/documents', 'egov-reviewer');
      return (drafts.json.items as { id: string }[]).find((item) => item.id === replyId);
    });
    expect(listed).toMatchObject({ type: '批复', state: 'draft', drafter: 'egov-reviewer' });
    const reply = await call('GET', `/v1/exchange/documents/${replyId}`, 'egov-reviewer');
    expect(reply.json.content).toMatchObject({
      title: `关于${cleanSubmission.name}项目的批复`,
      mainRecipients: ['611000109'],
    });
    const body = String(reply.json.content.body);
    expect(body).toContain(`核定预算${formatYuan(107_900_000)}，核减${formatYuan(12_500_000)}`);
    expect(body).toContain(`核定${formatYuan(62_500_000)}`);
    expect(body).toContain('理由：开发工作量按25人月核定。');
  }, 60_000);

  it('returns a project with comments, and shows what the resubmission changed', async () => {
    const id = await fileAndSubmit('hrss-submitter', {
      ...cleanSubmission,
      name: '商洛市社保待遇资格认证系统',
    });
    await checkedReport(id);
    expect((await decide(id, 'egov-reviewer', { outcome: 'approve' })).status).toBe(200);
    const returned = await decide(id, 'finance-reviewer', {
      outcome: 'return',
      comments: [{ item: 'budgetLines.2', comment: '数据接口对接服务请按实际接口数量测算' }],
    });
    expect(returned.json).toMatchObject({
      state: 'returned',
      lastReturn: { office: 'finance', comments: [{ item: 'budgetLines.2' }] },
    });

    const lines = structuredClone(cleanSubmission.budgetLines);
    lines[2] = {
      ...lines[2],
      quantity: 1,
      unitPrice: 9_000_000,
      amount: 9_000_000,
    } as (typeof lines)[number];
    const revised = await call('POST', `/v1/review/projects/${id}/revise`, 'hrss-submitter', {
      ...cleanSubmission,
      name: '商洛市社保待遇资格认证系统',
      budgetLines: lines,
    });
    expect([revised.status, revised.json.projectVersion]).toEqual([200, 2]);
    expect((await call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter')).status).toBe(200);
    await checkedReport(id, 2);

    const diff = await call('GET', `/v1/review/projects/${id}/diff?from=1&to=2`, 'finance-reviewer');
    expect(diff.json.budget).toEqual({ from: 120_400_000, to: 114_400_000, delta: -6_000_000 });
    expect(diff.json.budgetLines).toEqual([
      expect.objectContaining({ kind: 'changed', item: '数据接口对接服务', delta: -6_000_000 }),
    ]);
    const project = await call('GET', `/v1/review/projects/${id}`, 'finance-reviewer');
    expect(project.json).toMatchObject({
      awaiting: ['finance'],
      currentDecisions: { egov: { outcome: 'approve', carriedFromVersion: 1 } },
    });
  }, 60_000);
});
