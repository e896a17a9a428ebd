import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, chromiumAvailable, openConsole, WAIT } from '../../support/console-browser.ts';
import type { TestPlatform } from '../../support/local-platform.ts';

const SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-sharing.png');
const CONSUMER = 'hrss-data-officer'; // 市人社局, data-consumer
const PROVIDER = 'market-editor'; // 市场监管局: its catalogue editor and data approver
const LEGAL_ENTITIES = '102-000001'; // 法人单位基础信息库, conditional, provided by 市场监管局
const REGISTRATION = '301201-000001'; // 市场主体登记信息, 市场监管局's own
/** This run's request, told apart from the sample's by its purpose. */
const PURPOSE = `就业补贴申领企业核验（浏览器测试 ${Date.now()}）`;

interface RequestRow {
  id: string;
  purpose: string;
  status: string;
  items: string[];
  grantId?: string;
}

/**
 * The sharing pages in Debian's Chromium against the real local platform: 市人社局's data officer
 * asks for 市场监管局's legal-entity base data (the API's refusal shown beside the fields first), the
 * provider's approver answers it on narrower terms from the 工作台's link, the consumer sees the grant,
 * queries once under it, and the provider reads who queried, revokes the grant and uploads a dataset
 * file with its row report; axe on every page, no error in the browser's console.
 */
