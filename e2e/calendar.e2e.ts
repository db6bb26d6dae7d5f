import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  DEMO_PASSWORD,
  newPage,
  screenshot,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const POLL = { timeout: 10_000 };

const env = serverAndBrowserForSuite();

describe('the working calendar in the browser', () => {
  it('the admin marks a day as a holiday and the deadline preview moves', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '工作日历' }).click();

    // Friday 2026-09-18 10:00 + 1 working day = Sunday 09-20, a 调休 working day for National Day.
    const start = page.getByTestId('preview-start');
    await start.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-09-18 10:00');
    await page.keyboard.press('Enter');
    const due = page.getByTestId('preview-due');
    await expect.poll(() => due.textContent(), POLL).toBe('2026-09-20');

    await page.getByTestId('year-select').click();
    await page.locator('.ant-select-item-option', { hasText: '2026' }).click();
    const sunday = page.locator('button[data-date="2026-09-20"]');
    await expect(sunday.getAttribute('class')).resolves.toContain('it-adjusted_workday');
    await sunday.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('休息', { exact: true }).click();
    await dialog.getByLabel(/名称/).fill('台风停工');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已保存，\d+ 个进行中的期限已重新计算/).waitFor();
    await expect.poll(() => sunday.getAttribute('class'), POLL).toContain('it-holiday');
    await expect.poll(() => due.textContent(), POLL).toBe('2026-09-21');
    await screenshot(page, 'calendar-admin');

    // A deadline reaching into 2027 (not loaded) is marked provisional, and the page warns; 元旦 is
    // already a holiday by the regulation, so one working day after 31 December is Monday 4 January.
    await page.getByTestId('missing-years').waitFor();
    await start.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-12-31 10:00');
    await page.keyboard.press('Enter');
    await expect.poll(() => due.textContent(), POLL).toBe('2027-01-04');
    await page.getByText('暂定（跨入未录入放假安排的年度）').waitFor();
    await page.context().close();
  });

  it('the time-limit page shows the defaults, and officers cannot reach it', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '时限规则' }).click();
    await page.getByRole('cell', { name: '研判（重大线索）' }).waitFor();
    await expect(page.getByLabel('amount-2').inputValue()).resolves.toBe('5');
    await page.getByLabel('amount-0').fill('2');
    // The rules' form comes first; the signing amount for reviews has its own card below.
    await page
      .getByRole('button', { name: /保\s*存/ })
      .first()
      .click();
    await page.getByText('已保存').waitFor();
    await screenshot(page, 'sla-policies');
    await page.context().close();

    const officer = await newPage(env.browser);
    await signIn(officer, env.server.url, 'city', DEMO_PASSWORD);
    await officer.getByTestId('welcome').waitFor();
    await officer.goto(`${env.server.url}/system/sla`);
    await officer.getByText('页面不存在').waitFor();
    await officer.context().close();
  });
});
