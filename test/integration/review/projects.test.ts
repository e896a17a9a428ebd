import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSUMED,
  PLAN_ITEM,
  PRODUCED,
  projectInput,
  type ReviewPlatform,
  startReviewPlatform,
} from './review-support.ts';

const USERS = ['hrss-submitter', 'luonan-submitter', 'egov-reviewer', 'finance-reviewer', 'audit-auditor'];
let review: ReviewPlatform;

beforeAll(async () => {
  review = await startReviewPlatform('review-projects', USERS);
  await review.putPlanItem(PLAN_ITEM, 500_000_000);
}, 120_000);

afterAll(async () => {
  await review?.stop();
});

const paths = (json: Record<string, unknown>) =>
  ((json.errors as { path: string }[] | undefined) ?? []).map((issue) => issue.path);

describe('filing, editing and submitting a project', () => {
  let id = '';

  it('files a draft, edits it, and freezes it on submission', async () => {
    const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', projectInput());
    expect(created.status).toBe(201);
    id = created.json.id;
    expect(created.headers.get('location')).toBe(`/v1/review/projects/${id}`);
    expect(created.json).toMatchObject({ state: 'draft', projectVersion: 1, unit: '611000109' });

    const edited = await review.call(
      'PUT',
      `/v1/review/projects/${id}`,
      'hrss-submitter',
      projectInput({ functions: ['社保参保登记', '就业失业登记', '待遇资格认证', '统计分析'] }),
    );
    expect(edited.status).toBe(200);
    expect(edited.json.content.functions).toHaveLength(4);

    const submitted = await review.call('POST', `/v1/review/projects/${id}/submit`, 'hrss-submitter');
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ state: 'submitted', checks: 'queued' });
    expect(await review.takeChecksMessages()).toContainEqual({ projectId: id, projectVersion: 1 });

    const frozen = await review.call('PUT', `/v1/review/projects/${id}`, 'hrss-submitter', projectInput());
    expect(frozen.status).toBe(409);

    const version = await review.call('GET', `/v1/review/projects/${id}/versions/1`, 'egov-reviewer');
    expect(version.status).toBe(200);
    expect(version.json).toMatchObject({ frozen: true, projectVersion: 1 });
    expect(version.json.content.functions).toContain('统计分析');

    const corpus = (await review.items(`PROJECT#${id}`)).find((item) =>
      String(item.pk).startsWith('CORPUS#'),
    );
    expect(corpus).toMatchObject({ kind: 'project', id, unit: '611000109', name: projectInput().name });

    const history = await review.call('GET', `/v1/review/projects/${id}/history`, 'hrss-submitter');
    expect(history.json.items.map((event: { type: string }) => event.type)).toEqual([
      'drafted',
      'edited',
      'submitted',
    ]);
  });

  it('shows a project to its unit, the offices and auditors, and to no other unit', async () => {
    expect((await review.call('GET', `/v1/review/projects/${id}`, 'audit-auditor')).status).toBe(200);
    expect((await review.call('GET', `/v1/review/projects/${id}`, 'luonan-submitter')).status).toBe(404);
    const own = await review.call('GET', '/v1/review/projects', 'hrss-submitter');
    expect(own.json.items.map((p: { id: string }) => p.id)).toContain(id);
    const other = await review.call('GET', '/v1/review/projects', 'luonan-submitter');
    expect(other.json.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await review.call('GET', '/v1/review/projects?unit=611000109', 'luonan-submitter')).status).toBe(
      403,
    );
    const byState = await review.call(
      'GET',
      '/v1/review/projects?state=submitted&unit=611000109',
      'egov-reviewer',
    );
    expect(byState.json.items.map((p: { id: string }) => p.id)).toContain(id);
    const drafts = await review.call('GET', '/v1/review/projects?state=draft', 'egov-reviewer');
    expect(drafts.json.items.map((p: { id: string }) => p.id)).not.toContain(id);
    const byPlan = await review.call('GET', `/v1/review/projects?planItem=${PLAN_ITEM}`, 'finance-reviewer');
    expect(byPlan.json.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await review.call('GET', '/v1/review/projects?cursor=bm9wZQ', 'egov-reviewer')).status).toBe(400);
  });

  it('withdraws a draft at its submitter’s word, and refuses anyone else', async () => {
    const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', projectInput());
    const path = `/v1/review/projects/${created.json.id}/withdraw`;
    expect((await review.call('POST', path, 'luonan-submitter', { reason: '不再需要' })).status).toBe(404);
    const withdrawn = await review.call('POST', path, 'hrss-submitter', { reason: '与其他项目合并' });
    expect([withdrawn.status, withdrawn.json.state]).toEqual([200, 'withdrawn']);
  });

  it('creates one project for a retried create with the same Idempotency-Key', async () => {
    const key = { 'idempotency-key': 'review-create-once-1' };
    const first = await review.call('POST', '/v1/review/projects', 'luonan-submitter', projectInput(), key);
    const again = await review.call('POST', '/v1/review/projects', 'luonan-submitter', projectInput(), key);
    expect(first.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    const listed = await review.call('GET', '/v1/review/projects?unit=611021109', 'egov-reviewer');
    expect(listed.json.items.filter((p: { name: string }) => p.name === projectInput().name)).toHaveLength(1);
  });
});

