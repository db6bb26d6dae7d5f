import { Card, Col, Row, Timeline, Typography } from 'antd';
import { KEY_FACTS } from '../../../core/leads/schemas.js';
import { EVENT_LABELS, policyStepOf } from '../../../core/leads/stages.js';
import { SLA_STEP_LABELS } from '../../../core/sla.js';
import { formatShanghai } from '../../../core/time.js';
import type { LeadDetail } from '../../api/types.js';
import { SlaTag } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';

/** The four time-limited steps, each with its state, deadline and when it was done. */
export function LeadClocks({ lead: l }: { lead: LeadDetail }) {
  const { t, lang } = useI18n();
  const steps = ['response', 'assessment', 'feedback', 'progress'] as const;
  const stepLabel = (s: (typeof steps)[number]) => SLA_STEP_LABELS[policyStepOf(s, l.isMajor)][lang];
  return (
    <Row gutter={16}>
      {steps.map((s) => (
        <Col xs={24} md={12} xl={6} key={s}>
          <Card size="small" title={stepLabel(s)} data-testid={`clock-${s}`}>
            <SlaTag view={l.sla[s]} />
            <div style={{ marginTop: 8, fontSize: 12, color: '#595959' }}>
              {l.sla[s].dueDate && (
                <div>
                  {t('preview.due')}：{l.sla[s].dueDate}
                  {l.sla[s].policy &&
                    ` （${l.sla[s].policy!.amount} ${l.sla[s].policy!.unit === 'workday' ? '个工作日' : '个自然日'}）`}
                </div>
              )}
              {l.sla[s].completedAt && (
                <div>
                  {t('lead.completedAt')}：{formatShanghai(l.sla[s].completedAt!)}
                </div>
              )}
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Everything that happened to the lead, newest last. */
export function LeadTimeline({ lead: l, orgName }: { lead: LeadDetail; orgName: (id: number) => string }) {
  const { t, lang } = useI18n();
  return (
    <Card title={t('lead.timeline')}>
      <Timeline
        items={l.events.map((e) => ({
          color: e.type === 'closed' || e.type === 'close' ? 'gray' : e.type === 'sign' ? 'green' : 'blue',
          children: (
            <div data-testid="timeline-item">
              <Typography.Text strong>{EVENT_LABELS[e.type]?.[lang] ?? e.type}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatShanghai(e.at)} · {e.userName}
              </Typography.Text>
              <EventDetail type={e.type} data={e.data} orgName={orgName} />
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function EventDetail({
  type,
  data,
  orgName,
}: {
  type: string;
  data: Record<string, unknown>;
  orgName: (id: number) => string;
}) {
  const { t } = useI18n();
  const keys = [
    'summary',
    'nextSteps',
    'blockers',
    'note',
    'proposals',
    'contactNote',
    'reason',
    'to',
    'projectCode',
  ];
  const text = keys.map((k) => data[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (data.decision === 'follow' || data.decision === 'decline')
    text.unshift(t(`lead.decision.${data.decision}`));
  if (Array.isArray(data.countyOrgIds)) text.unshift((data.countyOrgIds as number[]).map(orgName).join('、'));
  // Key facts completed later: which ones (their texts are on the key facts card).
  if (type === 'supplement' && data.keyInfo && typeof data.keyInfo === 'object') {
    const given = KEY_FACTS.filter((k) => (data.keyInfo as Record<string, unknown>)[k]);
    if (given.length) text.push(given.map((k) => t(`lead.keyInfo.${k}`)).join('、'));
  }
  if (!text.length) return null;
  return <div style={{ color: '#595959', fontSize: 13 }}>{text.join('；')}</div>;
}
