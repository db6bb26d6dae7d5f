/**
 * What InvestTrack tells people (the notification centre) and what it posts to work-group chats:
 * the kinds of notification, the chat services, what a channel receives. The input schemas are in
 * notificationSchemas.ts, so the pages that only name kinds (the header's bell) do not load zod.
 */
import type { Lang } from './messages.js';
import type { Role } from './roles.js';

export const NOTIFICATION_KINDS = [
  'lead.registered',
  'lead.assigned',
  'lead.dispatched',
  'lead.redispatched',
  'lead.merged',
  'step.due_soon',
  'step.overdue',
  'overdue.daily',
  'progress.due',
  'month.due',
  'issue.raised',
  'issue.answered',
  'issue.overdue',
  'milestone.reverted',
  'target.behind',
  'calendar.missing',
  'delivery.failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, Record<Lang, string>> = {
  'lead.registered': { zh: '新线索登记', en: 'Lead registered' },
  'lead.assigned': { zh: '指定跟进责任人', en: 'Lead assigned to me' },
  'lead.dispatched': { zh: '线索分派', en: 'Lead dispatched' },
  'lead.redispatched': { zh: '线索重新分派', en: 'Lead re-dispatched' },
  'lead.merged': { zh: '线索合并', en: 'Lead merged' },
  'step.due_soon': { zh: '环节临期', en: 'Step due soon' },
  'step.overdue': { zh: '环节超期', en: 'Step overdue' },
  'overdue.daily': { zh: '每日超期清单', en: 'Daily overdue list' },
  'progress.due': { zh: '进展报送到期', en: 'Progress report due' },
  'month.due': { zh: '月度投资报送到期', en: 'Monthly investment report due' },
  'issue.raised': { zh: '协调事项提出', en: 'Coordination issue raised' },
  'issue.answered': { zh: '协调事项答复', en: 'Coordination issue answered' },
  'issue.overdue': { zh: '协调事项超期', en: 'Coordination issue overdue' },
  'milestone.reverted': { zh: '项目节点被退回', en: 'Project milestone moved back' },
  'target.behind': { zh: '目标落后序时进度', en: 'Target behind time elapsed' },
  'calendar.missing': { zh: '次年日历未录入', en: "Next year's calendar missing" },
  'delivery.failed': { zh: '群消息发送失败', en: 'Group message failed' },
};

/** Who a kind concerns: the preferences and filters show each person the kinds they can receive. */
export const NOTIFICATION_AUDIENCE: Record<NotificationKind, readonly Role[]> = {
  'lead.registered': ['city_officer'],
  'lead.assigned': ['city_officer', 'county_officer'],
  'lead.dispatched': ['city_officer', 'county_officer'],
  'lead.redispatched': ['city_officer', 'county_officer'],
  'lead.merged': ['city_officer', 'county_officer'],
  'step.due_soon': ['city_officer', 'county_officer'],
  'step.overdue': ['city_officer', 'county_officer'],
  'overdue.daily': ['city_officer'],
  'progress.due': ['city_officer', 'county_officer'],
  'month.due': ['county_officer'],
  'issue.raised': ['city_officer', 'county_officer'],
  'issue.answered': ['city_officer', 'county_officer'],
  'issue.overdue': ['city_officer', 'county_officer'],
  'milestone.reverted': ['county_officer'],
  'target.behind': ['county_officer', 'leader'],
  'calendar.missing': ['admin'],
  'delivery.failed': ['admin'],
};

/** The kinds that can reach someone of these roles. */
export function kindsFor(roles: readonly Role[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => NOTIFICATION_AUDIENCE[k].some((r) => roles.includes(r)));
}

/** The chat services a channel posts to. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, Record<Lang, string>> = {
  wecom: { zh: '企业微信群机器人', en: 'WeCom group robot' },
  dingtalk: { zh: '钉钉自定义机器人', en: 'DingTalk custom robot' },
  feishu: { zh: '飞书自定义机器人', en: 'Feishu custom bot' },
  webhook: { zh: '通用 Webhook（JSON）', en: 'Generic JSON webhook' },
};

/** What a channel receives. */
export const CHANNEL_TOPICS = ['weekly', 'daily', 'dispatch', 'notices'] as const;
export type ChannelTopic = (typeof CHANNEL_TOPICS)[number];

export const CHANNEL_TOPIC_LABELS: Record<ChannelTopic, Record<Lang, string>> = {
  weekly: { zh: '一周一报（每周一 9:00）', en: 'Weekly report (Mondays 09:00)' },
  daily: {
    zh: '每日超期及今日到期清单（工作日 8:30）',
    en: 'Daily overdue and due-today list (working days 08:30)',
  },
  dispatch: { zh: '新分派线索', en: 'New dispatches' },
  notices: { zh: '成员选择转发到群的提醒', en: 'Notifications members forward to the group' },
};

/** Whether a chat service needs a secret to sign with (DingTalk 加签, Feishu 签名校验, webhook HMAC). */
export function channelSecretRequired(kind: ChannelKind): boolean {
  return kind === 'webhook';
}

/** The address each service's robot shows when it is added to a group must look like this. */
export function channelUrlProblem(kind: ChannelKind, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'url_format';
  }
  if (kind === 'wecom' && !u.searchParams.get('key')) return 'wecom_key_missing';
  if (kind === 'dingtalk' && !u.searchParams.get('access_token')) return 'dingtalk_token_missing';
  if (kind === 'feishu' && !/\/hook\/[^/]+$/.test(u.pathname)) return 'feishu_hook_missing';
  return null;
}

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
