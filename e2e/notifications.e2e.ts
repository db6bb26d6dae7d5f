/**
 * The bell: a county officer's unread count goes up when the city center dispatches a lead to
 * their county (it is asked again on the next page they open), the new notification opens the
 * lead and is then read; 全部标为已读 empties the bell. The administrator adds a work-group robot.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  apiAs,
  chooseTreeNode,
  DEMO_PASSWORD,
  fillField,
  newPage,
  screenshot,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();

const bellCount = async (page: Page) => {
  const label = await page.getByTestId('bell').getAttribute('aria-label');
  return Number(/(\d+) 条未读/.exec(label ?? '')?.[1]);
};

describe('the notification bell', () => {
  it('counts a dispatch to the county, opens the lead, marks it read; all read empties it', async () => {
    const county = await newPage(env.browser, { width: 1366, height: 768 });
    await signIn(county, env.server.url, 'taishan', DEMO_PASSWORD);
    await county.getByTestId('welcome').waitFor();
    await expect.poll(() => bellCount(county)).toBeGreaterThan(0);
    const before = await bellCount(county);

    const city = await apiAs(env.server.url, 'city');
    const orgs = (await city('GET', '/api/orgs')).items as { id: number; name: string }[];
    const taishan = orgs.find((o) => o.name === '台山市')!.id;
    const me = (await city('GET', '/api/auth/me')).user;
    const { lead } = await city('POST', '/api/leads', {
      projectName: '铃铛测试智能装备项目',
      investorName: '铃铛测试装备有限公司',
      investorType: 'private',
      industryCode: '3491',
      plannedInvestmentYuan: 300_000_000,
      referrer: { name: '驻深圳招商组', organization: '江门市投资促进中心', kind: 'resident_team' },
      channel: 'resident_team',
      confirmNotDuplicate: true,
    });
    await city('POST', `/api/leads/${lead.id}/respond`, {
      ownerUserId: me.id,
      contactNote: '已电话沟通',
      keyInfo: {
        investorProfile: '装备企业',
        investmentContent: '智能装备产线',
        benefits: '产值 10 亿元',
        siteRequirements: '用地 80 亩',
        coordinationNeeds: '无',
      },
    });
    const aspects = Object.fromEntries(
      [
        'industryDirection',
        'industryPull',
        'marketProspects',
        'technologyRoute',
        'environment',
        'energy',
        'benefits',
      ].map((k) => [k, '可行']),
    );
    await city('POST', `/api/leads/${lead.id}/assess`, {
      decision: 'follow',
      aspects,
      proposals: '分派台山',
    });
    await city('POST', `/api/leads/${lead.id}/feedback`, {
      to: '引荐人',
      channel: 'phone',
      note: '同意跟进',
    });
    await city('POST', `/api/leads/${lead.id}/dispatch`, { countyOrgIds: [taishan] });

    // The next page the officer opens asks again.
    await county.getByRole('menuitem', { name: '线索台账' }).click();
    await expect.poll(() => bellCount(county)).toBe(before + 1);

    await county.getByTestId('bell').click();
    const popover = county.getByTestId('bell-popover');
    const item = popover.getByText(`线索分派：${lead.code}`);
    await item.waitFor();
    await screenshot(county, 'notifications-bell');
    await item.click();
    await county.waitForURL(`**/leads/${lead.id}`);
    await county.getByText('铃铛测试智能装备项目').first().waitFor();
    await expect.poll(() => bellCount(county)).toBe(before);

    await county.goto(`${env.server.url}/notifications`);
    const first = county.getByTestId('notification').first();
    await first.waitFor();
    await county.getByTestId('read-all').click();
    await expect.poll(() => bellCount(county)).toBe(0);
    await screenshot(county, 'notifications-page');
  });

  it('the administrator adds a work-group robot; its key is not shown again', async () => {
    const admin = await newPage(env.browser);
    await signIn(admin, env.server.url, 'admin', ADMIN_PASSWORD);
    await admin.getByTestId('welcome').waitFor();
    await admin.getByRole('menuitem', { name: '群机器人' }).click();
    await admin.getByTestId('add-channel').click();
    const dialog = admin.getByRole('dialog');
    await chooseTreeNode(admin, dialog, '所属单位', '台山', '台山市');
    await fillField(dialog, '群名称', '台山市招商工作群');
    await fillField(
      dialog,
      'Webhook 地址',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=e2e-secret-key',
    );
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = admin.getByRole('row', { name: /台山市招商工作群/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('qyapi.weixin.qq.com/cgi-bin/webhook/send?…');
    expect(await admin.content()).not.toContain('e2e-secret-key');
  });
});
