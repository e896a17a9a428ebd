import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SAMPLE_DOCUMENTS } from '@govshare/functions/exchange/seed.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, chromiumAvailable, openConsole, WAIT } from '../../support/console-browser.ts';
import type { TestPlatform } from '../../support/local-platform.ts';

const INBOX_SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-inbox.png');
const MATRIX_SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-status-matrix.png');
/** 大荆镇, one of the townships 商州区政府办 forwarded the city's notice to. */
const DAJING = '611002100000';
/** Sign-off renders the official layout in a function of its own: its first call is a cold start. */
const SIGN_OFF_WAIT = { timeout: 90_000 };

/** Presses Tab until the focused element matches, as a keyboard-only user would; fails after `max`. */
async function tabTo(page: Page, matches: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // Evaluated in the page (a string: the tests are typed without the DOM's lib).
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(matches)}) ?? false`)) return;
  }
  throw new Error(`${matches} was not reached with ${max} presses of Tab`);
}

/**
 * 公文交换 in the console, on the sample documents `npm start` loads: a township clerk signs for the
 * county's forward of the city's notice with the keyboard alone, the county office's leader sees it
 * signed for in the status matrix, and the city's signer signs off the approved document.
 */
describe.skipIf(!chromiumAvailable)('web console: document exchange', () => {
  let session: ConsoleSession;
  let local: TestPlatform;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole('console-exchange', { sampleDocuments: true });
    ({ local, page } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('shows on the 工作台 the urges to my unit, and the drafts returned to me', async () => {
    await session.signInAs('shanyang-gov-clerk');
    const urges = page.getByTestId('todo-urges');
    await expect
      .poll(async () => Number(await urges.locator('.ant-statistic-content-value').textContent()), WAIT)
      .toBeGreaterThan(0);
    expect(await urges.locator('a[href*="/exchange/deliveries/"]').count()).toBeGreaterThan(0);
    await session.checkAccessibility('工作台 (收发员)');
    await session.signInAs('office-drafter');
    const returned = page.getByTestId('todo-documents-drafts');
    await expect
      .poll(async () => returned.locator('.ant-statistic-content-value').textContent(), WAIT)
      .toBe('1');
  });

  it('a township clerk signs for a document from 待签收 with the keyboard alone', async () => {
    const clerk = await local.tokenFor('dajing-clerk');
    const before = await local.request('GET', '/v1/exchange/inbox?view=to-sign', { token: clerk });
    const forward = (before.json.items as { documentId: string; title: string }[]).find(
      (item) => item.documentId === SAMPLE_DOCUMENTS.forward,
    );
    expect(forward, 'the forward waits in 大荆镇 to-sign').toBeDefined();
    await session.signInAs('dajing-clerk');
    await page.goto(`${local.platform.apiUrl}/exchange?view=to-sign`);
    const inbox = page.getByTestId('inbox');
    await expect.poll(async () => (await inbox.textContent()) ?? '', WAIT).toContain(forward?.title ?? '');
    // Overdue deadlines are in red, and say so in words.
    await page.screenshot({ path: INBOX_SCREENSHOT });
    await session.checkAccessibility('收文 待签收');
    await tabTo(page, `input[type="checkbox"][aria-label="${forward?.title}"]`);
    await page.keyboard.press('Space');
    await expect.poll(async () => page.getByText('已选 1 件').count(), WAIT).toBe(1);
    await tabTo(page, '[data-testid="sign-for-selected"]');
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.getByText(/已签收 1 件/).count(), WAIT).toBe(1);
    const delivery = await local.request(
      'GET',
      `/v1/exchange/deliveries/${SAMPLE_DOCUMENTS.forward}/${DAJING}`,
      { token: clerk },
    );
    expect(delivery.json.delivery.state).toBe('signed-for');
    expect(delivery.json.delivery.signedForBy).toBe('dajing-clerk');
    await expect
      .poll(async () => (await inbox.textContent()) ?? '', WAIT)
      .not.toContain(forward?.title ?? '');
  });

  it('opens the delivery from 待办 with the document, its seal checked, and the next steps', async () => {
    await page.getByRole('tab', { name: '待办' }).click();
    const inbox = page.getByTestId('inbox');
    const link = inbox.locator(`a[href*="${SAMPLE_DOCUMENTS.forward}"]`);
    await expect.poll(async () => link.count(), WAIT).toBe(1);
    await link.click();
    await page.waitForURL(`**/exchange/deliveries/${SAMPLE_DOCUMENTS.forward}/${DAJING}`);
    await expect.poll(async () => page.getByTestId('delivery-state').textContent(), WAIT).toBe('已签收');
    await expect.poll(async () => page.getByTestId('seal-valid').count(), WAIT).toBe(1);
    expect(await page.getByTestId('seal-valid').textContent()).toContain('611002001');
    expect((await page.getByTestId('document-body').textContent())?.length).toBeGreaterThan(20);
    for (const step of ['登记', '传阅']) {
      expect(await page.getByRole('button', { name: step, exact: true }).count(), step).toBe(1);
    }
    expect(await page.getByRole('button', { name: '签收', exact: true }).count()).toBe(0);
    await session.checkAccessibility('收文办理');
    // 登记 under the township's register number, then 交办 to its handler, chosen from the unit's people.
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const register = page.getByRole('dialog');
    await register.getByLabel('收文登记号').fill('大荆收〔2026〕7号');
    await register.getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => page.getByTestId('delivery-state').textContent(), WAIT).toBe('已登记');
    await page.getByRole('button', { name: '交办', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('主办人').waitFor();
    await session.checkAccessibility('交办');
    await dialog.getByLabel('主办人').click();
    await page.locator('.ant-select-item-option', { hasText: 'dajing-handler' }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => page.getByTestId('delivery-state').textContent(), WAIT).toBe('已交办');
  });

  it("a township's handler drafts the reply, citing the document, and finishes it in 拟稿", async () => {
    await session.signInAs('dajing-handler');
    await page.goto(`${local.platform.apiUrl}/exchange/deliveries/${SAMPLE_DOCUMENTS.forward}/${DAJING}`);
    await page.getByRole('button', { name: '答复', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('大荆镇关于政务数据共享质量提升专项行动的报告');
    await dialog.getByLabel('正文').fill('商州区人民政府办公室：\n现将我镇工作情况报告如下。');
    await session.checkAccessibility('答复');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.waitForURL(/\/exchange\/documents\/[0-9a-f-]{36}\/edit$/, WAIT);
    const id = page.url().split('/').at(-2) ?? '';
    const handler = await local.tokenFor('dajing-handler');
    const reply = await local.request('GET', `/v1/exchange/documents/${id}`, { token: handler });
    expect(reply.json.content.inReplyTo.documentId).toBe(SAMPLE_DOCUMENTS.forward);
    expect(reply.json.content.issuingUnits).toEqual([DAJING]);
    expect(reply.json.content.mainRecipients).toEqual(['611002001']);
    expect(await page.getByLabel('标题').inputValue()).toBe('大荆镇关于政务数据共享质量提升专项行动的报告');
  });

  it("shows the county office's leader the township signed for, in the status matrix", async () => {
    await session.signInAs('shangzhou-leader');
    await page.goto(`${local.platform.apiUrl}/exchange/documents?view=sent`);
    const list = page.getByTestId('documents');
    const link = list.locator(`a[href$="${SAMPLE_DOCUMENTS.forward}"]`);
    await expect.poll(async () => link.count(), WAIT).toBe(1);
    await session.checkAccessibility('发文 已发文');
    await link.click();
    const matrix = page.getByTestId('status-matrix');
    const row = matrix.locator('tr', { hasText: '大荆镇' });
    await expect.poll(async () => row.count(), WAIT).toBe(1);
    // Signed for, registered and given to a handler by now (the tests before).
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('assigned');
    expect(await row.textContent()).toContain('dajing-clerk');
    expect(await matrix.textContent()).toMatch(/共 \d+ 个收文单位/);
    // A leader reads the matrix; urging and withdrawing are the senders' (clerk, signer).
    expect(await page.getByRole('button', { name: '催办所选单位' }).count()).toBe(0);
    await page.screenshot({ path: MATRIX_SCREENSHOT, fullPage: true });
    await session.checkAccessibility('分发情况');
  });

  it("the county office's clerk urges the overdue townships from the matrix", async () => {
    await session.signInAs('shangzhou-clerk');
    await page.goto(`${local.platform.apiUrl}/exchange/documents/${SAMPLE_DOCUMENTS.forward}`);
    const urgeAll = page.getByRole('button', { name: '催办全部逾期单位' });
    await expect.poll(async () => urgeAll.count(), WAIT).toBe(1);
    const token = await local.tokenFor('shangzhou-clerk');
    const matrix = await local.request(
      'GET',
      `/v1/exchange/documents/${SAMPLE_DOCUMENTS.forward}/deliveries`,
      {
        token,
      },
    );
    const overdue = (matrix.json.counts as { overdue: number }).overdue;
    if (overdue === 0) {
      expect(await urgeAll.isDisabled()).toBe(true);
      return;
    }
    await urgeAll.click();
    await expect.poll(async () => page.getByText(/已催办 \d+ 个单位/).count(), WAIT).toBe(1);
  });

  it("the city's signer signs off the approved document with the keyboard alone", async () => {
    await session.signInAs('office-signer');
    await page.goto(`${local.platform.apiUrl}/exchange/documents?view=sign`);
    const link = page.getByTestId('documents').locator(`a[href$="${SAMPLE_DOCUMENTS.approved}"]`);
    await expect.poll(async () => link.count(), WAIT).toBe(1);
    await tabTo(page, `a[href$="${SAMPLE_DOCUMENTS.approved}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/exchange/documents/${SAMPLE_DOCUMENTS.approved}`);
    await expect
      .poll(async () => page.getByRole('button', { name: '签发', exact: true }).count(), WAIT)
      .toBe(1);
    await tabTo(page, '[data-action="sign-off"]');
    await page.keyboard.press('Enter');
    const opinion = page.getByRole('textbox', { name: '签发' });
    await opinion.waitFor();
    await page.keyboard.type('同意印发。');
    await tabTo(page, '.ant-modal-footer .ant-btn-primary');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => page.getByText('已签发', { exact: true }).count(), SIGN_OFF_WAIT)
      .toBeGreaterThan(0);
    const signer = await local.tokenFor('office-signer');
    const signed = await local.request('GET', `/v1/exchange/documents/${SAMPLE_DOCUMENTS.approved}`, {
      token: signer,
    });
    expect(signed.json.state).toBe('signed');
    expect(signed.json.number).toBeDefined();
    await expect.poll(async () => page.getByTestId('seal-valid').count(), WAIT).toBe(1);
    await session.checkAccessibility('公文 已签发');
  });

  it('a drafter writes a notice to every department of the city, picked from the unit tree, and sends it to a countersign', async () => {
    await session.signInAs('office-drafter');
    await page.goto(`${local.platform.apiUrl}/exchange/documents`);
    await page.getByRole('button', { name: '拟稿' }).click();
    await page.waitForURL('**/exchange/documents/new');
    await page.getByLabel('标题').fill('关于测试公文交换工作台的通知');
    // The field refusal of the API comes back beside the field: no body yet.
    const picker = page.getByRole('combobox', { name: '主送机关' });
    await picker.click();
    const tree = page.locator('.ant-select-tree');
    await tree.getByTitle('商洛市人民政府', { exact: true }).waitFor(WAIT);
    await tree.locator('.ant-select-tree-switcher').first().click();
    await tree.getByTitle('商洛市人民政府所属全部部门').click();
    await page.keyboard.press('Escape');
    await page.getByLabel('正文').fill('各部门：\n现将有关事项通知如下。');
    // An attachment: hashed in the page, PUT to its presigned URL, checked by the API.
    const attachment = Buffer.from('附件一：工作安排表\n', 'utf8');
    await page.getByLabel('添加附件').setInputFiles({
      name: '附件1.txt',
      mimeType: 'text/plain',
      buffer: attachment,
    });
    await expect.poll(async () => page.getByText('附件1.txt', { exact: true }).count(), WAIT).toBe(1);
    await session.checkAccessibility('拟稿');
    await page.locator('[data-action="save"]').click();
    await page.waitForURL(/\/exchange\/documents\/[0-9a-f-]{36}\/edit$/, WAIT);
    const id = page.url().split('/').at(-2) ?? '';
    const drafter = await local.tokenFor('office-drafter');
    const saved = await local.request('GET', `/v1/exchange/documents/${id}`, { token: drafter });
    expect(saved.json.content.mainRecipients).toEqual([{ group: 'departments-of', unit: '611000000' }]);
    expect(saved.json.state).toBe('draft');
    expect(saved.json.content.attachments).toEqual([
      {
        name: '附件1.txt',
        sha256: createHash('sha256').update(attachment).digest('hex'),
        size: attachment.length,
      },
    ]);
    // 会签: two reviewers in the first step, then the signer.
    await page.getByRole('combobox', { name: '第 1 步' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'office-reviewer-2' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'office-reviewer-3' }).click();
    await page.keyboard.press('Escape');
    await page.locator('[data-action="submit"]').click();
    await page.waitForURL(`**/exchange/documents/${id}`, WAIT);
    const submitted = await local.request('GET', `/v1/exchange/documents/${id}`, { token: drafter });
    expect(submitted.json.state).toBe('in-review');
    expect(submitted.json.steps).toEqual([
      { kind: 'countersign', reviewers: ['office-reviewer-2', 'office-reviewer-3'] },
    ]);
  });

  it('saw no error or warning in the browser console', () => {
    expect(session.problems).toEqual([]);
  });

  it('met no serious or critical accessibility finding (axe-core, WCAG 2.2 AA) on the pages it opened', () => {
    expect(session.findings).toEqual([]);
  });
});
