import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ASPECTS,
  assessBody,
  closeBody,
  dispatchBody,
  feedbackBody,
  progressBody,
  respondBody,
} from '../../../core/leads/schemas.js';
import {
  ACTION_LABELS,
  CHANNEL_LABELS,
  EVENT_LABELS,
  INVESTOR_TYPE_LABELS,
  type LeadAction,
  REFERRER_KIND_LABELS,
} from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { SLA_STEP_LABELS, type SlaStep } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { LeadDetail } from '../../api/types.js';
import { afterToday } from '../../components/dates.js';
import { errorMessage, fieldRules, showFieldErrors } from '../../components/forms.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { MoneyInput, SlaTag, StageTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { leadKeys, useLead, useLeadWrite } from './queries.js';

const TEXTAREA = <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />;

function ActionFields({ action, lead }: { action: LeadAction; lead: LeadDetail }) {
  const { t, lang } = useI18n();
  const { data: orgs } = useOrgs();
  const officers = useQuery({
    queryKey: leadKeys.officers(),
    queryFn: () =>
      api<{ items: { id: number; displayName: string; role: string }[] }>('GET', '/api/officers'),
    enabled: action === 'respond',
  });
  const req = [{ required: true }];
  const counties = (orgs ?? []).filter((o) => (o.kind === 'county' || o.kind === 'platform') && o.active);
  switch (action) {
    case 'respond':
      return (
        <>
          <Form.Item name="ownerUserId" label={t('lead.owner')} rules={req}>
            <Select
              options={(officers.data?.items ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="contactNote"
            label={t('lead.contactNote')}
            rules={fieldRules(respondBody, ['contactNote'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          {(
            [
              'investorProfile',
              'investmentContent',
              'benefits',
              'siteRequirements',
              'coordinationNeeds',
            ] as const
          ).map((k) => (
            <Form.Item
              key={k}
              name={['keyInfo', k]}
              label={t(`lead.keyInfo.${k}`)}
              rules={fieldRules(respondBody, ['keyInfo', k], lang)}
            >
              {TEXTAREA}
            </Form.Item>
          ))}
        </>
      );
    case 'assess':
      return (
        <>
          <Form.Item name="decision" label={t('lead.decision')} rules={req}>
            <Radio.Group
              options={[
                { value: 'follow', label: t('lead.decision.follow') },
                { value: 'decline', label: t('lead.decision.decline') },
              ]}
            />
          </Form.Item>
          {ASPECTS.map((a) => (
            <Form.Item
              key={a}
              name={['aspects', a]}
              label={t(`lead.aspect.${a}`)}
              rules={fieldRules(assessBody, ['aspects', a], lang)}
            >
              {TEXTAREA}
            </Form.Item>
          ))}
          <Form.Item
            name="proposals"
            label={t('lead.proposals')}
            rules={fieldRules(assessBody, ['proposals'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'feedback':
      return (
        <>
          <Form.Item
            name="to"
            label={t('lead.feedbackTo')}
            rules={fieldRules(feedbackBody, ['to'], lang)}
            initialValue={lead.referrer.name}
          >
            <Input />
          </Form.Item>
          <Form.Item name="channel" label={t('lead.feedbackChannel')} rules={req}>
            <Select
              options={(['phone', 'meeting', 'letter', 'message', 'email', 'other'] as const).map((c) => ({
                value: c,
                label: t(`lead.feedbackChannel.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('lead.feedbackNote')}
            rules={fieldRules(feedbackBody, ['note'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'dispatch':
      return (
        <>
          <Form.Item
            name="countyOrgIds"
            label={t('lead.counties')}
            rules={req}
            initialValue={lead.countyOrgIds.length ? lead.countyOrgIds : undefined}
          >
            <Select mode="multiple" options={counties.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item
            name="cityCoFollow"
            label={t('lead.cityCoFollow')}
            valuePropName="checked"
            extra={lead.plannedInvestmentYuan >= 500_000_000 ? t('lead.cityCoFollowForced') : undefined}
          >
            <Switch disabled={lead.plannedInvestmentYuan >= 500_000_000} />
          </Form.Item>
          {lead.stage === 'following' && (
            <Form.Item
              name="reason"
              label={t('lead.redispatchReason')}
              rules={[{ required: true }, ...fieldRules(dispatchBody, ['reason'], lang)]}
            >
              {TEXTAREA}
            </Form.Item>
          )}
        </>
      );
    case 'progress':
      return (
        <>
          <Form.Item
            name="summary"
            label={t('lead.progressSummary')}
            rules={fieldRules(progressBody, ['summary'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Form.Item
            name="nextSteps"
            label={t('lead.nextSteps')}
            rules={fieldRules(progressBody, ['nextSteps'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Form.Item
            name="blockers"
            label={t('lead.blockers')}
            rules={fieldRules(progressBody, ['blockers'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'sign':
      return (
        <>
          <Form.Item name="signedAt" label={t('lead.signedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="name" label={t('lead.projectName')} initialValue={lead.projectName}>
            <Input />
          </Form.Item>
          <Form.Item
            name="countyOrgId"
            label={t('lead.signCounty')}
            rules={req}
            initialValue={lead.countyOrgIds[0]}
          >
            <Select options={counties.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item
            name="totalInvestmentYuan"
            label={t('lead.totalInvestment')}
            initialValue={lead.plannedInvestmentYuan}
          >
            <MoneyInput />
          </Form.Item>
          <Form.Item name="industryCode" label={t('lead.industry')} initialValue={lead.industryCode}>
            <IndustryPicker />
          </Form.Item>
        </>
      );
    case 'close':
      return (
        <Form.Item
          name="reason"
          label={t('lead.closeReason')}
          rules={fieldRules(closeBody, ['reason'], lang)}
        >
          {TEXTAREA}
        </Form.Item>
      );
  }
}

export function LeadPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const _queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const [action, setAction] = useState<LeadAction | null>(null);
  const [clusterEdit, setClusterEdit] = useState<number[] | null>(null);
  const { can } = useSession();
  const clusters = useClusters();
  const clusterName = (id: number) => clusters.data?.find((c) => c.id === id)?.name ?? String(id);
  const [form] = Form.useForm();
  const lead = useLead(Number(id));
  const step = useLeadWrite(({ leadId, a, body }: { leadId: number; a: LeadAction; body: object }) =>
    api('POST', `/api/leads/${leadId}/${a}`, body),
  );
  const setClusters = useLeadWrite(({ leadId, clusterIds }: { leadId: number; clusterIds: number[] }) =>
    api('POST', `/api/leads/${leadId}/clusters`, { clusterIds }),
  );
  if (lead.error) return <NotFoundPage />;
  const l = lead.data;
  if (!l) return <Card loading />;
  const orgName = (oid?: number) => (orgs ?? []).find((o) => o.id === oid)?.name ?? '';

  const open = (a: LeadAction) => {
    form.resetFields();
    setAction(a);
  };
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body: Record<string, unknown> = { ...values };
    for (const [k, v] of Object.entries(body)) {
      if (dayjs.isDayjs(v))
        body[k] =
          k === 'signedAt' ? (v as Dayjs).format('YYYY-MM-DD') : (v as Dayjs).format('YYYY-MM-DDTHH:mm:ssZ');
      if (v === undefined || v === '') delete body[k];
    }
    try {
      await step.mutateAsync({ leadId: l.id, a: action!, body });
      message.success(`${ACTION_LABELS[action!][lang]} ✓`);
      setAction(null);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };

  const actions = l.allowedActions.filter((a) => a !== 'edit') as LeadAction[];
  const steps = ['response', 'assessment', 'feedback', 'progress'] as const;
  const stepLabel = (s: (typeof steps)[number]) =>
    SLA_STEP_LABELS[(s === 'assessment' && l.isMajor ? 'assessment_major' : s) as SlaStep][lang];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Typography.Text type="secondary">{l.code}</Typography.Text>
            {l.projectName}
            <StageTag stage={l.stage} />
            {l.isMajor && <Tag color="red">{t('lead.isMajor')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap data-testid="lead-actions">
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'close' ? 'default' : 'primary'}
                danger={a === 'close'}
                onClick={() => open(a)}
              >
                {ACTION_LABELS[a][lang]}
              </Button>
            ))}
            {l.allowedActions.includes('edit') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/leads/${l.id}/edit`)}>
                {t('common.edit')}
              </Button>
            )}
          </Space>
        }
      >
        {l.closedReason && (
          <Alert
            type="info"
            showIcon
            title={`${t('lead.closeReason')}：${l.closedReason}`}
            style={{ marginBottom: 12 }}
          />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('lead.investorName')}>{l.investorName}</Descriptions.Item>
          <Descriptions.Item label={t('lead.creditCode')}>{l.investorCreditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('lead.investorType')}>
            {l.investorType
              ? INVESTOR_TYPE_LABELS[l.investorType as keyof typeof INVESTOR_TYPE_LABELS][lang]
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.planned')}>
            {formatYuan(l.plannedInvestmentYuan)}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.fixedAsset')}>
            {formatYuan(l.fixedAssetInvestmentYuan)}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.landArea')}>
            {l.landAreaMu !== undefined ? `${l.landAreaMu} 亩` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.industry')}>
            {l.industryCode ? `${l.industryCode} ${l.industryName ?? ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.referrer')}>
            {[l.referrer.name, l.referrer.organization, l.referrer.phone].filter(Boolean).join(' / ')} (
            {REFERRER_KIND_LABELS[l.referrer.kind as keyof typeof REFERRER_KIND_LABELS]?.[lang]})
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.channel')}>
            {CHANNEL_LABELS[l.channel as keyof typeof CHANNEL_LABELS]?.[lang]}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.receivedAt')}>{formatShanghai(l.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('lead.ownerOrg')}>{orgName(l.ownerOrgId)}</Descriptions.Item>
          <Descriptions.Item label={t('lead.counties')}>
            {l.countyOrgIds.map((c) => orgName(c)).join('、') || '—'}
            {l.cityCoFollow && <Tag style={{ marginLeft: 8 }}>{t('lead.cityCoFollow')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.clusters')}>
            <Space size={4} wrap data-testid="lead-clusters">
              {l.clusterIds.map((id) => (
                <Tag key={id} color="blue">
                  {clusterName(id)}
                </Tag>
              ))}
              {l.clusterIds.length === 0 && '—'}
              {can('lead.handle') && (
                <Button size="small" type="link" onClick={() => setClusterEdit(l.clusterIds)}>
                  {t('lead.adjustClusters')}
                </Button>
              )}
            </Space>
          </Descriptions.Item>
          {l.project && (
            <Descriptions.Item label={t('lead.project')}>
              <Link to={`/projects/${l.project.id}`}>
                <Tag color="green">{l.project.code}</Tag>
                {l.project.name}
              </Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Row gutter={16}>
        {steps.map((s) => (
          <Col xs={24} md={12} xl={6} key={s}>
            <Card size="small" title={stepLabel(s)} data-testid={`clock-${s}`}>
              <SlaTag view={l.sla[s]} />
              <div style={{ marginTop: 8, fontSize: 12, color: '#595959' }}>
                {l.sla[s].dueDate && (
                  <div>
                    {t('preview.due')}：{l.sla[s].dueDate}
                    {l.sla[s].policy &&
                      ` （${l.sla[s].policy!.amount} ${l.sla[s].policy!.unit === 'workday' ? '个工作日' : '个自然日'}）`}
                  </div>
                )}
                {l.sla[s].completedAt && (
                  <div>
                    {t('lead.completedAt')}：{formatShanghai(l.sla[s].completedAt!)}
                  </div>
                )}
              </div>
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={t('lead.timeline')}>
            <Timeline
              items={l.events.map((e) => ({
                color:
                  e.type === 'closed' || e.type === 'close' ? 'gray' : e.type === 'sign' ? 'green' : 'blue',
                children: (
                  <div data-testid="timeline-item">
                    <Typography.Text strong>{EVENT_LABELS[e.type]?.[lang] ?? e.type}</Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {formatShanghai(e.at)} · {e.userName}
                    </Typography.Text>
                    <EventDetail data={e.data} orgName={orgName} />
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {l.duplicates.length > 0 && (
            <Card title={t('lead.duplicates')} style={{ marginBottom: 16 }}>
              {l.duplicates.map((d) => (
                <div key={d.linkId}>
                  <Tag>{d.type === 'lead' ? t('lead.kindLead') : t('lead.kindProject')}</Tag>
                  {d.type === 'lead' ? <Link to={`/leads/${d.id}`}>{d.code}</Link> : d.code} {d.name}{' '}
                  <StageTag stage={d.stage} />
                  {d.resolution && <Tag color="green">{d.resolution}</Tag>}
                </div>
              ))}
            </Card>
          )}
          {l.steps.response && (
            <Card title={t('lead.keyInfoTitle')} size="small">
              <Descriptions column={1} size="small">
                {Object.entries((l.steps.response.keyInfo ?? {}) as Record<string, string>).map(([k, v]) => (
                  <Descriptions.Item key={k} label={t(`lead.keyInfo.${k}` as Parameters<typeof t>[0])}>
                    {v}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>

      <Modal
        open={clusterEdit !== null}
        title={`${t('lead.clusters')} · ${l.code}`}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setClusterEdit(null)}
        onOk={async () => {
          try {
            await setClusters.mutateAsync({ leadId: l.id, clusterIds: clusterEdit ?? [] });
            setClusterEdit(null);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={clusterEdit ?? []}
          onChange={setClusterEdit}
          optionFilterProp="label"
          options={(clusters.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Modal>
      <Modal
        open={action !== null}
        title={action ? `${ACTION_LABELS[action][lang]} · ${l.code}` : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        onCancel={() => setAction(null)}
        confirmLoading={step.isPending}
        width={720}
        destroyOnHidden
      >
        {action && (
          <Form form={form} layout="vertical" preserve={false}>
            <ActionFields action={action} lead={l} />
            <Form.Item name="at" label={t('lead.at')} extra={t('lead.atHint')}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={afterToday}
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Space>
  );
}

function EventDetail({ data, orgName }: { data: Record<string, unknown>; orgName: (id: number) => string }) {
  const { t } = useI18n();
  const keys = [
    'summary',
    'nextSteps',
    'blockers',
    'note',
    'proposals',
    'contactNote',
    'reason',
    'to',
    'projectCode',
  ];
  const text = keys.map((k) => data[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (data.decision === 'follow' || data.decision === 'decline')
    text.unshift(t(`lead.decision.${data.decision}`));
  if (Array.isArray(data.countyOrgIds)) text.unshift((data.countyOrgIds as number[]).map(orgName).join('、'));
  if (!text.length) return null;
  return <div style={{ color: '#595959', fontSize: 13 }}>{text.join('；')}</div>;
}
