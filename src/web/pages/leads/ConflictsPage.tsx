import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { ConflictDto } from '../../../core/api/leads.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import { errorMessage } from '../../components/forms.js';
import { StageTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { leadKeys, useLeadWrite } from './queries.js';

type Conflict = ConflictDto;

/** 一盘棋: possible duplicates for the city officer to merge, assign or dismiss. */
export function ConflictsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const _queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const list = useQuery({
    queryKey: leadKeys.conflicts(),
    queryFn: () => api<{ items: Conflict[] }>('GET', '/api/leads/conflicts'),
  });
  const resolve = useLeadWrite((fn: () => Promise<unknown>) => fn());
  const orgName = (id: number) => (orgs ?? []).find((o) => o.id === id)?.name ?? '';
  const run = (fn: () => Promise<unknown>) =>
    resolve.mutate(fn, {
      onSuccess: () => message.success(t('common.saved')),
      onError: (e) => message.error(errorMessage(e)),
    });
  return (
    <Card title={t('lead.conflicts')}>
      <Table<Conflict>
        rowKey="linkId"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('lead.noConflicts')} /> }}
        pagination={false}
        columns={[
          {
            title: t('lead.newLead'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Link to={`/leads/${c.leadId}`}>
                  {c.code} {c.projectName}
                </Link>
                <span style={{ fontSize: 12 }}>
                  {c.investorName} · {orgName(c.ownerOrgId)} <StageTag stage={c.stage} />
                </span>
              </Space>
            ),
          },
          {
            title: t('lead.existing'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <span>
                  <Tag>{c.other.type === 'lead' ? t('lead.kindLead') : t('lead.kindProject')}</Tag>
                  {c.other.type === 'lead' ? (
                    <Link to={`/leads/${c.other.id}`}>{c.other.code}</Link>
                  ) : (
                    c.other.code
                  )}{' '}
                  {c.other.name}
                </span>
                <span style={{ fontSize: 12 }}>
                  {c.other.investorName} · {orgName(c.other.orgId)} <StageTag stage={c.other.stage} />
                </span>
              </Space>
            ),
          },
          {
            title: t('lead.matchedBy'),
            dataIndex: 'reason',
            render: (r: string) => (r === 'credit_code' ? t('lead.sameCreditCode') : t('lead.sameInvestor')),
          },
          {
            title: t('common.actions'),
            render: (_, c) => (
              <Space wrap>
                {c.other.type === 'lead' && (
                  <Popconfirm
                    title={t('lead.mergeConfirm', { from: c.code, to: c.other.code })}
                    onConfirm={() =>
                      run(() => api('POST', `/api/leads/${c.leadId}/merge`, { intoLeadId: c.other.id }))
                    }
                  >
                    <Button size="small" type="primary">
                      {t('lead.merge')}
                    </Button>
                  </Popconfirm>
                )}
                <Select
                  size="small"
                  placeholder={t('lead.decideOwner')}
                  style={{ width: 150 }}
                  options={(orgs ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }))}
                  onChange={(orgId) =>
                    run(() => api('POST', `/api/leads/${c.leadId}/owner`, { ownerOrgId: orgId }))
                  }
                />
                <Button
                  size="small"
                  onClick={() => run(() => api('POST', `/api/leads/links/${c.linkId}/dismiss`))}
                >
                  {t('lead.notDuplicate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
