/** One visit: what was discussed, the next steps, and its links; create a lead from it. */
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { VISIT_KIND_LABELS } from '../../../core/investors.js';
import { api } from '../../api/client.js';
import { errorMessage } from '../../components/forms.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { RecordUnavailable } from '../NotFoundPage.js';
import { fieldKeys, useFieldWrite, type VisitSummary } from './api.js';
import { NextStepTag } from './VisitsPage.js';

export function VisitPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useQuery({
    queryKey: fieldKeys.visit(id),
    queryFn: () => api<{ visit: VisitSummary }>('GET', `/api/visits/${id}`).then((r) => r.visit),
  });
  const done = useFieldWrite((version: number) => api('POST', `/api/visits/${id}/next-done`, { version }));
  if (q.error) return <RecordUnavailable error={q.error} />;
  const v = q.data;
  if (!v) return <Card loading />;
  const mine = v.canRecord;
  return (
    <Card
      title={`${v.visitDate} ${VISIT_KIND_LABELS[v.kind][lang]} · ${v.investorName}`}
      extra={
        mine && (
          <Space wrap>
            {!v.leadId && can('lead.register') && (
              <Button
                type="primary"
                onClick={() => navigate(`/leads/new?fromVisit=${v.id}`)}
                data-testid="create-lead"
              >
                {t('visit.createLead')}
              </Button>
            )}
            {v.nextSteps && !v.nextDoneAt && (
              <Button
                loading={done.isPending}
                onClick={() => done.mutateAsync(v.version).catch((e) => message.error(errorMessage(e)))}
              >
                {t('visit.nextDone')}
              </Button>
            )}
            <Button onClick={() => navigate(`/visits/${v.id}/edit`)}>{t('common.edit')}</Button>
          </Space>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('visit.firm')}>
          <Link to={`/investors/${v.investorId}`}>{v.investorName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('visit.org')}>{v.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('visit.place')}>{v.place}</Descriptions.Item>
        <Descriptions.Item label={t('visit.participants')}>{v.participants}</Descriptions.Item>
        <Descriptions.Item label={t('visit.discussion')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {v.discussion}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('visit.nextSteps')} span={2}>
          <Space wrap>
            <span style={{ whiteSpace: 'pre-wrap' }}>{v.nextSteps}</span>
            <NextStepTag v={v} />
          </Space>
        </Descriptions.Item>
        {v.leadId && (
          <Descriptions.Item label={t('visit.lead')}>
            <Link to={`/leads/${v.leadId}`}>{t('visit.lead')}</Link>
          </Descriptions.Item>
        )}
        {v.tripId && (
          <Descriptions.Item label={t('visit.trip')}>
            <Link to={`/trips/${v.tripId}`}>{t('visit.trip')}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('visit.by')}>{v.createdByName}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
