/**
 * How the pages arrive: compressed, split by page, and never a blank screen when something fails
 * (issue #12: loading and failure, speed of the pages).
 */
import { request } from 'node:http';
import type { Page } from 'playwright-core';
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

describe('the first drawing', () => {
  /** A page of its own, signed in through the API (no sign-in page loaded first). */
  async function signedIn(who: string, viewport?: { width: number; height: number }) {
    const page = await newPage(env.browser, viewport);
    const answer = await page
      .context()
      .request.post(`${env.server.url}/api/auth/login`, { data: { username: who, password: DEMO_PASSWORD } });
    expect(answer.ok()).toBe(true);
    return page;
  }

  it('a signed-in ledger does not load the sign-in pages, nor the filters behind 展开 until opened', async () => {
    const page = await signedIn('city');
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${env.server.url}/leads`);
    await page.locator('.ant-table-tbody tr a').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(scripts.some((s) => /LedgerPage-/.test(s))).toBe(true);
    expect(scripts.filter((s) => /(LoginPage|PasswordPage|TotpEnrolment)-/.test(s))).toEqual([]);
    // The filters behind 展开 (date and number pickers) come when it is first pressed.
    expect(scripts.filter((s) => /MoreLedgerFilters-/.test(s))).toEqual([]);
    await page.getByTestId('filters-toggle').click();
    await page.getByPlaceholder('接收起').waitFor();
    expect(scripts.some((s) => /MoreLedgerFilters-/.test(s))).toBe(true);
    // Signing out, the sign-in page arrives with its own chunk.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    expect(scripts.some((s) => /LoginPage-/.test(s))).toBe(true);
    await page.context().close();
  });

  // zod's classes are named by strings ("$ZodType") that minifying keeps.
  it('the ledger, the project list and the dashboard run no validation library (zod)', async () => {
    for (const [path, ready] of [
      ['/leads', 'ledger-filters'],
      ['/projects', 'projects-table'],
      ['/dashboard', 'kpi-signed'],
    ]) {
      const page = await signedIn('city');
      const bodies: Promise<string>[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') bodies.push(r.text());
      });
      await page.goto(`${env.server.url}${path}`);
      await page.getByTestId(ready!).waitFor();
      await page.waitForLoadState('networkidle');
      expect(
        (await Promise.all(bodies)).filter((b) => b.includes('$ZodType')),
        path,
      ).toEqual([]);
      await page.context().close();
    }
  });

  it('the project list loads no chart library (ECharts is the dashboard’s and the project page’s)', async () => {
    const page = await signedIn('city');
    const bodies: Promise<string>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') bodies.push(r.text());
    });
    await page.goto(`${env.server.url}/projects`);
    await page.locator('.ant-table-tbody tr a').first().waitFor();
    await page.waitForLoadState('networkidle');
    // ECharts marks its instances with this attribute name, which minifying keeps.
    expect((await Promise.all(bodies)).filter((b) => b.includes('_echarts_instance_'))).toEqual([]);
    await page.context().close();
  });

  it('at phone width the sidebar is never drawn, not even in the first frame', async () => {
    const page = await signedIn('city', { width: 390, height: 844 });
    // Watches from before the first script: any sidebar ever put in the page is noted, at the
    // moment it is inserted (even if it is taken out again in the same task, before a paint).
    await page.addInitScript(() => {
      const w = window as unknown as { siderSeen: boolean };
      w.siderSeen = false;
      const note = (n: Node) => {
        if (n instanceof Element && (n.matches('.ant-layout-sider') || n.querySelector('.ant-layout-sider')))
          w.siderSeen = true;
      };
      const proto = Node.prototype as unknown as Record<
        string,
        (this: Node, n: Node, ...rest: unknown[]) => Node
      >;
      for (const method of ['appendChild', 'insertBefore']) {
        const original = proto[method]!;
        proto[method] = function (this: Node, n: Node, ...rest: unknown[]) {
          note(n);
          return original.call(this, n, ...rest);
        };
      }
    });
    await page.goto(`${env.server.url}/leads`);
    await page.getByTestId('record-card').first().waitFor();
    await expect(page.evaluate(() => (window as unknown as { siderSeen: boolean }).siderSeen)).resolves.toBe(
      false,
    );
    await page.context().close();
  });

  it('nothing moves while the ledger or the workbench loads, on a phone or a laptop (layout shifts)', async () => {
    for (const [viewport, path, ready] of [
      [{ width: 390, height: 844 }, '/leads', 'record-card'],
      [{ width: 1366, height: 768 }, '/leads', 'ledger-filters'],
      [{ width: 390, height: 844 }, '/', 'workbench-notifications'],
      [{ width: 1366, height: 768 }, '/', 'workbench-notifications'],
    ] as const) {
      const page = await signedIn('city', viewport);
      await page.addInitScript(() => {
        const w = window as unknown as { shifted: number };
        w.shifted = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.shifted += (e as unknown as { value: number }).value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${env.server.url}${path}`);
      await page.getByTestId(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      // Before: the page margin went when the stylesheet came (0.01), and on a phone the pager,
      // drawn under the loading list, jumped down when the cards came (0.03); the workbench's
      // panels jumped down when its latest notifications came (0.05 on a laptop, 0.22 on a phone).
      const shifted = await page.evaluate(() => (window as unknown as { shifted: number }).shifted);
      expect(shifted, `${path} at ${viewport.width} px`).toBeLessThan(0.005);
      await page.context().close();
    }
  });

  it('the sidebar names its items on hover only when it shows icons alone (768–991 px), and its name never runs over the title', async () => {
    for (const [width, named] of [
      [900, true],
      [1366, false],
    ] as const) {
      const page = await signedIn('city', { width, height: 768 });
      await page.goto(`${env.server.url}/leads`);
      await page.getByTestId('ledger-filters').waitFor();
      await page.getByTestId('main-menu').getByRole('menuitem', { name: '工作台' }).hover();
      const tooltip = page.locator('.ant-menu-inline-collapsed-tooltip');
      // The product's name fits the bar or is not shown: it never runs over the page's title.
      const title = await page.getByTestId('page-title').boundingBox();
      const brand = page.getByTestId('brand-name');
      if (await brand.count())
        expect((await brand.boundingBox())!.x + (await brand.boundingBox())!.width).toBeLessThanOrEqual(
          title!.x,
        );
      expect(await brand.count()).toBe(named ? 0 : 1);
      if (named) await expect(tooltip.getByText('工作台').waitFor()).resolves.toBeUndefined();
      else {
        await page.waitForTimeout(500);
        await expect(tooltip.count()).resolves.toBe(0);
      }
      await page.context().close();
    }
  });
});

