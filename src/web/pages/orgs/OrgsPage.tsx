import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
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
} from 'antd';
import { useMemo, useState } from 'react';
import { ORG_KIND_LABELS, ORG_KINDS, type OrgKind } from '../../../core/orgs.js';
import { regionCode as regionCodeSchema } from '../../../core/schemas.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import type { Org } from '../../api/types.js';
import { errorMessage, showFieldErrors, zodRule } from '../../components/forms.js';
import { orgTreeData } from '../../components/orgTree.js';
import { useI18n } from '../../i18n/index.js';

type Row = Org & { children?: Row[] };
type Editing = { mode: 'create'; parentId?: number } | { mode: 'edit'; org: Org } | null;

export function OrgsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: orgs, isLoading } = useOrgs();
  const [editing, setEditing] = useState<Editing>(null);
  const [form] = Form.useForm();

  const rows = useMemo(() => {
    const byId = new Map<number, Row>((orgs ?? []).map((o) => [o.id, { ...o }]));
    const roots: Row[] = [];
    for (const o of orgs ?? []) {
      const parent = o.parentId ? byId.get(o.parentId) : undefined;
      const row = byId.get(o.id)!;
      if (!parent) roots.push(row);
      else if (parent.children) parent.children.push(row);
      else parent.children = [row];
    }
    return roots;
  }, [orgs]);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['orgs'] });
  const save = useMutation({
    mutationFn: async (values: {
      name: string;
      kind: OrgKind;
      regionCode?: string;
      parentId?: number;
      requireTotp?: boolean;
    }) => {
      const regionCode = values.regionCode?.trim() || undefined;
      if (editing?.mode === 'edit') {
        return api('PATCH', `/api/orgs/${editing.org.id}`, {
          version: editing.org.version,
          name: values.name,
          regionCode: regionCode ?? null,
          parentId: values.parentId ?? null,
          requireTotp: values.requireTotp ?? false,
        });
      }
      const { requireTotp: _ignored, ...created } = values;
      return api('POST', '/api/orgs', { ...created, regionCode });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      setEditing(null);
      void invalidate();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });

  const activation = useMutation({
    mutationFn: ({ org, active }: { org: Org; active: boolean }) =>
      api('PATCH', `/api/orgs/${org.id}`, { version: org.version, active }),
    onSuccess: () => message.success(t('common.saved')),
    onError: (e) => message.error(errorMessage(e)),
    onSettled: () => invalidate(),
  });
  const setActive = (org: Org, active: boolean) => activation.mutate({ org, active });

  const open = (next: Editing) => {
    form.resetFields();
    if (next?.mode === 'edit') form.setFieldsValue(next.org);
    if (next?.mode === 'create') form.setFieldsValue({ parentId: next.parentId, kind: 'department' });
    setEditing(next);
  };

  return (
    <Card
      title={t('orgs.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create' })}>
          {t('orgs.new')}
        </Button>
      }
    >
      {orgs && (
        <Table<Row>
          rowKey="id"
          loading={isLoading}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('orgs.kind'), dataIndex: 'kind', render: (k: OrgKind) => ORG_KIND_LABELS[k][lang] },
            { title: t('orgs.regionCode'), dataIndex: 'regionCode', render: (v?: string) => v ?? '—' },
            {
              title: t('common.status'),
              dataIndex: 'active',
              render: (a: boolean, o) => (
                <Space size={4}>
                  {a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
                  {o.requireTotp && <Tag color="blue">{t('orgs.requireTotpTag')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              render: (_, o) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => open({ mode: 'edit', org: o })}>
                    {t('common.edit')}
                  </Button>
                  <Button type="link" size="small" onClick={() => open({ mode: 'create', parentId: o.id })}>
                    {t('orgs.addChild')}
                  </Button>
                  {o.active ? (
                    <Popconfirm title={t('orgs.deactivateConfirm')} onConfirm={() => setActive(o, false)}>
                      <Button type="link" size="small" danger>
                        {t('common.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button type="link" size="small" onClick={() => void setActive(o, true)}>
                      {t('common.activate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing?.mode === 'edit' ? t('orgs.edit') : t('orgs.new')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true }]}>
            <Select
              disabled={editing?.mode === 'edit'}
              options={ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABELS[k][lang] }))}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('orgs.regionCode')}
            rules={[zodRule(regionCodeSchema, lang, 'regionCode')]}
          >
            <Input placeholder="440700" />
          </Form.Item>
          <Form.Item name="parentId" label={t('orgs.parent')}>
            <TreeSelect treeData={orgTreeData(orgs)} allowClear treeDefaultExpandAll />
          </Form.Item>
          {editing?.mode === 'edit' && (
            <Form.Item
              name="requireTotp"
              label={t('orgs.requireTotp')}
              valuePropName="checked"
              extra={t('orgs.requireTotpHint')}
            >
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
