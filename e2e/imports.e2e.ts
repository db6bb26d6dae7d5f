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

/** A county's ledger as typed in Excel and saved as CSV: its amount column names no unit. */
const ledger = (date: string) =>
  Buffer.from(
    [
      '项目名称,投资主体,投资额,登记日期,进展,跟进县区,签约日期',
      `向导导入项目甲,江门向导甲科技有限公司,3,2024-05-06,在谈,台山,`,
      `向导导入项目乙,江门向导乙科技有限公司,1.5,${date},已签约,鹤山,2024-06-28`,
    ].join('\r\n'),
  );

describe('the import wizard', () => {
  it('a city officer uploads a ledger, corrects a mapping, dry-runs, fixes the file, imports, then undoes it', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('menuitem', { name: '线索台账' }).click();
    await page
      .getByRole('button', { name: '导 入' })
      .or(page.getByRole('button', { name: '导入' }))
      .click();
    await page.waitForURL(/\/imports\?kind=leads/);

    const upload = async (body: Buffer) => {
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: '台山线索台账.csv', mimeType: 'text/csv', buffer: body });
      await page.getByTestId('import-columns').waitFor();
    };
    await upload(ledger('去年五月'));
    // The amount column was matched by its header, but its unit is for the user to say.
    const unit = page.getByTestId('unit-C');
    await unit.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '亿元' }).click();
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-refused').waitFor();
    await expect(page.getByTestId('import-rows').innerText()).resolves.toContain('D3：日期无法识别');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await screenshot(page, 'import-dry-run-refused');

    // Fixed in Excel and uploaded again: the saved mapping is offered for the same shape.
    await page.getByRole('button', { name: '换一个文件' }).click();
    await upload(ledger('2024-05-20'));
    await page.getByText(/已套用 .* 保存的对应关系/).waitFor();
    await page.getByTestId('import-dry-run').click();
    await page.getByText('共 2 行，均可导入').waitFor();
    for (const width of [1920, 1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `sideways scroll at ${width}px`).toBeLessThanOrEqual(1);
      await screenshot(page, `import-dry-run-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').getByText('已导入：新增 2 条').waitFor();

    const found = () =>
      page.evaluate(async () => (await (await fetch('/api/leads?q=向导导入项目')).json()).total as number);
    expect(await found()).toBe(2);
    await page.getByTestId('import-undo').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /撤销本批导入/ })
      .click();
    await page.getByTestId('import-done').getByText('已撤销本批导入').waitFor();
    expect(await found()).toBe(0);
    await screenshot(page, 'import-undone');
    // The history says when, in Beijing time as every page does, whatever the browser's zone.
    const createdAt = await page.evaluate(
      async () => (await (await fetch('/api/imports')).json()).items[0].createdAt as string,
    );
    const beijing = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(createdAt));
    await expect(page.getByTestId('import-history').innerText()).resolves.toContain(beijing);
  });
});
