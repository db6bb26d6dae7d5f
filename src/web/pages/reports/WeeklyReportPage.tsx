import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { CHANNEL_LABELS } from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { SLA_STEP_LABELS, type SlaStep } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import './print.css';
import type { WeeklyReportDto } from '../../../core/api/leads.js';
import { today } from '../../components/dates.js';
import { leadKeys } from '../leads/queries.js';

type Weekly = WeeklyReportDto;

/** 一周一报: a printable page and an xlsx download for a chosen week. */
export function WeeklyReportPage() {
  const { t, lang } = useI18n();
  // The week is in the address (?weekOf=), so a link — the weekly report posted to a work group —
  // opens that week.
  const [params, setParams] = useSearchParams();
  const asked = params.get('weekOf');
  const week = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && dayjs(asked).isValid() ? dayjs(asked) : today();
  const setWeek = (d: Dayjs) => setParams({ weekOf: d.format('YYYY-MM-DD') }, { replace: true });
  const weekOf = week.format('YYYY-MM-DD');
  const report = useQuery({
    queryKey: leadKeys.weekly(weekOf),
    queryFn: () => api<Weekly>('GET', `/api/reports/weekly${toQuery({ weekOf })}`),
  });
  const r = report.data;
  const step = (s: SlaStep) => SLA_STEP_LABELS[s][lang];
  const small = { size: 'small' as const, pagination: false as const };
  return (
    <Card
      loading={report.isLoading}
      title={r ? t('report.weeklyTitle', { from: r.period.from, to: r.period.to }) : t('report.weekly')}
      extra={
        <Space className="no-print">
          <DatePicker picker="week" value={week} onChange={(v) => v && setWeek(v)} allowClear={false} />
          <Button
            icon={<DownloadOutlined />}
            href={`/api/reports/weekly.xlsx${toQuery({ weekOf })}`}
            data-testid="weekly-xlsx"
          >
            xlsx
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('report.print')}
          </Button>
        </Space>
      }
    >
      {r && (
        <div className="printable" data-testid="weekly-report">
          <Descriptions bordered size="small" column={{ xs: 2, md: 4 }}>
            <Descriptions.Item label={t('report.newLeads')}>{r.newLeads.length}</Descriptions.Item>
            {r.stepsCompleted.map((s) => (
              <Descriptions.Item key={s.step} label={`${t('report.completed')}${step(s.step)}`}>
                {s.completed}
                {s.late > 0 && (
                  <Typography.Text type="danger">
                    （{t('report.late')} {s.late}）
                  </Typography.Text>
                )}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('report.overdueOpen')}>{r.overdueSteps.length}</Descriptions.Item>
            <Descriptions.Item label={t('report.dispatched')}>{r.dispatched.length}</Descriptions.Item>
            <Descriptions.Item label={t('report.signed')}>{r.signed.length}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('report.newLeads')}</Typography.Title>
          <Table
            {...small}
            rowKey="id"
            dataSource={r.newLeads}
            columns={[
              {
                title: t('lead.code'),
                dataIndex: 'code',
                render: (v: string, l) => <Link to={`/leads/${l.id}`}>{v}</Link>,
              },
              { title: t('lead.projectName'), dataIndex: 'projectName' },
              { title: t('lead.investorName'), dataIndex: 'investorName' },
              {
                title: t('lead.planned'),
                dataIndex: 'plannedInvestmentYuan',
                render: formatYuan,
                align: 'right',
              },
              {
                title: t('lead.channel'),
                dataIndex: 'channel',
                render: (c: string) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS]?.[lang],
              },
              {
                title: t('lead.receivedAt'),
                dataIndex: 'receivedAt',
                render: (v: string) => formatShanghai(v),
              },
            ]}
          />
          <Typography.Title level={5}>{t('report.lateAndOverdue')}</Typography.Title>
          <Table
            {...small}
            rowKey={(x) => `${x.leadId}-${x.step}-${x.dueDate}`}
            dataSource={[
              ...r.lateSteps.map((s) => ({
                ...s,
                state: `${t('report.lateDone')} ${s.completedAt ? formatShanghai(s.completedAt) : ''}`,
              })),
              ...r.overdueSteps.map((s) => ({ ...s, state: t('report.overdueNow') })),
            ]}
            columns={[
              { title: t('lead.code'), dataIndex: 'code' },
              { title: t('lead.projectName'), dataIndex: 'projectName' },
              { title: t('sla.step'), dataIndex: 'step', render: step },
              { title: t('preview.due'), dataIndex: 'dueDate' },
              { title: t('common.status'), dataIndex: 'state' },
              { title: t('lead.owner'), dataIndex: 'officer', render: (v: string | null) => v ?? '—' },
            ]}
          />
          <Space align="start" wrap style={{ width: '100%' }}>
            {(['byOfficer', 'byCounty'] as const).map((k) => (
              <div key={k} style={{ minWidth: 'min(360px, 100%)' }}>
                <Typography.Title level={5}>
                  {t(k === 'byOfficer' ? 'report.byOfficer' : 'report.byCounty')}
                </Typography.Title>
                <Table
                  {...small}
                  rowKey="name"
                  dataSource={r[k]}
                  columns={[
                    { title: k === 'byOfficer' ? t('lead.owner') : t('lead.counties'), dataIndex: 'name' },
                    { title: t('report.late'), dataIndex: 'late' },
                    { title: t('report.overdueOpen'), dataIndex: 'overdue' },
                  ]}
                />
              </div>
            ))}
          </Space>
          <Typography.Title level={5}>{t('report.dispatchedAndSigned')}</Typography.Title>
          <Table
            {...small}
            rowKey={(x) => `${x.kind}-${x.leadId}-${x.at}`}
            dataSource={[
              ...r.dispatched.map((d) => ({
                ...d,
                kind: t('report.dispatched'),
                detail: d.counties.join('、'),
              })),
              ...r.signed.map((d) => ({
                ...d,
                kind: t('report.signed'),
                detail: `${d.projectCode ?? ''} ${formatYuan(d.plannedInvestmentYuan)}`,
              })),
            ]}
            columns={[
              { title: '', dataIndex: 'kind' },
              { title: t('lead.code'), dataIndex: 'code' },
              { title: t('lead.projectName'), dataIndex: 'projectName' },
              { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatShanghai(v) },
              { title: '', dataIndex: 'detail' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
