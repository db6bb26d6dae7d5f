import { AppstoreOutlined, DownloadOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatYuan } from '../../../core/money.js';
import {
  PROJECT_CLASS_LABELS,
  PROJECT_CLASSES,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  type ProjectStage,
} from '../../../core/projects/stages.js';
import { api, toQuery } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { Page, Project } from '../../api/types.js';
import { BoardColumn } from '../../components/BoardColumn.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { ProjectStageTag } from '../../components/projectBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

/** The list's filters are the URL's query, so a chart click-through and the back button both work. */
const FILTER_KEYS = [
  'stage',
  'countyOrgId',
  'parkOrgId',
  'projectClass',
  'industryCode',
  'clusterId',
  'chainId',
  'chainLinkId',
  'manufacturing',
  'periodBasis',
  'from',
  'to',
  'openIssues',
  'q',
] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;
const NUMERIC = new Set(['countyOrgId', 'parkOrgId', 'clusterId', 'chainId', 'chainLinkId']);

function ProjectBoardColumn({ stage, filters }: { stage: ProjectStage; filters: Filters }) {
  const { lang } = useI18n();
  const hidden = filters.stage && !filters.stage.split(',').includes(stage);
  const query = useQuery({
    queryKey: ['projects', 'board', stage, filters],
    queryFn: () => api<Page<Project>>('GET', `/api/projects${toQuery({ ...filters, stage, pageSize: 30 })}`),
    enabled: !hidden,
  });
  return (
    <BoardColumn
      title={PROJECT_STAGE_LABELS[stage][lang]}
      total={query.data?.total ?? 0}
      shown={30}
      testId={`project-board-${stage}`}
    >
      {(query.data?.items ?? []).map((p) => (
        <Card key={p.id} size="small" style={{ marginBottom: 8 }}>
          <Link to={`/projects/${p.id}`}>
            <Typography.Text strong>{p.name}</Typography.Text>
          </Link>
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>
            {p.code} · {formatYuan(p.totalInvestmentYuan)} · {p.signedOn}
          </div>
          {p.overdueIssues > 0 && <Tag color="red">{p.overdueIssues}</Tag>}
        </Card>
      ))}
    </BoardColumn>
  );
}

