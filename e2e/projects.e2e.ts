import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  choose,
  confirmDialog,
  DEMO_PASSWORD,
  fillField,
  newPage,
  screenshot,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();

interface Dash {
  pipeline: {
    signed: { count: number };
    byCounty: { orgId: number; signed: { count: number; investmentYuan: number } }[];
  };
}

describe('the leaders’ dashboard', () => {
  it('a leader reads it, clicks the leading county through to its projects, downloads the quarterly report', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'leader', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '驾驶舱' }).click();
    const county = page.getByTestId('chart-county');
    await county.locator('path[fill="#1677ff"]').first().waitFor();
    await page.getByTestId('kpi-signed').waitFor();
    // The figures on the cards are the API's, computed from the records.
    const dash = (await page.evaluate(async () => {
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const res = await fetch(`/api/stats/dashboard?from=${today.slice(0, 4)}-01-01&to=${today}`);
      return res.json();
    })) as Dash;
    await expect(page.getByTestId('kpi-signed').innerText()).resolves.toContain(
      `${dash.pipeline.signed.count}`,
    );
    // Wall screen and laptop.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(500);
    await screenshot(page, 'dashboard-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(500);
    await screenshot(page, 'dashboard-1366');

    // The longest blue bar is the county that signed the most; clicking it lists its signed projects.
    const leading = [...dash.pipeline.byCounty].sort(
      (a, b) => b.signed.investmentYuan - a.signed.investmentYuan,
    )[0]!;
    const bars = county.locator('path[fill="#1677ff"]');
    const boxes = await Promise.all((await bars.all()).map(async (b) => ({ b, box: await b.boundingBox() })));
    const widest = boxes.filter((x) => x.box).sort((a, b) => b.box!.width - a.box!.width)[0]!;
    await widest.b.click();
    await page.waitForURL(/\/projects\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('countyOrgId')).toBe(String(leading.orgId));
    expect(url.searchParams.get('periodBasis')).toBe('signed');
    await expect(page.locator('.ant-pagination-total-text').innerText()).resolves.toBe(
      `共 ${leading.signed.count} 条`,
    );
    await screenshot(page, 'projects-from-dashboard');

    // The quarterly report in the seed's words, printable and as xlsx.
    await page.getByRole('menuitem', { name: '季度/年度报告' }).click();
    await page
      .locator('.ant-select', { hasText: /\d{4}年/ })
      .first()
      .click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2024年' }).click();
    await page.getByTestId('report-part').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '一季度' }).click();
    const headline = page.getByTestId('report-headline');
    await expect
      .poll(() => headline.innerText())
      .toBe(
        '2024年一季度签约项目201个，总投资额近1060亿元；动工项目162个，总投资额超880亿元；投产项目160个，总投资额超550亿元。',
      );
    await screenshot(page, 'period-report-2024-q1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-period-report').click(),
    ]);
    expect(download.suggestedFilename()).toBe('全市2024年一季度项目情况.xlsx');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file!);
    expect(wb.getWorksheet('汇总')!.getCell('A2').value).toBe(await headline.innerText());
    expect(wb.getWorksheet('汇总')!.getCell('B5').value).toBe(201);
    await page.context().close();
  });
});

