import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  chooseTreeNode,
  DEMO_PASSWORD,
  menuLabels,
  newPage,
  screenshot,
  serverAndBrowserForSuite,
  signIn,
} from './harness.js';

const env = serverAndBrowserForSuite();

/** What each demo role must see in the menu: only its features, nothing that leads nowhere. */
const INDUSTRIES = ['产业', '行业分类', '产业集群'];
// Those who read leads also get the chain map (coverage is counted from leads and projects).
const WITH_CHAINS = [...INDUSTRIES, '产业链图谱'];
const STATS = [
  '统计',
  '目标考核',
  '季度/年度报告',
  '重点项目月度通报',
  '流失线索分析',
  '一周一报',
  '时限统计',
];
// Who checks projects against the land-use standards reads them.
const WITH_STANDARDS = [...WITH_CHAINS, '用地标准'];
// The field (#15): the investor register, visits, trips and their report, for every business role.
const FIELD = ['招商外联', '客商库', '拜访记录', '外出招商与推介', '外联工作统计'];
const MENUS: Record<string, string[]> = {
  admin: [
    '工作台',
    '统计',
    '目标考核',
    ...INDUSTRIES,
    '用地标准',
    '系统管理',
    '用户管理',
    '账户审批',
    '组织机构',
    '工作日历',
    '时限规则',
    '群机器人',
    '发送记录',
  ],
  auditor: ['工作台', '系统管理', '账户审批', '审计日志'],
  city: [
    '工作台',
    '驾驶舱',
    '线索',
    '线索台账',
    '我的待办',
    '一盘棋',
    '导入台账',
    '重点项目',
    ...FIELD,
    ...STATS,
    ...WITH_STANDARDS,
  ],
  leader: ['工作台', '驾驶舱', '线索', '线索台账', '重点项目', ...FIELD, ...STATS, ...WITH_STANDARDS],
  taishan: [
    '工作台',
    '驾驶舱',
    '线索',
    '线索台账',
    '我的待办',
    '导入台账',
    '重点项目',
    ...FIELD,
    ...STATS,
    ...WITH_STANDARDS,
  ],
  heshan: [
    '工作台',
    '驾驶舱',
    '线索',
    '线索台账',
    '我的待办',
    '导入台账',
    '重点项目',
    ...FIELD,
    ...STATS,
    ...WITH_STANDARDS,
  ],
  taishan_leader: ['工作台', '驾驶舱', '线索', '线索台账', '重点项目', ...FIELD, ...STATS, ...WITH_STANDARDS],
  referrer: ['工作台', '线索', '线索台账', ...FIELD, ...WITH_CHAINS],
};

