/**
 * How the pages arrive: compressed, split by page, and never a blank screen when something fails
 * (issue #12: loading and failure, speed of the pages).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  newPage,
  screenshot,
  seriousA11yViolations,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();

/** The raw answer's headers for a request that accepts the given encodings (no decompression). */
function headersOf(
  url: string,
  acceptEncoding?: string,
): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('how the pages arrive', () => {
  it('scripts are sent pre-compressed (brotli, else gzip) and cached for a year; the page itself is revalidated', async () => {
    const html = await (await fetch(`${env.server.url}/leads`)).text();
    const script = html.match(/src="(\/assets\/index-[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    const br = await headersOf(`${env.server.url}${script}`, 'br, gzip');
    expect(br['content-encoding']).toBe('br');
    expect(br['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.vary).toMatch(/accept-encoding/i);
    expect((await headersOf(`${env.server.url}${script}`, 'gzip'))['content-encoding']).toBe('gzip');
    expect((await headersOf(`${env.server.url}${script}`))['content-encoding']).toBeUndefined();
    expect((await headersOf(`${env.server.url}/leads`, 'br'))['cache-control']).toBe('no-cache');
  });

  it('the ledger loads its own code, not the dashboard’s charts', async () => {
    const page = await newPage(env.browser);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/leads`);
    await page.getByTestId('ledger-filters').waitFor();
    await page.locator('.ant-table-tbody tr a').first().waitFor();
    expect(scripts.some((s) => /LedgerPage-/.test(s))).toBe(true);
    expect(scripts.filter((s) => /DashboardPage-/.test(s))).toEqual([]);
    await page.getByRole('menuitem', { name: '驾驶舱' }).click();
    await page.getByTestId('kpi-signed').waitFor();
    expect(scripts.some((s) => /DashboardPage-/.test(s))).toBe(true);
    await page.context().close();
  });
});

describe('loading and failure', () => {
  it('shows a loading indicator before the application has loaded', async () => {
    const html = await (await fetch(`${env.server.url}/`)).text();
    expect(html).toMatch(/<div id="root"><div class="boot" role="status">.*正在加载/);
  });

  it('a page whose code fails to load (server updated meanwhile) offers to reload, and reloading works', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    // The targets page's chunk is gone, as after an upgrade that renamed it.
    await page.route(/\/assets\/TargetsPage-[^/]+\.js$/, (route) => route.abort());
    await page.getByRole('menuitem', { name: '目标考核' }).click();
    const failure = page.getByTestId('page-failure');
    await failure.waitFor();
    await expect(failure.innerText()).resolves.toContain('页面未能加载');
    // The menu and header are still there: the user can go elsewhere.
    await expect(page.getByTestId('main-menu').isVisible()).resolves.toBe(true);
    await screenshot(page, 'page-chunk-failed');
    await page.unroute(/\/assets\/TargetsPage-[^/]+\.js$/);
    await failure.getByRole('button', { name: /重新加载/ }).click();
    await page.getByTestId('target-year').waitFor();
    await page.context().close();
  });
});

describe('accessibility (axe-core, WCAG 2 A/AA)', () => {
  const PAGES: [string, string, string][] = [
    ['city', '/', 'welcome'],
    ['city', '/leads', 'ledger-filters'],
    ['city', '/projects', 'projects-table'],
    ['leader', '/dashboard', 'kpi-signed'],
    ['leader', '/targets', 'target-year'],
    ['leader', '/reports/period', 'report-headline'],
  ];
  for (const [who, path, ready] of PAGES) {
    it(`${path} as ${who}: no critical or serious violation, and one h1`, async () => {
      const page = await newPage(env.browser);
      await signIn(page, env.server.url, who, DEMO_PASSWORD);
      await page.getByTestId('welcome').waitFor();
      await page.goto(`${env.server.url}${path}`);
      await page.getByTestId(ready).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await expect(page.locator('h1').count()).resolves.toBe(1);
      await page.context().close();
    });
  }
});
