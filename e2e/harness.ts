/**
 * Browser-test harness: the real built server on a free port with its own SQLite file, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const ADMIN_PASSWORD = 'Admin#E2e2026';
export const DEMO_PASSWORD = 'Demo#2024jm';
export const SCREENSHOTS = 'screenshots';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Server {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'it-e2e-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
      INVESTTRACK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      INVESTTRACK_LOGIN_RATE_LIMIT: '500',
      LOG_LEVEL: 'warn',
      INVESTTRACK_STRICT_RESPONSES: 'on',
      // The flows sign the demo's administrator and auditor in many times a minute, and a TOTP code
      // is good once per 30 s; the two-factor flow has its own test (platform.e2e.ts), with
      // enrolment required in the API tests.
      INVESTTRACK_TOTP: 'optional',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Uncaught errors of the pages under test; each suite asserts there are none. */
export const pageErrors: string[] = [];

/** A fresh browser context (its own cookies) showing the page at 1440×900, or the size given. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => {
    pageErrors.push(`${page.url()}: ${e.message}`);
  });
  return page;
}

export async function signIn(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The labels of the main menu, top level and nested, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.getByTestId('main-menu');
  await menu.waitFor();
  const texts = await menu.locator('.ant-menu-title-content').allInnerTexts();
  return texts.map((s) => s.trim());
}

/** Opens the antd Select of a labelled form item and chooses an option by its text. */
export async function choose(
  page: Page,
  scope: ReturnType<Page['locator']> | Page,
  label: string | RegExp,
  option: string,
) {
  const select = scope
    .locator('.ant-form-item', { has: page.locator('label', { hasText: label }) })
    .locator('.ant-select')
    .first();
  const multiple = await select.evaluate((el) => el.classList.contains('ant-select-multiple'));
  // On a busy machine a click can land while the list is still sliding in and pick nothing: a single
  // select is tried again until it shows the choice (a second click on a multiple one would undo it).
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
    // A single select closes after the choice; wait for its list to go so it cannot catch the next click.
    await page
      .locator('.ant-select-dropdown:visible')
      .waitFor({ state: 'hidden', timeout: 2_000 })
      .catch(() => undefined);
    if (multiple || (await select.innerText()).includes(option)) return;
  }
}

/**
 * Opens the antd TreeSelect of a labelled form item, searches for `search` and picks the node titled
 * exactly `title`. The search is filled at once (not typed key by key, which re-filters the tree under
 * the pointer), and the pick is checked: the field must show the title and the list must close.
 */
export async function chooseTreeNode(
  page: Page,
  scope: Locator | Page,
  label: string | RegExp,
  search: string,
  title: string,
) {
  const field = scope
    .locator('.ant-form-item', { has: page.locator('label', { hasText: label }) })
    .locator('.ant-select')
    .first();
  const dropdown = page.locator('.ant-tree-select-dropdown:visible');
  const node = dropdown.locator('.ant-select-tree-title').getByText(title, { exact: true }).first();
  // On a busy machine a click can land while the tree is still being filtered and pick nothing:
  // tried again (a few times) until the field shows the title.
  for (let attempt = 0; ; attempt++) {
    await field.click();
    await field.locator('input').fill(search);
    await node.click();
    const shown = await field
      .filter({ hasText: title })
      .waitFor({ timeout: attempt < 2 ? 3_000 : 10_000 })
      .then(() => true)
      .catch((e) => {
        if (attempt >= 2) throw e;
        return false;
      });
    if (shown) break;
    await page.keyboard.press('Escape');
  }
  await dropdown.waitFor({ state: 'hidden' });
}

/** Fills the textarea or input of a labelled form item. */
export async function fillField(scope: Locator | Page, label: string | RegExp, value: string) {
  const page = 'goto' in scope ? scope : scope.page();
  const item = scope
    .locator('.ant-form-item')
    .filter({ has: page.locator('label').filter({ hasText: label }) })
    .first();
  await item.locator('textarea, input').first().fill(value);
}

/**
 * Presses 确定 in the open dialog and waits for it to close; if the page answers with an error
 * (a toast or a field message) instead, fails with that text rather than a bare timeout.
 */
export async function confirmDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  const refused = page.locator('.ant-message-error, .ant-modal .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'hidden', timeout: 15_000 }).then(() => 'closed'),
    refused.waitFor({ timeout: 15_000 }).then(() => 'refused'),
  ]);
  if (outcome === 'refused') throw new Error(`the dialog was refused: ${await refused.innerText()}`);
}

/** What axe-core (WCAG 2 A and AA rules) finds of critical or serious impact on the page as it is. */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  const axe = await import('axe-core');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axe.default.source);
  const found = (await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
    };
    const r = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
    });
    return r.violations;
  })) as {
    id: string;
    impact: string;
    nodes: { target: string[]; failureSummary: string; html: string }[];
  }[];
  return found
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({
      id: v.id,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.html.slice(0, 160)} — ${n.failureSummary}`),
    }));
}

/** Starts the server and the browser for a suite, and fails it on any uncaught page error. */
export function serverAndBrowserForSuite(env: Record<string, string> = {}) {
  const ctx = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServer(env);
    ctx.browser = await launchBrowser();
  });
  // A failed browser test shows what the server said meanwhile (errors are logged at warn).
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    console.error(`server output (last 4,000 characters):\n${ctx.server?.output().slice(-4000)}`);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
    expect(pageErrors).toEqual([]);
  });
  return ctx;
}

/**
 * Signs in over the API, as another program would, and answers a caller that sends the CSRF
 * header; a refused call throws with its status and body.
 */
export async function apiAs(base: string, username: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async (method: string, path: string, payload?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
}