describe('projects in the browser', () => {
  it('a county officer records the start of construction and raises a coordination issue; the city answers', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'taishan', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${env.server.url}/projects?stage=signed`);
    const first = page.getByTestId('projects-table').locator('tbody tr a').first();
    await first.waitFor();
    await first.click();
    await page.waitForURL(/\/projects\/\d+$/);
    const projectUrl = page.url();
    await page.getByTestId('to-started').click();
    const milestone = page.getByRole('dialog', { name: '登记动工' });
    const picker = milestone.locator('.ant-picker input');
    // The date defaults to today; wait for the form to hold it.
    await expect.poll(() => picker.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Construction started on the very day of the signing: rare, so the page asks first.
    const signedOn = (await milestone.locator('.ant-form-item-extra').innerText()).match(
      /\d{4}-\d{2}-\d{2}/,
    )![0];
    await picker.click();
    await picker.fill(signedOn);
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe(signedOn);
    const sameDay = page.getByRole('dialog', { name: '与上一阶段同一天？' });
    await milestone.getByRole('button', { name: /确\s*定/ }).click();
    await sameDay.waitFor();
    expect(await sameDay.innerText()).toContain(signedOn);
    // "No" leaves the stage as it was and the dialog open to correct the date.
    await sameDay.getByRole('button', { name: /取\s*消/ }).click();
    await sameDay.waitFor({ state: 'hidden' });
    expect(await milestone.isVisible()).toBe(true);
    expect(await page.locator('.ant-tag', { hasText: '已动工' }).count()).toBe(0);
    await milestone.getByRole('button', { name: /确\s*定/ }).click();
    await sameDay.getByRole('button', { name: /确\s*定/ }).click();
    await milestone.waitFor({ state: 'hidden', timeout: 15_000 });
    // The message says what was recorded and what comes next.
    await page
      .locator('.ant-message-success', { hasText: `项目已动工（${signedOn}）。下一步：投产后登记投产日期` })
      .waitFor();
    await page.locator('.ant-tag', { hasText: '已动工' }).first().waitFor();
    await page.getByTestId('raise-issue').click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog, '类别', '用电');
    await fillField(dialog, '事项', '施工临时用电需尽快接入');
    await fillField(dialog, '其他责任单位', '供电局');
    await confirmDialog(page);
    await page.getByTestId('issues').getByText('施工临时用电需尽快接入').waitFor();
    await page
      .locator('.ant-message-success', { hasText: /协调事项已提交，.+须在 \d{4}-\d{2}-\d{2} 前答复/ })
      .waitFor();
    await expect(page.getByTestId('issues').getByText('待答复').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'project-issue-raised');
    await page.context().close();

    const city = await newPage(env.browser);
    await signIn(city, env.server.url, 'city', DEMO_PASSWORD);
    await city.getByTestId('welcome').waitFor();
    await city.goto(projectUrl);
    const row = city.getByTestId('issues').locator('tr', { hasText: '施工临时用电需尽快接入' });
    await row.getByRole('button', { name: /答\s*复/ }).click();
    await fillField(city.getByRole('dialog'), '答复', '已协调供电局三日内接入');
    await screenshot(city, 'project-issue-answering');
    await confirmDialog(city);
    await row.getByText('已答复').waitFor();
    await city.context().close();
  });

  it('a county officer never sees another county’s project, not even that it exists', async () => {
    const city = await newPage(env.browser);
    await signIn(city, env.server.url, 'city', DEMO_PASSWORD);
    await city.getByTestId('welcome').waitFor();
    const taishanProject = (await city.evaluate(async () => {
      const orgs = (await (await fetch('/api/orgs')).json()).items as { id: number; name: string }[];
      const taishan = orgs.find((o) => o.name === '台山市')!.id;
      return (await (await fetch(`/api/projects?countyOrgId=${taishan}&pageSize=1`)).json()).items[0].id;
    })) as number;
    await city.context().close();

    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'heshan', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    const counties = (await page.evaluate(async () => {
      const mine = await (await fetch('/api/projects?pageSize=500')).json();
      return mine.items.map((p: { countyOrgId: number }) => p.countyOrgId);
    })) as number[];
    expect(counties.length).toBeGreaterThan(0);
    expect(new Set(counties).size).toBe(1);
    await expect(
      page.evaluate(async (id) => (await fetch(`/api/projects/${id}`)).status, taishanProject),
    ).resolves.toBe(404);
    // Its page and its edit page are the same 404 page as an address that does not exist, with a
    // way back — not an error strip, not an empty form.
    for (const path of [`/projects/${taishanProject}`, `/projects/${taishanProject}/edit`]) {
      await page.goto(`${env.server.url}${path}`);
      await page.getByText('页面不存在').waitFor();
      expect(await page.getByRole('textbox').count()).toBe(0);
    }
    await page.getByRole('button', { name: '返回工作台' }).click();
    await page.getByTestId('welcome').waitFor();
    await page.context().close();
  });
});
