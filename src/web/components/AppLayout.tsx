import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  Button,
  Drawer,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../core/roles.js';
import { orgPath, useOrgs } from '../api/hooks.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { MENU_GROUPS, MENU_ICONS } from '../menu.js';
import { type MenuGroup, ROUTES, routeOf } from '../routes.js';
import { useSession } from '../session.js';
import { IdleWarning } from './IdleWarning.js';
import { NotificationBell } from './NotificationBell.js';
import { usePhone, useScreen } from './screens.js';

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
    const item = { key: `/${route.path}`, icon: MENU_ICONS[route.menu.icon], label: t(route.menu.label) };
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
  const route = routeOf(pathname);
  if (route?.menu) return t(route.menu.label);
  if (route?.title) return t(route.title);
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
  // Phones (below md, 768 px): no sidebar; the menu opens in a drawer from a button in the header.
  const phone = usePhone();
  const wide = useScreen('xl');
  // The sidebar shows only icons below lg (Sider's breakpoint); only then do items need a tooltip.
  const large = useScreen('lg');
  const iconsOnly = !phone && !large;
  const [drawer, setDrawer] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the drawer
  useEffect(() => setDrawer(false), [location.pathname]);
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
  const menu = (
    <>
      <div
        className="brand"
        style={{
          height: 64,
          display: 'flex',
          alignItems: 'center',
          padding: iconsOnly ? '0 17px' : '0 20px',
          gap: 10,
        }}
      >
        <div
          style={{
            width: 30,
            height: 30,
            flex: 'none',
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
        {/* Icons only (768–991 px): the name would run out of the 64 px bar over the page's title. */}
        {!iconsOnly && (
          <Typography.Text
            strong
            style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}
            data-testid="brand-name"
          >
            {t('app.name')}
          </Typography.Text>
        )}
      </div>
      <Menu
        theme="dark"
        mode="inline"
        selectedKeys={[selected]}
        defaultOpenKeys={['system', 'leads', 'field', 'stats', 'industries']}
        items={items}
        tooltip={iconsOnly ? undefined : false}
        onClick={({ key }) => navigate(key)}
        data-testid="main-menu"
      />
    </>
  );
  const role = `${orgPath(orgs, me.user.orgId).split(' / ').pop()} · ${me.user.roles.map((r) => ROLE_LABELS[r][lang]).join('、')}`;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
          aria-label={t('app.menu')}
        >
          {menu}
        </Drawer>
      ) : (
        <Sider width={220} breakpoint="lg" collapsedWidth={64} theme="dark">
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            background: '#fff',
            padding: phone ? '0 8px 0 4px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space style={{ minWidth: 0 }}>
            {phone && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawer(true)}
                aria-label={t('app.menu')}
                data-testid="menu-button"
              />
            )}
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
          <Space size={phone ? 0 : 'middle'} style={{ flex: 'none' }}>
            <NotificationBell compact={phone} />
            <Button
              type="text"
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              aria-label={t('lang.switch')}
            >
              {!phone && t('lang.switch')}
            </Button>
            <Dropdown
              menu={{
                // On a phone the name and role are in the menu, not squeezed into the header.
                items: phone
                  ? [{ key: 'who', disabled: true, label: `${me.user.displayName}（${role}）` }, ...userMenu]
                  : userMenu,
                onClick: onUserMenu,
              }}
              trigger={['click']}
            >
              <Button type="text" data-testid="user-menu" aria-label={me.user.displayName}>
                <Space>
                  <UserOutlined />
                  {!phone && (
                    <>
                      <span>{me.user.displayName}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {role}
                      </Typography.Text>
                    </>
                  )}
                  <DownOutlined />
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: phone ? 8 : wide ? 24 : 16, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      <IdleWarning />
    </Layout>
  );
}
