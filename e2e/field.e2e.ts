/**
 * The field on a phone (#15): a resident-team member in Shenzhen logs a visit from a phone at
 * 390×844 — the firm typed by name, today's date already there —, creates a lead from it with the
 * visit's facts filled in, and the city officer at a desk finds the lead in the ledger and the firm
 * in the register, followed by the team. A county officer of another county sees the firm and who
 * follows it, but not the visit.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  DEMO_PASSWORD,
  fillField,
  newPage,
  screenshot,
  seriousA11yViolations,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();
const PHONE = { width: 390, height: 844 };
const FIRM = '深圳前海氢能动力科技有限公司';
const PROJECT = '氢燃料电池电堆生产基地';

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the field on a phone', () => {
  it('a resident team logs a visit, creates a lead from it; the city sees the lead and the firm', async () => {
    const phone = await newPage(env.browser, PHONE);
    // Sign-in fits the phone too.
    await phone.goto(`${env.server.url}/login`);
    await phone.getByLabel('用户名').waitFor();
    expect(await sideways(phone)).toBe(0);
    await signIn(phone, env.server.url, 'referrer', DEMO_PASSWORD);
    await phone.getByTestId('welcome').waitFor();
    expect(await sideways(phone)).toBe(0);
    // From the menu drawer, as a phone user goes.
    await phone.getByTestId('menu-button').click();
    await phone.getByTestId('main-menu').getByRole('menuitem', { name: '拜访记录' }).click();
    await phone.getByRole('button', { name: /记录拜访/ }).click();
    await phone.waitForURL(/\/visits\/new$/);
    // Quick entry: today's date and our own name are already there.
    const date = phone.locator('.ant-form-item', { hasText: '日期' }).locator('input').first();
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await phone.locator('.ant-form-item', { hasText: '我方人员' }).locator('input').inputValue()).toBe(
      '周顾问（驻深圳）',
    );
    await fillField(phone, '拜访企业', FIRM);
    await phone.getByRole('radio', { name: '上门拜访' }).check();
    await fillField(phone, '企业方人员', '林总（董事长）');
    await fillField(
      phone,
      '洽谈内容',
      '企业计划新建氢燃料电池电堆产线，意向投资 8 亿元，关注用地和氢能补贴政策',
    );
    await fillField(phone, '下一步工作', '寄送大广海湾片区地块资料');
    expect(await sideways(phone)).toBe(0);
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await screenshot(phone, 'phone-visit-form');
    await phone.getByTestId('visit-save').click();
    await phone.waitForURL(/\/visits\/\d+$/);
    await phone.getByText(FIRM).first().waitFor();
    expect(await sideways(phone)).toBe(0);
    await screenshot(phone, 'phone-visit');

    // A lead from the visit: the firm and the referrer come filled in.
    await phone.getByTestId('create-lead').click();
    await phone.waitForURL(/\/leads\/new\?fromVisit=\d+$/);
    await phone.getByTestId('from-visit').waitFor();
    const investor = phone.locator('.ant-form-item', { hasText: '投资方' }).locator('input').first();
    await expect.poll(() => investor.inputValue()).toBe(FIRM);
    expect(
      await phone
        .locator('.ant-form-item', { hasText: /^引荐方$/ })
        .locator('input')
        .first()
        .inputValue(),
    ).toBe('周顾问（驻深圳）');
    await fillField(phone, '项目名称', PROJECT);
    await phone.locator('.ant-form-item', { hasText: '计划投资' }).locator('input').first().fill('8');
    expect(await sideways(phone)).toBe(0);
    await screenshot(phone, 'phone-lead-from-visit');
    await phone.getByRole('button', { name: /登记线索/ }).click();
    await phone.waitForURL(/\/leads\/\d+$/);
    await phone.getByTestId('clock-response').waitFor();
    expect(await sideways(phone)).toBe(0);
    const leadId = Number(new URL(phone.url()).pathname.split('/').pop());
    await phone.context().close();

    // The visit points to the lead, and the firm is in the register with the team following it.
    const team = await apiAs(env.server.url, 'referrer');
    const visits = (await team('GET', '/api/visits?pageSize=5')).items as {
      leadId: number | null;
      investorName: string;
    }[];
    expect(visits[0]).toMatchObject({ leadId, investorName: FIRM });

    // The city officer, at a desk, finds the lead in the ledger and opens the firm from it.
    const city = await newPage(env.browser);
    await signIn(city, env.server.url, 'city', DEMO_PASSWORD);
    await city.getByTestId('welcome').waitFor();
    await city.goto(`${env.server.url}/leads`);
    await city.getByPlaceholder('项目、投资方、引荐方或编号').fill(PROJECT);
    await city
      .getByTestId('ledger-filters')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await city.getByRole('cell', { name: PROJECT }).waitFor();
    await city.getByRole('link', { name: PROJECT }).click();
    await city.getByRole('link', { name: FIRM }).click();
    await city.waitForURL(/\/investors\/\d+$/);
    await city.getByTestId('followers').getByText('驻深圳招商组（周顾问（驻深圳））').waitFor();
    await city.getByRole('link', { name: PROJECT }).waitFor();
    expect(await seriousA11yViolations(city)).toEqual([]);
    await screenshot(city, 'investor-page');
    const firmUrl = city.url();
    await city.context().close();

    // 鹤山 sees the firm and who follows it (一盘棋), not the team's visit or lead.
    const heshan = await newPage(env.browser);
    await signIn(heshan, env.server.url, 'heshan', DEMO_PASSWORD);
    await heshan.getByTestId('welcome').waitFor();
    await heshan.goto(firmUrl);
    await heshan.getByTestId('followers').getByText('驻深圳招商组').waitFor();
    expect(await heshan.getByText('氢燃料电池电堆').count()).toBe(0);
    expect(await heshan.getByText('暂无拜访记录').count()).toBe(1);
    await heshan.context().close();
  });

  it('a county officer on a phone: my work, a lead with its clocks, the progress report form', async () => {
    const county = await apiAs(env.server.url, 'taishan');
    const following = (await county('GET', '/api/leads?stage=following&pageSize=5')).items as {
      id: number;
    }[];
    expect(following.length).toBeGreaterThan(0);
    const phone = await newPage(env.browser, PHONE);
    await signIn(phone, env.server.url, 'taishan', DEMO_PASSWORD);
    await phone.getByTestId('welcome').waitFor();
    await phone.goto(`${env.server.url}/my-work`);
    await phone.getByTestId('my-work').waitFor();
    expect(await sideways(phone)).toBe(0);
    await phone.goto(`${env.server.url}/leads/${following[0]!.id}`);
    await phone.getByTestId('clock-progress').waitFor();
    await phone
      .getByTestId('lead-actions')
      .getByRole('button', { name: /报告进展/ })
      .click();
    const dialog = phone.getByRole('dialog');
    await fillField(dialog, '本期进展', '企业完成董事会决议，拟下月签约');
    await fillField(dialog, '下一步计划', '对接用地指标');
    // The form fits the phone: nothing reaches past the screen's edge.
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await sideways(phone)).toBe(0);
    await screenshot(phone, 'phone-progress');
    await dialog.getByRole('button', { name: /确\s*定|保\s*存|提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await phone.context().close();
  });
});
