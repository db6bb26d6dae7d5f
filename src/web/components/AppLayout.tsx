import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, type MenuProps, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../core/roles.js';
import { orgPath, useOrgs } from '../api/hooks.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { MENU_GROUPS, type MenuGroup, ROUTES } from '../routes.js';
import { useSession } from '../session.js';
import { IdleWarning } from './IdleWarning.js';

const { Header, Sider, Content } = Layout;

type MenuItems = NonNullable<MenuProps['items']>;

/** The menu: the route table's entries the user's roles reach, in its order, grouped. */
function useMenuItems(): MenuItems {
  const { t } = useI18n();
  const { can } = useSession();
  const items: MenuItems = [];
  const groups = new Map<MenuGroup, MenuItems>();
  for (const route of ROUTES) {
    if (!route.menu || (route.ability && !can(route.ability))) continue;
    const item = { key: `/${route.path}`, icon: route.menu.icon, label: t(route.menu.label) };
    const group = route.menu.group;
    if (!group) {
      items.push(item);
      continue;
    }
    const def: { icon: ReactNode; label: MessageKey; hiddenWhen?: string } = MENU_GROUPS[group];
    if (def.hiddenWhen && can(def.hiddenWhen)) continue;
    let children = groups.get(group);
    if (!children) {
      children = [];
      groups.set(group, children);
      items.push({ key: group, icon: def.icon, label: t(def.label), children });
    }
    children.push(item);
  }
  return items;
}

/**
 * The page's name for its h1: its menu entry, or for a record or form page the menu entry it sits
 * under (leads/:id → 线索台账); the subtitle where neither applies.
 */
function usePageTitle(pathname: string): string {
  const { t } = useI18n();
  const path = pathname.replace(/^\/|\/$/g, '');
  const route = ROUTES.find((r) => matchPath({ path: `/${r.path}`, end: true }, `/${path}`));
  if (route?.menu) return t(route.menu.label);
  const parent = ROUTES.filter((r) => r.menu && r.path && path.startsWith(`${r.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  return parent?.menu ? t(parent.menu.label) : t('app.subtitle');
}

export function AppLayout() {
  const { me, logout } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: orgs } = useOrgs();
  const items = useMenuItems();
  const title = usePageTitle(location.pathname);
  if (!me) return null;

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout') },
  ];
  const onUserMenu: MenuProps['onClick'] = async ({ key }) => {
    if (key === 'password') navigate('/account/password');
    if (key === 'logout') {
      await logout();
      navigate('/login');
    }
  };
  const selected = location.pathname === '/' ? '/' : location.pathname.replace(/\/$/, '');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={220} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div
          className="brand"
          style={{ height: 64, display: 'flex', alignItems: 'center', padding: '0 20px', gap: 10 }}
        >
          <div
            style={{
              width: 30,
              height: 30,
              borderRadius: 6,
              background: '#c8102e',
              color: '#fff',
              display: 'grid',
              placeItems: 'center',
              fontWeight: 700,
            }}
          >
            招
          </div>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Text>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={['system', 'leads', 'stats', 'industries']}
          items={items}
          onClick={({ key }) => navigate(key)}
          data-testid="main-menu"
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space>
            <h1 className="page-title" data-testid="page-title">
              {title}
            </h1>
            {me.demo && (
              <Tooltip title={t('app.demoHint')}>
                <Tag color="orange" data-testid="demo-tag">
                  {t('app.demo')}
                </Tag>
              </Tooltip>
            )}
          </Space>
          <Space size="middle">
            <Button
              type="text"
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {t('lang.switch')}
            </Button>
            <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
              <Button type="text" data-testid="user-menu">
                <Space>
                  <UserOutlined />
                  <span>{me.user.displayName}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {orgPath(orgs, me.user.orgId).split(' / ').pop()} ·{' '}
                    {me.user.roles.map((r) => ROLE_LABELS[r][lang]).join('、')}
                  </Typography.Text>
                  <DownOutlined />
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Outlet />
        </Content>
      </Layout>
      <IdleWarning />
    </Layout>
  );
}