describe('signing in as each demo role', () => {
  for (const [username, menu] of Object.entries(MENUS)) {
    it(`${username} sees the demo banner, a greeting and exactly its menus`, async () => {
      const page = await newPage(env.browser);
      await signIn(page, env.server.url, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
      await page.getByTestId('welcome').waitFor();
      expect(await menuLabels(page)).toEqual(menu);
      await expect(page.getByTestId('demo-tag').innerText()).resolves.toBe('演示数据');
      await screenshot(page, `workbench-${username}`);
      // A page outside the role is, to this user, a page that does not exist.
      await page.goto(`${env.server.url}/system/users`);
      if (username === 'admin') await page.getByRole('button', { name: /新建用户/ }).waitFor();
      else await page.getByText('页面不存在').waitFor();
      await page.context().close();
    });
  }
});

describe('added to a phone’s home screen (#15: the web app manifest)', () => {
  it('the page links a manifest that names the app, opens standalone and whose icons are PNGs of their sizes', async () => {
    const page = await newPage(env.browser, { width: 390, height: 844 });
    await page.goto(`${env.server.url}/login`);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(await page.locator('meta[name=theme-color]').getAttribute('content')).toBe('#c8102e');
    const res = await fetch(new URL(href!, env.server.url));
    expect(res.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = await res.json();
    expect(manifest).toMatchObject({ short_name: '招商通', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of [...manifest.icons, { src: '/icons/apple-touch-icon.png', sizes: '180x180' }]) {
      const png = Buffer.from(await (await fetch(new URL(icon.src, env.server.url))).arrayBuffer());
      // The PNG signature, then the IHDR chunk's width and height.
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    await page.context().close();
  });
});

describe('security flows in the browser', () => {
  it('five wrong passwords lock the account and say until when', async () => {
    const page = await newPage(env.browser);
    for (let i = 1; i <= 5; i++) {
      await signIn(page, env.server.url, 'xinhui', `Wrong#pass${i}x`);
      const error = page.getByTestId('login-error');
      await error.waitFor();
      const text = await error.innerText();
      if (i < 5) expect(text).toContain('用户名或密码错误');
      else expect(text).toMatch(/账户已锁定，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）后再试/);
    }
    await signIn(page, env.server.url, 'xinhui', DEMO_PASSWORD);
    await expect(page.getByTestId('login-error').innerText()).resolves.toContain('账户已锁定');
    await screenshot(page, 'login-locked');
    await page.context().close();
  });

  it('the admin creates a county officer, who signs in, must change the password, and sees only their menus', async () => {
    const admin = await newPage(env.browser);
    await signIn(admin, env.server.url, 'admin', ADMIN_PASSWORD);
    await admin.getByTestId('welcome').waitFor();
    await admin.getByRole('menuitem', { name: '用户管理' }).click();
    await admin.getByRole('button', { name: /新建用户/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('kp_officer');
    await dialog.getByLabel('姓名').fill('谭专员（开平）');
    await chooseTreeNode(admin, dialog, '所属组织', '开平', '开平市');
    await dialog.locator('.ant-form-item', { hasText: '角色' }).locator('.ant-select').click();
    await admin.locator('.ant-select-item-option', { hasText: '县区招商专员' }).click();
    await dialog.locator('.ant-modal-title').click(); // close the multi-select's list
    await admin.locator('.ant-select-dropdown:not(.ant-tree-select-dropdown)').waitFor({ state: 'hidden' });
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('密码至少 10 位').waitFor(); // the browser checks with the server's own rule
    await dialog.getByLabel('初始密码').fill('Kaiping#2026');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await admin.getByRole('cell', { name: 'kp_officer' }).waitFor();
    await screenshot(admin, 'users-after-create');
    await admin.context().close();

    const officer = await newPage(env.browser);
    await signIn(officer, env.server.url, 'kp_officer', 'Kaiping#2026');
    await officer.getByText('管理员为您设置了初始密码').waitFor();
    await screenshot(officer, 'forced-password-change');
    await officer.getByLabel('当前密码').fill('Kaiping#2026');
    await officer.getByLabel('新密码', { exact: true }).fill('Mine#Kaiping26');
    await officer.getByLabel('确认新密码').fill('Mine#Kaiping26');
    await officer.getByRole('button', { name: /保\s*存/ }).click();
    await officer.getByTestId('welcome').waitFor();
    expect(await menuLabels(officer)).toEqual(MENUS.taishan);
    await expect(officer.getByTestId('welcome').innerText()).resolves.toContain('谭专员（开平）');
    await officer.getByText('江门市 / 开平市').first().waitFor();

    // Sign out and in again with the new password.
    await officer.getByTestId('user-menu').click();
    await officer.getByText('退出登录').click();
    await signIn(officer, env.server.url, 'kp_officer', 'Mine#Kaiping26');
    await officer.getByTestId('welcome').waitFor();
    await officer.context().close();
  });

  it('the auditor finds those events in the audit log and the chain verifies', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'auditor', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByPlaceholder('用户').fill('admin');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    // The log says it in words (新建用户, not user.created), naming the person who did it.
    const created = page.locator('.ant-table-tbody tr', { hasText: '新建用户' }).first();
    await created.waitFor();
    await expect(created.innerText()).resolves.toContain('系统管理员');
    await page.getByRole('button', { name: /校验哈希链/ }).click();
    await expect(page.getByTestId('chain-result').innerText()).resolves.toMatch(
      /哈希链完整：已校验 \d+ 条记录/,
    );
    await screenshot(page, 'audit-log');
    await page.context().close();
  });

  it('a new auditor account waits for the auditor’s approval (三权分立), then works', async () => {
    const admin = await newPage(env.browser);
    await signIn(admin, env.server.url, 'admin', ADMIN_PASSWORD);
    await admin.getByRole('menuitem', { name: '用户管理' }).click();
    await admin.getByRole('button', { name: /新建用户/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('auditor2');
    await dialog.getByLabel('姓名').fill('钱审计');
    await chooseTreeNode(admin, dialog, '所属组织', '江门市', '江门市');
    await dialog.locator('.ant-form-item', { hasText: '角色' }).locator('.ant-select').click();
    await admin.locator('.ant-select-item-option', { hasText: '安全审计员' }).click();
    await dialog.locator('.ant-modal-title').click();
    await admin.locator('.ant-select-dropdown:not(.ant-tree-select-dropdown)').waitFor({ state: 'hidden' });
    await dialog.getByLabel('初始密码').fill('Audit#Second26');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await admin.getByText('已提交审批：须由安全审计员批准后生效').waitFor();
    // The administrator sees the request but cannot decide it.
    await admin.getByRole('menuitem', { name: '账户审批' }).click();
    const asked = admin.getByTestId('approvals').locator('tr', { hasText: '钱审计' });
    await asked.getByText('须由另一人审批').waitFor();
    await admin.context().close();

    const auditor = await newPage(env.browser);
    await signIn(auditor, env.server.url, 'auditor', DEMO_PASSWORD);
    await auditor.getByRole('menuitem', { name: '账户审批' }).click();
    const row = auditor.getByTestId('approvals').locator('tr', { hasText: '钱审计' });
    await row.getByRole('button', { name: '批准' }).click();
    await screenshot(auditor, 'approvals');
    await auditor
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await auditor.getByText('已批准，变更已生效').waitFor();
    await row.getByText('已批准').waitFor();
    await auditor.context().close();

    const second = await newPage(env.browser);
    await signIn(second, env.server.url, 'auditor2', 'Audit#Second26');
    await second.getByText('管理员为您设置了初始密码').waitFor();
    await second.getByLabel('当前密码').fill('Audit#Second26');
    await second.getByLabel('新密码', { exact: true }).fill('Mine#Audit2026');
    await second.getByLabel('确认新密码').fill('Mine#Audit2026');
    await second.getByRole('button', { name: /保\s*存/ }).click();
    await second.getByTestId('welcome').waitFor();
    expect(await menuLabels(second)).toEqual(MENUS.auditor);
    await second.context().close();
  });

  it('switches to English and shows a 404 page for unknown addresses', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server.url, 'city', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Hello, 陈招商（市投促中心）').waitFor();
    expect(await menuLabels(page)).toEqual([
      'Workbench',
      'Dashboard',
      'Leads',
      'Ledger',
      'My work',
      'One board',
      'Import',
      'Projects',
      'Field work',
      'Investors',
      'Visits',
      'Trips and events',
      'Field report',
      'Statistics',
      'Targets',
      'Period report',
      'Key projects bulletin',
      'Lost leads',
      'Weekly report',
      'Time-limits',
      'Industries',
      'Classification',
      'Clusters',
      'Chain map',
      'Land standards',
    ]);
    await page.goto(`${env.server.url}/no/such/page`);
    await page.getByText('Page not found').waitFor();
    await screenshot(page, 'not-found-en');
    await page.context().close();
  });
});

describe('the idle-timeout warning', () => {
  const short = serverAndBrowserForSuite({ INVESTTRACK_SESSION_IDLE_MINUTES: '3' });
  it('warns two minutes before an idle session ends, and staying keeps the session', async () => {
    const page = await newPage(short.browser);
    await signIn(page, short.server.url, 'leader', DEMO_PASSWORD);
    await page.getByTestId('welcome').waitFor();
    // Idle for a minute: with a 3-minute timeout the warning comes at 1 minute.
    const dialog = page.getByRole('dialog').filter({ hasText: '即将自动退出登录' });
    await dialog.waitFor({ timeout: 75_000 });
    await expect(dialog.innerText()).resolves.toMatch(/将在 \d+ 秒后自动退出登录/);
    await screenshot(page, 'idle-warning');
    await dialog.getByRole('button', { name: '继续使用' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByTestId('welcome').waitFor();
    await page.context().close();
  });
});

describe('two-factor sign-in (INVESTTRACK_TOTP=required, the default)', () => {
  const strict = serverAndBrowserForSuite({ INVESTTRACK_TOTP: 'required' });
  it('the administrator enrols an authenticator from a QR code, keeps recovery codes, and signs in with one once', async () => {
    const page = await newPage(strict.browser);
    await signIn(page, strict.server.url, 'admin', ADMIN_PASSWORD);
    // Nothing else until the second factor is set up.
    await page.getByText('您的账户须使用动态验证码登录').waitFor();
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-qr').waitFor();
    await screenshot(page, 'totp-enrol');
    // What the phone would read from the QR code: the same secret, shown for typing in.
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    const code = new TOTP({
      secret: Secret.fromBase32(secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    }).generate();
    await page.getByTestId('totp-code').fill(code);
    await page.getByRole('button', { name: '验证并启用' }).click();
    const codes = (await page.getByTestId('recovery-codes').innerText()).split('\n').filter(Boolean);
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: /已保存，继续/ }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();

    // Password alone is not enough; a recovery code stands in for the phone, once.
    await signIn(page, strict.server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('login-otp').fill(codes[0]!);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await signIn(page, strict.server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('login-otp').fill(codes[0]!);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('login-error').getByText('动态验证码不正确或已使用过').waitFor();
    await page.context().close();
  });
});
