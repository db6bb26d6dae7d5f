/**
 * A key project's month (#16): the city sees a project far behind its plan on the dashboard; the
 * county officer reports last month with a photo of the site; the dashboard shows it amber — behind
 * 序时进度, but by less than ten points. The project sits in a park of its own (made for the test),
 * so the dashboard narrowed to that park shows this project alone, whatever the demo holds.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/core/calendar/dates.js';
import { monthOf, previousMonth } from '../src/core/projects/keyProjects.js';
import {
  ADMIN_PASSWORD,
  apiAs,
  DEMO_PASSWORD,
  newPage,
  screenshot,
  seriousA11yViolations,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();
const YI = 100_000_000;
/** A real 1×1 PNG, as a phone's camera would send a (much larger) one. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The colour of the dashboard's key-project line for the park (its only project). */
async function parkColour(page: Page, park: string) {
  await page.goto(`${env.server.url}/dashboard`);
  await page.getByTestId('dashboard').waitFor();
  await page.getByRole('combobox', { name: '单位' }).fill(park);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: park }).click();
  const line = page.getByTestId('key-projects-lines').locator('tr[data-colour]');
  await expect.poll(() => line.count(), { timeout: 10_000 }).toBe(1);
  return line.getAttribute('data-colour');
}

describe('a key project’s month', () => {
  it('the county reports last month with a photo; the city sees the project turn from red to amber', async () => {
    const due = previousMonth(monthOf(shanghaiDate(new Date())));
    const year = Number(due.slice(0, 4));
    const m = Number(due.slice(5, 7));
    const admin = await apiAs(env.server.url, 'admin', ADMIN_PASSWORD);
    const city = await apiAs(env.server.url, 'city');
    const orgs = (await admin('GET', '/api/orgs')).items as { id: number; name: string; kind: string }[];
    const taishan = orgs.find((o) => o.name === '台山市')!.id;
    const park = '翠湖储能示范园';
    const {
      org: { id: parkId },
    } = await admin('POST', '/api/orgs', {
      name: park,
      kind: 'platform',
      parentId: orgs.find((o) => o.kind === 'city')!.id,
    });
    const { project } = await city('POST', '/api/projects', {
      name: '翠湖储能示范项目',
      investorName: '翠湖储能科技有限公司',
      countyOrgId: taishan,
      parkOrgId: parkId,
      industryCode: '3841',
      totalInvestmentYuan: 50 * YI,
      signedOn: `${year}-01-10`,
      keyLevels: ['city'],
    });
    // Plan 12亿. Before: a quarter of the year behind 序时进度 (red); last month's figure brings it to
    // five points behind (amber).
    const plan = 12 * YI;
    await city('PUT', `/api/projects/${project.id}/plans/${year}`, { plannedYuan: plan });
    const before = Math.max(0, Math.round(plan * (m / 12 - 0.25)));
    const after = Math.round(plan * (m / 12 - 0.05));
    // The months before last, each the same whole 万元.
    const each = m > 1 ? Math.round(before / (m - 1) / 10_000) * 10_000 : 0;
    for (let k = 1; k < m && each > 0; k++)
      await city('PUT', `/api/projects/${project.id}/months/${year}-${String(k).padStart(2, '0')}`, {
        completedYuan: each,
        progress: '按计划施工',
      });
    const lastMonthWan = Math.round((after - each * (m - 1)) / 10_000);

    const cityPage = await newPage(env.browser, { width: 1920, height: 1080 });
    await signIn(cityPage, env.server.url, 'city', DEMO_PASSWORD);
    await cityPage.getByTestId('welcome').waitFor();
    // In January 序时进度 is 8.3 %: nothing can be ten points behind, so the line starts amber.
    expect(await parkColour(cityPage, park)).toBe(m >= 2 ? 'red' : 'amber');

    const county = await newPage(env.browser, { width: 1366, height: 768 });
    await signIn(county, env.server.url, 'taishan', DEMO_PASSWORD);
    await county.getByTestId('welcome').waitFor();
    await county.goto(`${env.server.url}/projects/${project.id}`);
    await county.getByTestId('month-due').waitFor();
    await county.getByTestId('report-month').click();
    const dialog = county.getByRole('dialog');
    // The month due is chosen for the officer; the amount is typed in 万元.
    await expect.poll(() => dialog.locator('.ant-select').first().innerText()).toContain(due);
    await dialog.getByRole('spinbutton').first().fill(String(lastMonthWan));
    await dialog.locator('textarea').first().fill('主体结构封顶，设备进场安装');
    const photo = join(tmpdir(), '现场照片.png');
    writeFileSync(photo, PNG);
    await dialog.locator('input[type=file]').setInputFiles(photo);
    await dialog.getByTestId('attachments-project').getByText('现场照片.png').waitFor();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await county.locator('.ant-message-success', { hasText: '已报送' }).waitFor();
    // The month is in the table with its photo; the deadline shows as reported.
    const row = county.getByTestId('investment-card').locator('tr', { hasText: due });
    await row.locator('img').first().waitFor();
    await expect.poll(() => county.getByTestId('month-due').getAttribute('data-status')).toMatch(/^met/);
    await screenshot(county, 'key-project-month-reported');
    // The project page with its new cards, and the bulletin, pass axe-core's A and AA rules.
    expect(await seriousA11yViolations(county)).toEqual([]);
    await county.goto(`${env.server.url}/reports/key-projects`);
    await county.getByTestId('bulletin-headline').waitFor();
    expect(await seriousA11yViolations(county)).toEqual([]);

    expect(await parkColour(cityPage, park)).toBe('amber');
    await screenshot(cityPage, 'key-project-dashboard-amber');
    // The photo is the project's, for the month: another county cannot fetch it.
    const heshan = await apiAs(env.server.url, 'heshan');
    const files = (await city('GET', `/api/attachments?entityType=project&entityId=${project.id}`)).items;
    expect(files).toMatchObject([{ name: '现场照片.png', mime: 'image/png', month: due }]);
    await expect(heshan('GET', `/api/attachments/${files[0].id}/content`)).rejects.toThrow(/404/);
  });
});
