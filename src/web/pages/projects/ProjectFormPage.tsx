import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { KEY_LEVEL_LABELS, KEY_LEVELS } from '../../../core/projects/keyProjects.js';
import { createProjectBody } from '../../../core/projects/schemas.js';
import { api } from '../../api/client.js';
import { useChainLinkOptions, useOrgs } from '../../api/hooks.js';
import type { Project } from '../../api/types.js';
import { afterToday } from '../../components/dates.js';
import { errorMessage, fieldRules, showFieldErrors } from '../../components/forms.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { useProject, useProjectWrite } from './queries.js';

const DATE_FIELDS = ['signedOn', 'plannedStartOn', 'plannedProductionOn', 'statsRegisteredOn'] as const;

/** Enter a project directly (older ones, ones signed elsewhere) or edit one. */
export function ProjectFormPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const editing = id !== undefined;
  const [form] = Form.useForm();
  const { data: orgs } = useOrgs();
  const chainOptions = useChainLinkOptions();
  const existing = useProject(editing ? Number(id) : undefined);
  const save = useProjectWrite((body: Record<string, unknown>) =>
    editing
      ? api<{ project: Project }>('PATCH', `/api/projects/${id}`, {
          ...body,
          version: existing.data!.version,
        })
      : api<{ project: Project }>('POST', '/api/projects', body),
  );
  useEffect(() => {
    if (!existing.data) return;
    const p = existing.data;
    form.setFieldsValue({
      ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)),
      ...Object.fromEntries(DATE_FIELDS.map((k) => [k, p[k] ? dayjs(p[k]) : undefined])),
    });
  }, [existing.data, form]);
  const rules = (name: keyof typeof createProjectBody.shape) => fieldRules(createProjectBody, [name], lang);
  const counties = (orgs ?? []).filter((o) => o.kind === 'county');
  const mine = counties.find((c) => c.id === me?.user.orgId);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = { ...v };
    for (const k of DATE_FIELDS) body[k] = (v[k] as Dayjs | undefined)?.format('YYYY-MM-DD');
    for (const [k, x] of Object.entries(body)) if (x === undefined || x === '' || x === null) delete body[k];
    try {
      const res = await save.mutateAsync(body);
      message.success(editing ? t('common.saved') : t('project.created', { code: res.project.code }));
      navigate(`/projects/${res.project.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };

  if (editing && existing.error) return <RecordUnavailable error={existing.error} />;
  if (editing && existing.data && !existing.data.actions?.includes('edit'))
    return <RecordUnavailable error="not_editable" />;
  if (editing && !existing.data) return <Card loading />;
  return (
    <Card title={editing ? `${t('common.edit')} ${existing.data?.code ?? ''}` : t('project.new')}>
      <Form form={form} layout="vertical" initialValues={mine ? { countyOrgId: mine.id } : {}}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('project.name')} rules={rules('name')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="investorName" label={t('project.investor')} rules={rules('investorName')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="investorCreditCode"
              label={t('lead.creditCode')}
              rules={rules('investorCreditCode')}
            >
              <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="countyOrgId" label={t('project.county')} rules={[{ required: true }]}>
              <Select
                options={counties.map((o) => ({ value: o.id, label: o.name }))}
                disabled={Boolean(mine)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="parkOrgId" label={t('project.park')}>
              <Select
                allowClear
                options={(orgs ?? [])
                  .filter((o) => o.kind === 'platform')
                  .map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="industryCode" label={t('lead.industry')} extra={t('project.manufacturingHint')}>
              <IndustryPicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="chainLinkId" label={t('lead.chainLink')}>
              <Select allowClear showSearch optionFilterProp="label" options={chainOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="totalInvestmentYuan" label={t('project.total')} rules={[{ required: true }]}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signedOn" label={t('project.signedOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedStartOn" label={t('project.plannedStartOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedProductionOn" label={t('project.plannedProductionOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedOutputYuan" label={t('project.plannedOutput')}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedTaxYuan" label={t('project.plannedTax')}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedJobs" label={t('project.plannedJobs')} rules={rules('plannedJobs')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="keyLevels" label={t('key.levels')} extra={t('key.levelsHint')}>
              <Checkbox.Group
                options={KEY_LEVELS.map((l) => ({ value: l, label: KEY_LEVEL_LABELS[l][lang] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="statsRegisteredOn" label={t('key.statsOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="statsCode" label={t('key.statsCode')} rules={rules('statsCode')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('project.note')} rules={rules('note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
