/**
 * 发送记录 (the administrator's): every message to a work group — queued, sent, or failed with what
 * the chat service said — and the scheduled jobs with their last runs.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import type { Delivery, JobStatus, Page } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/messages.js';
import { channelKeys, useFilterParams } from './queries.js';

/** What the jobs count (their summaries), in words. */
const SUMMARY_KEYS = [
  'clocks',
  'dueSoon',
  'overdue',
  'stale',
  'notifications',
  'queued',
  'notified',
] as const;
type SummaryKey = (typeof SUMMARY_KEYS)[number];

const STATUS_COLOUR = { queued: 'blue', sent: 'green', failed: 'red' } as const;

export function DeliveriesPage() {
  const { t } = useI18n();
  const { params, page, set } = useFilterParams();
  const status = params.get('status') ?? undefined;
  const q = { status, page, pageSize: 50 };
  const log = useQuery({
    queryKey: channelKeys.deliveries(q),
    queryFn: () =>
      api<Page<Delivery>>('GET', `/api/deliveries${toQuery(q)}`, undefined, { background: true }),
    refetchInterval: 15_000,
  });
  const jobs = useQuery({ queryKey: channelKeys.jobs(), queryFn: () => api<JobStatus>('GET', '/api/jobs') });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card
        title={t('deliveries.title')}
        extra={
          <Segmented
            value={status ?? 'all'}
            onChange={(v) => set({ status: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('notify.all') },
              { value: 'queued', label: t('deliveries.queued') },
              { value: 'sent', label: t('deliveries.sent') },
              { value: 'failed', label: t('deliveries.failed') },
            ]}
          />
        }
      >
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={log.isLoading}
          dataSource={log.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: 50,
            total: log.data?.total,
            onChange: (p) => set({ page: String(p) }),
          }}
          columns={[
            {
              title: t('deliveries.created'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string) => formatShanghai(v),
            },
            {
              title: t('deliveries.channel'),
              dataIndex: 'channelName',
              width: 200,
              render: (name: string, d) => (
                <Space direction="vertical" size={0}>
                  {name}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.orgName}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('deliveries.message'), dataIndex: 'title' },
            {
              title: t('deliveries.status'),
              dataIndex: 'status',
              width: 240,
              render: (s: Delivery['status'], d) => (
                <Space direction="vertical" size={0}>
                  <span>
                    <Tag color={STATUS_COLOUR[s]}>{t(`deliveries.${s}`)}</Tag>
                    {t('deliveries.attempts', { n: d.attempts })}
                  </span>
                  {d.sentAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatShanghai(d.sentAt)}
                    </Typography.Text>
                  )}
                  {d.nextAttemptAt && d.attempts > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('deliveries.next', { at: formatShanghai(d.nextAttemptAt) })}
                    </Typography.Text>
                  )}
                  {d.lastError && (
                    <Typography.Text
                      type="danger"
                      style={{ fontSize: 12 }}
                      ellipsis={{ tooltip: d.lastError }}
                    >
                      {d.lastError}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('jobs.title')}>
        <Table
          rowKey="job"
          size="small"
          pagination={false}
          loading={jobs.isLoading}
          dataSource={jobs.data?.items ?? []}
          scroll={{ x: 800 }}
          columns={[
            { title: t('jobs.job'), dataIndex: 'job', render: (j: string) => t(`jobs.${j}` as MessageKey) },
            {
              title: t('jobs.schedule'),
              key: 'schedule',
              render: (_: unknown, j) => (
                <Typography.Text code>
                  {j.cron} · {t(`jobs.days.${j.days}` as MessageKey)}
                </Typography.Text>
              ),
            },
            {
              title: t('jobs.last'),
              key: 'last',
              render: (_: unknown, j) =>
                j.lastSlot ? (
                  <Space direction="vertical" size={0}>
                    <span>
                      {formatShanghai(j.lastSlot)}{' '}
                      {j.lastFinishedAt ? (
                        <Tag color="green">{t('jobs.done')}</Tag>
                      ) : (
                        <Tag color={j.lastError ? 'red' : 'blue'}>
                          {j.lastError ? t('deliveries.failed') : t('jobs.running')}
                        </Tag>
                      )}
                    </span>
                    {j.lastError && <Typography.Text type="danger">{j.lastError}</Typography.Text>}
                    {j.summary && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {Object.entries(j.summary)
                          .map(
                            ([k, v]) =>
                              `${SUMMARY_KEYS.includes(k as SummaryKey) ? t(`jobs.summary.${k as SummaryKey}`) : k} ${v}`,
                          )
                          .join(' · ')}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
