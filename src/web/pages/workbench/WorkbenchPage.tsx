import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  List,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { Link, useNavigate } from 'react-router';
import { STAGE_LABELS } from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { NOTIFICATION_KIND_LABELS } from '../../../core/notifications.js';
import { ROLE_LABELS } from '../../../core/roles.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import { orgPath, useCalendarYears, useOrgs } from '../../api/hooks.js';
import type { AuditEntry, Issue, Notification, Page, Pipeline, User } from '../../api/types.js';
import { todayText } from '../../components/dates.js';
import { MyWorkList } from '../../components/MyWorkList.js';
import { orgTreeData } from '../../components/orgTree.js';
import { VisitSteps } from '../../components/VisitSteps.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { auditKeys } from '../audit/queries.js';
import { statsKeys } from '../dashboard/queries.js';
import { leadKeys } from '../leads/queries.js';
import { useMarkRead, useNotifications, useUnread } from '../notifications/queries.js';
import { projectKeys } from '../projects/queries.js';
import { userKeys } from '../users/queries.js';

function AdminPanel() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data: orgs } = useOrgs();
  const years = useCalendarYears();
  const users = useQuery({
    queryKey: userKeys.everyone(),
    queryFn: () => api<Page<User>>('GET', '/api/users?pageSize=500'),
  });
  const items = users.data?.items ?? [];
  const now = Date.now();
  return (
    <Row gutter={[16, 16]}>
      {(years.data?.missingYears.length ?? 0) > 0 && (
        <Col span={24}>
          <Alert
            type="warning"
            showIcon
            title={t('calendar.missing', { years: years.data!.missingYears.join('、') })}
            action={
              <Button size="small" onClick={() => navigate('/system/calendar')}>
                {t('calendar.loadYear')}
              </Button>
            }
            data-testid="missing-years"
          />
        </Col>
      )}
      <Col xs={12} md={6}>
        <Card>
          <Statistic
            title={t('workbench.usersTotal')}
            value={users.data?.total ?? 0}
            loading={users.isLoading}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={t('workbench.usersActive')} value={items.filter((u) => u.active).length} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic
            title={t('workbench.usersLocked')}
            value={items.filter((u) => u.lockedUntil && Date.parse(u.lockedUntil) > now).length}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={t('workbench.orgsTotal')} value={orgs?.length ?? 0} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('workbench.orgTree')}>
          {orgs && <Tree treeData={orgTreeData(orgs, false)} defaultExpandAll selectable={false} />}
        </Card>
      </Col>
    </Row>
  );
}