describe('loading and failure', () => {
  it('shows a loading indicator before the application has loaded', async () => {
    const html = await (await fetch(`${env.server.url}/`)).text();
    expect(html).toMatch(/<div id="root"><div class="boot" role="status">.*正在加载/);
  });

  it('nothing in the head holds up the spinner: the stylesheet comes beside the scripts and applies before the app is drawn', async () => {
    const html = await (await fetch(`${env.server.url}/leads`)).text();
    expect(html).not.toMatch(/rel="stylesheet"/);
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    // app.css's rule for the one h1: in force on the first drawing, not after it.
    await expect(page.locator('h1.page-title').evaluate((h) => getComputedStyle(h).fontSize)).resolves.toBe(
      '16px',
    );
    await expect(page.evaluate(() => getComputedStyle(document.body).margin)).resolves.toBe('0px');
    await page.context().close();
  });

  it('a stylesheet that fails to load offers to reload, never an unstyled or blank page', async () => {
    const page = await newPage(env.browser);
    await page.route(/\/assets\/styles-[^/]+\.css$/, (route) => route.abort());
    await page.goto(`${env.server.url}/login`);
    const alert = page.getByRole('alert');
    await expect(alert.innerText()).resolves.toContain('重新加载即可继续');
    await expect(page.getByLabel('用户名').count()).resolves.toBe(0);
    await page.unroute(/\/assets\/styles-[^/]+\.css$/);
    await alert.getByRole('button', { name: '重新加载' }).click();
    await page.getByLabel('用户名').waitFor();
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.context().close();
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

/** How far the page scrolls sideways (0: it fits the screen). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('at phone width (390×844)', () => {
  const PHONE = { width: 390, height: 844 };
  const PAGES: [string, string, string][] = [
    ['city', '/', 'welcome'],
    ['city', '/leads', 'record-card'],
    ['city', '/leads/1', 'clock-response'],
    ['city', '/leads/new', 'industry-picker'],
    ['city', '/my-work', 'my-work'],
    ['city', '/projects', 'record-card'],
    ['city', '/projects/1', 'issues'],
    ['city', '/reports/weekly', 'weekly-report'],
    ['city', '/reports/sla', 'sla-report'],
    ['leader', '/dashboard', 'kpi-signed'],
    ['leader', '/targets', 'target-year'],
    ['leader', '/reports/period', 'report-headline'],
    ['taishan', '/leads', 'record-card'],
    ['taishan', '/', 'welcome'],
    ['taishan', '/account/password', 'end-other-sessions'],
    ['taishan', '/investors', 'record-card'],
    ['taishan', '/trips', 'record-card'],
    ['taishan', '/reports/field', 'field-report'],
    ['referrer', '/', 'welcome'],
    ['referrer', '/visits', 'visit-item'],
    ['referrer', '/visits/new', 'visit-save'],
    ['referrer', '/trips/1', 'trip-outcome'],
  ];

  it('no main page scrolls sideways', async () => {
    const pages = new Map<string, Page>();
    const wide: string[] = [];
    for (const [who, path, ready] of PAGES) {
      let page = pages.get(who);
      if (!page) {
        page = await newPage(env.browser, PHONE);
        await signIn(page, env.server.url, who, DEMO_PASSWORD);
        await page.getByTestId('welcome').waitFor();
        pages.set(who, page);
      }
      await page.goto(`${env.server.url}${path}`);
      await page.getByTestId(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      const by = await sideways(page);
      if (by > 0) wide.push(`${path} as ${who}: ${by} px`);
    }
    await screenshot(pages.get('city')!, 'phone-lead');
    for (const page of pages.values()) await page.context().close();
    expect(wide).toEqual([]);
  });

  it('the menu opens in a drawer from the header; lists are cards; the name is in the user menu', async () => {
    const page = await newPage(env.browser, PHONE);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    // No sidebar taking the screen: the menu is behind the header's button.
    expect(await page.getByTestId('main-menu').isVisible()).toBe(false);
    expect(await page.getByTestId('user-menu').innerText()).not.toContain('陈招商');
    await page.getByTestId('menu-button').click();
    const menu = page.getByTestId('main-menu');
    await menu.waitFor();
    await screenshot(page, 'phone-menu');
    await menu.getByRole('menuitem', { name: '线索台账' }).click();
    await page.waitForURL(/\/leads$/);
    await menu.waitFor({ state: 'hidden' });
    // The ledger's rows are cards, one under the other, and open the lead.
    const cards = page.getByTestId('record-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(5);
    expect(await page.locator('.ant-table').count()).toBe(0);
    // Nor does a phone load the desk's table; its filters are the search box alone until 展开.
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.filter((url) => url.includes('/assets/RecordTable-'))).toEqual([]);
    const fields = page.getByTestId('ledger-filters').locator('.filter-field');
    expect(await fields.count()).toBe(1);
    await page.getByTestId('filters-toggle').click();
    await page.getByPlaceholder('接收起').waitFor();
    expect(await fields.count()).toBeGreaterThan(5);
    expect(await sideways(page)).toBe(0);
    await page.getByTestId('filters-toggle').click();
    await expect.poll(() => fields.count()).toBe(1);
    await screenshot(page, 'phone-ledger');
    // With no column headers to sort by, the same orders are one select above the cards.
    const sorted = page.waitForResponse(
      (r) => r.url().includes('/api/leads?') && /sort=dueAt&order=asc/.test(r.url()),
    );
    await page.getByTestId('phone-sort').click();
    await page.locator('.ant-select-dropdown').getByText('当前时限（升序）').click();
    const soonest = (await (await sorted).json()).items[0] as { code: string; waiting: unknown };
    expect(soonest.waiting).not.toBeNull();
    await expect.poll(() => cards.first().innerText()).toContain(soonest.code);
    await screenshot(page, 'phone-ledger-sorted');
    await cards.first().getByRole('link').click();
    await page.getByTestId('clock-response').waitFor();
    expect(await sideways(page)).toBe(0);
    await page.getByTestId('user-menu').click();
    await page.locator('.ant-dropdown-menu').getByText('陈招商（市投促中心）').waitFor();
    await page.context().close();
  });
});

describe('density at 1366×768', () => {
  const LAPTOP = { width: 1366, height: 768 };

  it('the ledger: filters in one row (展开/收起), at least 12 rows above the fold, no column cut off', async () => {
    const page = await newPage(env.browser, LAPTOP);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/leads`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.nth(11).waitFor();
    const fields = page.getByTestId('ledger-filters').locator('.filter-field');
    const visible = async () => {
      const shown = [];
      for (const f of await fields.all()) if (await f.isVisible()) shown.push(f);
      return shown;
    };
    expect(await visible()).toHaveLength(3);
    const bottoms = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().bottom));
    expect(bottoms.filter((b) => b <= 768).length).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'ledger-1366');
    // Every column within the table's width: nothing to scroll to, nothing cut.
    const table = page.locator('.ant-table-content');
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await sideways(page)).toBe(0);
    // 展开 shows every filter, none overlapping another (they are a chunk of their own: wait for it).
    await page.getByTestId('filters-toggle').click();
    await page.getByPlaceholder('接收起').waitFor();
    const all = await visible();
    expect(all.length).toBeGreaterThan(6);
    // Each control of each field (a select, its browse button, an input, a date range) apart from every other field's.
    const boxes = await Promise.all(
      all.map((f) =>
        f
          .locator('.ant-select, .ant-btn, .ant-input-affix-wrapper, .ant-input-number, .ant-picker')
          .evaluateAll((els) =>
            els.map((e) => {
              const r = e.getBoundingClientRect();
              return { x: r.x, y: r.y, w: r.width, h: r.height };
            }),
          ),
      ),
    );
    const apart = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
      a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
    for (const [i, mine] of boxes.entries())
      for (const theirs of boxes.slice(i + 1))
        for (const a of mine) for (const b of theirs) expect(apart(a, b), JSON.stringify([a, b])).toBe(true);
    // A filter behind 展开 lives in the URL: a link with it opens the filters, and 收起 keeps it applied.
    await page.goto(`${env.server.url}/leads?channel=partner`);
    await rows.first().waitFor();
    await page.getByPlaceholder('接收起').waitFor();
    expect((await visible()).length).toBeGreaterThan(6);
    await page.getByTestId('filters-toggle').click();
    expect(await visible()).toHaveLength(3);
    expect(page.url()).toContain('channel=partner');
    await page.context().close();
  });

  it('the project list: no column cut off, no sideways scroll', async () => {
    const page = await newPage(env.browser, LAPTOP);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/projects`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.nth(11).waitFor();
    const bottoms = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().bottom));
    expect(bottoms.filter((b) => b <= 768).length).toBeGreaterThanOrEqual(12);
    const table = page.locator('.ant-table-content');
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await sideways(page)).toBe(0);
    // The name and the investor keep room to be read (they were two characters each).
    for (const name of ['项目名称', '投资方']) {
      const header = page.locator('.ant-table-thead th', { hasText: name });
      expect((await header.boundingBox())!.width, name).toBeGreaterThanOrEqual(96);
    }
    await page.context().close();
  });
});

describe('the wall screen (大屏)', () => {
  const WALL = { width: 1920, height: 1080 };

  it('fits one 1920×1080 screen without menu, header or scrolling; labelled slices; refreshes itself', async () => {
    const page = await newPage(env.browser, WALL);
    await signIn(page, env.server.url, 'leader', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/dashboard`);
    await page.getByTestId('kpi-signed').waitFor();
    await page.getByTestId('open-wall').click();
    await page.waitForURL(/\/dashboard\/wall\?from=\d{4}-01-01&to=/);
    await page.getByTestId('wall-kpi-signed').waitFor();
    await page.getByTestId('wall-cluster-chart').locator('svg text').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'wall-1920');
    expect(await page.getByTestId('main-menu').count()).toBe(0);
    expect(await page.getByTestId('page-title').count()).toBe(0);
    const size = await page.evaluate(() => ({
      w: document.documentElement.scrollWidth,
      h: document.documentElement.scrollHeight,
    }));
    expect(size).toEqual({ w: 1920, h: 1080 });
    // Every panel whole on the screen.
    for (const id of [
      'wall-kpi-signed',
      'wall-overdue',
      'wall-county',
      'wall-funnel',
      'wall-clusters',
      'wall-trend',
      'wall-behind',
      'wall-issues',
    ]) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, id).toBeLessThanOrEqual(1080);
      expect(box.x + box.width, id).toBeLessThanOrEqual(1920);
      expect(box.height, id).toBeGreaterThan(100);
    }
    // The KPI figure is the one the dashboard showed, in large type.
    const big = page.getByTestId('wall-kpi-signed').locator('span').first();
    expect(
      Number.parseFloat(await big.evaluate((el) => getComputedStyle(el).fontSize)),
    ).toBeGreaterThanOrEqual(40);
    // Each cluster slice carries its name and share; no legend to page through.
    const labels = await page
      .getByTestId('wall-cluster-chart')
      .locator('svg text')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(labels.filter((l) => /%$/.test(l)).length).toBeGreaterThan(3);
    expect(labels.some((l) => /^\d+\/\d+$/.test(l))).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('leave-wall').click();
    await page.waitForURL(/\/dashboard$/);
    await page.context().close();

    // It asks for the figures again by itself (every minute; here every 5 seconds).
    const again = await newPage(env.browser, WALL);
    await signIn(again, env.server.url, 'leader', DEMO_PASSWORD);
    await again.getByTestId('welcome').waitFor();
    let asked = 0;
    again.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/stats/dashboard') asked += 1;
    });
    await again.goto(`${env.server.url}/dashboard/wall?refresh=5`);
    await again.getByTestId('wall-kpi-signed').waitFor();
    await expect.poll(() => asked, { timeout: 15_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    await again.context().close();
  });

  it('a county sees its own targets against the share of the year gone, not a ranking of one bar', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'taishan', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/dashboard`);
    await page.getByTestId('kpi-signed').waitFor();
    const own = page.getByTestId('own-targets');
    await own.locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('chart-county').count()).toBe(0);
    const rows = await own.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => /落后|达到/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes('签约亿元以上项目数'))).toBe(true);
    await screenshot(page, 'dashboard-county');
    await page.context().close();
  });
});
