/**
 * 群机器人 (the administrator's): the work-group robots of each organisation — 企业微信, 钉钉,
 * 飞书 or a JSON webhook — what each receives, 发送测试, and their last delivery. The robot's
 * address and secret are written, never shown again: leave them blank to keep them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { createChannelBody } from '../../../core/notificationSchemas.js';
import {
  CHANNEL_KIND_LABELS,
  CHANNEL_KINDS,
  CHANNEL_TOPIC_LABELS,
  CHANNEL_TOPICS,
  type ChannelKind,
} from '../../../core/notifications.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import type { Channel, TestSend } from '../../api/types.js';
import { errorMessage, fieldRules, showFieldErrors } from '../../components/forms.js';
import { orgTreeData } from '../../components/orgTree.js';
import { useI18n } from '../../i18n/index.js';
import { channelKeys } from './queries.js';

const ADDRESS_HINT: Record<ChannelKind, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  webhook: 'https://…',
};

interface FormValues {
  orgId: number;
  kind: ChannelKind;
  name: string;
  url: string;
  secret?: string;
  clearSecret?: boolean;
  topics: string[];
  enabled: boolean;
}

export function ChannelsPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { data: orgs } = useOrgs();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const isNew = editing === 'new';
  const current = editing !== null && editing !== 'new' ? editing : null;
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const channels = useQuery({
    queryKey: channelKeys.list(),
    queryFn: () => api<{ items: Channel[] }>('GET', '/api/channels'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.all });

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      !current
        ? api('POST', '/api/channels', { ...v, secret: v.secret || undefined })
        : api('PUT', `/api/channels/${current.id}`, {
            version: current.version,
            name: v.name,
            url: v.url ?? '',
            secret: v.secret || undefined,
            clearSecret: v.clearSecret || undefined,
            topics: v.topics,
            enabled: v.enabled,
          }),
    onSuccess: () => {
      message.success(t('common.saved'));
      setEditing(null);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/channels/${id}`),
    onSuccess: () => {
      message.success(t('channels.removed'));
      void refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const test = useMutation({
    mutationFn: (id: number) => api<TestSend>('POST', `/api/channels/${id}/test`),
    onSuccess: (r) => {
      void refresh();
      if (r.delivered) message.success(t('channels.testSent'));
      else modal.error({ title: t('channels.testFailed'), content: r.error });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const openForm = (c: Channel | 'new') => {
    setEditing(c);
    form.resetFields();
    form.setFieldsValue(
      c === 'new'
        ? { kind: 'wecom', topics: ['daily', 'dispatch'], enabled: true }
        : {
            orgId: c.orgId,
            kind: c.kind,
            name: c.name,
            url: '',
            secret: '',
            topics: c.topics,
            enabled: c.enabled,
          },
    );
  };

  return (
    <Card
      title={t('channels.title')}
      extra={
        <Button type="primary" onClick={() => openForm('new')} data-testid="add-channel">
          {t('channels.add')}
        </Button>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('channels.intro')} />
      <Table<Channel>
        rowKey="id"
        size="small"
        loading={channels.isLoading}
        dataSource={channels.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('channels.none') }}
        columns={[
          { title: t('channels.org'), dataIndex: 'orgName', width: 150 },
          {
            title: t('channels.name'),
            dataIndex: 'name',
            render: (name: string, c) => (
              <Space direction="vertical" size={0}>
                <span>
                  {name} {!c.enabled && <Tag>{t('channels.disabled')}</Tag>}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {CHANNEL_KIND_LABELS[c.kind][lang]} · {c.addressHint}
                  {c.hasSecret ? ` · ${t('channels.signed')}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('channels.topics'),
            dataIndex: 'topics',
            render: (topics: Channel['topics']) =>
              topics.map((x) => (
                <Tag key={x}>{CHANNEL_TOPIC_LABELS[x][lang].replace(/（.*）|\s\(.*\)/, '')}</Tag>
              )),
          },
          {
            title: t('channels.last'),
            dataIndex: 'lastDelivery',
            width: 190,
            render: (d: Channel['lastDelivery']) =>
              d ? (
                <Space direction="vertical" size={0}>
                  <Tag color={d.status === 'sent' ? 'green' : d.status === 'failed' ? 'red' : 'blue'}>
                    {t(`deliveries.${d.status}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: d.error }}>
                    {formatShanghai(d.at)}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 220,
            render: (_: unknown, c) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  loading={test.isPending && test.variables === c.id}
                  onClick={() => test.mutate(c.id)}
                >
                  {t('channels.test')}
                </Button>
                <Button type="link" size="small" onClick={() => openForm(c)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('channels.confirmRemove')} onConfirm={() => remove.mutate(c.id)}>
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={isNew ? t('channels.add') : t('channels.edit')}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="orgId"
            label={t('channels.org')}
            rules={isNew ? fieldRules(createChannelBody, ['orgId'], lang) : []}
          >
            <TreeSelect
              treeData={orgTreeData(orgs)}
              disabled={!isNew}
              showSearch
              treeNodeFilterProp="title"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('channels.kind')}>
            <Select
              disabled={!isNew}
              options={CHANNEL_KINDS.map((k) => ({ value: k, label: CHANNEL_KIND_LABELS[k][lang] }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('channels.name')}
            rules={[{ required: true, message: t('channels.nameRequired') }]}
          >
            <Input maxLength={60} placeholder={t('channels.namePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('channels.url')}
            extra={current ? t('channels.keepBlank', { hint: current.addressHint }) : t('channels.urlHelp')}
            rules={isNew ? [{ required: true, message: t('channels.urlRequired') }] : []}
          >
            <Input.Password placeholder={ADDRESS_HINT[kind ?? 'wecom']} autoComplete="off" visibilityToggle />
          </Form.Item>
          {kind !== 'wecom' && (
            <Form.Item
              name="secret"
              label={t('channels.secret')}
              extra={
                current?.hasSecret
                  ? t('channels.secretKept')
                  : kind === 'webhook'
                    ? t('channels.secretWebhook')
                    : t('channels.secretHelp')
              }
            >
              <Input.Password autoComplete="off" />
            </Form.Item>
          )}
          {current?.hasSecret && (
            <Form.Item name="clearSecret" valuePropName="checked">
              <Checkbox>{t('channels.clearSecret')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="topics" label={t('channels.topics')}>
            <Checkbox.Group
              style={{ display: 'grid', gap: 4 }}
              options={CHANNEL_TOPICS.map((x) => ({ value: x, label: CHANNEL_TOPIC_LABELS[x][lang] }))}
            />
          </Form.Item>
          <Form.Item name="enabled" label={t('channels.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
