/** A trip or event: planned firms (visited or not), its visits, outcomes from the records, its report. */
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { TRIP_KIND_LABELS, tripReportBody } from '../../../core/investors.js';
import { formatYuan } from '../../../core/money.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { fieldKeys, type TripDetail, useFieldWrite } from './api.js';
import { ReportTag, TripFormButton } from './TripsPage.js';
import { VisitList } from './VisitsPage.js';

export function TripPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [form] = Form.useForm<{ report: string }>();
  const q = useQuery({
    queryKey: fieldKeys.trip(id),
    queryFn: () => api<{ trip: TripDetail }>('GET', `/api/trips/${id}`).then((r) => r.trip),
  });
  const report = useFieldWrite((body: { report: string; version: number }) =>
    api('POST', `/api/trips/${id}/report`, body),
  );
  useEffect(() => {
    if (q.data?.report) form.setFieldsValue({ report: q.data.report });
  }, [q.data?.report, form]);
  if (q.error) return <RecordUnavailable error={q.error} />;
  const trip = q.data;
  if (!trip) return <Card loading />;
  const mine = trip.canRecord;
  const o = trip.outcome;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await report.mutateAsync({ report: v.report, version: trip.version });
      message.success(t('common.saved'));
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={trip.title}
        extra={
          mine && (
            <Space wrap>
              <Button type="primary" onClick={() => navigate(`/visits/new?tripId=${trip.id}`)}>
                {t('visit.new')}
              </Button>
              <TripFormButton trip={trip} />
            </Space>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('trip.kind')}>{TRIP_KIND_LABELS[trip.kind][lang]}</Descriptions.Item>
          <Descriptions.Item label={t('trip.city')}>{trip.city}</Descriptions.Item>
          <Descriptions.Item label={t('trip.dates')}>
            {trip.startDate} ～ {trip.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('visit.org')}>{trip.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('trip.team')}>{trip.team}</Descriptions.Item>
          <Descriptions.Item label={t('trip.report')}>
            <ReportTag trip={trip} />
          </Descriptions.Item>
          <Descriptions.Item label={t('trip.planned')} span={3}>
            <Space wrap size={[4, 4]}>
              {trip.planned.map((p) => (
                <Tag key={p.id} color={p.visited ? 'success' : 'default'}>
                  <Link to={`/investors/${p.id}`}>{p.name}</Link> ·{' '}
                  {p.visited ? t('trip.visited') : t('trip.notVisited')}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('trip.outcome')} data-testid="trip-outcome">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.visits')} value={o.visits} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.firms')} value={o.firmsVisited} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.planned')} value={`${o.plannedVisited} / ${trip.planned.length}`} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.leads')} value={o.leads} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.signed')} value={o.signed} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('trip.signedYuan')} value={formatYuan(o.signedYuan)} />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('inv.visits')}>
        <VisitList visits={trip.visits} />
      </Card>
      <Card size="small" title={t('trip.report')}>
        {trip.reportedAt && (
          <Typography.Paragraph type="secondary">
            {t('trip.reportedBy', { name: trip.reportedByName ?? '', at: formatShanghai(trip.reportedAt) })}
          </Typography.Paragraph>
        )}
        {mine ? (
          <Form form={form} layout="vertical">
            <Form.Item
              name="report"
              rules={[{ required: true }, zodRule(tripReportBody.shape.report, lang, 'report')]}
              extra={t('visit.discussionHint')}
            >
              <Input.TextArea
                autoSize={{ minRows: 4, maxRows: 20 }}
                maxLength={8000}
                showCount
                aria-label={t('trip.report')}
              />
            </Form.Item>
            <Button type="primary" loading={report.isPending} onClick={() => void submit()}>
              {t('trip.submitReport')}
            </Button>
          </Form>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{trip.report}</Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}
