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
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../core/roles.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import type { Approval } from '../../api/types.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/messages.js';
import { approvalKeys, userKeys } from './queries.js';

const STATUS_COLOR: Record<string, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  cancelled: 'default',
  lapsed: 'default',
};

/** Pending changes to privileged accounts, for the second person to approve or reject (三权分立). */
export function ApprovalsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState<Approval | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: approvalKeys.list(),
    queryFn: () => api<{ items: Approval[] }>('GET', '/api/approvals'),
  });
  const decide = useMutation({
    mutationFn: ({ a, decision, note }: { a: Approval; decision: 'approve' | 'reject'; note?: string }) =>
      api<{ approval: Approval }>('POST', `/api/approvals/${a.id}/decision`, {
        decision,
        ...(note ? { note } : {}),
      }),
    onSuccess: (_r, { decision }) => {
      message.success(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected'));
      setRejecting(null);
    },
    onError: (e) => message.error(errorMessage(e)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: approvalKeys.all });
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  const statusOf = (a: Approval) =>
    a.status === 'pending' && Date.parse(a.expiresAt) <= Date.now() ? 'lapsed' : a.status;

  return (
    <Card title={t('approvals.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('approvals.hint')} />
      <Table<Approval>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        scroll={{ x: 960 }}
        data-testid="approvals"
        columns={[
          {
            title: t('approvals.kind'),
            render: (_, a) => (
              <span>
                {t(`approvals.kind.${a.kind}` as MessageKey)}
                {a.roles && ` · ${a.roles.map((r) => ROLE_LABELS[r][lang]).join('、')}`}
              </span>
            ),
          },
          { title: t('approvals.account'), dataIndex: 'targetName' },
          { title: t('approvals.requestedBy'), dataIndex: 'requestedByName' },
          {
            title: t('approvals.requestedAt'),
            dataIndex: 'requestedAt',
            render: (v: string) => <span className="nowrap">{formatShanghai(v)}</span>,
          },
          {
            title: t('approvals.expiresAt'),
            dataIndex: 'expiresAt',
            render: (v: string) => <span className="nowrap">{formatShanghai(v)}</span>,
          },
          {
            title: t('approvals.status'),
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOR[statusOf(a)]}>
                  {t(`approvals.status.${statusOf(a)}` as MessageKey)}
                </Tag>
                {a.decidedByName && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('approvals.decidedBy')}：{a.decidedByName}
                    {a.note ? `（${a.note}）` : ''}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            render: (_, a) =>
              a.mayDecide ? (
                <Space size={0}>
                  <Popconfirm
                    title={t('approvals.approveConfirm')}
                    onConfirm={() => decide.mutate({ a, decision: 'approve' })}
                  >
                    <Button type="link" size="small" data-testid={`approve-${a.id}`}>
                      {t('approvals.approve')}
                    </Button>
                  </Popconfirm>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => {
                      form.resetFields();
                      setRejecting(a);
                    }}
                  >
                    {t('approvals.reject')}
                  </Button>
                </Space>
              ) : statusOf(a) === 'pending' ? (
                <Typography.Text type="secondary">{t('approvals.notYours')}</Typography.Text>
              ) : null,
          },
        ]}
      />
      <Modal
        open={rejecting !== null}
        title={t('approvals.reject')}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          const v = await form.validateFields().catch(() => null);
          if (v && rejecting) decide.mutate({ a: rejecting, decision: 'reject', note: v.note });
        }}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="note" label={t('approvals.rejectNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
