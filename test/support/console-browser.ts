import { existsSync } from 'node:fs';
import { ensureConsoleBuilt, silentLog } from '@govshare/local';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestPlatformOptions } from './local-platform.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium is there (CI installs it; without CI set, a missing one skips the browser tests). */
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) {
  console.warn(
    `console browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`,
  );
}

/** Each function's first request is a cold start of its worker: seconds, not milliseconds. */
export const WAIT = { timeout: 20_000 };

/** The WCAG 2.x A and AA rules of axe-core, up to 2.2. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's serious and critical findings on the page as it stands. axe is evaluated through the
 * DevTools protocol: the console's CSP (script-src 'self') rightly refuses an injected script tag.
 */
export async function accessibilityFindings(page: Page, where: string, within?: string): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axe.source);
  const context = within ? JSON.stringify({ include: [within] }) : 'document';
  const violations = (await page.evaluate(
    `axe.run(${context}, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} } }).then((r) => r.violations)`,
  )) as axe.Result[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The console in Debian's Chromium against a real local platform of its own, as a browser test sees it. */
export interface ConsoleSession {
  local: TestPlatform;
  browser: Browser;
  page: Page;
  /** The console build's directory (to weigh the scripts it served). */
  dist: string;
  /** Every error or warning of the browser's console, page error and failed request so far. */
  problems: string[];
  /** axe-core's serious and critical findings of every page `checkAccessibility` was called on. */
  findings: string[];
  /** Paths of every script the page loaded. */
  scripts: Set<string>;
  /** While a test provokes a refusal on purpose, the browser's own line about it is expected. */
  expectRefusals(expected: boolean): void;
  /**
   * Adds the page's axe findings, named `where`; `within` (a selector) checks only that part, e.g.
   * an open dialog: what its mask covers is not read then, and axe would judge it by the mask.
   */
  checkAccessibility(where: string, within?: string): Promise<void>;
  /** Signs out if signed in, then signs in as the sample user through the sign-in page. */
  signInAs(user: string): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the console if its sources changed, starts a platform named `name` and a browser page on it. */
export async function openConsole(name: string, options: TestPlatformOptions = {}): Promise<ConsoleSession> {
  const build = await ensureConsoleBuilt(silentLog);
  console.log(
    `console build: ${build.built ? `built in ${build.seconds.toFixed(1)} s` : 'kept (sources unchanged)'}`,
  );
  const [local, browser] = await Promise.all([
    startTestPlatform(name, { ...options, consoleDir: build.dir }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }),
  ]);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const problems: string[] = [];
  const findings: string[] = [];
  const scripts = new Set<string>();
  let refusalExpected = false;
  page.on('console', (message) => {
    if (refusalExpected && /status of 4\d\d/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  // A query given up because the page moved on (ERR_ABORTED) is not a failure.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()}`);
  });
  // The address of a refused request (the browser's own line about it does not name it).
  page.on('response', (response) => {
    if (response.status() >= 400 && !refusalExpected)
      problems.push(
        `response: ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`,
      );
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
  });
  return {
    local,
    browser,
    page,
    dist: build.dir,
    problems,
    findings,
    scripts,
    expectRefusals(expected) {
      refusalExpected = expected;
    },
    async checkAccessibility(where, within) {
      // axe once the page is still: a dialog half faded in or a dropdown fading out does not yet
      // show its own colours. (Endless ones, a progress bar's shimmer or a spinner, and a click's
      // wave, which antd leaves running on the button, are left out.)
      await expect
        .poll(
          () =>
            page.evaluate(
              "document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity && !String(a.effect?.target?.className).includes('ant-wave')).length",
            ),
          WAIT,
        )
        .toBe(0);
      findings.push(...(await accessibilityFindings(page, where, within)));
    },
    async signInAs(user) {
      const signOut = page.getByRole('button', { name: '退出登录' });
      if (await signOut.count()) {
        await signOut.click();
        await page.waitForURL('**/sign-in');
      }
      if (!page.url().includes('/sign-in')) {
        await page.goto(`${local.platform.apiUrl}/sign-in`);
      }
      await page.getByRole('searchbox').fill(user);
      await page.locator(`button[data-user="${user}"]`).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      await expect.poll(() => page.getByTestId('who').count(), WAIT).toBe(1);
    },
    async stop() {
      await browser.close();
      await local.stop();
    },
  };
}
