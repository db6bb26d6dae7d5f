import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { LOST_REASON_LABELS } from '../../../core/leads/lost.js';
import { KEY_FACTS } from '../../../core/leads/schemas.js';
import {
  ACTION_LABELS,
  CHANNEL_LABELS,
  INVESTOR_TYPE_LABELS,
  type LeadAction,
  REFERRER_KIND_LABELS,
} from '../../../core/leads/stages.js';
import { stepNotice } from '../../../core/leads/stepNotice.js';
import { formatYuan } from '../../../core/money.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { useClusters, useOrgs } from '../../api/hooks.js';
import type { LeadDetail } from '../../api/types.js';
import { Attachments } from '../../components/Attachments.js';
import { DuplicateList } from '../../components/DuplicateList.js';
import { afterToday } from '../../components/dates.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { ChainLinkText, StageTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { ContactPhone } from './ContactPhone.js';
import { LeadClocks, LeadTimeline } from './LeadTimeline.js';
import { useLead, useLeadWrite } from './queries.js';
import { ReviewsCard } from './ReviewsCard.js';
import { StepFields } from './StepFields.js';

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
    api<{ lead: LeadDetail }>('POST', `/api/leads/${leadId}/${a}`, body),
  );
  const setClusters = useLeadWrite(({ leadId, clusterIds }: { leadId: number; clusterIds: number[] }) =>
    api('POST', `/api/leads/${leadId}/clusters`, { clusterIds }),
  );
  if (lead.error) return <RecordUnavailable error={lead.error} />;
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
      const answer = await step.mutateAsync({ leadId: l.id, a: action!, body });
      message.success(stepNotice(action!, l, answer.lead, lang), 6);
      setAction(null);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };

  // Completing the key facts is offered on their card, not among the steps.
  const actions = l.allowedActions.filter((a) => a !== 'edit' && a !== 'supplement') as LeadAction[];
  const keyFacts = (l.steps.response?.keyInfo ?? {}) as Partial<Record<(typeof KEY_FACTS)[number], string>>;

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
            {can('visit.record') && l.stage !== 'closed' && (
              <Button onClick={() => navigate(`/visits/new?leadId=${l.id}`)}>{t('visit.new')}</Button>
            )}
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
            title={`${t('lead.closeReason')}：${l.closedReason}${
              l.lostToCity || l.lostReason
                ? `（${[l.lostToCity, l.lostReason ? LOST_REASON_LABELS[l.lostReason][lang] : null].filter(Boolean).join('，')}）`
                : ''
            }`}
            style={{ marginBottom: 12 }}
          />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('lead.investorName')}>
            {l.investorId && can('investor.read') ? (
              <Link to={`/investors/${l.investorId}`}>{l.investorName}</Link>
            ) : (
              l.investorName
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.creditCode')}>
            <span className="nowrap">{l.investorCreditCode ?? '—'}</span>
          </Descriptions.Item>
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
          <Descriptions.Item label={t('lead.chainLink')}>
            <ChainLinkText link={l.chainLink} />
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.referrer')}>
            {[l.referrer.name, l.referrer.organization].filter(Boolean).join(' / ')} (
            {REFERRER_KIND_LABELS[l.referrer.kind as keyof typeof REFERRER_KIND_LABELS]?.[lang]})
            {l.referrer.phone && (
              <>
                {' / '}
                <ContactPhone leadId={l.id} masked={l.referrer.phone} revealable={l.contactRevealable} />
              </>
            )}
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

      <LeadClocks lead={l} />

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <LeadTimeline lead={l} orgName={orgName} />
        </Col>
        <Col xs={24} xl={10}>
          {l.duplicates.length > 0 && (
            <Card title={t('lead.duplicates')} style={{ marginBottom: 16 }} size="small">
              <DuplicateList items={l.duplicates} />
            </Card>
          )}
          {can('review.read') && <ReviewsCard lead={l} />}
          <Card title={t('attach.title')} size="small" style={{ marginBottom: 16 }}>
            <Attachments
              entityType="lead"
              entityId={l.id}
              canWrite={l.allowedActions.includes('edit') || l.allowedActions.includes('progress')}
            />
          </Card>
          {l.steps.response && (
            <Card
              title={t('lead.keyInfoTitle')}
              size="small"
              data-testid="key-facts"
              extra={
                l.allowedActions.includes('supplement') && (
                  <Button size="small" icon={<EditOutlined />} onClick={() => open('supplement')}>
                    {ACTION_LABELS.supplement[lang]}
                  </Button>
                )
              }
            >
              <Descriptions column={1} size="small">
                {KEY_FACTS.map((k) => (
                  <Descriptions.Item key={k} label={t(`lead.keyInfo.${k}`)}>
                    {keyFacts[k] || (
                      <Typography.Text type="secondary">{t('lead.keyInfoMissing')}</Typography.Text>
                    )}
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
            <StepFields action={action} lead={l} />
            {action !== 'sign' && (
              <Form.Item name="at" label={t('lead.at')} extra={t('lead.atHint')}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={afterToday}
                />
              </Form.Item>
            )}
          </Form>
        )}
      </Modal>
    </Space>
  );
}
