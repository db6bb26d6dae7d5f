import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Table } from 'antd';
import { useEffect } from 'react';
import { SLA_STEP_LABELS, type SlaStep, UNIT_LABELS } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { DeadlinePreview } from '../../components/DeadlinePreview.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { calendarKeys } from '../calendar/queries.js';

interface Policy {
  step: SlaStep;
  amount: number;
  unit: 'workday' | 'natural';
  version: number;
  updatedAt: string;
}
interface PolicySet {
  items: Policy[];
  dueSoonWorkingHours: number;
}

export function SlaPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const policies = useQuery({
    queryKey: calendarKeys.policies(),
    queryFn: () => api<PolicySet>('GET', '/api/sla/policies'),
  });
  useEffect(() => {
    if (policies.data) form.setFieldsValue(policies.data);
  }, [policies.data, form]);

  const save = useMutation({
    mutationFn: (v: PolicySet) =>
      api<PolicySet>('PUT', '/api/sla/policies', {
        items: v.items.map(({ step, amount, unit }) => ({ step, amount, unit })),
        dueSoonWorkingHours: v.dueSoonWorkingHours,
      }),
    onSuccess: (data) => {
      message.success(t('common.saved'));
      queryClient.setQueryData(['sla', 'policies'], data);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card title={t('sla.title')}>
          <Alert type="info" showIcon title={t('sla.appliesNote')} style={{ marginBottom: 16 }} />
          <Form
            form={form}
            onFinish={(v) =>
              save.mutate({ ...v, items: policies.data!.items.map((p, i) => ({ ...p, ...v.items[i] })) })
            }
          >
            <Table<Policy>
              rowKey="step"
              pagination={false}
              loading={policies.isLoading}
              dataSource={policies.data?.items ?? []}
              columns={[
                { title: t('sla.step'), dataIndex: 'step', render: (s: SlaStep) => SLA_STEP_LABELS[s][lang] },
                {
                  title: t('sla.amount'),
                  render: (_, _p, i) => (
                    <Form.Item name={['items', i, 'amount']} rules={[{ required: true }]} noStyle>
                      <InputNumber min={1} max={365} aria-label={`amount-${i}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('sla.unit'),
                  render: (_, _p, i) => (
                    <Form.Item name={['items', i, 'unit']} noStyle>
                      <Select
                        style={{ width: 120 }}
                        options={(['workday', 'natural'] as const).map((u) => ({
                          value: u,
                          label: UNIT_LABELS[u][lang],
                        }))}
                      />
                    </Form.Item>
                  ),
                },
                { title: t('sla.version'), dataIndex: 'version' },
                {
                  title: t('sla.updatedAt'),
                  dataIndex: 'updatedAt',
                  render: (v: string) => formatShanghai(v),
                },
              ]}
            />
            <Form.Item name="dueSoonWorkingHours" label={t('sla.dueSoon')} style={{ marginTop: 16 }}>
              <InputNumber min={0} max={240} />
            </Form.Item>
            <div style={{ display: 'flex', gap: 8 }}>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
              {/* Cancel: back to the rules as saved. */}
              <Button onClick={() => policies.data && form.setFieldsValue(policies.data)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <DeadlinePreview />
        <ReviewThreshold />
      </Col>
    </Row>
  );
}

/** The signing amount from which an admission review (准入研判) must be on file (#16 item 6). */
function ReviewThreshold() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const current = useQuery({
    queryKey: ['settings', 'admission-review'],
    queryFn: () => api<{ minYuan: number | null }>('GET', '/api/settings/admission-review'),
  });
  useEffect(() => {
    if (current.data) form.setFieldsValue({ minYuan: current.data.minYuan ?? undefined });
  }, [current.data, form]);
  const save = useMutation({
    mutationFn: (minYuan: number | null) => api('PUT', '/api/settings/admission-review', { minYuan }),
    onSuccess: () => {
      message.success(t('common.saved'));
      void current.refetch();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  return (
    <Card title={t('review.threshold')} style={{ marginTop: 16 }} data-testid="review-threshold">
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.minYuan ?? null)}>
        <Form.Item name="minYuan" extra={t('review.thresholdHint')}>
          <MoneyInput />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
