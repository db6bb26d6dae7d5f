/**
 * 消息通知: my notifications (filter by kind, unread only, mark read, mark all read; each opens
 * its record), and 提醒设置: per kind, whether it reaches me here and whether it also goes to my
 * organisation's work group.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  List,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { kindsFor, NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../../core/notifications.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import type { Notification, Preferences } from '../../api/types.js';
import { errorMessage } from '../../components/forms.js';
import { usePhone } from '../../components/screens.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { notificationKeys, useFilterParams, useMarkRead, useNotifications } from './queries.js';

function NotificationList() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  // On a phone a tap opens the record and marks it read; no separate button squeezes the text.
  const phone = usePhone();
  const navigate = useNavigate();
  const { params, page, set } = useFilterParams();
  const kind = params.get('kind') ?? undefined;
  const unreadOnly = params.get('unread') === 'true';
  const list = useNotifications({ kind, unread: unreadOnly ? 'true' : undefined, page, pageSize: 20 });
  const mark = useMarkRead();
  const open = (n: Notification) => {
    if (!n.readAt) mark.one.mutate(n.id);
    if (n.link) navigate(n.link);
  };
  return (
    <Card
      title={
        <Space>
          {t('notify.title')}
          <Badge count={list.data?.unread ?? 0} />
        </Space>
      }
      extra={
        <Button
          onClick={() => mark.all.mutate(kind)}
          disabled={!list.data?.unread}
          loading={mark.all.isPending}
          data-testid="read-all"
        >
          {kind ? t('notify.readAllOfKind') : t('notify.readAll')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => set({ unread: v === 'unread' ? 'true' : undefined })}
          options={[
            { value: 'all', label: t('notify.all') },
            { value: 'unread', label: t('notify.unread') },
          ]}
        />
        <Select<NotificationKind>
          allowClear
          placeholder={t('notify.kind')}
          style={{ width: 220 }}
          value={kind as NotificationKind | undefined}
          onChange={(v) => set({ kind: v })}
          options={kindsFor(me?.user.roles ?? []).map((k) => ({
            value: k,
            label: NOTIFICATION_KIND_LABELS[k][lang],
          }))}
          aria-label={t('notify.kind')}
        />
      </Space>
      <List<Notification>
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('notify.none') }}
        pagination={
          (list.data?.total ?? 0) > 20
            ? {
                current: page,
                pageSize: 20,
                total: list.data?.total,
                onChange: (p) => set({ page: String(p) }),
              }
            : false
        }
        renderItem={(n) => (
          <List.Item
            data-testid="notification"
            style={{
              cursor: n.link ? 'pointer' : undefined,
              background: n.readAt ? undefined : '#f0f7ff',
              paddingInline: 12,
            }}
            onClick={() => open(n)}
            actions={
              n.readAt || phone
                ? []
                : [
                    <Button
                      key="read"
                      size="small"
                      type="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        mark.one.mutate(n.id);
                      }}
                    >
                      {t('notify.markRead')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
              description={
                <>
                  <div>{n.body}</div>
                  <Space size={4} style={{ fontSize: 12 }}>
                    <Tag>{NOTIFICATION_KIND_LABELS[n.kind][lang]}</Tag>
                    <Typography.Text type="secondary">{formatShanghai(n.createdAt)}</Typography.Text>
                  </Space>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function PreferencesCard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => api<Preferences>('GET', '/api/notifications/preferences'),
  });
  const save = useMutation({
    mutationFn: (item: Preferences['items'][number]) =>
      api<Preferences>('PUT', '/api/notifications/preferences', { items: [item] }),
    onSuccess: (data) => {
      queryClient.setQueryData(notificationKeys.preferences(), data);
      message.success(t('common.saved'));
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const groups = prefs.data?.groups ?? [];
  return (
    <Card title={t('notify.preferences')}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          groups.length
            ? t('notify.groupsAre', { names: groups.map((g) => g.name).join('、') })
            : t('notify.noGroup')
        }
      />
      <Table
        rowKey="kind"
        size="small"
        pagination={false}
        loading={prefs.isLoading}
        dataSource={prefs.data?.items ?? []}
        columns={[
          {
            title: t('notify.kind'),
            dataIndex: 'kind',
            render: (k: NotificationKind) => NOTIFICATION_KIND_LABELS[k][lang],
          },
          {
            title: t('notify.inApp'),
            dataIndex: 'inApp',
            width: 120,
            render: (v: boolean, row) => (
              <Switch
                checked={v}
                aria-label={`${NOTIFICATION_KIND_LABELS[row.kind][lang]} ${t('notify.inApp')}`}
                onChange={(inApp) => save.mutate({ ...row, inApp })}
              />
            ),
          },
          {
            title: t('notify.toGroup'),
            dataIndex: 'toGroup',
            width: 120,
            render: (v: boolean, row) => (
              <Switch
                checked={v}
                disabled={!groups.length && !v}
                aria-label={`${NOTIFICATION_KIND_LABELS[row.kind][lang]} ${t('notify.toGroup')}`}
                onChange={(toGroup) => save.mutate({ ...row, toGroup })}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

export function NotificationsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('list');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'list', label: t('notify.title'), children: <NotificationList /> },
        { key: 'preferences', label: t('notify.preferences'), children: <PreferencesCard /> },
      ]}
    />
  );
}
