import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { createLeadBody, creditCode as creditCodeSchema } from '../../../core/leads/schemas.js';
import {
  CHANNEL_LABELS,
  CHANNELS,
  IMPLAUSIBLE_LEAD_YUAN,
  INVESTOR_TYPE_LABELS,
  INVESTOR_TYPES,
  LEAD_SCOPE_MIN_YUAN,
  REFERRER_KIND_LABELS,
  REFERRER_KINDS,
} from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { ApiError, api } from '../../api/client.js';
import { useChainLinkOptions } from '../../api/hooks.js';
import type { LeadDetail } from '../../api/types.js';
import { type DuplicateItem, DuplicateList } from '../../components/DuplicateList.js';
import { afterToday } from '../../components/dates.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { InvestorInput } from '../../components/InvestorInput.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { fieldKeys, type VisitSummary } from '../investors/api.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { leadQuery, useLeadWrite } from './queries.js';

/** The browser checks each field with the very schema the server validates with. */
const fields = createLeadBody.shape;
const referrerFields = fields.referrer.shape;

interface FormValues {
  projectName: string;
  investorName: string;
  investorCreditCode?: string;
  investorType?: string;
  industryCode?: string;
  chainLinkId?: number;
  plannedInvestmentYuan: number;
  fixedAssetInvestmentYuan?: number;
  landAreaMu?: number;
  referrer: { name: string; organization?: string; phone?: string; kind: string };
  channel: string;
  receivedAt?: Dayjs;
  isMajor?: boolean;
}

