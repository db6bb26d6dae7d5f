import { useQuery } from '@tanstack/react-query';
import { DatePicker, Divider, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { LOST_REASON_LABELS, LOST_REASONS } from '../../../core/leads/lost.js';
import {
  ASPECTS,
  assessBody,
  closeBody,
  dispatchBody,
  feedbackBody,
  KEY_FACTS,
  progressBody,
  respondBody,
  supplementBody,
} from '../../../core/leads/schemas.js';
import type { LeadAction } from '../../../core/leads/stages.js';
import { translateMessage } from '../../../core/messages.js';
import { api } from '../../api/client.js';
import { useOrgs } from '../../api/hooks.js';
import type { LeadDetail } from '../../api/types.js';
import { afterToday, today } from '../../components/dates.js';
import { fieldRules } from '../../components/forms.js';
import { IndustryPicker } from '../../components/IndustryPicker.js';
import { MoneyInput } from '../../components/leadBits.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { leadKeys } from './queries.js';

const TEXTAREA = <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />;

export function StepFields({ action, lead }: { action: LeadAction; lead: LeadDetail }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { data: orgs } = useOrgs();
  const officers = useQuery({
    queryKey: leadKeys.officers(),
    queryFn: () =>
      api<{ items: { id: number; displayName: string; role: string }[] }>('GET', '/api/officers'),
    enabled: action === 'respond',
  });
  const req = [{ required: true }];
  const counties = (orgs ?? []).filter((o) => (o.kind === 'county' || o.kind === 'platform') && o.active);
  switch (action) {
    case 'respond':
      return (
        <>
          <Form.Item
            name="ownerUserId"
            label={t('lead.owner')}
            rules={req}
            // The officer answering is, most often, the one who follows it up.
            initialValue={me?.user.id}
          >
            <Select
              options={(officers.data?.items ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="contactNote"
            label={t('lead.contactNote')}
            rules={fieldRules(respondBody, ['contactNote'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('lead.keyInfoTitle')}
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {t('lead.keyInfoLater')}
            </Typography.Text>
          </Divider>
          <KeyFactFields schema={respondBody} />
        </>
      );
    case 'supplement':
      return <KeyFactFields schema={supplementBody} given={lead.steps.response?.keyInfo} />;
    case 'assess':
      return (
        <>
          <Form.Item name="decision" label={t('lead.decision')} rules={req}>
            <Radio.Group
              options={[
                { value: 'follow', label: t('lead.decision.follow') },
                { value: 'decline', label: t('lead.decision.decline') },
              ]}
            />
          </Form.Item>
          {ASPECTS.map((a) => (
            <Form.Item
              key={a}
              name={['aspects', a]}
              label={t(`lead.aspect.${a}`)}
              rules={fieldRules(assessBody, ['aspects', a], lang)}
            >
              {TEXTAREA}
            </Form.Item>
          ))}
          <Form.Item
            name="proposals"
            label={t('lead.proposals')}
            rules={fieldRules(assessBody, ['proposals'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'feedback':
      return (
        <>
          <Form.Item
            name="to"
            label={t('lead.feedbackTo')}
            rules={fieldRules(feedbackBody, ['to'], lang)}
            initialValue={lead.referrer.name}
          >
            <Input />
          </Form.Item>
          <Form.Item name="channel" label={t('lead.feedbackChannel')} rules={req}>
            <Select
              options={(['phone', 'meeting', 'letter', 'message', 'email', 'other'] as const).map((c) => ({
                value: c,
                label: t(`lead.feedbackChannel.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('lead.feedbackNote')}
            rules={fieldRules(feedbackBody, ['note'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'dispatch':
      return (
        <>
          <Form.Item
            name="countyOrgIds"
            label={t('lead.counties')}
            rules={req}
            initialValue={lead.countyOrgIds.length ? lead.countyOrgIds : undefined}
          >
            <Select mode="multiple" options={counties.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item
            name="cityCoFollow"
            label={t('lead.cityCoFollow')}
            valuePropName="checked"
            extra={lead.plannedInvestmentYuan >= 500_000_000 ? t('lead.cityCoFollowForced') : undefined}
          >
            <Switch disabled={lead.plannedInvestmentYuan >= 500_000_000} />
          </Form.Item>
          {lead.stage === 'following' && (
            <Form.Item
              name="reason"
              label={t('lead.redispatchReason')}
              rules={[{ required: true }, ...fieldRules(dispatchBody, ['reason'], lang)]}
            >
              {TEXTAREA}
            </Form.Item>
          )}
        </>
      );
    case 'progress':
      return (
        <>
          <Form.Item
            name="summary"
            label={t('lead.progressSummary')}
            rules={fieldRules(progressBody, ['summary'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Form.Item
            name="nextSteps"
            label={t('lead.nextSteps')}
            rules={fieldRules(progressBody, ['nextSteps'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Form.Item
            name="blockers"
            label={t('lead.blockers')}
            rules={fieldRules(progressBody, ['blockers'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
        </>
      );
    case 'sign':
      return (
        <>
          {/* The one date a signing asks: the contract's (the step itself is timed as it is recorded). */}
          <Form.Item name="signedAt" label={t('lead.signedOn')} rules={req} initialValue={today()}>
            <DatePicker style={{ width: '100%' }} disabledDate={afterToday} />
          </Form.Item>
          <Form.Item name="name" label={t('lead.projectName')} initialValue={lead.projectName}>
            <Input />
          </Form.Item>
          <Form.Item
            name="countyOrgId"
            label={t('lead.signCounty')}
            rules={req}
            initialValue={lead.countyOrgIds[0]}
          >
            <Select options={counties.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item
            name="totalInvestmentYuan"
            label={t('lead.totalInvestment')}
            initialValue={lead.plannedInvestmentYuan}
          >
            <MoneyInput />
          </Form.Item>
          <Form.Item name="industryCode" label={t('lead.industry')} initialValue={lead.industryCode}>
            <IndustryPicker />
          </Form.Item>
        </>
      );
    case 'close':
      return (
        <>
          <Form.Item
            name="reason"
            label={t('lead.closeReason')}
            rules={fieldRules(closeBody, ['reason'], lang)}
          >
            {TEXTAREA}
          </Form.Item>
          <Form.Item name="lostToCity" label={t('lost.city')} extra={t('lost.hint')}>
            <Input maxLength={40} placeholder="佛山市" />
          </Form.Item>
          <Form.Item name="lostReason" label={t('lost.reason')}>
            <Select
              allowClear
              options={LOST_REASONS.map((r) => ({ value: r, label: LOST_REASON_LABELS[r][lang] }))}
            />
          </Form.Item>
        </>
      );
  }
}

/** The five key facts (attachment 2), each optional; those already given are filled in. */
function KeyFactFields({
  schema,
  given,
}: {
  schema: typeof respondBody | typeof supplementBody;
  given?: Partial<Record<(typeof KEY_FACTS)[number], string>>;
}) {
  const { t, lang } = useI18n();
  const names = KEY_FACTS.map((k) => ['keyInfo', k]);
  // Completing key facts means giving at least one (the server's rule, checked before sending).
  const atLeastOne: Rule = ({ getFieldValue }) => ({
    validator: async () => {
      if (names.some((n) => String(getFieldValue(n) ?? '').trim())) return;
      throw new Error(translateMessage('key_facts_empty', lang));
    },
  });
  const supplementing = schema === supplementBody;
  return KEY_FACTS.map((k, i) => (
    <Form.Item
      key={k}
      name={['keyInfo', k]}
      label={t(`lead.keyInfo.${k}`)}
      rules={[...fieldRules(schema, ['keyInfo', k], lang), ...(supplementing && i === 0 ? [atLeastOne] : [])]}
      dependencies={supplementing && i === 0 ? names.slice(1) : undefined}
      initialValue={given?.[k]}
    >
      {TEXTAREA}
    </Form.Item>
  ));
}
