import {
  AppstoreOutlined,
  DownloadOutlined,
  PlusOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Dropdown,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  CHANNEL_LABELS,
  CHANNELS,
  LEAD_STAGES,
  type LeadStage,
  STAGE_LABELS,
} from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { Lead, Page } from '../../api/types.js';
import { BoardColumn } from '../../components/BoardColumn.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { SlaTag, StageTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

export interface LedgerFilters {
  stage?: string[];
  countyOrgId?: number;
  channel?: string[];
  industryCode?: string;
  clusterId?: number;
  chainId?: number;
  slaStatus?: string;
  q?: string;
  minYuan?: number;
  maxYuan?: number;
  receivedFrom?: string;
  receivedTo?: string;
}

export function filtersToQuery(f: LedgerFilters) {
  return {
    ...f,
    stage: f.stage?.length ? f.stage.join(',') : undefined,
    channel: f.channel?.length ? f.channel.join(',') : undefined,
  };
}

const ALL_COLUMNS = [
  'code',
  'projectName',
  'investorName',
  'plannedInvestmentYuan',
  'stage',
  'counties',
  'channel',
  'receivedAt',
  'deadline',
] as const;
type ColumnKey = (typeof ALL_COLUMNS)[number];
const COLUMNS_KEY = 'investtrack.ledger.columns';

function useColumnChoice() {
  const [chosen, setChosen] = useState<ColumnKey[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
      return Array.isArray(saved) ? saved : [...ALL_COLUMNS];
    } catch {
      return [...ALL_COLUMNS];
    }
  });
  const set = (next: ColumnKey[]) => {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    setChosen(next);
  };
  return [chosen, set] as const;
}