describe.skipIf(!chromiumAvailable)('sharing pages in a real browser', () => {
  let session: ConsoleSession;
  let local: TestPlatform;
  let page: Page;
  const refusals: string[] = [];
  const open = (path: string) => page.goto(`${local.platform.apiUrl}${path}`);
  const mine = async () => {
    const token = await local.tokenFor(CONSUMER);
    const res = await local.request('GET', '/v1/sharing/requests?as=consumer&limit=100', { token });
    return (res.json.items as RequestRow[]).find((r) => r.purpose === PURPOSE);
  };
  /** Picks a day in an antd DatePicker by typing it, as a keyboard user may (Tab on: Enter submits). */
  const pickDay = async (input: ReturnType<Page['locator']>, day: string) => {
    await input.click();
    await input.fill(day);
    await input.press('Tab');
  };

  beforeAll(async () => {
    session = await openConsole('console-sharing');
    ({ local, page } = session);
    // The browser's console says only "status of 400": which answer it was is kept beside it.
    page.on('response', (response) => {
      if (response.status() >= 400)
        refusals.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('lets a consumer request a conditional resource, showing the refusal beside the fields first', async () => {
    await session.signInAs(CONSUMER);
    await open(`/catalogue/resources/${LEGAL_ENTITIES}`);
    await page.getByRole('button', { name: '申请使用' }).click();
    await page.waitForURL(`**/sharing/request?resource=${LEGAL_ENTITIES}`);
    const form = page.getByTestId('access-request-form');
    await expect.poll(() => form.getByRole('checkbox').count(), WAIT).toBe(8);
    await session.checkAccessibility('申请使用');

    // Sent empty: the API names every field it refuses, and each message stands beside its field.
    session.expectRefusals(true);
    await form.getByRole('button', { name: '提交申请' }).click();
    const errorOf = (label: string) =>
      form
        .locator('.ant-form-item')
        .filter({ has: page.getByText(label, { exact: true }) })
        .locator('.ant-form-item-explain-error');
    await expect.poll(() => errorOf('用途').count(), WAIT).toBeGreaterThan(0);
    expect(await errorOf('申请的信息项').count()).toBeGreaterThan(0);
    expect(await errorOf('使用期限至').count()).toBeGreaterThan(0);
    expect(await errorOf('依据').count()).toBeGreaterThan(0);
    // As the messages stand once they have faded in (axe measures the contrast of the moment).
    await expect.poll(() => form.locator('.ant-form-show-help-item-appear').count(), WAIT).toBe(0);
    await session.checkAccessibility('申请使用（字段错误）');
    session.expectRefusals(false);
    expect(await mine()).toBeUndefined();

    await form.getByLabel('用途').fill(PURPOSE);
    for (const item of ['creditCode', 'name', 'legalRepresentative', 'status']) {
      await form.locator(`input[type="checkbox"][value="${item}"]`).check();
    }
    const year = new Date().getUTCFullYear();
    await pickDay(form.getByLabel('使用期限至'), `${year + 2}-12-31`);
    await form.getByLabel('依据').fill('《就业补助资金管理办法》第八条');
    await form.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL('**/sharing?as=consumer');
    const filed = await mine();
    expect(filed).toMatchObject({
      status: 'pending',
      items: ['creditCode', 'name', 'legalRepresentative', 'status'],
    });

    // Followed on the requests page: its state and the working-day deadline, in China Standard Time.
    const row = page.getByTestId('sharing-requests').locator('tr', { hasText: PURPOSE });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.textContent()).toContain('待答复');
    expect(await row.textContent()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await session.checkAccessibility('共享申请（本单位提出）');
  });

  it("lets the provider's approver answer it from the 工作台, on narrower items and a shorter period", async () => {
    const filed = await mine();
    await session.signInAs(PROVIDER);
    await open('/');
    const card = page.getByTestId('todo-requests');
    await expect.poll(async () => (await card.textContent()) ?? '', WAIT).toMatch(/\d/);
    await card.getByRole('link', { name: '查看' }).click();
    await page.waitForURL('**/sharing?as=provider&status=pending');
    const table = page.getByTestId('sharing-requests');
    const answer = table.locator(`button[data-request="${filed?.id}"]`);
    await expect.poll(() => answer.count(), WAIT).toBe(1);
    // Only what waits is listed, and a late one shows its deadline in red.
    const statuses = await table.locator('tbody tr.ant-table-row .ant-badge-status-text').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['待答复']));
    // 市人社局's sample request, unanswered past its 10 working days: its deadline is red.
    const late = table.locator('tr[data-row-key="sample-hrss-legal-entities-overdue"] [data-overdue]');
    expect(await late.count()).toBe(1);
    expect(
      await late.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).color),
    ).toBe('rgb(207, 19, 34)');
    await session.checkAccessibility('共享申请（待本单位答复）');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT });

    await answer.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('checkbox').count(), WAIT).toBeGreaterThan(3);
    await session.checkAccessibility('答复');
    await dialog.locator('input[type="checkbox"][value="name"]').uncheck();
    const year = new Date().getUTCFullYear();
    await pickDay(dialog.getByLabel('使用期限至（不晚于申请期限）'), `${year + 1}-06-30`);
    await dialog.getByRole('button', { name: '批准申请' }).click();
    await expect.poll(async () => (await mine())?.status, WAIT).toBe('approved');
    await expect.poll(() => table.locator(`button[data-request="${filed?.id}"]`).count(), WAIT).toBe(0);
  });

  it('shows the consumer its grant, and the provider who queried under it', async () => {
    const filed = await mine();
    const grantId = filed?.grantId as string;
    await session.signInAs(CONSUMER);
    await open('/sharing/grants');
    const grants = page.getByTestId('sharing-grants');
    const row = grants.locator('tr', { hasText: '102/000001' }).filter({ hasText: PURPOSE });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('有效');
    expect(text).toContain('creditCode');
    expect(text).toContain('legalRepresentative');
    expect(text).not.toMatch(/\bname\b/);
    await session.checkAccessibility('授权管理（本单位获得）');
    await open('/sharing?as=consumer&status=approved');
    await expect
      .poll(
        async () => page.getByTestId('sharing-requests').locator('tr', { hasText: PURPOSE }).count(),
        WAIT,
      )
      .toBe(1);

    // The consumer's system looks a company up under the grant (an API call, as systems make them).
    const relief = await local.tokenFor('civil-affairs-relief-system');
    const found = await local.request(
      'GET',
      `/v1/registry/companies?name=${encodeURIComponent('商洛')}&match=prefix&limit=1&purpose=x`,
      {
        token: relief,
      },
    );
    expect(found.status, JSON.stringify(found.json)).toBe(200);
    const creditCode = (found.json.results as { creditCode: string }[])[0]?.creditCode;
    const consumer = await local.tokenFor(CONSUMER);
    const lookup = await local.request(
      'GET',
      `/v1/registry/companies/${creditCode}?purpose=${encodeURIComponent(PURPOSE)}`,
      { token: consumer },
    );
    expect(lookup.status, JSON.stringify(lookup.json)).toBe(200);
    expect(lookup.json.grant).toBe(grantId);

    // The audit trail is written from its queue: the event is read through the API first.
    const approver = await local.tokenFor(PROVIDER);
    await expect
      .poll(
        async () =>
          JSON.stringify(
            (await local.request('GET', '/v1/audit/provider/611000201/events?limit=100', { token: approver }))
              .json,
          ),
        { timeout: 60_000 },
      )
      .toContain(CONSUMER);
    await session.signInAs(PROVIDER);
    await open('/sharing/queries');
    const events = page.getByTestId('provider-events');
    await expect.poll(async () => (await events.textContent()) ?? '', WAIT).toContain(CONSUMER);
    expect(await events.locator('tr', { hasText: CONSUMER }).first().textContent()).toContain('法人信息查询');
    await session.checkAccessibility('数据使用记录');
  });

  it("lets the provider's approver revoke the grant, after confirming", async () => {
    const grantId = (await mine())?.grantId as string;
    await open('/sharing/grants?as=provider');
    const revoke = page.locator(`button[data-grant="${grantId}"]`);
    // Newest requests first: this run's grant is on the first page.
    await expect.poll(() => revoke.count(), WAIT).toBe(1);
    await session.checkAccessibility('授权管理（本单位授予）');
    await revoke.click();
    await page.getByRole('button', { name: '确定撤销' }).click();
    await expect.poll(() => revoke.count(), WAIT).toBe(0);
    const token = await local.tokenFor(PROVIDER);
    const grant = await local.request('GET', `/v1/sharing/grants/${grantId}`, { token });
    expect(grant.json.revokedAt).toBeTruthy();
  });

  it('uploads a dataset file as the provider’s editor, with a progress bar, and reads its row report', async () => {
    await open(`/catalogue/resources/${REGISTRATION}`);
    await page.getByRole('button', { name: '上传数据集' }).click();
    await page.waitForURL(`**/sharing/upload?resource=${REGISTRATION}`);
    await expect.poll(() => page.getByRole('button', { name: '开始上传' }).count(), WAIT).toBe(1);
    await session.checkAccessibility('上传数据集');
    const csv = [
      'creditCode,entityName,licenseDate,registrationStatus',
      '91611023JTG2GJDE1A,商洛中兴电子科技有限公司,1996-04-20,存续',
      '916110021DKYDEA13F,商洛和兴茶业有限公司,1996-03-26,存续',
      '91611023JTG2GJDE1B,校验位错误的企业,2001-01-01,存续',
      '92611025K71NY94P4R,商洛源安建筑工程商行,二〇〇八年,注销',
    ].join('\n');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'registrations.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await page.getByRole('button', { name: '开始上传' }).click();
    await page.waitForURL(/upload=/);
    const report = page.getByTestId('upload-report');
    await expect.poll(async () => (await report.textContent()) ?? '', WAIT).toContain('已入库');
    expect(await page.getByTestId('upload-counts').textContent()).toBe('读取 4 行，载入 2 行，拒绝 2 行');
    const bytes = Buffer.byteLength(`${csv}\n`);
    expect(await page.getByTestId('upload-bytes').textContent()).toBe(`${bytes} / ${bytes} 字节`);
    expect(await page.getByRole('progressbar', { name: '上传文件' }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    const rejects = page.getByTestId('upload-rejections').locator('tbody tr.ant-table-row');
    expect(await rejects.count()).toBe(2);
    expect(await rejects.first().textContent()).toMatch(/^4/);
    expect(await rejects.nth(1).textContent()).toMatch(/^5.*licenseDate/);
    await session.checkAccessibility('上传数据集（报告）');
  });

  it('saw no error or warning in the browser console', () => {
    expect(session.problems, refusals.join('\n')).toEqual([]);
  });

  it('met no serious or critical accessibility finding (axe-core, WCAG 2.2 AA) on the pages it opened', () => {
    expect(session.findings).toEqual([]);
  });
});
