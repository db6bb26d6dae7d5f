import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { z } from 'zod';
import type { auditVerify } from '../../../core/api/platform.js';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  auditActionLabel,
  auditEntityLabel,
} from '../../../core/audit.js';
import { formatShanghai } from '../../../core/time.js';
import { api, toQuery } from '../../api/client.js';
import type { AuditEntry, Page } from '../../api/types.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { auditKeys } from './queries.js';

interface Filters {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
}

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

type ChainReport = z.infer<typeof auditVerify>;

export function AuditPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [chain, setChain] = useState<ChainReport>();
  /** What the verification found, each finding in words. */
  const chainVerdict = (c: ChainReport): string[] => {
    const out: string[] = [];
    const at = c.checkpoint ? formatShanghai(c.checkpoint.at) : '';
    if (c.brokenAt) out.push(t('audit.chainBroken', { id: c.brokenAt.id, reason: c.brokenAt.reason }));
    else out.push(t('audit.chainOk', { n: c.checked }));
    if (c.checkpoint?.status === 'ok') out.push(t('audit.checkpointOk', { t: at, id: c.checkpoint.id }));
    if (c.checkpoint?.status === 'missing')
      out.push(t('audit.checkpointMissing', { t: at, id: c.checkpoint.id }));
    if (c.checkpoint?.status === 'mismatch')
      out.push(t('audit.checkpointMismatch', { t: at, id: c.checkpoint.id }));
    if (!c.triggersInPlace) out.push(t('audit.triggersMissing'));
    return out;
  };

  const entries = useQuery({
    queryKey: auditKeys.search(filters, page),
    queryFn: () => api<Page<AuditEntry>>('GET', `/api/audit${toQuery({ ...filters, ...page })}`),
  });

  const verify = async () => {
    try {
      setChain(await api('GET', '/api/audit/verify'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()}>
          {t('audit.verify')}
        </Button>
      }
    >
      {chain && (
        <Alert
          style={{ marginBottom: 16 }}
          type={chain.ok ? 'success' : 'error'}
          showIcon
          data-testid="chain-result"
          title={chainVerdict(chain).join('；')}
        />
      )}
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v: Filters & { period?: [Dayjs, Dayjs] }) => {
          setFilters({
            from: v.period?.[0]?.format('YYYY-MM-DD'),
            to: v.period?.[1]?.format('YYYY-MM-DD'),
            username: v.username || undefined,
            action: v.action || undefined,
            entityType: v.entityType || undefined,
            entityId: v.entityId || undefined,
          });
          setPage((p) => ({ ...p, page: 1 }));
        }}
        onReset={() => setFilters({})}
      >
        <Form.Item name="period">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="username">
          <Input
            placeholder={t('audit.username')}
            aria-label={t('audit.username')}
            allowClear
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item name="action">
          <Select
            placeholder={t('audit.action')}
            aria-label={t('audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            options={Object.keys(AUDIT_ACTION_LABELS).map((a) => ({
              value: a,
              label: auditActionLabel(a, lang),
            }))}
          />
        </Form.Item>
        <Form.Item name="entityType">
          <Select
            placeholder={t('audit.entityType')}
            aria-label={t('audit.entityType')}
            allowClear
            style={{ width: 140 }}
            options={Object.keys(AUDIT_ENTITY_LABELS).map((e) => ({
              value: e,
              label: auditEntityLabel(e, lang),
            }))}
          />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder={t('audit.entityId')} allowClear style={{ width: 110 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button htmlType="reset">{t('common.reset')}</Button>
        </Space>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={entries.isLoading}
        dataSource={entries.data?.items ?? []}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('audit.before')}>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{json(e.before)}</pre>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.after')}>
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{json(e.after)}</pre>
              </Descriptions.Item>
              <Descriptions.Item label="SHA-256">
                <Typography.Text code>{e.hash}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          {
            title: t('audit.at'),
            dataIndex: 'at',
            render: (v: string) => formatShanghai(v, true),
            width: 180,
          },
          {
            title: t('audit.user'),
            dataIndex: 'username',
            render: (v: string | null, e) =>
              v === null ? (
                '—'
              ) : (
                <Space direction="vertical" size={0}>
                  <span>{e.userDisplayName ?? v}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {v}
                  </Typography.Text>
                </Space>
              ),
          },
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (v: string) => (
              <Tag color={v.includes('fail') || v.includes('lock') ? 'red' : 'blue'} title={v}>
                {auditActionLabel(v, lang)}
              </Tag>
            ),
          },
          {
            title: t('audit.entity'),
            render: (_, e) =>
              e.entityType
                ? `${auditEntityLabel(e.entityType, lang)} ${e.entityName ?? e.entityId ?? ''}`
                : '—',
          },
        ]}
      />
    </Card>
  );
}