function Board({ filters }: { filters: LedgerFilters }) {
  const { lang } = useI18n();
  const stages = LEAD_STAGES;
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(${stages.length}, minmax(170px, 1fr))`,
        gap: 12,
        overflowX: 'auto',
      }}
    >
      {stages.map((s) => (
        <LeadBoardColumn key={s} stage={s} filters={filters} title={STAGE_LABELS[s][lang]} />
      ))}
    </div>
  );
}

function LeadBoardColumn({
  stage,
  filters,
  title,
}: {
  stage: LeadStage;
  filters: LedgerFilters;
  title: string;
}) {
  const hidden = filters.stage?.length && !filters.stage.includes(stage);
  const query = useQuery({
    queryKey: ['leads', 'board', stage, filters],
    queryFn: () =>
      api<Page<Lead>>(
        'GET',
        `/api/leads${toQuery({ ...filtersToQuery(filters), stage, pageSize: 30, sort: 'dueAt', order: 'asc' })}`,
      ),
    enabled: !hidden,
  });
  return (
    <BoardColumn title={title} total={query.data?.total ?? 0} shown={30} testId={`board-${stage}`}>
      {(query.data?.items ?? []).map((l) => (
        <Card key={l.id} size="small" style={{ marginBottom: 8 }}>
          <Link to={`/leads/${l.id}`}>
            <Typography.Text strong>{l.projectName}</Typography.Text>
          </Link>
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>
            {l.code} · {formatYuan(l.plannedInvestmentYuan)}
          </div>
          {l.waiting && <SlaTag view={l.sla[l.waiting.step as keyof Lead['sla']]} />}
        </Card>
      ))}
    </BoardColumn>
  );
}

export function LedgerPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data: orgs } = useOrgs();
  const clusters = useClusters();
  const chains = useQuery({
    queryKey: ['chains'],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('GET', '/api/chains').then((r) => r.items),
  });
  const [form] = Form.useForm();
  // The dashboard links here with ?slaStatus=overdue.
  const [searchParams] = useSearchParams();
  const initialSla = searchParams.get('slaStatus') ?? undefined;
  const [filters, setFilters] = useState<LedgerFilters>(initialSla ? { slaStatus: initialSla } : {});
  const [view, setView] = useState<'table' | 'board'>('table');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<{ sort: string; order: 'asc' | 'desc' }>({
    sort: 'receivedAt',
    order: 'desc',
  });
  const [columnsChosen, setColumnsChosen] = useColumnChoice();

  const query = useQuery({
    queryKey: ['leads', 'ledger', filters, paging, sort],
    queryFn: () =>
      api<Page<Lead>>('GET', `/api/leads${toQuery({ ...filtersToQuery(filters), ...paging, ...sort })}`),
    enabled: view === 'table',
  });
  const orgName = useMemo(() => new Map((orgs ?? []).map((o) => [o.id, o.name])), [orgs]);
  const counties = (orgs ?? []).filter((o) => o.kind === 'county' || o.kind === 'platform');

  const labels: Record<ColumnKey, string> = {
    code: t('lead.code'),
    projectName: t('lead.projectName'),
    investorName: t('lead.investorName'),
    plannedInvestmentYuan: t('lead.planned'),
    stage: t('lead.stage'),
    counties: t('lead.counties'),
    channel: t('lead.channel'),
    receivedAt: t('lead.receivedAt'),
    deadline: t('lead.nextDeadline'),
  };
  const columns: TableProps<Lead>['columns'] = (
    [
      {
        key: 'code',
        dataIndex: 'code',
        sorter: true,
        render: (v: string, l: Lead) => <Link to={`/leads/${l.id}`}>{v}</Link>,
        width: 130,
      },
      {
        key: 'projectName',
        dataIndex: 'projectName',
        render: (v: string, l: Lead) => <Link to={`/leads/${l.id}`}>{v}</Link>,
      },
      { key: 'investorName', dataIndex: 'investorName' },
      {
        key: 'plannedInvestmentYuan',
        dataIndex: 'plannedInvestmentYuan',
        sorter: true,
        align: 'right' as const,
        render: formatYuan,
        width: 120,
      },
      { key: 'stage', dataIndex: 'stage', render: (s: string) => <StageTag stage={s} />, width: 90 },
      {
        key: 'counties',
        dataIndex: 'countyOrgIds',
        render: (ids: number[]) => ids.map((id) => orgName.get(id)).join('、') || '—',
      },
      {
        key: 'channel',
        dataIndex: 'channel',
        render: (c: string) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS]?.[lang] ?? c,
        width: 110,
      },
      {
        key: 'receivedAt',
        dataIndex: 'receivedAt',
        sorter: true,
        render: (v: string) => formatShanghai(v),
        width: 150,
      },
      {
        key: 'deadline',
        dataIndex: 'waiting',
        sorter: true,
        render: (_: unknown, l: Lead) =>
          l.waiting ? (
            <Space direction="vertical" size={0}>
              <span style={{ fontSize: 12 }}>{l.waiting.dueDate}</span>
              <SlaTag view={l.sla[l.waiting.step as keyof Lead['sla']]} />
            </Space>
          ) : (
            '—'
          ),
        width: 170,
      },
    ] as const
  )
    .filter((c) => columnsChosen.includes(c.key))
    .map((c) => ({ ...c, title: labels[c.key] }));

  const onTableChange: TableProps<Lead>['onChange'] = (p, _f, sorter) => {
    setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 });
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const keyMap: Record<string, string> = {
      code: 'code',
      plannedInvestmentYuan: 'plannedInvestmentYuan',
      receivedAt: 'receivedAt',
      deadline: 'dueAt',
    };
    if (s?.order && s.columnKey)
      setSort({
        sort: keyMap[String(s.columnKey)] ?? 'receivedAt',
        order: s.order === 'ascend' ? 'asc' : 'desc',
      });
    else setSort({ sort: 'receivedAt', order: 'desc' });
  };

  const applyFilters = (v: Record<string, unknown>) => {
    const period = v.period as [Dayjs, Dayjs] | undefined;
    const yi = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1e8) : undefined);
    setFilters({
      stage: v.stage as string[] | undefined,
      countyOrgId: v.countyOrgId as number | undefined,
      channel: v.channel as string[] | undefined,
      industryCode: v.industryCode as string | undefined,
      clusterId: v.clusterId as number | undefined,
      chainId: v.chainId as number | undefined,
      slaStatus: v.slaStatus as string | undefined,
      q: (v.q as string) || undefined,
      minYuan: yi(v.minYi),
      maxYuan: yi(v.maxYi),
      receivedFrom: period?.[0]?.format('YYYY-MM-DD'),
      receivedTo: period?.[1]?.format('YYYY-MM-DD'),
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };

  return (
    <Card
      title={t('lead.ledger')}
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
            href={`/api/leads/export.xlsx${toQuery(filtersToQuery(filters))}`}
            data-testid="export-ledger"
          >
            {t('lead.export')}
          </Button>
          {can('lead.register') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/leads/new')}>
              {t('lead.register')}
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={form}
        onFinish={applyFilters}
        onReset={() => applyFilters({})}
        initialValues={initialSla ? { slaStatus: initialSla } : undefined}
        data-testid="ledger-filters"
      >
        <Row gutter={12}>
          <Col xs={24} md={8} xl={6}>
            <Form.Item name="q">
              <Input placeholder={t('lead.searchPlaceholder')} allowClear />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={6}>
            <Form.Item name="stage">
              <Select
                mode="multiple"
                placeholder={t('lead.stage')}
                allowClear
                options={LEAD_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="countyOrgId">
              <Select
                placeholder={t('lead.counties')}
                allowClear
                options={counties.map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="slaStatus">
              <Select
                placeholder={t('lead.slaStatus')}
                allowClear
                options={[
                  { value: 'overdue', label: t('sla.status.overdue') },
                  { value: 'due_soon', label: t('sla.status.due_soon') },
                  { value: 'pending', label: t('sla.status.pending') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="channel">
              <Select
                mode="multiple"
                placeholder={t('lead.channel')}
                allowClear
                options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} xl={6}>
            <Form.Item name="industryCode">
              <IndustryPicker />
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
          <Col xs={12} md={8} xl={6}>
            <Form.Item name="clusterId">
              <Select
                placeholder={t('lead.clusters')}
                allowClear
                showSearch
                optionFilterProp="label"
                options={(clusters.data ?? [])
                  .filter((c) => c.active)
                  .map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} xl={6}>
            <Form.Item name="period">
              <DatePicker.RangePicker
                style={{ width: '100%' }}
                placeholder={[t('lead.receivedFrom'), t('lead.receivedTo')]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} xl={6}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="minYi" noStyle>
                <InputNumber placeholder={t('lead.minYi')} min={0} style={{ width: '50%' }} />
              </Form.Item>
              <Form.Item name="maxYi" noStyle>
                <InputNumber placeholder={t('lead.maxYi')} min={0} style={{ width: '50%' }} />
              </Form.Item>
            </Space.Compact>
          </Col>
          <Col xs={24} xl={6}>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button htmlType="reset">{t('common.reset')}</Button>
              <Dropdown
                trigger={['click']}
                popupRender={() => (
                  <Card size="small">
                    <Checkbox.Group
                      style={{ display: 'grid', gap: 4 }}
                      value={columnsChosen}
                      onChange={(v) => setColumnsChosen(v as ColumnKey[])}
                      options={ALL_COLUMNS.map((k) => ({ value: k, label: labels[k] }))}
                    />
                  </Card>
                )}
              >
                <Button icon={<SettingOutlined />}>{t('lead.columns')}</Button>
              </Dropdown>
            </Space>
          </Col>
        </Row>
      </Form>
      {view === 'table' ? (
        <Table<Lead>
          rowKey="id"
          size="middle"
          loading={query.isLoading}
          dataSource={query.data?.items ?? []}
          columns={columns}
          onChange={onTableChange}
          locale={{ emptyText: <Empty description={t('lead.none')} /> }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: query.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('common.total', { n }),
          }}
          scroll={{ x: 1100 }}
        />
      ) : (
        <Board filters={filters} />
      )}
    </Card>
  );
}
