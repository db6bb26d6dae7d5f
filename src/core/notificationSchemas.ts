/** The notification centre's and the chat channels' input schemas. */
import { z } from 'zod';
import { recordId, recordIdText, versionNumber } from './ids.js';
import {
  CHANNEL_KINDS,
  CHANNEL_TOPICS,
  channelSecretRequired,
  channelUrlProblem,
  DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
} from './notifications.js';

const httpUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'url_format');

const channelFields = {
  orgId: recordId,
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(60),
  url: httpUrl,
  topics: z.array(z.enum(CHANNEL_TOPICS)).max(CHANNEL_TOPICS.length),
  enabled: z.boolean().default(true),
};

export const createChannelBody = z
  .object({ ...channelFields, secret: z.string().trim().max(200).optional() })
  .superRefine((v, ctx) => {
    const problem = channelUrlProblem(v.kind, v.url);
    if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: problem });
    if (channelSecretRequired(v.kind) && !v.secret)
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'secret_required' });
  });
export type CreateChannelBody = z.infer<typeof createChannelBody>;

/** An edit: a blank url or secret keeps the stored one (neither is ever sent back to the browser). */
export const updateChannelBody = z.object({
  version: versionNumber,
  name: channelFields.name,
  url: z.union([z.literal(''), httpUrl]).optional(),
  secret: z.string().trim().max(200).optional(),
  clearSecret: z.boolean().optional(),
  topics: channelFields.topics,
  enabled: z.boolean(),
});
export type UpdateChannelBody = z.infer<typeof updateChannelBody>;

export const notificationListQuery = z.object({
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const readAllBody = z.object({ kind: z.enum(NOTIFICATION_KINDS).optional() });

export const putPreferencesBody = z.object({
  items: z
    .array(z.object({ kind: z.enum(NOTIFICATION_KINDS), inApp: z.boolean(), toGroup: z.boolean() }))
    .min(1)
    .max(NOTIFICATION_KINDS.length),
});
export type PutPreferencesBody = z.infer<typeof putPreferencesBody>;

export const deliveryListQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channelId: recordIdText.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;
