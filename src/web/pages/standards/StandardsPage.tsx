/**
 * The land-use standards (标准地 / 重点工业项目评审标准), #16 item 5: minimum investment intensity,
 * tax per 亩 and scale by zone and industry; agreements and admission reviews are checked against
 * them. The city officer keeps the table; others read it.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
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
} from 'antd';
import { useState } from 'react';
import { formatYuan } from '../../../core/money.js';
import { ZONES } from '../../../core/projects/agreements.js';
import { api } from '../../api/client.js';
import { errorMessage, showFieldErrors } from '../../components/forms.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

interface Standard {
  id: number;
  version: number;
  zone: string;
  industryPrefix: string;
  minIntensityYuanPerMu: number | null;
  minTaxPerMuYuan: number | null;
  minTotalYuan: number | null;
  note: string | null;
  isExample: boolean;
  updatedByName: string;
  updatedAt: string;
}

/** The zones in their own order (一类, 二类, 三类), others after them. */
const zoneRank = (z: string) => {
  const i = (ZONES as readonly string[]).indexOf(z);
  return i < 0 ? ZONES.length : i;
};

const wan = (v: number | null) => (v === null ? '—' : `${Math.round(v / 100) / 100}`);

export function StandardsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<Standard | 'new' | null>(null);
  const key = ['land-standards'];
  const { data, isLoading } = useQuery({
    queryKey: key,
    queryFn: () => api<{ items: Standard[] }>('GET', '/api/land-standards').then((r) => r.items),
  });
  const manage = can('standard.manage');
  const write = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body?: unknown }) =>
      api(method, path, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const open = (s: Standard | 'new') => {
    form.resetFields();
    if (s !== 'new')
      form.setFieldsValue({ ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)) });
    else form.setFieldsValue({ industryPrefix: '', isExample: false });
    setEditing(s);
  };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !editing) return;
    const body = Object.fromEntries(
      Object.entries({ ...v, industryPrefix: v.industryPrefix ?? '' }).filter(
        ([, x]) => x !== undefined && x !== null,
      ),
    );
    if (editing === 'new') write.mutate({ method: 'POST', path: '/api/land-standards', body });
    else
      write.mutate({
        method: 'PUT',
        path: `/api/land-standards/${editing.id}`,
        body: { ...body, version: editing.version },
      });
  };
  return (
    <Card
      title={t('std.title')}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('std.add')}
          </Button>
        )
      }
    >
      {data?.some((s) => s.isExample) && (
        <Alert type="warning" showIcon title={t('std.exampleHint')} style={{ marginBottom: 16 }} />
      )}
      <Table<Standard>
        rowKey="id"
        loading={isLoading}
        pagination={false}
        dataSource={[...(data ?? [])].sort(
          (a, b) => zoneRank(a.zone) - zoneRank(b.zone) || a.industryPrefix.localeCompare(b.industryPrefix),
        )}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('std.zone'), dataIndex: 'zone' },
          {
            title: t('std.industry'),
            dataIndex: 'industryPrefix',
            render: (v: string, s) => (
              <Space>
                {v || t('std.allIndustries')}
                {s.isExample && <Tag>{t('agree.example')}</Tag>}
              </Space>
            ),
          },
          { title: t('std.intensity'), dataIndex: 'minIntensityYuanPerMu', align: 'right', render: wan },
          { title: t('std.tax'), dataIndex: 'minTaxPerMuYuan', align: 'right', render: wan },
          {
            title: t('std.total'),
            dataIndex: 'minTotalYuan',
            align: 'right',
            render: (v) => (v === null ? '—' : formatYuan(v)),
          },
          {
            title: t('project.note'),
            dataIndex: 'note',
            ellipsis: true,
            width: 220,
            render: (v) => v ?? '—',
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_: unknown, s: Standard) => (
                    <Space>
                      <Button type="link" size="small" onClick={() => open(s)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('std.confirmRemove')}
                        onConfirm={() =>
                          write.mutate({ method: 'DELETE', path: `/api/land-standards/${s.id}` })
                        }
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('attach.remove')}
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('std.add') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        okText={t('common.save')}
        confirmLoading={write.isPending}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="zone" label={t('std.zone')} rules={[{ required: true, whitespace: true }]}>
            <Select showSearch options={ZONES.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Form.Item name="industryPrefix" label={t('std.industry')}>
            <Input maxLength={4} placeholder="38" />
          </Form.Item>
          <Form.Item name="minIntensityYuanPerMu" label={t('std.intensity')}>
            <MoneyInput defaultUnit="wan" />
          </Form.Item>
          <Form.Item name="minTaxPerMuYuan" label={t('std.tax')}>
            <MoneyInput defaultUnit="wan" />
          </Form.Item>
          <Form.Item name="minTotalYuan" label={t('std.total')}>
            <MoneyInput />
          </Form.Item>
          <Form.Item name="note" label={t('project.note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="isExample" label={t('agree.example')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
