/** Lost leads (流失线索分析), DOMAIN.md §8: leads closed in a period that went elsewhere, by reason and by city. */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { LOST_REASON_LABELS, type LostReason } from '../../../core/leads/lost.js';
import { formatYuan } from '../../../core/money.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import { today } from '../../components/dates.js';
import { useI18n } from '../../i18n/index.js';

interface Lost {
  closed: number;
  lost: number;
  byReason: { reason: LostReason | null; label: string; count: number; investmentYuan: number }[];
  byCity: { city: string; count: number }[];
  items: {
    id: number;
    code: string;
    projectName: string;
    investorName: string;
    plannedInvestmentYuan: number;
    lostToCity: string | null;
    lostReason: LostReason | null;
    note: string | null;
    closedAt: string;
  }[];
}

export function LostLeadsPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today().startOf('year'), today()]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const { data } = useQuery({
    queryKey: ['reports', 'lost', q],
    queryFn: () => api<Lost>('GET', `/api/reports/lost-leads${toQuery(q)}`),
  });
  return (
    <Card
      title={t('lost.title')}
      extra={
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          disabledDate={(d) => d.isAfter(dayjs(today()))}
        />
      }
    >
      {data && (
        <>
          <Typography.Paragraph data-testid="lost-summary">
            {t('lost.summary', { closed: data.closed, lost: data.lost })}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                bordered
                rowKey="label"
                pagination={false}
                title={() => t('lost.byReason')}
                dataSource={data.byReason}
                columns={[
                  { title: t('lost.reason'), dataIndex: 'label' },
                  { title: t('lost.count'), dataIndex: 'count', align: 'right' },
                  {
                    title: t('lost.amount'),
                    dataIndex: 'investmentYuan',
                    align: 'right',
                    render: formatYuan,
                  },
                ]}
              />
            </Col>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                bordered
                rowKey="city"
                pagination={false}
                title={() => t('lost.byCity')}
                dataSource={data.byCity}
                columns={[
                  { title: t('lost.city'), dataIndex: 'city' },
                  { title: t('lost.count'), dataIndex: 'count', align: 'right' },
                ]}
              />
            </Col>
          </Row>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="id"
            dataSource={data.items}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('lead.code'),
                dataIndex: 'code',
                render: (v, r) => <Link to={`/leads/${r.id}`}>{v}</Link>,
              },
              { title: t('lead.projectName'), dataIndex: 'projectName' },
              { title: t('lead.investorName'), dataIndex: 'investorName' },
              {
                title: t('lead.planned'),
                dataIndex: 'plannedInvestmentYuan',
                align: 'right',
                render: formatYuan,
              },
              { title: t('lost.city'), dataIndex: 'lostToCity', render: (v) => v ?? '—' },
              {
                title: t('lost.reason'),
                dataIndex: 'lostReason',
                render: (v: LostReason | null) => (v ? LOST_REASON_LABELS[v][lang] : '—'),
              },
              { title: t('lead.closeReason'), dataIndex: 'note' },
              { title: t('lost.closedAt'), dataIndex: 'closedAt', render: (v) => formatShanghai(v) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