describe('bad input: a 4xx naming the field, nothing written', () => {
  const line = (changes: Record<string, unknown>) => {
    const lines = structuredClone(projectInput().budgetLines) as Record<string, unknown>[];
    lines[2] = { ...lines[2], ...changes };
    return projectInput({ budgetLines: lines as never });
  };
  const cases: [string, unknown, number, string][] = [
    ['a line that does not add up', line({ amount: 11_000_000 }), 400, 'body.budgetLines.2.amount'],
    [
      'a negative amount',
      line({ unitPrice: -12_000_000, amount: -12_000_000 }),
      400,
      'body.budgetLines.2.amount',
    ],
    ['a zero amount', line({ unitPrice: 0, amount: 0 }), 400, 'body.budgetLines.2.amount'],
    [
      'an absurd amount',
      line({ unitPrice: 200_000_000_000, amount: 200_000_000_000 }),
      400,
      'body.budgetLines.2.amount',
    ],
    [
      'an amount in yuan with decimals',
      line({ unitPrice: 12_000.5, amount: 12_000.5 }),
      400,
      'body.budgetLines.2.amount',
    ],
    ['an unknown plan item', projectInput({ planItem: 'GH-1999-001' }), 422, 'body.planItem'],
    ['an unknown produced resource', projectInput({ produces: ['999999/000009'] }), 422, 'body.produces.0'],
    [
      'an unknown consumed resource',
      projectInput({ consumes: [CONSUMED, '999999/000009'] }),
      422,
      'body.consumes.1',
    ],
    [
      'an attachment never uploaded',
      projectInput({
        attachments: [{ name: '可研.pdf', sha256: 'b'.repeat(64), size: 10, kind: 'feasibility-study' }],
      }),
      422,
      'body.attachments.0',
    ],
  ];

  it.each(cases)('refuses %s', async (_what, body, status, path) => {
    const before = (await review.items('PROJECT')).length;
    const refused = await review.call('POST', '/v1/review/projects', 'hrss-submitter', body);
    expect(refused.status).toBe(status);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(refused.json)).toContain(path);
    expect((await review.items('PROJECT')).length).toBe(before);
  });

  it('refuses the same on an edit, and leaves the draft as it was', async () => {
    const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', projectInput());
    const path = `/v1/review/projects/${created.json.id}`;
    const refused = await review.call(
      'PUT',
      path,
      'hrss-submitter',
      projectInput({ produces: ['999999/000009'] }),
    );
    expect([refused.status, paths(refused.json)]).toEqual([422, ['body.produces.0']]);
    const stored = await review.call('GET', path, 'hrss-submitter');
    expect([stored.json.version, stored.json.content.produces]).toEqual([1, [PRODUCED]]);
  });

  it('refuses a submission by someone who is not a project submitter', async () => {
    const refused = await review.call('POST', '/v1/review/projects', 'egov-reviewer', projectInput());
    expect(refused.status).toBe(403);
  });
});

describe('attachments by presigned upload', () => {
  const bytes = Buffer.from('可行性研究报告（摘要）\n商洛市人力资源和社会保障局\n', 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  it('names a completed upload of the unit, and refuses it to another unit', async () => {
    const started = await review.call('POST', '/v1/review/attachments', 'hrss-submitter', {
      name: '可行性研究报告.txt',
      sha256,
      size: bytes.length,
    });
    expect(started.status).toBe(201);
    expect(started.json.upload.objectKey).toMatch(/^projects\/uploads\//);
    const naming = projectInput({
      attachments: [{ name: '可行性研究报告.txt', sha256, size: bytes.length, kind: 'feasibility-study' }],
    });
    const early = await review.call('POST', '/v1/review/projects', 'hrss-submitter', naming);
    expect([early.status, paths(early.json)]).toEqual([422, ['body.attachments.0']]);

    const put = await fetch(started.json.uploadUrl, { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    const completePath = `/v1/review/attachments/${started.json.upload.id}/complete`;
    expect((await review.call('POST', completePath, 'luonan-submitter')).status).toBe(404);
    const done = await review.call('POST', completePath, 'hrss-submitter');
    expect([done.status, done.json.status]).toEqual([200, 'complete']);

    const created = await review.call('POST', '/v1/review/projects', 'hrss-submitter', naming);
    expect(created.status).toBe(201);
    const elsewhere = await review.call('POST', '/v1/review/projects', 'luonan-submitter', naming);
    expect([elsewhere.status, paths(elsewhere.json)]).toEqual([422, ['body.attachments.0']]);
  });

  it('makes an upload whose file is not the one declared unusable', async () => {
    const started = await review.call('POST', '/v1/review/attachments', 'hrss-submitter', {
      name: '报价单.txt',
      sha256: 'c'.repeat(64),
      size: bytes.length,
    });
    await fetch(started.json.uploadUrl, { method: 'PUT', body: bytes });
    const refused = await review.call(
      'POST',
      `/v1/review/attachments/${started.json.upload.id}/complete`,
      'hrss-submitter',
    );
    expect([refused.status, paths(refused.json)]).toEqual([422, ['upload.sha256']]);
  });
});
