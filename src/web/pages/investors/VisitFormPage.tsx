/**
 * Log a visit (/visits/new) or edit one (/visits/:id/edit), made for a phone: the firm by name or
 * credit code (offered from the register as typed), today's date, our people filled in, and text
 * areas that grow as the phone keyboard's voice input fills them.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { createVisitBody, VISIT_KIND_LABELS, VISIT_KINDS } from '../../../core/investors.js';
import { creditCode as creditCodeSchema } from '../../../core/leads/schemas.js';
import { api, toQuery } from '../../api/client.js';
import { afterToday, today } from '../../components/dates.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { InvestorInput } from '../../components/InvestorInput.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import {
  fieldKeys,
  type InvestorDetail,
  type PageOf,
  type TripSummary,
  useFieldWrite,
  type VisitSummary,
} from './api.js';

const fields = createVisitBody.shape;

interface Values {
  kind: string;
  investorName?: string;
  investorCreditCode?: string;
  visitDate: Dayjs;
  place?: string;
  participants: string;
  firmContacts?: string;
  discussion: string;
  nextSteps?: string;
  nextDueDate?: Dayjs | null;
  tripId?: number | null;
}

export function VisitFormPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const { id } = useParams();
  const editing = id !== undefined;
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [investorId, setInvestorId] = useState<number | null>(Number(params.get('investorId')) || null);
  const leadId = Number(params.get('leadId')) || undefined;
  const projectId = Number(params.get('projectId')) || undefined;
  const existing = useQuery({
    queryKey: fieldKeys.visit(Number(id)),
    queryFn: () => api<{ visit: VisitSummary }>('GET', `/api/visits/${id}`).then((r) => r.visit),
    enabled: editing,
  });
  const firm = useQuery({
    queryKey: fieldKeys.investor(investorId ?? 0),
    queryFn: () =>
      api<{ investor: InvestorDetail }>('GET', `/api/investors/${investorId}`).then((r) => r.investor),
    enabled: !editing && investorId !== null && Boolean(params.get('investorId')),
  });
  const trips = useQuery({
    queryKey: fieldKeys.trips({ mine: true }),
    queryFn: () =>
      api<PageOf<TripSummary>>('GET', `/api/trips${toQuery({ pageSize: 50, orgId: me?.user.orgId })}`),
  });
  useEffect(() => {
    if (firm.data) form.setFieldsValue({ investorName: firm.data.name });
  }, [firm.data, form]);
  useEffect(() => {
    const v = existing.data;
    if (v)
      form.setFieldsValue({
        ...v,
        visitDate: dayjs(v.visitDate),
        nextDueDate: v.nextDueDate ? dayjs(v.nextDueDate) : null,
        place: v.place ?? undefined,
        nextSteps: v.nextSteps ?? undefined,
      } as never);
  }, [existing.data, form]);
  const save = useFieldWrite((body: object) =>
    editing
      ? api<{ visit: VisitSummary }>('PATCH', `/api/visits/${id}`, body)
      : api<{ visit: VisitSummary }>('POST', '/api/visits', body),
  );
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const common = {
      kind: v.kind,
      visitDate: v.visitDate.format('YYYY-MM-DD'),
      place: v.place || null,
      participants: v.participants,
      firmContacts: v.firmContacts || null,
      discussion: v.discussion,
      nextSteps: v.nextSteps || null,
      nextDueDate: v.nextDueDate ? v.nextDueDate.format('YYYY-MM-DD') : null,
      tripId: v.tripId ?? null,
    };
    const body = editing
      ? { ...common, version: existing.data!.version }
      : {
          ...common,
          ...(investorId
            ? { investorId }
            : v.investorName
              ? { investorName: v.investorName, investorCreditCode: v.investorCreditCode || undefined }
              : {}),
          ...(leadId ? { leadId } : {}),
          ...(projectId ? { projectId } : {}),
        };
    try {
      const res = await save.mutateAsync(body);
      message.success(t('common.saved'));
      navigate(`/visits/${res.visit.id}`, { replace: true });
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };
  if (editing && existing.error) return <RecordUnavailable error={existing.error} />;
  if (editing && !existing.data) return <Card loading />;
  return (
    <Card title={editing ? t('visit.edit') : t('visit.new')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'visit',
          visitDate: today(),
          participants: me?.user.displayName,
          tripId: Number(params.get('tripId')) || undefined,
        }}
      >
        <Row gutter={16}>
          {!editing && (
            <>
              <Col xs={24} md={14}>
                <Form.Item
                  name="investorName"
                  label={t('visit.firm')}
                  rules={[
                    { required: !leadId && !projectId },
                    zodRule(fields.investorName, lang, 'investorName'),
                  ]}
                  extra={leadId || projectId ? t('visit.firmOfRecord') : undefined}
                >
                  <InvestorInput onPick={(f) => setInvestorId(f?.id ?? null)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item
                  name="investorCreditCode"
                  label={t('inv.creditCode')}
                  rules={[zodRule(creditCodeSchema, lang, 'investorCreditCode')]}
                  hidden={investorId !== null}
                >
                  <Input maxLength={18} style={{ textTransform: 'uppercase' }} autoComplete="off" />
                </Form.Item>
              </Col>
            </>
          )}
          {editing && (
            <Col span={24}>
              <Alert type="info" showIcon title={existing.data!.investorName} style={{ marginBottom: 16 }} />
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="kind" label={t('visit.kind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={VISIT_KINDS.map((k) => ({ value: k, label: VISIT_KIND_LABELS[k][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="visitDate" label={t('visit.date')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="place" label={t('visit.place')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="tripId" label={t('visit.trip')}>
              <Select
                allowClear
                options={(trips.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.title}（${x.startDate}～${x.endDate}）`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="participants"
              label={t('visit.participants')}
              rules={[{ required: true }, zodRule(fields.participants, lang, 'participants')]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="firmContacts" label={t('visit.firmContacts')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="discussion"
              label={t('visit.discussion')}
              extra={t('visit.discussionHint')}
              rules={[{ required: true }, zodRule(fields.discussion, lang, 'discussion')]}
            >
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 16 }} maxLength={4000} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="nextSteps" label={t('visit.nextSteps')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="nextDueDate" label={t('visit.nextDue')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => void submit()}
            data-testid="visit-save"
          >
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
