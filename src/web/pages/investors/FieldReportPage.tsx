/** 外联工作统计: visits and trips per organisation and month; firms visited with no lead since. */
import { useQuery } from '@tanstack/react-query';
import { Card, InputNumber, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, toQuery } from '../../api/client.js';
import { today } from '../../components/dates.js';
import { KeyboardScroll } from '../../components/KeyboardScroll.js';
import { useI18n } from '../../i18n/index.js';
import { ReportButtons } from '../reports/ReportButtons.js';
import type { FieldReport, StaleFirms } from './api.js';

export function FieldReportPage() {
  const { t } = useI18n();
  const thisYear = today().year();
  const [year, setYear] = useState(thisYear);
  const [months, setMonths] = useState(3);
  const report = useQuery({
    queryKey: ['field', 'report', year],
    queryFn: () => api<FieldReport>('GET', `/api/field/report${toQuery({ year })}`),
  });
  const stale = useQuery({
    queryKey: ['field', 'stale', months],
    queryFn: () => api<StaleFirms>('GET', `/api/field/stale-firms${toQuery({ months })}`),
  });
  const rows = report.data?.rows ?? [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('field.byMonth')}
        extra={
          <Space wrap>
            <Select
              aria-label={t('field.byMonth')}
              value={year}
              onChange={setYear}
              options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: `${y}` }))}
            />
            <ReportButtons
              xlsxHref={`/api/field/report.xlsx${toQuery({ year, months })}`}
              testId="field-xlsx"
            />
          </Space>
        }
      >
        <KeyboardScroll label={t('field.byMonth')}>
          <Table
            size="small"
            bordered
            rowKey="orgId"
            loading={report.isLoading}
            pagination={false}
            scroll={{ x: 980 }}
            dataSource={rows}
            data-testid="field-report"
            columns={[
              { title: t('field.org'), dataIndex: 'orgName', fixed: 'left', width: 130 },
              ...Array.from({ length: 12 }, (_, i) => ({
                title: `${i + 1}月`,
                key: `m${i}`,
                align: 'center' as const,
                width: 56,
                render: (_v: unknown, r: FieldReport['rows'][number]) =>
                  r.visits[i] || r.trips[i] ? `${r.visits[i]} / ${r.trips[i]}` : '',
              })),
              {
                title: `${t('field.visits')} / ${t('field.trips')}`,
                key: 'total',
                align: 'center' as const,
                width: 90,
                render: (_v: unknown, r: FieldReport['rows'][number]) => `${sum(r.visits)} / ${sum(r.trips)}`,
              },
              { title: t('field.leads'), dataIndex: 'leads', align: 'center' as const, width: 90 },
            ]}
          />
        </KeyboardScroll>
      </Card>
      <Card
        title={t('field.stale')}
        extra={
          <Space>
            {t('field.months')}
            <InputNumber
              aria-label={t('field.months')}
              min={1}
              max={36}
              value={months}
              onChange={(v) => v && setMonths(v)}
              style={{ width: 70 }}
            />
            {t('field.monthsUnit')}
          </Space>
        }
      >
        <KeyboardScroll label={t('field.stale')}>
          <Table
            size="small"
            rowKey="investorId"
            loading={stale.isLoading}
            dataSource={stale.data?.items ?? []}
            scroll={{ x: 640 }}
            data-testid="stale-firms"
            columns={[
              {
                title: t('inv.name'),
                dataIndex: 'name',
                render: (n: string, r) => <Link to={`/investors/${r.investorId}`}>{n}</Link>,
              },
              { title: t('field.firstVisit'), dataIndex: 'firstVisitDate', width: 110 },
              { title: t('inv.lastVisit'), dataIndex: 'lastVisitDate', width: 110 },
              { title: t('field.visitCount'), dataIndex: 'visits', width: 90, align: 'right' },
              { title: t('field.org'), dataIndex: 'orgNames', render: (o: string[]) => o.join('、') },
            ]}
          />
        </KeyboardScroll>
      </Card>
    </Space>
  );
}
