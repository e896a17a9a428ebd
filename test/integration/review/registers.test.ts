import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvName } from '@govshare/blueprint';
import { DEFAULT_BUDGET_RULES } from '@govshare/domain/review';
import { SAMPLE_ADMIN_ID } from '@govshare/functions/identity/sample-directory.ts';
import { dynamo } from '@govshare/functions/platform/aws-clients.ts';
import { sampleSystems } from '@govshare/functions/review/sample-data.ts';
import { planItemKey } from '@govshare/functions/review/table-keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/local-platform.ts';

const USERS = ['egov-reviewer', 'finance-reviewer', 'platform-admin', 'hrss-submitter'] as const;
type User = (typeof USERS)[number];

let local: TestPlatform;
let table: string;
const tokens: Partial<Record<User, string>> = {};

beforeAll(async () => {
  local = await startTestPlatform('review-registers');
  table = local.platform.env[tableEnvName('review')] as string;
  for (const user of USERS)
    tokens[user] = await local.tokenFor(user === 'platform-admin' ? SAMPLE_ADMIN_ID : user);
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const call = (method: string, path: string, user: User, body?: unknown) =>
  local.request(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });
const paths = (json: Record<string, unknown>) =>
  ((json.errors as { path: string }[] | undefined) ?? []).map((issue) => issue.path);

describe('plan items (规划)', () => {
  it('lists the sample plan with what is approved against each item and what remains', async () => {
    const listed = await call('GET', '/v1/review/plan-items', 'hrss-submitter');
    expect(listed.status).toBe(200);
    const closed = listed.json.items.find((item: { code: string }) => item.code === 'SL-2024-01');
    expect(closed).toMatchObject({ state: 'closed', approved: 800_000_000 });
    expect(closed.remaining).toBe(closed.envelope - closed.approved);
    expect(listed.json.items.find((item: { code: string }) => item.code === 'SL-2026-02')).toMatchObject({
      state: 'open',
    });
  });

  it('adds and changes an item, keeping what approvals added to it', async () => {
    const put = await call('PUT', '/v1/review/plan-items/GH-2027-001', 'egov-reviewer', {
      name: '数据共享交换平台升级',
      envelope: 300_000_000,
      state: 'open',
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ code: 'GH-2027-001', approved: 0, remaining: 300_000_000 });

    // What the approval transaction does (project-store.ts): ADD approvedFen.
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: planItemKey('GH-2027-001'),
        UpdateExpression: 'ADD approvedFen :a',
        ExpressionAttributeValues: { ':a': 120_000_000 },
      }),
    );
    const changed = await call('PUT', '/v1/review/plan-items/GH-2027-001', 'egov-reviewer', {
      name: '数据共享交换平台升级（调整）',
      envelope: 200_000_000,
      state: 'open',
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      envelope: 200_000_000,
      approved: 120_000_000,
      remaining: 80_000_000,
    });

    const below = await call('PUT', '/v1/review/plan-items/GH-2027-001', 'egov-reviewer', {
      name: '数据共享交换平台升级',
      envelope: 100_000_000,
      state: 'open',
    });
    expect(below.status).toBe(422);
    expect(paths(below.json)).toEqual(['body.envelope']);
    const listed = await call('GET', '/v1/review/plan-items', 'egov-reviewer');
    expect(listed.json.items.find((item: { code: string }) => item.code === 'GH-2027-001')).toMatchObject({
      envelope: 200_000_000,
      approved: 120_000_000,
    });
  });

  it('refuses bad input naming the field, and anyone but the office', async () => {
    const bad = await call('PUT', '/v1/review/plan-items/GH-2027-002', 'egov-reviewer', {
      name: '',
      envelope: -5,
      state: 'open',
    });
    expect(bad.status).toBe(400);
    expect(paths(bad.json)).toEqual(['body.name', 'body.envelope']);
    const code = await call('PUT', '/v1/review/plan-items/gh-lower', 'egov-reviewer', {
      name: 'x',
      envelope: 1,
      state: 'open',
    });
    expect(paths(code.json)).toEqual(['params.code']);
    const finance = await call('PUT', '/v1/review/plan-items/GH-2027-002', 'finance-reviewer', {
      name: 'x',
      envelope: 1,
      state: 'open',
    });
    expect(finance.status).toBe(403);
  });
});

