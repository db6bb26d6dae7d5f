/** What the notification centre, the chat channels and the delivery log answer. */
import { z } from 'zod';
import { CHANNEL_KINDS, CHANNEL_TOPICS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from '../notifications.js';
import { instant, pageOf } from './common.js';

export const notification = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().describe('A path in the web app (/leads/12), or null'),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof notification>;

export const notificationPage = pageOf(notification).extend({
  unread: z.number().int().describe('Unread notifications of the user, of every kind'),
});

export const unreadCount = z.object({
  unread: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
});

export const readCount = z.object({ marked: z.number().int() });

export const preferences = z.object({
  items: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), inApp: z.boolean(), toGroup: z.boolean() })),
  groups: z
    .array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(CHANNEL_KINDS) }))
    .describe('The chat channels of the user’s organisation that take forwarded notices'),
});

export const channel = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    addressHint: z.string().describe('Host and path only: the key or token is never answered'),
    hasSecret: z.boolean(),
    topics: z.array(z.enum(CHANNEL_TOPICS)),
    enabled: z.boolean(),
    lastDelivery: z
      .object({ status: z.enum(DELIVERY_STATUSES), at: instant, error: z.string().nullable() })
      .nullable(),
    updatedAt: instant,
  })
  .meta({ id: 'ChatChannel' });
export type ChannelDto = z.infer<typeof channel>;

export const channelList = z.object({ items: z.array(channel) });

export const delivery = z
  .object({
    id: z.number().int(),
    channelId: z.number().int(),
    channelName: z.string(),
    orgName: z.string(),
    topic: z.string(),
    title: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastError: z.string().nullable(),
    createdAt: instant,
    sentAt: instant.nullable(),
  })
  .meta({ id: 'Delivery' });
export type DeliveryDto = z.infer<typeof delivery>;

export const deliveryPage = pageOf(delivery);

export const testSend = z.object({
  delivered: z.boolean(),
  error: z.string().nullable().describe('What the chat service answered, when it did not take the message'),
});

export const jobStatus = z.object({
  items: z.array(
    z.object({
      job: z.string(),
      cron: z.string(),
      days: z.string(),
      lastSlot: instant.nullable(),
      lastFinishedAt: instant.nullable(),
      lastError: z.string().nullable(),
      summary: z.record(z.string(), z.number()).nullable(),
    }),
  ),
});
