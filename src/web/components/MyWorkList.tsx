import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { myWork } from '../../core/api/leads.js';
import { ACTION_LABELS } from '../../core/leads/stages.js';
import { formatYuan } from '../../core/money.js';
import { SLA_STEP_LABELS } from '../../core/sla.js';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { leadKeys } from '../pages/leads/queries.js';
import { NewMark } from './leadBits.js';
import { VisitSteps } from './VisitSteps.js';

type MyWork = z.infer<typeof myWork>;

const COLORS: Record<string, string> = { overdue: 'error', due_soon: 'warning', pending: 'processing' };

/** 我的待办: the steps waiting on me, soonest deadline first, one click to the form. */
export function MyWorkList({ compact = false }: { compact?: boolean }) {
  // On its own page, my work includes the field's follow-ups (the workbench shows them apart).
  if (compact) return <LeadSteps compact />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <LeadSteps compact={false} />
      <VisitSteps />
    </Space>
  );
}

function LeadSteps({ compact }: { compact: boolean }) {
  const { t, lang } = useI18n();
  const work = useQuery({
    queryKey: leadKeys.myWork(lang),
    queryFn: () => api<MyWork>('GET', '/api/leads/my-work'),
  });
  const items = work.data?.items ?? [];
  return (
    <Card
      title={t('lead.myWork')}
      loading={work.isLoading}
      extra={compact && <Link to="/my-work">{t('lead.all')}</Link>}
      data-testid="my-work"
    >
      {items.length === 0 && !work.data?.awaitingDispatch.length ? (
        <Empty description={t('lead.noWork')} />
      ) : (
        <List
          dataSource={compact ? items.slice(0, 8) : items}
          renderItem={(i) => (
            <List.Item
              actions={[
                <Link key="go" to={`/leads/${i.leadId}`}>
                  <Button size="small" type="primary">
                    {ACTION_LABELS[i.action]?.[lang] ?? i.action}
                  </Button>
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>
                      <Link to={`/leads/${i.leadId}`}>{i.projectName}</Link>
                      <NewMark isNew={i.isNew} />
                    </span>
                    <Tag color={COLORS[i.status]}>{i.remaining}</Tag>
                    {i.provisional && <Tag color="orange">{t('lead.provisional')}</Tag>}
                  </Space>
                }
                description={`${i.code} · ${i.investorName} · ${formatYuan(i.plannedInvestmentYuan)} · ${SLA_STEP_LABELS[i.step][lang]} ${t('preview.due')} ${i.dueDate}`}
              />
            </List.Item>
          )}
        />
      )}
      {(work.data?.awaitingDispatch.length ?? 0) > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('lead.awaitingDispatch')}
          </Typography.Title>
          {work.data!.awaitingDispatch.map((d) => (
            <div key={d.leadId}>
              <Link to={`/leads/${d.leadId}`}>
                {d.code} {d.projectName}
              </Link>{' '}
              · {formatYuan(d.plannedInvestmentYuan)}
            </div>
          ))}
        </>
      )}
    </Card>
  );
}