/** Register a lead (/leads/new) or edit its registration fields (/leads/:id/edit). */
export function LeadFormPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const editing = id !== undefined;
  const [form] = Form.useForm<FormValues>();
  const [candidates, setCandidates] = useState<DuplicateItem[] | null>(null);
  const chainOptions = useChainLinkOptions();
  // The firm chosen from the register, and the visit the lead comes from (/leads/new?fromVisit=).
  const [investorId, setInvestorId] = useState<number | null>(null);
  const fromVisit = Number(useSearchParams()[0].get('fromVisit')) || undefined;
  const visit = useQuery({
    queryKey: fieldKeys.visit(fromVisit ?? 0),
    queryFn: () => api<{ visit: VisitSummary }>('GET', `/api/visits/${fromVisit}`).then((r) => r.visit),
    enabled: !editing && fromVisit !== undefined,
  });
  const existing = useQuery({ ...leadQuery(Number(id)), enabled: editing });
  const save = useLeadWrite(({ v, confirmNotDuplicate }: { v: FormValues; confirmNotDuplicate: boolean }) =>
    editing
      ? api<{ lead: LeadDetail }>('PATCH', `/api/leads/${id}`, body(v))
      : api<{ lead: LeadDetail }>('POST', '/api/leads', body(v, confirmNotDuplicate)),
  );
  useEffect(() => {
    if (existing.data)
      form.setFieldsValue({
        ...existing.data,
        // The phone comes masked: the field starts empty, and left empty it stays as it was.
        referrer: { ...existing.data.referrer, phone: undefined },
        receivedAt: dayjs(existing.data.receivedAt),
      } as never);
  }, [existing.data, form]);
  useEffect(() => {
    if (!visit.data) return;
    setInvestorId(visit.data.investorId);
    form.setFieldsValue({
      investorName: visit.data.investorName,
      channel: 'resident_team',
      referrer: { name: visit.data.createdByName, organization: visit.data.orgName, kind: 'resident_team' },
    });
  }, [visit.data, form]);

  const body = (v: FormValues, confirmNotDuplicate = false) => ({
    ...v,
    investorCreditCode: v.investorCreditCode || (editing ? null : undefined),
    referrer: Object.fromEntries(Object.entries(v.referrer).filter(([, x]) => x !== undefined && x !== '')),
    receivedAt: v.receivedAt ? v.receivedAt.format('YYYY-MM-DDTHH:mm:ssZ') : undefined,
    ...(editing
      ? { version: existing.data!.version }
      : {
          confirmNotDuplicate,
          ...(investorId ? { investorId } : {}),
          ...(visit.data ? { sourceVisitId: visit.data.id } : {}),
        }),
  });

  const submit = async (confirmNotDuplicate = false, amountChecked = false) => {
    // Field errors are already shown next to the fields.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (!amountChecked && v.plannedInvestmentYuan > IMPLAUSIBLE_LEAD_YUAN) {
      modal.confirm({
        title: t('lead.largeAmount', { amount: formatYuan(v.plannedInvestmentYuan) }),
        okText: t('lead.largeAmountOk'),
        cancelText: t('common.cancel'),
        onOk: () => submit(confirmNotDuplicate, true),
      });
      return;
    }
    try {
      const res = await save.mutateAsync({ v, confirmNotDuplicate });
      message.success(editing ? t('common.saved') : t('lead.registered', { code: res.lead.code }));
      navigate(`/leads/${res.lead.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'LEAD_POSSIBLE_DUPLICATE') {
        const found = e.details as { candidates: DuplicateItem[]; related?: DuplicateItem[] };
        setCandidates([...found.candidates, ...(found.related ?? [])]);
      } else if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };

  // Another county's lead is a page that does not exist; a lead one reads but may not edit says so.
  if (editing && existing.error) return <RecordUnavailable error={existing.error} />;
  if (editing && existing.data && !existing.data.allowedActions.includes('edit'))
    return <RecordUnavailable error="not_editable" />;
  if (editing && !existing.data) return <Card loading />;
  return (
    <Card title={editing ? `${t('common.edit')} ${existing.data?.code ?? ''}` : t('lead.register')}>
      <Alert type="info" showIcon title={t('lead.scopeHint')} style={{ marginBottom: 16 }} />
      {visit.data && (
        <Alert
          type="success"
          showIcon
          data-testid="from-visit"
          title={t('visit.fromVisit', { date: visit.data.visitDate, firm: visit.data.investorName })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: 'resident_team', referrer: { kind: 'resident_team' }, isMajor: false }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="projectName"
              label={t('lead.projectName')}
              rules={[{ required: true }, zodRule(fields.projectName, lang, 'projectName')]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="investorName"
              label={t('lead.investorName')}
              rules={[{ required: true }, zodRule(fields.investorName, lang, 'investorName')]}
              extra={
                investorId && !editing
                  ? t('inv.picked', { name: form.getFieldValue('investorName') })
                  : undefined
              }
            >
              {editing ? (
                <Input />
              ) : (
                <InvestorInput
                  onPick={(firm) => {
                    setInvestorId(firm?.id ?? null);
                    if (firm)
                      form.setFieldsValue({
                        investorCreditCode: firm.creditCode ?? form.getFieldValue('investorCreditCode'),
                        investorType: firm.kind ?? form.getFieldValue('investorType'),
                        industryCode: firm.industryCode ?? form.getFieldValue('industryCode'),
                      });
                  }}
                />
              )}
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="investorCreditCode"
              label={t('lead.creditCode')}
              rules={[zodRule(creditCodeSchema, lang, 'investorCreditCode')]}
            >
              <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="investorType" label={t('lead.investorType')}>
              <Select
                allowClear
                options={INVESTOR_TYPES.map((k) => ({ value: k, label: INVESTOR_TYPE_LABELS[k][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="industryCode" label={t('lead.industry')}>
              <IndustryPicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="chainLinkId" label={t('lead.chainLink')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={chainOptions}
                placeholder={t('lead.chainLinkHint')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="plannedInvestmentYuan"
              label={t('lead.planned')}
              rules={[
                { required: true },
                {
                  validator: async (_r, v) => {
                    if (typeof v === 'number' && v < LEAD_SCOPE_MIN_YUAN)
                      throw new Error(t('lead.scopeError'));
                  },
                },
              ]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="fixedAssetInvestmentYuan" label={t('lead.fixedAsset')}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="landAreaMu" label={t('lead.landArea')}>
              <InputNumber min={0} style={{ width: '100%' }} addonAfter="亩" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['referrer', 'name']}
              label={t('lead.referrer')}
              rules={[{ required: true }, zodRule(referrerFields.name, lang, 'referrer.name')]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['referrer', 'organization']} label={t('lead.referrerOrg')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['referrer', 'phone']}
              label={t('lead.referrerPhone')}
              rules={[zodRule(referrerFields.phone, lang, 'referrer.phone')]}
              extra={editing && existing.data?.referrer.phone ? t('lead.phoneKept') : undefined}
            >
              <Input placeholder={editing ? existing.data?.referrer.phone : undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['referrer', 'kind']}
              label={t('lead.referrerKind')}
              rules={[{ required: true }]}
            >
              <Select
                options={REFERRER_KINDS.map((k) => ({ value: k, label: REFERRER_KIND_LABELS[k][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('lead.channel')} rules={[{ required: true }]}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c][lang] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="receivedAt" label={t('lead.receivedAt')} extra={t('lead.receivedAtHint')}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={afterToday}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="isMajor"
              label={t('lead.isMajor')}
              valuePropName="checked"
              extra={t('lead.isMajorHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" loading={save.isPending} onClick={() => void submit(false)}>
            {editing ? t('common.save') : t('lead.register')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      <Modal
        open={candidates !== null}
        title={t('lead.duplicateTitle')}
        okText={t('lead.confirmNotDuplicate')}
        cancelText={t('common.cancel')}
        onOk={() => {
          setCandidates(null);
          void submit(true, true);
        }}
        onCancel={() => setCandidates(null)}
      >
        <Alert type="warning" showIcon title={t('lead.duplicateHint')} style={{ marginBottom: 12 }} />
        <DuplicateList items={candidates ?? []} />
      </Modal>
    </Card>
  );
}
