import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import type { z } from 'zod';
import type { sessionList } from '../../../core/api/platform.js';
import { formatShanghai } from '../../../core/time.js';
import { api } from '../../api/client.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';

type Sessions = z.infer<typeof sessionList>;
const sessionKeys = { mine: ['sessions', 'mine'] as const };

/** The browsers signed in as me, and "sign out everywhere else". */
export function SessionsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionKeys.mine,
    queryFn: () => api<Sessions>('GET', '/api/auth/sessions'),
  });
  const endOthers = useMutation({
    mutationFn: () => api<{ ended: number }>('POST', '/api/auth/sessions/end-others'),
    onSuccess: (r) => message.success(t('sessions.ended', { n: r.ended })),
    onError: (e) => message.error(errorMessage(e)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionKeys.mine }),
  });
  const others = (sessions.data?.items ?? []).filter((s) => !s.current).length;
  return (
    <Card
      title={t('sessions.title')}
      style={{ maxWidth: 960, width: '100%' }}
      extra={
        <Popconfirm
          title={t('sessions.endOthersConfirm')}
          onConfirm={() => endOthers.mutate()}
          disabled={!others}
        >
          <Button danger disabled={!others} data-testid="end-other-sessions">
            {t('sessions.endOthers')}
          </Button>
        </Popconfirm>
      }
    >
      <p style={{ marginTop: 0, color: '#595959' }}>
        {t('sessions.hint', { n: sessions.data?.limit ?? '' })}
      </p>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isLoading}
        dataSource={sessions.data?.items}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('sessions.signedInAt'),
            dataIndex: 'createdAt',
            render: (v: string, s) => (
              <span className="nowrap">
                {formatShanghai(v)} {s.current && <Tag color="green">{t('sessions.current')}</Tag>}
              </span>
            ),
          },
          {
            title: t('sessions.lastSeen'),
            dataIndex: 'lastSeenAt',
            render: (v: string) => formatShanghai(v),
          },
          { title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('sessions.browser'),
            dataIndex: 'userAgent',
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
    </Card>
  );
}
