import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  choose,
  DEMO_PASSWORD,
  fillField,
  newPage,
  screenshot,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();

const PROJECT = '端到端测试储能项目';

async function step(
  page: Page,
  button: RegExp,
  fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  await page.getByTestId('lead-actions').getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await fill(dialog);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a lead through every step in the browser', () => {
  it('registers, responds, assesses, feeds back, dispatches; the county reports and signs; the ledger exports it', async () => {
    const city = await newPage(env.browser);
    await signIn(city, env.server.url, 'city', DEMO_PASSWORD);
    await city.getByTestId('my-work').waitFor();
    await city.getByRole('menuitem', { name: '线索台账' }).click();
    await city.getByRole('button', { name: /登记线索/ }).click();

    await fillField(city, '项目名称', PROJECT);
    await fillField(city, /^投资方$/, '端测新能源科技有限公司');
    // The industry picker finds 新能源车整车制造 by its pinyin initials.
    await city.getByTestId('industry-picker').click();
    await city.keyboard.type('xny');
    await city.locator('.ant-select-item-option', { hasText: '新能源车整车制造' }).click();
    await city.locator('.ant-form-item', { hasText: '计划投资' }).locator('input').first().fill('0.5');
    await fillField(city, /^引荐方$/, '驻深圳招商组');
    await fillField(city, '联系电话', '138 1234 5678');
    await city.getByRole('button', { name: /登记线索/ }).click();
    await city
      .getByText('线索台账的管理范围')
      .or(city.getByText('线索管理范围为计划投资 1 亿元（含）以上'))
      .first()
      .waitFor();
    // Switching the unit keeps the number typed and reads it in the new unit (5000 亿元 → 5000 万元).
    const amount = city.locator('.ant-form-item', { hasText: '计划投资' });
    await amount.locator('input').first().fill('5000');
    await amount.locator('.ant-select').click();
    await city.locator('.ant-select-item-option', { hasText: '万元' }).click();
    expect(await amount.locator('input').first().inputValue()).toBe('5000');
    await amount.locator('.ant-select').click();
    await city.locator('.ant-select-item-option', { hasText: '亿元' }).click();
    expect(await amount.locator('input').first().inputValue()).toBe('5000');
    // 5000 亿元 for one lead is more likely a slip: the form asks before saving.
    await city.getByRole('button', { name: /登记线索/ }).click();
    const ask = city.locator('.ant-modal-confirm', { hasText: '超过 1000 亿元' });
    await ask.waitFor();
    await ask.getByRole('button', { name: /取\s*消/ }).click();
    await ask.waitFor({ state: 'hidden' });
    await amount.locator('input').first().fill('3');
    await city.getByRole('button', { name: /登记线索/ }).click();

    await city.getByTestId('clock-response').waitFor();
    const url = city.url();
    expect(url).toMatch(/\/leads\/\d+$/);
    await expect(city.getByTestId('clock-response').innerText()).resolves.toMatch(
      /剩余 \d+ 个工作日|今天到期/,
    );
    await city.getByText('3.00 亿元').first().waitFor();
    await city.getByText('3612 新能源车整车制造').waitFor();
    // …and falls into its clusters by that code.
    await city.getByTestId('lead-clusters').getByText('汽车', { exact: true }).waitFor();
    // The referrer's phone is personal information: masked, shown in full on request (audited).
    await expect(city.getByTestId('contact-phone').innerText()).resolves.toContain('138 **** 5678');
    await city.getByTestId('reveal-phone').click();
    await expect.poll(() => city.getByTestId('contact-phone').innerText()).toBe('138 1234 5678');

    await step(city, /响\s*应/, async (d) => {
      // The officer answering is offered as the one who follows it up.
      await expect
        .poll(() => d.locator('.ant-form-item', { hasText: '跟进责任人' }).innerText())
        .toContain('陈招商（市投促中心）');
      await fillField(d, '首次联系情况', '已电话联系投资方');
      // Two of the key facts now; the rest once known (the response is on time without them).
      for (const label of ['投资主体情况', '投资内容']) await fillField(d, label, `${label}：见洽谈纪要`);
    });
    // The message says what happened and what comes next, by when.
    await city
      .locator('.ant-message-success', {
        hasText: /响应已记录，按时完成。下一步：研判，\d{4}-\d{2}-\d{2} 前/,
      })
      .waitFor();
    await expect(city.getByTestId('clock-response').innerText()).resolves.toContain('按时完成');
    const facts = city.getByTestId('key-facts');
    expect(await facts.getByText('待补充').count()).toBe(3);
    await facts.getByRole('button', { name: '补充关键信息' }).click();
    const supplement = city.getByRole('dialog');
    // Those given are filled in; saving with nothing new is refused beside the fields.
    expect(
      await supplement.locator('.ant-form-item', { hasText: '投资内容' }).locator('textarea').inputValue(),
    ).toBe('投资内容：见洽谈纪要');
    for (const label of ['投资主体情况', '投资内容']) await fillField(supplement, label, '');
    await supplement.getByRole('button', { name: /保\s*存/ }).click();
    await supplement.getByText('请至少补充一项关键信息').waitFor();
    for (const label of ['投资主体情况', '投资内容', '预期效益', '选址要求', '需政府协调事项'])
      await fillField(supplement, label, `${label}：见洽谈纪要`);
    await supplement.getByRole('button', { name: /保\s*存/ }).click();
    await supplement.waitFor({ state: 'hidden' });
    await facts.getByText('需政府协调事项：见洽谈纪要').waitFor();
    expect(await facts.getByText('待补充').count()).toBe(0);
    await expect(city.getByTestId('clock-response').innerText()).resolves.toContain('按时完成');
    await expect(city.getByTestId('clock-assessment').innerText()).resolves.toMatch(/剩余|今天到期/);

    await step(city, /研\s*判/, async (d) => {
      await d.getByText('跟进', { exact: true }).click();
      for (const label of [
        '产业方向',
        '对本地产业的带动',
        '市场前景',
        '技术路线',
        '环境影响',
        '能耗',
        '效益',
      ])
        await fillField(d, new RegExp(`^${label}$`), '良好');
      await fillField(d, '下一步建议', '分派台山市');
    });
    await step(city, /反\s*馈/, async (d) => {
      await choose(city, d, '反馈方式', '电话');
      await fillField(d, '反馈内容', '市里决定跟进');
    });
    await expect(city.getByTestId('clock-feedback').innerText()).resolves.toContain('按时完成');
    await step(city, /分\s*派/, async (d) => {
      await choose(city, d, '跟进县', '台山市');
      await d.locator('.ant-modal-title').click(); // close the multi-select's list
    });
    await city.getByText('跟进中').first().waitFor();
    await screenshot(city, 'lead-following');

    const county = await newPage(env.browser);
    await signIn(county, env.server.url, 'taishan', DEMO_PASSWORD);
    await county.getByRole('menuitem', { name: '我的待办' }).click();
    // Just dispatched to 台山 and not yet opened there: marked 新.
    const mine = county.getByTestId('my-work').locator('.ant-list-item', { hasText: PROJECT });
    await mine.getByTestId('new-mark').waitFor();
    await county.getByTestId('my-work').getByText(PROJECT).click();
    await county.getByTestId('clock-progress').waitFor();
    await step(county, /报告进展/, async (d) => {
      await fillField(d, '本期进展', '完成选址踏勘');
      await fillField(d, '下一步计划', '准备签约');
    });
    await step(county, /签\s*约/, async (d) => {
      // One date: the signing's, today unless changed; no separate "when it happened".
      await d.locator('.ant-form-item', { hasText: '签约日期' }).waitFor();
      expect(await d.locator('.ant-picker input').count()).toBe(1);
      expect(await d.getByText('实际发生时间').count()).toBe(0);
      expect(
        await d.locator('.ant-form-item', { hasText: '签约日期' }).locator('input').inputValue(),
      ).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
    await county.getByText('已签约').first().waitFor();
    const timeline = await county.getByTestId('timeline-item').allInnerTexts();
    expect(timeline.map((x) => x.match(/^\D+/)?.[0].trim())).toEqual([
      '登记线索',
      '响应',
      '补充关键信息',
      '研判',
      '反馈',
      '分派',
      '进展报告',
      '签约',
    ]);
    await county
      .getByText(/JM-P-(\d{6}-)?\d{4}-\d{4}/)
      .first()
      .waitFor();
    await screenshot(county, 'lead-signed');
    // Opened now: the ledger no longer marks it new.
    await county.getByRole('menuitem', { name: '线索台账' }).click();
    const ledgerRow = county.locator('tr', { hasText: PROJECT });
    await ledgerRow.waitFor();
    expect(await ledgerRow.getByTestId('new-mark').count()).toBe(0);
    await county.context().close();

    // Another county cannot see it at all.
    const other = await newPage(env.browser);
    await signIn(other, env.server.url, 'heshan', DEMO_PASSWORD);
    await other.getByTestId('welcome').waitFor();
    await other.goto(url);
    await other.getByText('页面不存在').waitFor();
    // Nor its edit page: the same 404, no empty form to fill.
    await other.goto(`${url}/edit`);
    await other.getByText('页面不存在').waitFor();
    expect(await other.getByRole('textbox').count()).toBe(0);
    await other.context().close();

    // The ledger, filtered to this lead, exports an xlsx with its row.
    await city.getByRole('menuitem', { name: '线索台账' }).click();
    await city.getByPlaceholder('项目、投资方、引荐方或编号').fill(PROJECT);
    await city
      .getByTestId('ledger-filters')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await city.getByRole('cell', { name: PROJECT }).waitFor();
    const [download] = await Promise.all([
      city.waitForEvent('download'),
      city.getByTestId('export-ledger').click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('线索台账')!;
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(3).value).toBe(PROJECT);
    expect(row.getCell(7).value).toBe(3);
    expect(row.getCell(11).value).toBe('已签约');
    expect(row.getCell(12).value).toBe('台山市');
    expect(row.getCell(15).value).toBe('按时完成');
    await screenshot(city, 'ledger-filtered');
    // The ledger's filters live in the URL, as the project list's do: a reload or a shared link
    // shows the same filtered list, and the form says what the filter is.
    expect(new URL(city.url()).searchParams.get('q')).toBe(PROJECT);
    await city.reload();
    await city.getByRole('cell', { name: PROJECT }).waitFor();
    expect(await city.getByPlaceholder('项目、投资方、引荐方或编号').inputValue()).toBe(PROJECT);
    await city.context().close();
  });

  it('the leader reads the ledger, board and weekly report but has no step buttons', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'leader', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '线索台账' }).click();
    await page.getByText('看板').click();
    await page.getByTestId('board-following').waitFor();
    await screenshot(page, 'ledger-board');
    await page.getByTestId('board-following').locator('a').first().click();
    await page.getByTestId('clock-response').waitFor();
    expect(await page.getByTestId('lead-actions').getByRole('button').count()).toBe(0);
    await page.getByRole('menuitem', { name: '一周一报' }).click();
    await page.getByTestId('weekly-report').waitFor();
    await screenshot(page, 'weekly-report');
    await page.context().close();
  });
});

describe('the chain map', () => {
  it('shows a gap link with an empty list and a covered link with its projects', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '产业链图谱' }).click();
    const gap = page.getByTestId('chain-link-储能电站建设运营');
    await expect(gap.getAttribute('data-coverage')).resolves.toBe('gap');
    await gap.click();
    await page.getByTestId('link-projects').getByText('暂无，这一环节尚待招引').waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('link-projects').waitFor({ state: 'hidden' });

    const covered = page.getByTestId('chain-link-储能电芯制造');
    await expect(covered.getAttribute('data-coverage')).resolves.toBe('projects');
    await covered.click();
    const rows = page.getByTestId('link-projects').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first().innerText()).resolves.toMatch(/JM-P-(\d{6}-)?\d{4}-\d{4}/);
    await screenshot(page, 'chain-map');
    await page.context().close();
  });
});
