/** 外出招商与推介活动: trips and events with their outcomes and report deadline; plan a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { createTripBody, TRIP_KIND_LABELS, TRIP_KINDS } from '../../../core/investors.js';
import { formatYuan } from '../../../core/money.js';
import { api, toQuery } from '../../api/client.js';
import { CardsOrTable } from '../../components/CardsOrTable.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { InvestorInput } from '../../components/InvestorInput.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { fieldKeys, type PageOf, type TripDetail, type TripSummary, useFieldWrite } from './api.js';

const REPORT_COLOURS: Record<string, string> = {
  overdue: 'error',
  due_soon: 'warning',
  pending: 'processing',
  met: 'success',
  met_late: 'orange',
};

export function ReportTag({ trip }: { trip: TripSummary }) {
  const { t } = useI18n();
  const label = trip.reportedAt ? t('trip.report') : `${t('trip.reportDue')} ${trip.reportDueDate ?? ''}`;
  return (
    <Tag
      color={REPORT_COLOURS[trip.reportStatus]}
    >{`${label} · ${t(`trip.status.${trip.reportStatus}` as never)}`}</Tag>
  );
}

export function outcomeText(o: TripSummary['outcome'], t: ReturnType<typeof useI18n>['t']) {
  return `${t('trip.visits')} ${o.visits} · ${t('trip.firms')} ${o.firmsVisited} · ${t('trip.leads')} ${o.leads} · ${t('trip.signed')} ${o.signed}${o.signedYuan ? `（${formatYuan(o.signedYuan)}）` : ''}`;
}

/** Plan a trip or event, or edit one: a modal opened by its button. */
export function TripFormButton({ trip }: { trip?: TripDetail }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [planned, setPlanned] = useState<{ id: number; name: string }[]>(trip?.planned ?? []);
  const [text, setText] = useState('');
  const save = useFieldWrite((body: object) =>
    trip
      ? api<{ trip: TripDetail }>('PATCH', `/api/trips/${trip.id}`, { ...body, version: trip.version })
      : api<{ trip: TripDetail }>('POST', '/api/trips', body),
  );
  const fields = createTripBody.shape;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const [start, end] = v.dates as [Dayjs, Dayjs];
    try {
      const res = await save.mutateAsync({
        kind: v.kind,
        title: v.title,
        city: v.city,
        team: v.team,
        startDate: start.format('YYYY-MM-DD'),
        endDate: end.format('YYYY-MM-DD'),
        plannedInvestorIds: planned.map((p) => p.id),
      });
      setOpen(false);
      if (!trip) navigate(`/trips/${res.trip.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };
  return (
    <>
      {trip ? (
        <Button onClick={() => setOpen(true)}>{t('common.edit')}</Button>
      ) : (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('trip.new')}
        </Button>
      )}
      <Modal
        open={open}
        title={trip ? `${t('common.edit')} ${trip.title}` : t('trip.new')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={
            trip ? { ...trip, dates: [dayjs(trip.startDate), dayjs(trip.endDate)] } : { kind: 'outbound' }
          }
        >
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('trip.kind')} rules={[{ required: true }]}>
                <Select options={TRIP_KINDS.map((k) => ({ value: k, label: TRIP_KIND_LABELS[k][lang] }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                name="title"
                label={t('trip.name')}
                rules={[{ required: true }, zodRule(fields.title, lang, 'title')]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="city"
                label={t('trip.city')}
                rules={[{ required: true }, zodRule(fields.city, lang, 'city')]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="dates" label={t('trip.dates')} rules={[{ required: true }]}>
                <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                name="team"
                label={t('trip.team')}
                rules={[{ required: true }, zodRule(fields.team, lang, 'team')]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label={t('trip.planned')} name="plannedInvestorIds">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <InvestorInput
                    value={text}
                    onChange={setText}
                    onPick={(f) => {
                      if (f && !planned.some((p) => p.id === f.id)) {
                        setPlanned([...planned, f]);
                        setText('');
                      }
                    }}
                  />
                  <Space wrap>
                    {planned.map((p) => (
                      <Tag
                        key={p.id}
                        closable
                        onClose={() => setPlanned(planned.filter((x) => x.id !== p.id))}
                      >
                        {p.name}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}

export function TripsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = { page: Number(params.get('page') ?? 1), pageSize: Number(params.get('pageSize') ?? 20) };
  const list = useQuery({
    queryKey: fieldKeys.trips(query),
    queryFn: () => api<PageOf<TripSummary>>('GET', `/api/trips${toQuery(query)}`),
  });
  return (
    <Card title={t('trip.title')} extra={can('visit.record') && <TripFormButton />}>
      <CardsOrTable<TripSummary>
        testId="trip-list"
        items={list.data?.items}
        total={list.data?.total ?? 0}
        page={query.page}
        pageSize={query.pageSize}
        onPage={(page, pageSize) => setParams({ page: String(page), pageSize: String(pageSize) })}
        loading={list.isLoading}
        emptyText={t('trip.empty')}
        columns={[
          {
            title: t('trip.name'),
            dataIndex: 'title',
            render: (_v, x) => <Link to={`/trips/${x.id}`}>{x.title}</Link>,
          },
          {
            title: t('trip.kind'),
            dataIndex: 'kind',
            width: 100,
            render: (k: TripSummary['kind']) => TRIP_KIND_LABELS[k][lang],
          },
          { title: t('trip.city'), dataIndex: 'city', width: 90 },
          {
            title: t('trip.dates'),
            key: 'dates',
            width: 190,
            render: (_v, x) => `${x.startDate} ～ ${x.endDate}`,
          },
          { title: t('visit.org'), dataIndex: 'orgName', width: 120 },
          { title: t('trip.outcome'), key: 'outcome', render: (_v, x) => outcomeText(x.outcome, t) },
          { title: t('trip.report'), key: 'report', width: 200, render: (_v, x) => <ReportTag trip={x} /> },
        ]}
        card={(x) => (
          <>
            <Link to={`/trips/${x.id}`} style={{ fontWeight: 600 }}>
              {x.title}
            </Link>
            <div>
              <Typography.Text type="secondary">
                {TRIP_KIND_LABELS[x.kind][lang]} · {x.city} · {x.startDate} ～ {x.endDate} · {x.orgName}
              </Typography.Text>
            </div>
            <div>{outcomeText(x.outcome, t)}</div>
            <ReportTag trip={x} />
          </>
        )}
      />
    </Card>
  );
}
