import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, chromiumAvailable, openConsole, WAIT } from '../../support/console-browser.ts';
import type { TestPlatform } from '../../support/local-platform.ts';

/** The quarter of `now` in China Standard Time, e.g. 2026-Q4 (as the console's currentQuarter). */
const quarterOf = (now: Date) => {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
};
/** This quarter and the one before (00:00 CST of this one's first day, less a millisecond). */
const QUARTERS = (() => {
  const current = quarterOf(new Date());
  const [year, q] = current.split('-Q').map(Number) as [number, number];
  return [current, quarterOf(new Date(Date.UTC(year, (q - 1) * 3, 1) - 8 * 3600_000 - 1))];
})();
const SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-workbench.png');
const ASSESSMENT_SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-assessment.png');

/**
 * The web console in Debian's Chromium against the real local platform: a new user opens `/`, signs
 * in as a sample user, reads the 工作台's counts, searches the catalogue and opens a resource, reads
 * the unit's score, with not one error in the browser's console. Each area's pages have a test file
 * of their own beside this one.
 */
describe.skipIf(!chromiumAvailable)('web console in a real browser', () => {
  let session: ConsoleSession;
  let local: TestPlatform;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole('console');
    ({ local, page } = session);
    // The quarter's tables, as the e-government office would have them computed (npm start does it at
    // its first start, with the sample documents): the 工作台 then shows the unit's score.
    // The quarter before too: early in a quarter the sample's records lie mostly in it.
    const admin = await local.tokenFor('egov-admin');
    for (const period of QUARTERS) {
      const queued = await local.request('POST', `/v1/assessment/periods/${period}/computations`, {
        token: admin,
        body: {},
      });
      expect(queued.status, JSON.stringify(queued.json)).toBeLessThan(300);
      const deadline = Date.now() + 30_000;
      while (
        !(await local.request('GET', `/v1/assessment/periods/${period}`, { token: admin })).json.computedAt
      ) {
        if (Date.now() > deadline) throw new Error(`${period} was not computed within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs in as a sample user and shows the 工作台 counts', async () => {
    const started = performance.now();
    await page.goto(`${local.platform.apiUrl}/`);
    await page.waitForURL('**/sign-in');
    const firstPageScripts = [...session.scripts];
    await page.getByRole('searchbox').waitFor();
    await session.checkAccessibility('sign-in');
    await page.getByRole('searchbox').fill('market-editor');
    await page.locator('button[data-user="market-editor"]').click();
    await page.waitForURL(`${local.platform.apiUrl}/`);
    const who = page.getByTestId('who');
    await expect.poll(() => who.textContent(), WAIT).toContain('商洛市市场监督管理局');
    expect(await who.textContent()).toContain('目录编目员');
    // The access requests waiting for 市场监管局's answer, as the API counts them (the sample has some).
    const editor = await local.tokenFor('market-editor');
    const unit = (
      (await local.request('GET', '/v1/me', { token: editor })).json as { unit: { code: string } }
    ).unit.code;
    const summary = await local.request('GET', `/v1/sharing/providers/${unit}/requests-summary`, {
      token: editor,
    });
    const pending = (summary.json as { pending: number }).pending;
    expect(pending).toBeGreaterThan(0);
    const requests = page.getByTestId('todo-requests');
    await expect.poll(async () => (await requests.textContent()) ?? '', WAIT).toMatch(/待答复的共享申请.*\d/);
    expect(await requests.locator('.ant-statistic-content-value').textContent()).toBe(String(pending));
    const score = page.getByTestId('todo-score');
    await expect.poll(async () => (await score.textContent()) ?? '', WAIT).toMatch(/考核期 \d{4}-Q\d/);
    expect(await score.locator('.ant-statistic-content-value').textContent()).toMatch(/^\d+(\.\d+)?$/);
    // The token is the tab's: never in the address, never in localStorage.
    expect(page.url()).not.toMatch(/token|eyJ/);
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    // Only what 市场监管局's roles may use is in the navigation.
    const navigation = await page.getByRole('navigation').textContent();
    expect(navigation).toContain('数据目录');
    expect(navigation).not.toContain('系统管理');
    expect(navigation).not.toContain('公文交换');
    await page.screenshot({ path: SCREENSHOT });
    await session.checkAccessibility('工作台');
    const gzipped = await Promise.all(
      firstPageScripts.map(async (path) => gzipSync(await readFile(join(session.dist, path))).length),
    );
    console.log(
      `console: sign-in page JavaScript ${(gzipped.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KiB gzipped ` +
        `in ${firstPageScripts.length} files; signed in and counted in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `largest: ${firstPageScripts
          .map((path, i) => ({ path, kib: (gzipped[i] ?? 0) / 1024 }))
          .sort((a, b) => b.kib - a.kib)
          .slice(0, 6)
          .map(({ path, kib }) => `${path.split('/').pop()} ${kib.toFixed(0)}`)
          .join(', ')}`,
    );
  });

  it('searches the catalogue with facets and opens a resource with its items, versions and DCAT link', async () => {
    await page.getByRole('navigation').getByText('数据目录').click();
    await page.waitForURL('**/catalogue');
    const search = page.getByRole('searchbox');
    await search.fill('人口');
    await search.press('Enter');
    await page.waitForURL(/q=/);
    const results = page.getByTestId('catalogue-results');
    await expect.poll(async () => (await results.textContent()) ?? '', WAIT).toContain('人口基础信息库');
    expect(await page.getByTestId('facet-category').textContent()).toMatch(/基础 \(\d+\)/);
    await results.getByRole('link', { name: '人口基础信息库' }).click();
    await page.waitForURL('**/catalogue/resources/101-000001');
    await expect
      .poll(async () => (await page.getByTestId('resource-name').textContent()) ?? '', WAIT)
      .toContain('人口基础信息库');
    await expect
      .poll(async () => page.getByTestId('resource-items').locator('tbody tr').count(), WAIT)
      .toBeGreaterThan(3);
    await expect
      .poll(async () => page.getByTestId('resource-versions').locator('tbody tr.ant-table-row').count(), WAIT)
      .toBeGreaterThan(0);
    await session.checkAccessibility('resource');
    expect(await page.getByTestId('dcat-iri').textContent()).toBe(
      `${local.platform.apiUrl}/v1/catalogue/resources/101-000001`,
    );
  });

  it("shows the API's field error beside the search box", async () => {
    await page.getByRole('navigation').getByText('数据目录').click();
    await page.waitForURL('**/catalogue');
    session.expectRefusals(true);
    const search = page.getByRole('searchbox');
    await search.fill('税'.repeat(201));
    await search.press('Enter');
    const explain = page.locator('.ant-form-item-explain-error');
    await expect
      .poll(async () => (await explain.count()) > 0 && (await explain.first().textContent()), WAIT)
      .toBeTruthy();
    session.expectRefusals(false);
    await search.fill('');
    await search.press('Enter');
    await expect.poll(async () => explain.count(), WAIT).toBe(0);
  });

  it("shows the unit's 100-point table, drills down from a deduction to its records, and ranks its peers", async () => {
    // The quarter in which 市场监管局 (market-editor's unit) lost points: its access request left unanswered.
    const editor = await local.tokenFor('market-editor');
    const unit = (
      (await local.request('GET', '/v1/me', { token: editor })).json as { unit: { code: string } }
    ).unit.code;
    let period: string | undefined;
    let line: { id: string; name: string; deductions: unknown[] } | undefined;
    for (const candidate of QUARTERS) {
      const table = await local.request('GET', `/v1/assessment/periods/${candidate}/units/${unit}`, {
        token: editor,
      });
      expect(table.status).toBe(200);
      line = (table.json.lines as NonNullable<typeof line>[]).find((l) => l.deductions.length > 0);
      if (line) {
        period = candidate;
        break;
      }
    }
    expect(line, `no deduction of ${unit} in ${QUARTERS.join(' or ')}`).toBeDefined();
    await page.getByRole('navigation').getByText('绩效考核').click();
    await page.waitForURL('**/assessment');
    await page.goto(`${local.platform.apiUrl}/assessment?period=${period}&unit=${unit}`);
    const lines = page.getByTestId('assessment-lines');
    await expect.poll(async () => lines.locator('tbody tr.ant-table-row').count(), WAIT).toBe(8);
    expect(await page.getByTestId('assessment-summary').textContent()).toContain('总分');
    await lines.locator(`button[data-line="${line?.id}"]`).click();
    const explanation = page.getByTestId('assessment-explanation');
    await expect
      .poll(async () => explanation.locator('tbody tr.ant-table-row').count(), WAIT)
      .toBe(Math.min(line?.deductions.length ?? 0, 10));
    expect(await page.getByText(`扣分明细：${line?.name}`).count()).toBe(1);
    // Every row says why and when, in China Standard Time.
    expect(await explanation.locator('tbody tr.ant-table-row').first().textContent()).toMatch(
      /\d{4}\/\d{2}\/\d{2}/,
    );
    const ranking = page.getByTestId('assessment-ranking');
    await expect
      .poll(async () => (await ranking.textContent()) ?? '', WAIT)
      .toContain('商洛市市场监督管理局');
    await page.screenshot({ path: ASSESSMENT_SCREENSHOT });
    await session.checkAccessibility('绩效考核');
  });

  it("shows a catalogue editor their unit's stale resources, each linking to its page", async () => {
    const editor = await local.tokenFor('stats-editor');
    const unit = (
      (await local.request('GET', '/v1/me', { token: editor })).json as { unit: { code: string } }
    ).unit.code;
    const stale = await local.request('GET', `/v1/catalogue/stale?provider=${unit}`, { token: editor });
    const items = stale.json.items as { code: string; name: string }[];
    expect(items.length, 'the sample flags some of 统计局 stale').toBeGreaterThan(0);
    await session.signInAs('stats-editor');
    await page.getByRole('navigation').getByText('数据目录').click();
    const alert = page.getByTestId('my-stale');
    await expect
      .poll(async () => (await alert.textContent()) ?? '', WAIT)
      .toContain(`本单位有 ${items.length} 条`);
    expect(await alert.locator('a').count()).toBe(items.length);
    expect(await alert.textContent()).toContain(items[0]?.name ?? '');
    await session.checkAccessibility('数据目录（陈旧提示）');
  });

  it('signs out, and an address of the console then asks to sign in again', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${local.platform.apiUrl}/catalogue`);
    await page.waitForURL('**/sign-in');
    expect(await page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
  });

  it('saw no error or warning in the browser console', () => {
    expect(session.problems).toEqual([]);
  });

  it('met no serious or critical accessibility finding (axe-core, WCAG 2.2 AA) on the pages it opened', () => {
    expect(session.findings).toEqual([]);
  });

  it('serves the API beside it unchanged', async () => {
    const health = await fetch(`${local.platform.apiUrl}/v1/health`);
    expect(health.status).toBe(200);
    const unknown = await fetch(`${local.platform.apiUrl}/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('problem+json');
    const page = await fetch(`${local.platform.apiUrl}/catalogue/resources/101-000001`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
