/** 拜访记录: the visits one may read, newest first; the same short form on the firm's and trip's pages. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, List, Pagination, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { VISIT_KIND_LABELS } from '../../../core/investors.js';
import { api, toQuery } from '../../api/client.js';
import { todayText } from '../../components/dates.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { fieldKeys, type PageOf, type VisitSummary } from './api.js';

export function NextStepTag({ v }: { v: Pick<VisitSummary, 'nextSteps' | 'nextDueDate' | 'nextDoneAt'> }) {
  const { t } = useI18n();
  if (!v.nextSteps) return null;
  if (v.nextDoneAt) return <Tag color="success">{t('visit.done')}</Tag>;
  if (!v.nextDueDate) return null;
  return (
    <Tag color={v.nextDueDate < todayText() ? 'error' : 'processing'}>
      {t('visit.nextDue')} {v.nextDueDate}
    </Tag>
  );
}

export function VisitList({ visits, showFirm = true }: { visits: VisitSummary[]; showFirm?: boolean }) {
  const { t, lang } = useI18n();
  if (!visits.length) return <Empty description={t('visit.empty')} />;
  return (
    <List
      size="small"
      dataSource={visits}
      renderItem={(v) => (
        <List.Item data-testid="visit-item">
          <List.Item.Meta
            title={
              <Space wrap size={[8, 0]}>
                <Link to={`/visits/${v.id}`}>
                  {v.visitDate} {VISIT_KIND_LABELS[v.kind][lang]}
                  {showFirm ? ` · ${v.investorName}` : ''}
                </Link>
                <Typography.Text type="secondary">
                  {v.orgName} · {v.createdByName}
                </Typography.Text>
                <NextStepTag v={v} />
                {v.leadId && <Tag color="blue">{t('visit.lead')}</Tag>}
              </Space>
            }
            description={
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                {v.discussion}
              </Typography.Paragraph>
            }
          />
        </List.Item>
      )}
    />
  );
}

export function VisitsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = { page: Number(params.get('page') ?? 1), pageSize: 20 };
  const list = useQuery({
    queryKey: fieldKeys.visits(query),
    queryFn: () => api<PageOf<VisitSummary>>('GET', `/api/visits${toQuery(query)}`),
  });
  return (
    <Card
      title={t('visit.title')}
      loading={list.isLoading}
      extra={
        can('visit.record') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/visits/new')}>
            {t('visit.new')}
          </Button>
        )
      }
    >
      <VisitList visits={list.data?.items ?? []} />
      <Pagination
        simple
        align="center"
        style={{ marginTop: 12 }}
        current={query.page}
        pageSize={query.pageSize}
        total={list.data?.total ?? 0}
        hideOnSinglePage
        onChange={(page) => setParams({ page: String(page) })}
      />
    </Card>
  );
}