describe('the register of existing information systems (信息系统目录)', () => {
  const system = {
    unit: '611000109',
    name: '人社局档案数字化管理系统',
    description: '人事档案和业务档案的数字化加工、借阅与利用。',
    functions: ['档案数字化加工', '档案借阅', '档案检索'],
    deployment: 'self-built',
    builtYear: 2018,
    investment: 45_000_000,
  };

  it('registers a system and lists the register by unit, in pages over every shard', async () => {
    const put = await call('PUT', '/v1/review/systems/SYS-T-001', 'egov-reviewer', system);
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      id: 'SYS-T-001',
      kind: 'system',
      unit: '611000109',
      deployment: 'self-built',
    });

    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call(
        'GET',
        `/v1/review/systems?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        'hrss-submitter',
      );
      expect(page.status).toBe(200);
      ids.push(...page.json.items.map((item: { id: string }) => item.id));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...sampleSystems.map((s) => s.id), 'SYS-T-001'].sort());

    const ofUnit = await call('GET', '/v1/review/systems?unit=611000109&limit=100', 'hrss-submitter');
    const expected = [...sampleSystems.filter((s) => s.unit === '611000109').map((s) => s.id), 'SYS-T-001'];
    const listed: string[] = [];
    let next: string | undefined = ofUnit.json.nextCursor;
    listed.push(...ofUnit.json.items.map((item: { id: string }) => item.id));
    while (next) {
      const page = await call(
        'GET',
        `/v1/review/systems?unit=611000109&limit=100&cursor=${encodeURIComponent(next)}`,
        'hrss-submitter',
      );
      listed.push(...page.json.items.map((item: { id: string }) => item.id));
      next = page.json.nextCursor;
    }
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('refuses a unit the directory does not know, and bad fields, naming them', async () => {
    const unknown = await call('PUT', '/v1/review/systems/SYS-T-002', 'egov-reviewer', {
      ...system,
      unit: '619999999',
    });
    expect(unknown.status).toBe(422);
    expect(paths(unknown.json)).toEqual(['body.unit']);
    const bad = await call('PUT', '/v1/review/systems/SYS-T-002', 'egov-reviewer', {
      ...system,
      functions: [],
      deployment: 'cloud',
    });
    expect(bad.status).toBe(400);
    expect(paths(bad.json)).toEqual(['body.functions', 'body.deployment']);
  });
});

describe('the rule file', () => {
  it('serves the seeded version, writes the next on condition of the one it replaces, keeps the old', async () => {
    const current = await call('GET', '/v1/review/rules', 'hrss-submitter');
    expect(current.status).toBe(200);
    expect(current.json).toMatchObject({ version: 1, label: `1/${DEFAULT_BUDGET_RULES.version}` });
    expect(current.json.similarity).toEqual({ fail: 0.55, warn: 0.4 });

    const budget = { ...DEFAULT_BUDGET_RULES, version: '商洛-2027' };
    const put = await call('PUT', '/v1/review/rules', 'platform-admin', {
      budget,
      similarity: { fail: 0.6, warn: 0.45 },
      replaces: 1,
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ version: 2, label: '2/商洛-2027', updatedBy: SAMPLE_ADMIN_ID });

    const stale = await call('PUT', '/v1/review/rules', 'platform-admin', { budget, replaces: 1 });
    expect(stale.status).toBe(409);
    expect((await call('GET', '/v1/review/rules', 'egov-reviewer')).json.version).toBe(2);
    expect((await call('GET', '/v1/review/rules?version=1', 'egov-reviewer')).json.similarity.fail).toBe(
      0.55,
    );
    expect((await call('GET', '/v1/review/rules?version=0', 'egov-reviewer')).json.label).toBe(
      `0/${DEFAULT_BUDGET_RULES.version}`,
    );
    expect((await call('GET', '/v1/review/rules?version=9', 'egov-reviewer')).status).toBe(404);
  });

  it('refuses a bad rule file naming the field, and anyone but the platform admin', async () => {
    const bad = await call('PUT', '/v1/review/rules', 'platform-admin', {
      budget: { ...DEFAULT_BUDGET_RULES, operationsShare: { maxPercent: 140, severity: 'warn' } },
      similarity: { fail: 0.4, warn: 0.5 },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad.json)).toEqual(['body.budget.operationsShare.maxPercent', 'body.similarity.warn']);
    const reviewer = await call('PUT', '/v1/review/rules', 'egov-reviewer', { budget: DEFAULT_BUDGET_RULES });
    expect(reviewer.status).toBe(403);
  });
});
