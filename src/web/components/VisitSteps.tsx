/** 我的待办 from the field: the next steps of my visits, soonest first, each opening its visit. */
import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { fieldKeys, type MyVisitSteps } from '../pages/investors/api.js';

export function VisitSteps() {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: fieldKeys.mySteps,
    queryFn: () => api<MyVisitSteps>('GET', '/api/visits/my-steps'),
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card
      title={t('visit.mySteps')}
      data-testid="visit-steps"
      extra={<Link to="/visits">{t('lead.all')}</Link>}
    >
      <List
        size="small"
        dataSource={items}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Link to={`/visits/${s.visitId}`}>{s.investorName}</Link>{' '}
                  <Tag color={s.overdue ? 'error' : 'processing'}>
                    {t('visit.nextDue')} {s.nextDueDate}
                  </Tag>
                </>
              }
              description={s.nextSteps}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
