import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { CLUSTER_KIND_LABELS, CLUSTER_KINDS, type ClusterKind } from '../../../core/clusters.js';
import { api } from '../../api/client.js';
import { type Cluster, useClusters, useOrgs } from '../../api/hooks.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

/** 产业集群: the province's and the city's clusters and emerging industries, with their industry codes. */
export function ClustersPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const clusters = useClusters();
  const { data: orgs } = useOrgs();
  const [kind, setKind] = useState<ClusterKind>('gd_pillar');
  const [editing, setEditing] = useState<Cluster | 'new' | null>(null);
  const [form] = Form.useForm();
  const manage = can('cluster.manage');

  const save = useMutation({
    mutationFn: (v: {
      name: string;
      description?: string;
      codes: string[];
      orgId?: number;
      kind: ClusterKind;
    }) =>
      editing === 'new'
        ? api('POST', '/api/clusters', { ...v, description: v.description || undefined })
        : api('PATCH', `/api/clusters/${(editing as Cluster).id}`, {
            version: (editing as Cluster).version,
            name: v.name,
            description: v.description || null,
            codes: v.codes,
          }),
    onSuccess: () => {
      message.success(t('common.saved'));
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: ['clusters'] });
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const toggleActive = useMutation({
    mutationFn: (c: Cluster) =>
      api('PATCH', `/api/clusters/${c.id}`, { version: c.version, active: !c.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clusters'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const toggle = (c: Cluster) => toggleActive.mutate(c);
  const orgName = (id: number | null) => (orgs ?? []).find((o) => o.id === id)?.name ?? '—';

  return (
    <Card
      title={t('industry.clusters')}
      extra={
        manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ kind, codes: [] });
              setEditing('new');
            }}
          >
            {t('common.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as ClusterKind)}
        items={CLUSTER_KINDS.map((k) => ({ key: k, label: CLUSTER_KIND_LABELS[k][lang] }))}
      />
      <Table<Cluster>
        rowKey="id"
        loading={clusters.isLoading}
        pagination={false}
        dataSource={(clusters.data ?? []).filter((c) => c.kind === kind)}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: t('industry.codes'),
            dataIndex: 'codes',
            render: (codes: string[]) => codes.map((c) => <Tag key={c}>{c}</Tag>),
          },
          ...(kind === 'county_specialty'
            ? [{ title: t('lead.counties'), dataIndex: 'orgId', render: orgName }]
            : []),
          {
            title: t('common.status'),
            dataIndex: 'active',
            render: (a: boolean) =>
              a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  render: (_: unknown, c: Cluster) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          form.resetFields();
                          form.setFieldsValue({ ...c, description: c.description ?? '' });
                          setEditing(c);
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" onClick={() => void toggle(c)}>
                        {c.active ? t('common.deactivate') : t('common.activate')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('common.create') : t('common.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true }]}>
            <Select
              disabled={editing !== 'new'}
              options={CLUSTER_KINDS.map((k) => ({ value: k, label: CLUSTER_KIND_LABELS[k][lang] }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="codes"
            label={t('industry.codes')}
            rules={[{ required: true }]}
            extra={t('industry.codesHint')}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} />
          </Form.Item>
          <Form.Item name="description" label={t('industry.description')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
