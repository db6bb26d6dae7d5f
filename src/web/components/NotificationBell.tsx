/**
 * The bell in the header: the unread count, and the newest unread notifications in a popover —
 * a click opens the record and marks it read; 全部已读; 查看全部 opens the notification centre. The
 * count is asked again every half minute and whenever the page changes.
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { NOTIFICATION_KIND_LABELS } from '../../core/notifications.js';
import { formatShanghai } from '../../core/time.js';
import type { Notification } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useMarkRead, useNotifications, useUnread } from '../pages/notifications/queries.js';

export function NotificationBell({ compact }: { compact?: boolean }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnread();
  const { refetch } = unread;
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    void refetch();
  }, [location.pathname, refetch]);
  // The newest unread, asked for when the popover opens.
  const latest = useNotifications({ unread: 'true', pageSize: 6 }, open);
  const mark = useMarkRead();
  const count = unread.data?.unread ?? 0;
  const go = (n: Notification) => {
    setOpen(false);
    mark.one.mutate(n.id);
    if (n.link) navigate(n.link);
  };
  const content = (
    <div style={{ width: 380 }} data-testid="bell-popover">
      <List<Notification>
        size="small"
        dataSource={latest.data?.items ?? []}
        loading={latest.isLoading}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.none')} /> }}
        renderItem={(n) => (
          <List.Item style={{ cursor: 'pointer', paddingInline: 4 }} onClick={() => go(n)}>
            <List.Item.Meta
              title={<Typography.Text ellipsis={{ tooltip: n.title }}>{n.title}</Typography.Text>}
              description={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {NOTIFICATION_KIND_LABELS[n.kind][lang]} · {formatShanghai(n.createdAt)}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button
          size="small"
          disabled={!count}
          onClick={() => mark.all.mutate(undefined)}
          loading={mark.all.isPending}
        >
          {t('notify.readAll')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notify.seeAll')}
        </Button>
      </Space>
    </div>
  );
  const button = (
    <Button
      type="text"
      aria-label={t('notify.bell', { count })}
      data-testid="bell"
      // On a phone the bell opens the notification centre itself: a popover would not fit.
      onClick={compact ? () => navigate('/notifications') : undefined}
    >
      <Badge count={count} size="small" overflowCount={99} data-testid="bell-count">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
  if (compact) return button;
  return (
    <Popover
      content={content}
      title={t('notify.title')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      destroyOnHidden
    >
      {button}
    </Popover>
  );
}
