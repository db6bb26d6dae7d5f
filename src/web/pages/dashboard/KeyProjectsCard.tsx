/**
 * The dashboard's key-project investment (#16): the year's completion against plan and 序时进度 to
 * the end of last month, per county for the city (per project for a county), with the follow-up
 * counts each linking to its list.
 */
import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import { KEY_LEVEL_LABELS } from '../../../core/projects/keyProjects.js';
import type { KeyProjects } from '../../api/types.js';
import { COLOUR_TEXT, TargetProgress } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useKeyProjects } from '../projects/queries.js';

export function KeyProjectsCard({ orgId }: { orgId?: number }) {
  const { t, lang } = useI18n();
  const { data: b } = useKeyProjects({ orgId, rows: 'behind' });
  if (!b) return <Card loading size="small" />;
  const elapsed = b.timeElapsedRate;
  const link = (q: string) => `/projects?${q}${orgId ? `&countyOrgId=${orgId}` : ''}`;
  const perCounty = b.byCounty.length > 1;
  type Line = {
    key: string | number;
    name: React.ReactNode;
    plannedYuan: number | null;
    completedYuan: number;
    completionRate: number | null;
    colour: KeyProjects['total']['colour'];
  };
  const lines: Line[] = perCounty
    ? b.byCounty.map((c) => ({ ...c, key: c.orgId, name: c.orgName }))
    : // A county reads its own projects, furthest behind first.
      b.rows.map((r) => ({ ...r, key: r.id, name: <Link to={`/projects/${r.id}`}>{r.name}</Link> }));
  return (
    <Card
      size="small"
      title={t('dash.keyProjects', { y: b.year, m: Number(b.month.slice(5)) })}
      data-testid="key-projects-card"
      extra={
        <span>
          <Tag>{t('dash.timeElapsed', { p: Math.round(elapsed * 1000) / 10 })}</Tag>
          <Link to={`/reports/key-projects?month=${b.month}${orgId ? `&orgId=${orgId}` : ''}`}>
            {t('dash.bulletin')}
          </Link>
        </span>
      }
    >
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            title={t('dash.keyRate')}
            value={b.total.completionRate === null ? '—' : Math.round(b.total.completionRate * 1000) / 10}
            suffix={b.total.completionRate === null ? '' : '%'}
            valueStyle={{ color: COLOUR_TEXT[b.total.colour] }}
          />
          <div style={{ fontSize: 12, color: '#595959' }}>
            {formatYuan(b.total.completedYuan)} / {formatYuan(b.total.plannedYuan)}
          </div>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Link to={link('behindPlan=yes')}>
            <Statistic title={t('bulletin.behind')} value={b.total.behind} suffix={`/ ${b.total.projects}`} />
          </Link>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Link to={link('milestoneOverdue=start')}>
            <Statistic
              title={t('key.filter.startOverdue')}
              value={b.total.startOverdue}
              valueStyle={{ color: b.total.startOverdue ? '#cf1322' : undefined }}
            />
          </Link>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Link to={link('milestoneOverdue=production')}>
            <Statistic
              title={t('key.filter.productionOverdue')}
              value={b.total.productionOverdue}
              valueStyle={{ color: b.total.productionOverdue ? '#cf1322' : undefined }}
            />
          </Link>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Link to={link('awaitingStats=yes')}>
            <Statistic title={t('key.awaitingStats')} value={b.total.awaitingStats} />
          </Link>
        </Col>
      </Row>
      <div style={{ marginBottom: 8 }} data-testid="key-projects-levels">
        <span style={{ color: '#595959', marginRight: 8 }}>{t('dash.byLevel')}</span>
        {b.byLevel
          .filter((l) => l.projects > 0)
          .map((l) => (
            <Tag
              key={l.level}
              color={
                l.colour === 'green'
                  ? 'green'
                  : l.colour === 'none'
                    ? 'default'
                    : l.colour === 'red'
                      ? 'red'
                      : 'orange'
              }
            >
              {KEY_LEVEL_LABELS[l.level][lang]} {l.projects}个 ·{' '}
              {l.completionRate === null ? '—' : `${Math.round(l.completionRate * 1000) / 10}%`}
            </Tag>
          ))}
      </div>
      <Table<Line>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={lines}
        data-testid="key-projects-lines"
        onRow={(r) => ({ 'data-colour': r.colour }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: perCounty ? t('project.county') : t('project.name'), dataIndex: 'name', ellipsis: true },
          {
            title: t('key.completed'),
            key: 'done',
            align: 'right',
            width: 180,
            render: (_, r) =>
              `${formatYuan(r.completedYuan)} / ${r.plannedYuan === null ? '—' : formatYuan(r.plannedYuan)}`,
          },
          {
            title: t('key.rate'),
            key: 'rate',
            width: 200,
            render: (_, r) => <TargetProgress row={{ ...r, kind: 'cumulative', timeElapsedRate: elapsed }} />,
          },
        ]}
      />
    </Card>
  );
}
