/** Add a firm to the register, or edit one: a modal opened by the button it wraps. */
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { cloneElement, type ReactElement, useState } from 'react';
import {
  CHAIN_ROLE_LABELS,
  CHAIN_ROLES,
  createInvestorBody,
  INVESTOR_KINDS,
} from '../../../core/investors.js';
import { INVESTOR_TYPE_LABELS } from '../../../core/leads/stages.js';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { useI18n } from '../../i18n/index.js';
import { type InvestorDetail, useFieldWrite } from './api.js';

const fields = createInvestorBody.shape;

export function InvestorFormButton({
  investor,
  onSaved,
  children,
}: {
  investor?: InvestorDetail;
  onSaved?: (id: number) => void;
  children: ReactElement<{ onClick?: () => void }>;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = useFieldWrite((v: Record<string, unknown>) =>
    investor
      ? api<{ investor: InvestorDetail }>('PATCH', `/api/investors/${investor.id}`, {
          ...v,
          version: investor.version,
        })
      : api<{ investor: InvestorDetail }>('POST', '/api/investors', v),
  );
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, x === '' || x === undefined ? (investor ? null : undefined) : x]),
    );
    if (!investor) for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    if (investor && body.name === null) delete body.name;
    if (investor && body.aliases === null) body.aliases = [];
    try {
      const res = await save.mutateAsync(body);
      message.success(t('common.saved'));
      setOpen(false);
      onSaved?.(res.investor.id);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    }
  };
  return (
    <>
      {cloneElement(children, {
        onClick: () => {
          form.setFieldsValue(
            investor
              ? {
                  name: investor.name,
                  creditCode: investor.creditCode ?? undefined,
                  kind: investor.kind ?? undefined,
                  hqRegion: investor.hqRegion ?? undefined,
                  industryCode: investor.industryCode ?? undefined,
                  chainRole: investor.chainRole ?? undefined,
                  aliases: investor.aliases,
                  notes: investor.notes ?? undefined,
                }
              : {},
          );
          setOpen(true);
        },
      })}
      <Modal
        open={open}
        title={investor ? `${t('common.edit')} ${investor.name}` : t('inv.new')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        width={720}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Row gutter={12}>
            <Col xs={24} md={14}>
              <Form.Item
                name="name"
                label={t('inv.name')}
                rules={[{ required: true }, zodRule(fields.name, lang, 'name')]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="creditCode"
                label={t('inv.creditCode')}
                rules={[zodRule(fields.creditCode, lang, 'creditCode')]}
              >
                <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('inv.kind')}>
                <Select
                  allowClear
                  options={INVESTOR_KINDS.map((k) => ({ value: k, label: INVESTOR_TYPE_LABELS[k][lang] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="hqRegion" label={t('inv.hq')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="chainRole" label={t('inv.chainRole')}>
                <Select
                  allowClear
                  options={CHAIN_ROLES.map((k) => ({ value: k, label: CHAIN_ROLE_LABELS[k][lang] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="industryCode" label={t('inv.industry')}>
                <IndustryPicker />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="aliases" label={t('inv.aliases')}>
                <Select mode="tags" open={false} tokenSeparators={['，', ',', '、']} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="notes" label={t('inv.notes')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