export function ProjectsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const chains = useQuery({
    queryKey: ['chains'],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('GET', '/api/chains').then((r) => r.items),
  });
  const [form] = Form.useForm();
  const filters: Filters = useMemo(
    () => Object.fromEntries(FILTER_KEYS.filter((k) => params.get(k)).map((k) => [k, params.get(k)!])),
    [params],
  );
  const [view, setView] = useState<'table' | 'board'>('table');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<{ sort: string; order: 'asc' | 'desc' }>({
    sort: 'signedOn',
    order: 'desc',
  });

  // The form shows what the URL says.
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({
      ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, NUMERIC.has(k) ? Number(v) : v])),
      stage: filters.stage ? filters.stage.split(',') : undefined,
      period: filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : undefined,
      periodBasis: filters.periodBasis ?? 'signed',
    });
    setPaging((p) => ({ ...p, page: 1 }));
  }, [filters, form]);

  const query = useQuery({
    queryKey: ['projects', 'list', filters, paging, sort],
    queryFn: () => api<Page<Project>>('GET', `/api/projects${toQuery({ ...filters, ...paging, ...sort })}`),
    enabled: view === 'table',
  });
  const orgName = useMemo(() => new Map((orgs ?? []).map((o) => [o.id, o.name])), [orgs]);
  const clusterName = useMemo(
    () => new Map((clusters.data ?? []).map((c) => [c.id, c.name])),
    [clusters.data],
  );
  const counties = (orgs ?? []).filter((o) => o.kind === 'county');
  const parks = (orgs ?? []).filter((o) => o.kind === 'platform');

  const apply = (v: Record<string, unknown>) => {
    const period = v.period as [Dayjs, Dayjs] | undefined;
    const next: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const value = v[k];
      if (value === undefined || value === null || value === '') continue;
      if (Array.isArray(value)) {
        if (value.length) next[k] = value.join(',');
      } else next[k] = String(value);
    }
    if (period) {
      next.from = period[0].format('YYYY-MM-DD');
      next.to = period[1].format('YYYY-MM-DD');
    } else {
      delete next.from;
      delete next.to;
    }
    if (next.periodBasis === 'signed' && !period) delete next.periodBasis;
    setParams(next);
  };

  const columns: TableProps<Project>['columns'] = [
    {
      title: t('project.code'),
      dataIndex: 'code',
      key: 'code',
      sorter: true,
      width: 140,
      render: (v: string, p) => <Link to={`/projects/${p.id}`}>{v}</Link>,
    },
    {
      title: t('project.name'),
      dataIndex: 'name',
      render: (v: string, p) => <Link to={`/projects/${p.id}`}>{v}</Link>,
    },
    { title: t('project.investor'), dataIndex: 'investorName', ellipsis: true },
    {
      title: t('project.county'),
      dataIndex: 'countyOrgId',
      width: 110,
      render: (id: number, p) => (
        <Space direction="vertical" size={0}>
          {orgName.get(id)}
          {p.parkOrgId && <span style={{ fontSize: 12, color: '#8c8c8c' }}>{orgName.get(p.parkOrgId)}</span>}
        </Space>
      ),
    },
    {
      title: t('project.total'),
      dataIndex: 'totalInvestmentYuan',
      key: 'totalInvestmentYuan',
      sorter: true,
      align: 'right',
      width: 120,
      render: formatYuan,
    },
    {
      title: t('project.clusters'),
      dataIndex: 'clusterIds',
      render: (ids: number[]) =>
        ids.slice(0, 2).map((id) => (
          <Tag key={id} color="blue">
            {clusterName.get(id)}
          </Tag>
        )),
    },
    {
      title: t('project.stage'),
      dataIndex: 'stage',
      width: 90,
      render: (s: ProjectStage) => <ProjectStageTag stage={s} />,
    },
    { title: t('project.signedOn'), dataIndex: 'signedOn', key: 'signedOn', sorter: true, width: 110 },
    { title: t('project.startedOn'), dataIndex: 'startedOn', width: 110, render: (v) => v ?? '—' },
    { title: t('project.inProductionOn'), dataIndex: 'inProductionOn', width: 110, render: (v) => v ?? '—' },
    {
      title: t('project.issues'),
      dataIndex: 'openIssues',
      width: 100,
      render: (n: number, p) =>
        n ? (
          <Tag color={p.overdueIssues ? 'red' : 'gold'}>
            {n}
            {p.overdueIssues ? ` / ${t('project.overdueN', { n: p.overdueIssues })}` : ''}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      title={t('project.list')}
      extra={
        <Space wrap>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'table' | 'board')}
            options={[
              { value: 'table', icon: <UnorderedListOutlined />, label: t('lead.tableView') },
              { value: 'board', icon: <AppstoreOutlined />, label: t('lead.boardView') },
            ]}
          />
          <Button
            icon={<DownloadOutlined />}
            href={`/api/projects/export.xlsx${toQuery(filters)}`}
            data-testid="export-projects"
          >
            {t('lead.export')}
          </Button>
          {can('project.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/projects/new')}>
              {t('project.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Form form={form} onFinish={apply} onReset={() => setParams({})} data-testid="project-filters">
        <Row gutter={12}>
          <Col xs={24} md={8} xl={6}>
            <Form.Item name="q">
              <Input placeholder={t('project.searchPlaceholder')} allowClear />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="stage">
              <Select
                mode="multiple"
                placeholder={t('project.stage')}
                allowClear
                options={PROJECT_STAGES.map((s) => ({ value: s, label: PROJECT_STAGE_LABELS[s][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="countyOrgId">
              <Select
                placeholder={t('project.county')}
                allowClear
                data-testid="filter-county"
                options={counties.map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="parkOrgId">
              <Select
                placeholder={t('project.park')}
                allowClear
                options={parks.map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="projectClass">
              <Select
                placeholder={t('project.class')}
                allowClear
                options={PROJECT_CLASSES.map((c) => ({ value: c, label: PROJECT_CLASS_LABELS[c][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} xl={6}>
            <Form.Item name="industryCode">
              <IndustryPicker />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="clusterId">
              <Select
                placeholder={t('project.clusters')}
                allowClear
                showSearch
                optionFilterProp="label"
                options={(clusters.data ?? [])
                  .filter((c) => c.active)
                  .map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="chainId">
              <Select
                placeholder={t('chain.chain')}
                allowClear
                options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="manufacturing">
              <Select
                placeholder={t('project.manufacturing')}
                allowClear
                options={[
                  { value: 'yes', label: t('project.manufacturingYes') },
                  { value: 'no', label: t('project.manufacturingNo') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="openIssues">
              <Select
                placeholder={t('project.issues')}
                allowClear
                options={[
                  { value: 'open', label: t('project.withOpenIssues') },
                  { value: 'overdue', label: t('project.withOverdueIssues') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16} xl={9}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="periodBasis" noStyle>
                <Select
                  style={{ width: 130 }}
                  options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`project.basis.${s}`) }))}
                />
              </Form.Item>
              <Form.Item name="period" noStyle>
                <DatePicker.RangePicker style={{ width: '100%' }} />
              </Form.Item>
            </Space.Compact>
          </Col>
          <Col xs={24} xl={6}>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button htmlType="reset">{t('common.reset')}</Button>
            </Space>
          </Col>
        </Row>
      </Form>
      {view === 'table' ? (
        <Table<Project>
          rowKey="id"
          size="middle"
          loading={query.isLoading}
          dataSource={query.data?.items ?? []}
          columns={columns}
          onChange={(p, _f, sorter) => {
            setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 });
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            if (s?.order && s.columnKey)
              setSort({ sort: String(s.columnKey), order: s.order === 'ascend' ? 'asc' : 'desc' });
            else setSort({ sort: 'signedOn', order: 'desc' });
          }}
          locale={{ emptyText: <Empty description={t('project.none')} /> }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: query.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('common.total', { n }),
          }}
          scroll={{ x: 1300 }}
          data-testid="projects-table"
        />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(220px, 1fr))', gap: 12 }}>
          {PROJECT_STAGES.map((s) => (
            <ProjectBoardColumn key={s} stage={s} filters={filters} />
          ))}
        </div>
      )}
    </Card>
  );
}
