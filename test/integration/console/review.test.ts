import { join } from 'node:path';
import { collectsIdNumbersSubmission } from '@govshare/functions/review/sample-data.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, chromiumAvailable, openConsole, WAIT } from '../../support/console-browser.ts';
import type { TestPlatform } from '../../support/local-platform.ts';

const SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-review.png');
/** The machine checks run on a queue's consumer: its first message is a cold start. */
const CHECKS_WAIT = { timeout: 60_000 };
const NAME = '商洛市零工市场就业服务系统建设项目';

interface CheckReport {
  outcome: string;
  results: { check: string; outcome: string; reason: string; evidence: { id?: string; score?: number }[] }[];
}

/**
 * Project pre-review (项目预审) in Debian's Chromium against the real local platform: 市人社局's
 * submitter files a project (the budget summed as it is typed, a field error beside its field),
 * submits it and reads its machine checks with their evidence; the e-government office cuts a line
 * from its worklist, the finance office approves, and, the project being above the leading-group
 * threshold, the leading group's office approves last; a returned sample project is revised with its
 * changes shown; the pipeline report. axe-core on every page, not one console error.
 */
describe.skipIf(!chromiumAvailable)('project pre-review pages in a real browser', () => {
  let session: ConsoleSession;
  let local: TestPlatform;
  let page: Page;
  let projectId: string;
  /** 洛南县人社局's project that collects ID numbers again, filed and submitted through the API. */
  let returnedId: string;

  beforeAll(async () => {
    session = await openConsole('console-review');
    ({ local, page } = session);
    const token = await local.tokenFor('luonan-submitter');
    const filed = await local.request('POST', '/v1/review/projects', {
      token,
      body: collectsIdNumbersSubmission,
    });
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    returnedId = filed.json.id as string;
    const submitted = await local.request('POST', `/v1/review/projects/${returnedId}/submit`, { token });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  });

  afterAll(async () => {
    await session?.stop();
  });

  /** Picks an option of an antd Select named by its label, and waits for its list to close. */
  const choose = async (label: string, option: string, search?: string) => {
    const input = page.getByLabel(label, { exact: true });
    await input.click();
    if (search) await input.fill(search);
    const open = page.locator('.ant-select-dropdown:visible');
    await open.locator('.ant-select-item-option', { hasText: option }).first().click();
    // A multiple select stays open for more.
    if (await open.count()) await page.keyboard.press('Escape');
    await expect.poll(() => open.count()).toBe(0);
  };
  const checkAccessibility = (where: string) => session.checkAccessibility(where);
  const errorsBeside = (testIdOrSelector: string) =>
    page.locator(`${testIdOrSelector} .ant-form-item-explain-error`);
  const decisionFrom = async (office: string) => {
    const worklist = page.getByTestId(`review-worklist-${office}`);
    await expect.poll(async () => (await worklist.textContent()) ?? '', WAIT).toContain(NAME);
    await checkAccessibility(`项目预审 worklist (${office})`);
    await worklist.getByRole('link', { name: NAME }).click();
    await page.waitForURL(
      (url) => url.pathname === `/review/projects/${projectId}` && url.search === `?office=${office}`,
    );
    await page.getByTestId('decision-form').waitFor(WAIT);
  };
  const summary = () => page.getByTestId('project-summary').textContent();

  it('files a project as hrss-submitter: the budget adds up as typed, a field error beside its field', async () => {
    await page.goto(`${local.platform.apiUrl}/`);
    await session.signInAs('hrss-submitter');
    await page.getByRole('navigation').getByText('项目预审').click();
    await page.waitForURL('**/review');
    await page.getByTestId('review-projects').waitFor(WAIT);
    await checkAccessibility('项目预审 (submitter)');
    await page.getByRole('button', { name: '新建申报' }).click();
    await page.waitForURL('**/review/new');
    await page.getByTestId('submission-form').waitFor();

    await page
      .getByLabel('建设内容')
      .fill('建设全市零工市场线上服务系统，发布零工岗位，登记求职人员，人岗智能匹配，办理就业失业登记。');
    const functions = page.getByLabel('功能清单');
    for (const f of ['零工岗位发布', '求职登记', '人岗智能匹配', '就业失业登记']) {
      await functions.fill(f);
      await functions.press('Enter');
    }
    await page.keyboard.press('Escape');
    await choose('所属规划项目', 'SL-2026-02');
    await page.getByLabel('开始日期').fill('2027-01-01');
    await page.getByLabel('开始日期').press('Enter');
    await page.getByLabel('结束日期').fill('2027-12-31');
    await page.getByLabel('结束日期').press('Enter');
    await choose('使用的共享数据资源', '人口基础信息库', '人口');

    // The first line: 软件开发, 200 人月 × ¥25,000; its amount and the total follow each keystroke.
    await page.getByLabel('第 1 行名称').fill('软件开发');
    await page.getByLabel('第 1 行单位').fill('人月');
    await page.getByLabel('第 1 行数量').fill('200');
    await page.getByLabel('第 1 行单价（元）').fill('25000');
    await expect.poll(() => page.getByTestId('line-amount-0').textContent()).toBe('¥5,000,000.00');
    await page.getByRole('button', { name: '增加一行' }).click();
    await choose('第 2 行类别', '云资源');
    await page.getByLabel('第 2 行名称').fill('云主机');
    await page.getByLabel('第 2 行单位').fill('台·年');
    await page.getByLabel('第 2 行数量').fill('8');
    await page.getByLabel('第 2 行单价（元）').fill('8000');
    const total = page.getByTestId('budget-total');
    await expect.poll(() => total.textContent()).toContain('¥5,064,000.00');
    expect(await total.textContent()).toContain('506.40万元');
    await page.getByLabel('第 2 行数量').fill('10');
    await expect.poll(() => total.textContent()).toContain('¥5,080,000.00');
    expect(await page.getByLabel('第 1 行单价（元）').inputValue()).toBe('25,000');
    await checkAccessibility('新建项目申报');

    // Without a name the API refuses, naming the field: the message stands beside 项目名称.
    session.expectRefusals(true);
    await page.getByRole('button', { name: '保存草稿' }).click();
    const nameItem = page.locator('.ant-form-item', { has: page.getByLabel('项目名称', { exact: true }) });
    await expect
      .poll(async () => (await nameItem.locator('.ant-form-item-explain-error').textContent()) ?? '', WAIT)
      .not.toBe('');
    session.expectRefusals(false);
    expect(page.url()).toContain('/review/new');

    // Saved as a draft, opened again: what was typed comes back as typed, in yuan.
    await page.getByLabel('项目名称', { exact: true }).fill(NAME);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/review\/projects\/[0-9a-f-]{36}$/, WAIT);
    projectId = page.url().split('/').at(-1) as string;
    const title = page.getByTestId('project-name');
    await expect.poll(async () => (await title.textContent()) ?? '', WAIT).toContain('草稿');
    await page.getByRole('button', { name: '编辑草稿' }).click();
    await page.waitForURL(`**/review/projects/${projectId}/edit`);
    await expect.poll(() => page.getByTestId('budget-total').textContent(), WAIT).toContain('¥5,080,000.00');
    expect(await page.getByLabel('第 2 行单价（元）').inputValue()).toBe('8,000');
    await checkAccessibility('编辑草稿');
    await page.getByRole('button', { name: '保存并提交' }).click();
    await page.waitForURL(`**/review/projects/${projectId}`, WAIT);
    await expect.poll(async () => (await title.textContent()) ?? '', WAIT).toMatch(/已提交|审核中/);
    expect(await title.textContent()).toContain(NAME);
  });

  it('shows the machine checks with their evidence, the similar project and its score', async () => {
    const checks = page.getByTestId('review-checks');
    await expect.poll(() => checks.locator('[data-check]').count(), CHECKS_WAIT).toBe(7);
    const token = await local.tokenFor('hrss-submitter');
    const report = (await local.request('GET', `/v1/review/projects/${projectId}/checks`, { token }))
      .json as unknown as CheckReport;
    for (const result of report.results) {
      expect(await checks.locator(`[data-check="${result.check}"]`).textContent()).toContain(result.reason);
    }
    const duplicate = report.results.find((r) => r.check === 'duplicate-construction');
    const closest = duplicate?.evidence[0];
    expect(closest, 'the submission is written to resemble the city’s employment platform').toBeDefined();
    const matches = checks.locator('[data-check="duplicate-construction"] [data-testid="similar-matches"]');
    expect(await matches.textContent()).toContain(closest?.id);
    expect(await matches.textContent()).toContain(closest?.score?.toFixed(2));
    expect(await page.getByTestId('project-summary').textContent()).toContain('¥5,080,000.00');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await checkAccessibility('项目 (checks)');
  });

  it('the e-government office cuts a line from its worklist; the API’s field error stands beside the field', async () => {
    await session.signInAs('egov-reviewer');
    await page.goto(`${local.platform.apiUrl}/`);
    const card = page.getByTestId('todo-worklist-egov');
    await card.getByRole('link', { name: '查看' }).click();
    await page.waitForURL((url) => url.pathname === '/review' && url.search === '?office=egov');
    await decisionFrom('egov');
    await checkAccessibility('项目 (decision)');
    const form = page.getByTestId('decision-form');
    await form.getByText('核减后同意').click();
    await choose('预算行', '软件开发');
    await form.getByLabel('核定金额（元）').fill('4500000');
    await expect
      .poll(() => page.getByTestId('approved-after-cuts').textContent())
      .toContain('核减 ¥500,000.00');
    session.expectRefusals(true);
    await form.getByRole('button', { name: '提交决定' }).click();
    await expect
      .poll(async () => (await errorsBeside('[data-testid="cut-0"]').textContent()) ?? '', WAIT)
      .not.toBe('');
    session.expectRefusals(false);
    await form.getByLabel('核减理由').fill('软件开发工作量偏高，按 180 人月核定');
    await form.getByRole('button', { name: '提交决定' }).click();
    await expect.poll(summary, WAIT).toMatch(/等待审核财政/);
    expect(await page.getByTestId('decision-form').count()).toBe(0);
  });

  it('the finance office approves; the leading group’s office, whose turn it then is, approves last', async () => {
    await session.signInAs('finance-reviewer');
    await page.goto(`${local.platform.apiUrl}/review?office=finance`);
    await decisionFrom('finance');
    await page.getByTestId('decision-form').getByLabel('审核意见').fill('资金来源已落实');
    await page.getByTestId('decision-form').getByRole('button', { name: '提交决定' }).click();
    await expect.poll(summary, WAIT).toMatch(/等待审核领导小组办公室/);

    await session.signInAs('leading-group-reviewer');
    await page.goto(`${local.platform.apiUrl}/review?office=leading-group`);
    await decisionFrom('leading-group');
    await page.getByTestId('decision-form').getByRole('button', { name: '提交决定' }).click();
    await expect
      .poll(async () => (await page.getByTestId('project-name').textContent()) ?? '', WAIT)
      .toContain('已批准');
    expect(await summary()).toContain('批准 ¥4,580,000.00（458.00万元），核减 ¥500,000.00');
    await page.getByRole('tab', { name: '审核意见' }).click();
    const decisions = page.getByTestId('project-decisions');
    expect(await decisions.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await decisions.textContent()).toContain('按 180 人月核定');
    await page.getByRole('tab', { name: '流转记录' }).click();
    await expect
      .poll(() => page.getByTestId('project-history').locator('tbody tr.ant-table-row').count(), WAIT)
      .toBeGreaterThan(5);
    await checkAccessibility('项目 (history)');
  });

  it('shows the pipeline report: by unit as bars and a table, each office’s time', async () => {
    await page.goto(`${local.platform.apiUrl}/review`);
    await page.getByRole('button', { name: '统计报表' }).click();
    await page.waitForURL('**/review/pipeline');
    const byUnit = page.getByTestId('pipeline-by-unit');
    await expect.poll(() => byUnit.locator('tbody tr.ant-table-row').count(), WAIT).toBeGreaterThan(0);
    const token = await local.tokenFor('leading-group-reviewer');
    const report = (await local.request('GET', '/v1/review/reports/pipeline', { token })).json as {
      total: { projects: number };
      byUnit: unknown[];
    };
    expect(await byUnit.locator('tbody tr.ant-table-row').count()).toBe(report.byUnit.length);
    expect(await page.getByTestId('pipeline-total').textContent()).toContain(String(report.total.projects));
    expect(await page.getByTestId('pipeline-office-time').textContent()).toContain('领导小组办公室');
    await checkAccessibility('项目预审统计');
  });

  it('the finance office returns a project with a comment on an item', async () => {
    await session.signInAs('finance-reviewer');
    await page.goto(`${local.platform.apiUrl}/review?office=finance`);
    const worklist = page.getByTestId('review-worklist-finance');
    await expect
      .poll(async () => (await worklist.textContent()) ?? '', CHECKS_WAIT)
      .toContain(collectsIdNumbersSubmission.name);
    await worklist.getByRole('link', { name: collectsIdNumbersSubmission.name }).click();
    const form = page.getByTestId('decision-form');
    await form.waitFor(WAIT);
    await form.getByText('退回修改').click();
    await choose('针对', '采集数据项', '采集');
    await form
      .getByLabel('意见', { exact: true })
      .fill('身份证号、姓名已由人口基础信息库共享，请申请使用，不再采集');
    await form.getByRole('button', { name: '提交决定' }).click();
    await expect
      .poll(async () => (await page.getByTestId('project-name').textContent()) ?? '', WAIT)
      .toContain('已退回');
  });

  it('revises the returned project (luonan-submitter) and shows what changed between the versions', async () => {
    await session.signInAs('luonan-submitter');
    await page.goto(`${local.platform.apiUrl}/review/projects/${returnedId}`);
    const lastReturn = page.getByTestId('last-return');
    await expect
      .poll(async () => (await lastReturn.textContent()) ?? '', WAIT)
      .toContain('人口基础信息库共享');
    await page.getByRole('button', { name: '修改后重新申报' }).click();
    await page.waitForURL(`**/review/projects/${returnedId}/edit`);
    const collects = page.locator('.ant-form-item', {
      has: page.getByLabel('向群众或企业采集的数据项', { exact: true }),
    });
    await expect
      .poll(() => collects.locator('.ant-select-selection-item, .ant-select-content-item').count(), WAIT)
      .toBeGreaterThan(1);
    await checkAccessibility('修改后重新申报');
    // 身份证号 and 姓名 go: the population database gives them.
    for (const item of ['身份证号', '姓名']) {
      await collects.getByTitle(item, { exact: true }).locator('.anticon-close').click();
    }
    await page.getByRole('button', { name: '保存并提交' }).click();
    await page.waitForURL(`**/review/projects/${returnedId}`, WAIT);
    await page.getByRole('tab', { name: '版本' }).click();
    const diff = page.getByTestId('project-diff');
    await expect.poll(async () => (await diff.textContent()) ?? '', WAIT).toContain('采集数据项');
    expect(await diff.textContent()).toContain('务工项目名称');
    expect(await page.getByTestId('project-versions').locator('tbody tr.ant-table-row').count()).toBe(2);
    await checkAccessibility('项目 (versions)');
    // And withdraws it: the reason goes into its history.
    await page.getByRole('button', { name: '撤回项目' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('撤回原因').fill('改为申请使用共享数据后另行申报');
    await checkAccessibility('撤回项目');
    await dialog.getByRole('button', { name: '确认撤回' }).click();
    await expect
      .poll(async () => (await page.getByTestId('project-name').textContent()) ?? '', WAIT)
      .toContain('已撤回');
  });

  it('saw no error or warning in the browser console', () => {
    expect(session.problems).toEqual([]);
  });

  it('met no serious or critical accessibility finding (axe-core, WCAG 2.2 AA) on the pages it opened', () => {
    expect(session.findings).toEqual([]);
  });
});
