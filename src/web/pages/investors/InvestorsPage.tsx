/** 客商库: the firms of the register, searched by name, former name or credit code; who follows each. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CHAIN_ROLE_LABELS, CHAIN_ROLES, INVESTOR_KINDS } from '../../../core/investors.js';
import { INVESTOR_TYPE_LABELS } from '../../../core/leads/stages.js';
import { api, toQuery } from '../../api/client.js';
import { CardsOrTable } from '../../components/CardsOrTable.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { fieldKeys, type InvestorSummary, type PageOf } from './api.js';
import { InvestorFormButton } from './InvestorForm.js';

export function Followers({ firm }: { firm: Pick<InvestorSummary, 'followers'> }) {
  const { t } = useI18n();
  if (!firm.followers.length)
    return <Typography.Text type="secondary">{t('inv.noFollowers')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {firm.followers.map((f) => (
        <Tag key={f.orgId} title={f.people.join('、')}>
          {f.orgName}
          {f.people.length ? `（${f.people.join('、')}）` : ''}
        </Tag>
      ))}
    </Space>
  );
}

export function InvestorsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = {
    q: params.get('q') ?? undefined,
    kind: params.get('kind') ?? undefined,
    chainRole: params.get('chainRole') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
  };
  const set = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...changes }))
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: fieldKeys.investors(query),
    queryFn: () => api<PageOf<InvestorSummary>>('GET', `/api/investors${toQuery(query)}`),
  });
  const kindLabel = (k: InvestorSummary['kind']) => (k ? INVESTOR_TYPE_LABELS[k][lang] : '');
  return (
    <Card
      title={t('inv.title')}
      extra={
        can('investor.manage') && (
          <InvestorFormButton onSaved={(id) => navigate(`/investors/${id}`)}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('inv.new')}
            </Button>
          </InvestorFormButton>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        <Input.Search
          allowClear
          defaultValue={query.q}
          placeholder={t('inv.search')}
          aria-label={t('inv.search')}
          onSearch={(q) => set({ q })}
          style={{ width: 320, maxWidth: '100%' }}
          data-testid="investor-search"
        />
        <Select
          allowClear
          placeholder={t('inv.kind')}
          aria-label={t('inv.kind')}
          value={query.kind}
          onChange={(kind) => set({ kind })}
          style={{ width: 150 }}
          options={INVESTOR_KINDS.map((k) => ({ value: k, label: INVESTOR_TYPE_LABELS[k][lang] }))}
        />
        <Select
          allowClear
          placeholder={t('inv.chainRole')}
          aria-label={t('inv.chainRole')}
          value={query.chainRole}
          onChange={(chainRole) => set({ chainRole })}
          style={{ width: 130 }}
          options={CHAIN_ROLES.map((k) => ({ value: k, label: CHAIN_ROLE_LABELS[k][lang] }))}
        />
      </Space>
      <CardsOrTable<InvestorSummary>
        testId="investor-list"
        items={list.data?.items}
        total={list.data?.total ?? 0}
        page={query.page}
        pageSize={query.pageSize}
        onPage={(page, pageSize) => set({ page, pageSize })}
        loading={list.isLoading}
        emptyText={t('inv.empty')}
        columns={[
          {
            title: t('inv.name'),
            dataIndex: 'name',
            width: 280,
            render: (_v, f) => <Link to={`/investors/${f.id}`}>{f.name}</Link>,
          },
          { title: t('inv.creditCode'), dataIndex: 'creditCode', width: 190 },
          { title: t('inv.kind'), dataIndex: 'kind', width: 110, render: kindLabel },
          { title: t('inv.hq'), dataIndex: 'hqRegion', width: 100 },
          {
            title: t('inv.chainRole'),
            dataIndex: 'chainRole',
            width: 100,
            render: (r: InvestorSummary['chainRole']) => (r ? CHAIN_ROLE_LABELS[r][lang] : ''),
          },
          { title: t('inv.followers'), key: 'followers', render: (_v, f) => <Followers firm={f} /> },
          { title: t('inv.lastVisit'), dataIndex: 'lastVisitDate', width: 110 },
        ]}
        card={(f) => (
          <>
            <Link to={`/investors/${f.id}`} style={{ fontWeight: 600 }}>
              {f.name}
            </Link>
            <div>
              <Typography.Text type="secondary">
                {[
                  f.creditCode,
                  kindLabel(f.kind),
                  f.hqRegion,
                  f.lastVisitDate && `${t('inv.lastVisit')} ${f.lastVisitDate}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </div>
            <Followers firm={f} />
          </>
        )}
      />
    </Card>
  );
}