function AuditorPanel() {
  const { t } = useI18n();
  const recent = useQuery({
    queryKey: auditKeys.recent(),
    queryFn: () => api<Page<AuditEntry>>('GET', '/api/audit?pageSize=8'),
  });
  const chain = useQuery({
    queryKey: auditKeys.verify(),
    queryFn: () =>
      api<{ ok: boolean; checked: number; brokenAt: { id: number } | null }>('GET', '/api/audit/verify'),
  });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card title={t('workbench.chain')} loading={chain.isLoading}>
          {chain.data && (
            <Typography.Text type={chain.data.ok ? 'success' : 'danger'} strong>
              {chain.data.ok
                ? t('audit.chainOk', { n: chain.data.checked })
                : t('audit.chainBroken', { id: chain.data.brokenAt?.id ?? '', reason: '' })}
            </Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card title={t('workbench.recentAudit')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            loading={recent.isLoading}
            dataSource={recent.data?.items ?? []}
            columns={[
              { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatShanghai(v, true) },
              { title: t('audit.user'), dataIndex: 'username' },
              { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Tag>{v}</Tag> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function LeadOverview() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const summary = useQuery({
    queryKey: leadKeys.summary(),
    queryFn: () =>
      api<{ byStage: Record<string, number>; overdue: number; dueSoon: number }>('GET', '/api/leads/summary'),
  });
  const s = summary.data;
  const open = s
    ? ['registered', 'responded', 'assessed', 'feedback_given', 'following'].reduce(
        (n, k) => n + (s.byStage[k] ?? 0),
        0,
      )
    : 0;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6}>
        <Card hoverable onClick={() => navigate('/leads')}>
          <Statistic title={t('workbench.openLeads')} value={open} loading={summary.isLoading} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card hoverable onClick={() => navigate('/leads')}>
          <Statistic
            title={t('workbench.overdueSteps')}
            value={s?.overdue ?? 0}
            valueStyle={{ color: s?.overdue ? '#cf1322' : undefined }}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic
            title={t('workbench.dueToday')}
            value={s?.dueSoon ?? 0}
            valueStyle={{ color: s?.dueSoon ? '#d46b08' : undefined }}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card>
          <Statistic title={STAGE_LABELS.signed[lang]} value={s?.byStage.signed ?? 0} />
        </Card>
      </Col>
    </Row>
  );
}

/** This year's projects of the user's scope, and the coordination issues waiting for an answer. */
function ProjectOverview() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const year = todayText().slice(0, 4);
  const period = { from: `${year}-01-01`, to: todayText() };
  const stats = useQuery({
    queryKey: statsKeys.pipeline(period),
    queryFn: () => api<Pipeline>('GET', `/api/stats/pipeline${toQuery(period)}`),
  });
  const issues = useQuery({
    queryKey: projectKeys.issues({ status: 'open' }),
    queryFn: () =>
      api<{ items: Issue[] }>('GET', '/api/coordination-issues?status=open').then((r) => r.items),
  });
  const stages = [
    ['signed', 'signed'],
    ['started', 'started'],
    ['inProduction', 'in_production'],
  ] as const;
  return (
    <Row gutter={[16, 16]}>
      {stages.map(([key, basis]) => (
        <Col xs={24} md={8} key={key}>
          <Card hoverable onClick={() => navigate(`/projects${toQuery({ ...period, periodBasis: basis })}`)}>
            <Statistic
              title={t('workbench.projectsThisYear', { stage: t(`dash.${key}`) })}
              value={stats.data?.[key].count ?? 0}
              suffix={t('dash.countUnit')}
              loading={stats.isLoading}
            />
            <Typography.Text type="secondary">
              {t('dash.amount')} {stats.data ? formatYuan(stats.data[key].investmentYuan) : '—'}
            </Typography.Text>
          </Card>
        </Col>
      ))}
      <Col xs={24}>
        <Card
          title={t('project.issuesTitle')}
          extra={<Link to="/projects?openIssues=open">{t('workbench.allIssues')}</Link>}
          data-testid="workbench-issues"
        >
          <Table<Issue>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 5 }}
            loading={issues.isLoading}
            dataSource={issues.data ?? []}
            locale={{ emptyText: t('workbench.noIssues') }}
            columns={[
              {
                title: t('project.name'),
                dataIndex: 'projectName',
                render: (name: string, i) => <Link to={`/projects/${i.projectId}`}>{name}</Link>,
              },
              { title: t('issue.description'), dataIndex: 'description' },
              {
                title: t('issue.due'),
                dataIndex: 'dueDate',
                width: 130,
                render: (d: string, i) => <Tag color={i.overdue ? 'red' : 'gold'}>{d}</Tag>,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * The newest unread notifications; the bell and the notification centre have the rest. How many
 * will come is known before they do (the bell's count, asked for with the session): the card keeps
 * their room while they load, each on one line, so the panels below never jump when they arrive.
 */
function LatestNotifications() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const unread = useUnread().data?.unread;
  const latest = useNotifications({ unread: 'true', pageSize: LATEST });
  const mark = useMarkRead();
  const count = latest.data?.unread ?? unread;
  if (count === 0 || (latest.data && !latest.data.items.length)) return null;
  const rows: (Notification | Placeholder)[] =
    latest.data?.items ??
    Array.from({ length: Math.min(count ?? LATEST, LATEST) }, (_, i) => ({ id: -1 - i, placeholder: true }));
  return (
    <Card
      title={
        <Space>
          {t('notify.workbench')}
          <Badge count={count ?? 0} />
        </Space>
      }
      extra={<Link to="/notifications">{t('notify.seeAll')}</Link>}
      data-testid="workbench-notifications"
    >
      <List<Notification | Placeholder>
        size="small"
        rowKey="id"
        loading={latest.isLoading}
        dataSource={rows}
        renderItem={(n) =>
          !('placeholder' in n) ? (
            <List.Item
              style={{ cursor: 'pointer' }}
              onClick={() => {
                mark.one.mutate(n.id);
                if (n.link) navigate(n.link);
              }}
            >
              <List.Item.Meta
                title={<span style={oneLine}>{n.title}</span>}
                description={
                  <span style={oneLine}>
                    {`${NOTIFICATION_KIND_LABELS[n.kind][lang]} · ${formatShanghai(n.createdAt)} · ${n.body}`}
                  </span>
                }
              />
            </List.Item>
          ) : (
            <List.Item>
              <List.Item.Meta title={'\u00a0'} description={'\u00a0'} />
            </List.Item>
          )
        }
      />
    </Card>
  );
}

const LATEST = 5;
/** A row's room while the notifications load. */
type Placeholder = { id: number; placeholder: true };
/** One line each, cut with an ellipsis by CSS (Typography's ellipsis measures every row after drawing). */
const oneLine = {
  display: 'block',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
} as const;

function BusinessPanel() {
  const { t } = useI18n();
  const { me } = useSession();
  const { data: orgs } = useOrgs();
  const mine = orgs?.find((o) => o.id === me?.user.orgId);
  const children = orgs?.filter((o) => o.parentId === mine?.id && o.active) ?? [];
  return (
    <Card title={t('workbench.myOrg')}>
      <Descriptions column={1}>
        <Descriptions.Item label={t('workbench.org')}>{orgPath(orgs, me?.user.orgId)}</Descriptions.Item>
        {mine?.regionCode && (
          <Descriptions.Item label={t('orgs.regionCode')}>{mine.regionCode}</Descriptions.Item>
        )}
        {children.length > 0 && (
          <Descriptions.Item label={t('orgs.title')}>
            {children.map((c) => (
              <Tag key={c.id}>{c.name}</Tag>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

export function WorkbenchPage() {
  const { me, can } = useSession();
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  if (!me) return null;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
          {t('workbench.welcome', { name: me.user.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('workbench.org')}>{orgPath(orgs, me.user.orgId)}</Descriptions.Item>
          <Descriptions.Item label={t('workbench.roles')}>
            {me.user.roles.map((r) => (
              <Tag color="red" key={r}>
                {ROLE_LABELS[r][lang]}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('workbench.session')}>
            {t('workbench.sessionEnds', {
              idle: me.session.idleTimeoutMinutes,
              abs: me.session.absoluteTimeoutHours,
            })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <LatestNotifications />
      {can('user.read') && <AdminPanel />}
      {can('audit.read') && <AuditorPanel />}
      {can('lead.list') && <LeadOverview />}
      {can('project.list') && <ProjectOverview />}
      {can('lead.work') && <MyWorkList compact />}
      {can('visit.record') && <VisitSteps />}
      {!can('user.read') && !can('audit.read') && <BusinessPanel />}
    </div>
  );
}
