/**
 * A firm: what the reader may see of it — who follows it (city-wide), its contacts (masked; revealed
 * on request, audited, to those who follow it; none for leaders), its leads, projects, visits and
 * chains; edit, add a contact, merge a duplicate (city officer), log a visit.
 */
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CHAIN_ROLE_LABELS, contactBody, mergeInvestorBody } from '../../../core/investors.js';
import { INVESTOR_TYPE_LABELS, type LeadStage, STAGE_LABELS } from '../../../core/leads/stages.js';
import { formatYuan } from '../../../core/money.js';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../../../core/projects/stages.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { InvestorInput } from '../../components/InvestorInput.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { fieldKeys, type InvestorDetail, type InvestorSummary, useFieldWrite } from './api.js';
import { InvestorFormButton } from './InvestorForm.js';
import { Followers } from './InvestorsPage.js';
import { VisitList } from './VisitsPage.js';

type Contact = NonNullable<InvestorDetail['contacts']>[number];

function ContactLine({
  firmId,
  contact,
  revealable,
}: {
  firmId: number;
  contact: Contact;
  revealable: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<{ phone: string | null; email: string | null } | null>(null);
  const reveal = async () => {
    try {
      setFull(await api('POST', `/api/investors/${firmId}/contacts/${contact.id}/reveal`));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const shown = full ?? contact;
  return (
    <List.Item
      actions={
        revealable && !full && (contact.phone || contact.email)
          ? [
              <Button key="reveal" size="small" icon={<EyeOutlined />} onClick={() => void reveal()}>
                {t('inv.reveal')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={`${contact.name}${contact.title ? ` · ${contact.title}` : ''}`}
        description={
          <Space wrap size={[12, 0]}>
            {shown.phone && (
              <span data-testid="contact-phone">
                {t('inv.phone')} {full ? <a href={`tel:${shown.phone}`}>{shown.phone}</a> : shown.phone}
              </span>
            )}
            {shown.email && (
              <span>
                {t('inv.email')} {shown.email}
              </span>
            )}
            <Typography.Text type="secondary">
              {t('inv.addedBy')} {contact.addedByName} {formatShanghai(contact.createdAt).slice(0, 10)}
            </Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

function AddContact({ firmId }: { firmId: number }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = useFieldWrite((v: object) => api('POST', `/api/investors/${firmId}/contacts`, v));
  const fields = contactBody.shape;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await save.mutateAsync(
        Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
      );
      message.success(t('common.saved'));
      setOpen(false);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('inv.addContact')}
      </Button>
      <Modal
        open={open}
        title={t('inv.addContact')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="name"
            label={t('inv.contactName')}
            rules={[{ required: true }, zodRule(fields.name, lang, 'name')]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('inv.contactTitle')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={t('inv.phone')} rules={[zodRule(fields.phone, lang, 'phone')]}>
            <Input type="tel" inputMode="tel" />
          </Form.Item>
          <Form.Item name="email" label={t('inv.email')} rules={[zodRule(fields.email, lang, 'email')]}>
            <Input type="email" inputMode="email" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function MergeButton({ firm }: { firm: InvestorDetail }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [into, setInto] = useState<InvestorSummary | null>(null);
  const [text, setText] = useState('');
  const [form] = Form.useForm();
  const merge = useFieldWrite((v: { intoId: number; reason: string }) =>
    api<{ investor: InvestorDetail }>('POST', `/api/investors/${firm.id}/merge`, v),
  );
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (!into) {
      form.setFields([{ name: 'into', errors: [t('inv.pick')] }]);
      return;
    }
    try {
      const res = await merge.mutateAsync({ intoId: into.id, reason: v.reason });
      setOpen(false);
      navigate(`/investors/${res.investor.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('inv.merge')}
      </Button>
      <Modal
        open={open}
        title={`${t('inv.merge')}：${firm.name}`}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={merge.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('inv.mergeHint')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="into" label={t('inv.mergeInto')} required>
            <InvestorInput
              value={text}
              onChange={setText}
              onPick={(f) => setInto(f && f.id !== firm.id ? f : null)}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('inv.reason')}
            rules={[{ required: true }, zodRule(mergeInvestorBody.shape.reason, lang, 'reason')]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function InvestorPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useQuery({
    queryKey: fieldKeys.investor(id),
    queryFn: () => api<{ investor: InvestorDetail }>('GET', `/api/investors/${id}`).then((r) => r.investor),
  });
  if (q.error) return <RecordUnavailable error={q.error} />;
  const f = q.data;
  if (!f) return <Card loading />;
  const live = f.mergedIntoId === null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={f.name}
        extra={
          live && (
            <Space wrap>
              {can('visit.record') && (
                <Button type="primary" onClick={() => navigate(`/visits/new?investorId=${f.id}`)}>
                  {t('inv.logVisit')}
                </Button>
              )}
              {can('investor.manage') && (
                <InvestorFormButton investor={f}>
                  <Button>{t('common.edit')}</Button>
                </InvestorFormButton>
              )}
              {can('investor.merge') && <MergeButton firm={f} />}
            </Space>
          )
        }
      >
        {!live && (
          <Alert
            type="warning"
            showIcon
            title={t('inv.merged')}
            action={<Link to={`/investors/${f.mergedIntoId}`}>{t('inv.openMerged')}</Link>}
            style={{ marginBottom: 12 }}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('inv.creditCode')}>{f.creditCode}</Descriptions.Item>
          <Descriptions.Item label={t('inv.kind')}>
            {f.kind ? INVESTOR_TYPE_LABELS[f.kind][lang] : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('inv.hq')}>{f.hqRegion}</Descriptions.Item>
          <Descriptions.Item label={t('inv.industry')}>{f.industryCode}</Descriptions.Item>
          <Descriptions.Item label={t('inv.chainRole')}>
            {f.chainRole ? CHAIN_ROLE_LABELS[f.chainRole][lang] : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('inv.chains')}>
            {f.chains.map((c) => (
              <Tag key={c.id}>{c.name}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('inv.aliases')}>{f.aliases.join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('inv.followers')} span={2}>
            <span data-testid="followers">
              <Followers firm={f} />
            </span>
          </Descriptions.Item>
          {f.notes && <Descriptions.Item label={t('inv.notes')}>{f.notes}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('inv.contacts')}
            extra={f.contacts && live && can('investor.manage') && <AddContact firmId={f.id} />}
            data-testid="contacts"
          >
            {f.contacts === null ? (
              <Typography.Text type="secondary">{t('inv.leaderNoContacts')}</Typography.Text>
            ) : (
              <>
                <List
                  size="small"
                  dataSource={f.contacts}
                  renderItem={(c) => (
                    <ContactLine firmId={f.id} contact={c} revealable={f.contactRevealable} />
                  )}
                />
                {f.contacts.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('inv.revealHint')}
                  </Typography.Text>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={`${t('inv.leads')}（${f.leads.length}）· ${t('inv.projects')}（${f.projects.length}）`}
          >
            <List
              size="small"
              dataSource={[
                ...f.leads.map((l) => ({
                  ...l,
                  to: `/leads/${l.id}`,
                  stage: STAGE_LABELS[l.stage as LeadStage]?.[lang] ?? l.stage,
                })),
                ...f.projects.map((p) => ({
                  ...p,
                  to: `/projects/${p.id}`,
                  stage: PROJECT_STAGE_LABELS[p.stage as ProjectStage]?.[lang] ?? p.stage,
                })),
              ]}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta
                    title={<Link to={r.to}>{r.name}</Link>}
                    description={`${r.code} · ${r.orgName} · ${r.stage} · ${formatYuan(r.amountYuan)}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('inv.visits')}>
        <VisitList visits={f.visits} showFirm={false} />
      </Card>
    </Space>
  );
}
