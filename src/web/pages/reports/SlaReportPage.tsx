import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Progress, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { SlaReportDto } from '../../../core/api/leads.js';
import { SLA_STEP_LABELS, type SlaStep } from '../../../core/sla.js';
import { api, toQuery } from '../../api/client.js';
import { today } from '../../components/dates.js';
import { useI18n } from '../../i18n/index.js';
import { leadKeys } from '../leads/queries.js';

type SlaReport = SlaReportDto;

/** On-time rate per step, county and officer for any period. */
export function SlaReportPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today().startOf('year'), today()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const report = useQuery({
    queryKey: leadKeys.slaReport(from, to),
    queryFn: () => api<SlaReport>('GET', `/api/reports/sla${toQuery({ from, to })}`),
  });
  const rateColumns = [
    { title: t('report.completed'), dataIndex: 'completed' },
    { title: t('report.onTime'), dataIndex: 'onTime' },
    { title: t('report.late'), dataIndex: 'late' },
    {
      title: t('report.onTimeRate'),
      dataIndex: 'onTimeRate',
      render: (v: number | null) =>
        v === null ? (
          '—'
        ) : (
          <Progress
            percent={v}
            size="small"
            status={v < 80 ? 'exception' : 'normal'}
            style={{ width: 160 }}
            aria-label={`${t('report.onTimeRate')} ${v}%`}
          />
        ),
    },
    { title: t('report.overdueOpen'), dataIndex: 'overdueOpen' },
  ];
  const r = report.data;
  return (
    <Card
      title={t('report.sla')}
      loading={report.isLoading}
      extra={
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          allowClear={false}
        />
      }
    >
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="sla-report">
          <Typography.Text>
            {t('report.slaSummary', {
              from: r.period.from,
              to: r.period.to,
              n: r.total.completed,
              rate: r.total.onTimeRate ?? '—',
            })}
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey="step"
            dataSource={r.byStep}
            columns={[
              { title: t('sla.step'), dataIndex: 'step', render: (s: SlaStep) => SLA_STEP_LABELS[s][lang] },
              ...rateColumns,
            ]}
          />
          <Table
            size="small"
            pagination={false}
            rowKey="name"
            dataSource={r.byCounty}
            columns={[{ title: t('lead.counties'), dataIndex: 'name' }, ...rateColumns]}
          />
          <Table
            size="small"
            pagination={false}
            rowKey="name"
            dataSource={r.byOfficer}
            columns={[{ title: t('lead.owner'), dataIndex: 'name' }, ...rateColumns]}
          />
        </Space>
      )}
    </Card>
  );
}
