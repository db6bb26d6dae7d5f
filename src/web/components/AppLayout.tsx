import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DownOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  KeyOutlined,
  LogoutOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  ProjectOutlined,
  SettingOutlined,
  TeamOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, type MenuProps, Space, Tag, Tooltip, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../core/roles.js';
import { orgPath, useOrgs } from '../api/hooks.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { IdleWarning } from './IdleWarning.js';

const { Header, Sider, Content } = Layout;

/** The menu shows only features that exist and that the user's roles reach. */
function useMenuItems(): MenuProps['items'] {
  const { t } = useI18n();
  const { can } = useSession();
  const items: NonNullable<MenuProps['items']> = [
    { key: '/', icon: <DashboardOutlined />, label: t('menu.workbench') },
  ];
  if (can('stats.read'))
    items.push({ key: '/dashboard', icon: <FundOutlined />, label: t('menu.dashboard') });
  if (can('lead.list')) {
    const leads: NonNullable<MenuProps['items']> = [
      { key: '/leads', icon: <UnorderedListOutlined />, label: t('menu.ledger') },
    ];
    if (can('lead.work'))
      leads.push({ key: '/my-work', icon: <CheckSquareOutlined />, label: t('menu.myWork') });
    if (can('lead.handle'))
      leads.push({ key: '/leads/conflicts', icon: <BranchesOutlined />, label: t('menu.conflicts') });
    items.push({ key: 'leads', icon: <AimOutlined />, label: t('menu.leads'), children: leads });
  }
  if (can('project.list'))
    items.push({ key: '/projects', icon: <ProjectOutlined />, label: t('menu.projects') });
  const stats: NonNullable<MenuProps['items']> = [];
  if (can('target.read')) stats.push({ key: '/targets', icon: <FlagOutlined />, label: t('menu.targets') });
  if (can('stats.read'))
    stats.push({ key: '/reports/period', icon: <FileTextOutlined />, label: t('menu.periodReport') });
  if (can('lead.report')) {
    stats.push(
      { key: '/reports/weekly', icon: <FileTextOutlined />, label: t('menu.weekly') },
      { key: '/reports/sla', icon: <FieldTimeOutlined />, label: t('menu.slaReport') },
    );
  }
  if (stats.length)
    items.push({ key: 'stats', icon: <BarChartOutlined />, label: t('menu.stats'), children: stats });
  if (can('industry.read') && !can('audit.read')) {
    items.push({
      key: 'industries',
      icon: <ClusterOutlined />,
      label: t('menu.industries'),
      children: [
        { key: '/industries', icon: <PartitionOutlined />, label: t('menu.classification') },
        { key: '/industries/clusters', icon: <ClusterOutlined />, label: t('menu.clusters') },
        ...(can('lead.list')
          ? [{ key: '/industries/chains', icon: <NodeIndexOutlined />, label: t('menu.chains') }]
          : []),
      ],
    });
  }
  const system: NonNullable<MenuProps['items']> = [];
  if (can('user.read')) system.push({ key: '/system/users', icon: <TeamOutlined />, label: t('menu.users') });
  if (can('org.manage'))
    system.push({ key: '/system/orgs', icon: <ApartmentOutlined />, label: t('menu.orgs') });
  if (can('calendar.manage')) {
    system.push({ key: '/system/calendar', icon: <CalendarOutlined />, label: t('menu.calendar') });
  }
  if (can('sla.manage'))
    system.push({ key: '/system/sla', icon: <FieldTimeOutlined />, label: t('menu.sla') });
  if (system.length)
    items.push({ key: 'system', icon: <SettingOutlined />, label: t('menu.system'), children: system });
  if (can('audit.read')) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') });
  return items;
}

export function AppLayout() {
  const { me, logout } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: orgs } = useOrgs();
  const items = useMenuItems();
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
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
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
