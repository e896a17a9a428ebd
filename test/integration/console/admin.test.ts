import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, chromiumAvailable, openConsole, WAIT } from '../../support/console-browser.ts';
import type { TestPlatform } from '../../support/local-platform.ts';

const SCREENSHOT = join(import.meta.dirname, '../../../docs/images/console-admin.png');
/** A city department entered by the test under 商洛市人民政府. */
const NEW_UNIT = { code: '611000299', name: '商洛市测试管理局', shortName: '商测管' };
const NEW_USER = { id: 'test-admin-clerk', name: '测试收发员' };

/**
 * 系统管理 in the console as the e-government office's platform admin: the unit tree level by
 * level, a unit's users with their roles, a new unit and a new user (each first refused by the API
 * beside the field it names), a role changed and a user disabled, and the 2026 holiday calendar.
 */
describe.skipIf(!chromiumAvailable)('web console: administration', () => {
  let session: ConsoleSession;
  let local: TestPlatform;
  let page: Page;
  let admin: string;

  const errorBeside = (form: ReturnType<Page['getByTestId']>, label: string) =>
    form
      .locator('.ant-form-item')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');

  /** Sends the dialog's form as it stands: the API refuses it, its message beside `refused` only. */
  const expectRefusedBeside = async (
    form: ReturnType<Page['getByTestId']>,
    button: string,
    refused: string,
    accepted: string,
    where: string,
  ) => {
    session.expectRefusals(true);
    await page.getByRole('dialog').getByRole('button', { name: button }).click();
    await expect.poll(() => errorBeside(form, refused).count(), WAIT).toBe(1);
    expect(await errorBeside(form, accepted).count()).toBe(0);
    // As the message stands once it has faded in (axe measures the contrast of the moment).
    await expect.poll(() => form.locator('.ant-form-show-help-item-appear').count(), WAIT).toBe(0);
    await expect
      .poll(
        () =>
          form.locator('.ant-form-item-explain-error').evaluateAll((nodes) =>
            // In the page (the tests are typed without the DOM's lib): each message fully faded in.
            nodes.every(
              (node) =>
                (
                  globalThis as unknown as { getComputedStyle: (n: unknown) => { opacity: string } }
                ).getComputedStyle(node).opacity === '1',
            ),
          ),
        WAIT,
      )
      .toBe(true);
    await session.checkAccessibility(where, '.ant-modal');
    session.expectRefusals(false);
  };

  beforeAll(async () => {
    session = await openConsole('console-admin');
    ({ local, page } = session);
    admin = await local.tokenFor('egov-admin');
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('opens the unit tree from the top unit and a unit’s users with their roles', async () => {
    await session.signInAs('egov-admin');
    await page.getByRole('navigation', { name: '主导航' }).getByText('系统管理').click();
    await page.waitForURL('**/admin');
    const tree = page.getByTestId('unit-tree');
    await tree.getByTitle('商洛市人民政府', { exact: true }).waitFor(WAIT);
    // The admin's own unit is shown first, its users with their roles as tags.
    const users = page.getByTestId('unit-users');
    await expect.poll(async () => (await users.textContent()) ?? '', WAIT).toContain('egov-admin');
    expect(await users.textContent()).toContain('平台管理员');
    await tree.locator('.ant-tree-switcher').first().click();
    await tree.getByTitle('商洛市财政局', { exact: true }).click();
    await page.waitForURL('**/admin?unit=611000108');
    await expect.poll(async () => (await users.textContent()) ?? '', WAIT).toContain('finance-drafter');
    expect(await users.locator('tr', { hasText: 'finance-drafter' }).textContent()).toContain('拟稿人');
    await session.checkAccessibility('单位与用户');
  });

  it('creates a unit, the API’s refusal first shown beside the field', async () => {
    await page.getByTestId('unit-tree').getByTitle('商洛市人民政府', { exact: true }).click();
    await page.waitForURL('**/admin?unit=611000000');
    await page.getByRole('button', { name: '新建下级单位' }).click();
    const form = page.getByTestId('unit-form');
    await form.getByLabel('单位代码', { exact: true }).fill('bad code');
    await form.getByLabel('单位名称', { exact: true }).fill(NEW_UNIT.name);
    await form.getByLabel('机关代字', { exact: true }).fill(NEW_UNIT.shortName);
    await expectRefusedBeside(form, '新建下级单位', '单位代码', '单位名称', '新建单位（字段错误）');
    await form.getByLabel('单位代码', { exact: true }).fill(NEW_UNIT.code);
    await page.getByRole('dialog').getByRole('button', { name: '新建下级单位' }).click();
    const created = page.getByTestId('unit-tree').getByTitle(NEW_UNIT.name, { exact: true });
    await created.waitFor(WAIT);
    const stored = await local.request('GET', `/v1/units/${NEW_UNIT.code}`, { token: admin });
    expect(stored.json).toMatchObject({
      ...NEW_UNIT,
      parentCode: '611000000',
      level: 'city',
      kind: 'department',
    });
    await created.click();
    await page.waitForURL(`**/admin?unit=${NEW_UNIT.code}`);
    await expect.poll(async () => page.getByText('本单位尚无用户').count(), WAIT).toBe(1);
  });

  it('creates a user of the unit, refused first beside the field, then changes a role and disables them', async () => {
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户编号', { exact: true }).fill('Not Lower Case');
    await form.getByLabel('姓名', { exact: true }).fill(NEW_USER.name);
    await expectRefusedBeside(form, '新建用户', '用户编号', '姓名', '新建用户（字段错误）');
    await form.getByLabel('用户编号', { exact: true }).fill(NEW_USER.id);
    await form.getByLabel('角色', { exact: true }).click();
    await page.keyboard.type('clerk');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: '新建用户' }).click();
    const users = page.getByTestId('unit-users');
    const row = users.locator('tr', { hasText: NEW_USER.id });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.textContent()).toContain('收发员');

    await row.getByRole('button', { name: '修改角色' }).click();
    const roles = page.getByTestId('roles-form');
    await roles.getByLabel('角色', { exact: true }).click();
    await page.keyboard.type('drafter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '', WAIT).toContain('拟稿人');
    const listed = await local.request('GET', `/v1/users?unit=${NEW_UNIT.code}`, { token: admin });
    expect(listed.json.items[0]).toMatchObject({ id: NEW_USER.id, roles: ['clerk', 'drafter'] });

    // Disabling asks first.
    await row.getByRole('button', { name: '停用' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '停用' }).click();
    await expect.poll(() => row.locator('[data-state="disabled"]').count(), WAIT).toBe(1);
    const after = await local.request('GET', `/v1/users?unit=${NEW_UNIT.code}`, { token: admin });
    expect(after.json.items[0].disabled).toBe(true);
    await session.checkAccessibility('单位用户（停用后）');
  });

  it('reads the 2026 working-day calendar as a month grid and as a list', async () => {
    await page.getByRole('link', { name: '节假日' }).click();
    await page.waitForURL('**/admin/calendar');
    await page.goto(`${local.platform.apiUrl}/admin/calendar?year=2026`);
    const year = page.getByTestId('calendar-year');
    await expect.poll(async () => (await year.textContent()) ?? '', WAIT).toContain('国办发明电〔2025〕7号');
    const api = await local.request('GET', '/v1/calendar/years/2026', { token: admin });
    const { holidays, makeUpWorkdays } = api.json as { holidays: string[]; makeUpWorkdays: string[] };
    expect(await year.locator('td[data-mark="holiday"]').count()).toBe(holidays.length);
    expect(await year.locator('td[data-mark="make-up"]').count()).toBe(makeUpWorkdays.length);
    expect(await year.locator(`td[data-day="${holidays[0]}"]`).getAttribute('data-mark')).toBe('holiday');
    await session.checkAccessibility('节假日（月历）');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.getByText('列表', { exact: true }).click();
    const list = page.getByTestId('calendar-list');
    await expect
      .poll(() => list.locator('tbody tr').count(), WAIT)
      .toBe(holidays.length + makeUpWorkdays.length);
    await session.checkAccessibility('节假日（列表）');
  });

  it('refuses a bad replacement of a year beside the field, and keeps the year as it was', async () => {
    const before = await local.request('GET', '/v1/calendar/years/2026', { token: admin });
    await page.getByRole('button', { name: '修改本年' }).click();
    const form = page.getByTestId('calendar-form');
    const box = form.getByLabel('调休上班日期', { exact: true });
    await box.fill(`${await box.inputValue()}\n2026-03-04`);
    await expectRefusedBeside(form, '保存', '调休上班日期', '通知文号', '节假日（字段错误）');
    expect(await errorBeside(form, '调休上班日期').textContent()).toContain('2026-03-04');
    const api = await local.request('GET', '/v1/calendar/years/2026', { token: admin });
    expect(api.json).toEqual(before.json);
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  });

  it('shows the assessment scheme and the budget rules in force, read-only', async () => {
    await page.getByRole('link', { name: '考核方案' }).click();
    await page.waitForURL('**/admin/scheme');
    const scheme = await local.request('GET', '/v1/assessment/scheme', { token: admin });
    const indicators = page.getByTestId('scheme-indicators');
    await expect
      .poll(() => indicators.locator('tbody tr.ant-table-row').count(), WAIT)
      .toBe(scheme.json.scheme.indicators.length);
    await session.checkAccessibility('考核方案');
    await page.getByRole('link', { name: '预算规则' }).click();
    await page.waitForURL('**/admin/rules');
    const rules = await local.request('GET', '/v1/review/rules', { token: admin });
    await expect
      .poll(async () => (await page.getByTestId('review-rules').textContent()) ?? '', WAIT)
      .toContain(rules.json.label);
    await session.checkAccessibility('预算规则');
  });

  it('met no browser console errors and no serious accessibility findings', () => {
    expect(session.problems).toEqual([]);
    expect(session.findings).toEqual([]);
  });
});
