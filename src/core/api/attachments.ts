/** What the attachment endpoints take and answer (#16 item 7). */
import { z } from 'zod';
import { recordIdText } from '../ids.js';
import { monthString } from '../projects/keyProjectSchemas.js';
import { instant } from './common.js';

export const ATTACHMENT_KINDS = ['project', 'lead', 'review'] as const;

export const attachment = z
  .object({
    id: z.number().int(),
    entityType: z.enum(ATTACHMENT_KINDS),
    entityId: z.number().int(),
    month: z.string().nullable().describe("A project month's photo: the month (YYYY-MM)"),
    name: z.string().describe('Safe file name, its extension that of the content'),
    mime: z.string().describe('Read from the content, not the name'),
    size: z.number().int(),
    uploadedByName: z.string(),
    uploadedAt: instant,
  })
  .meta({ id: 'Attachment' });
export type AttachmentDto = z.infer<typeof attachment>;

export const attachmentOwnerQuery = z.object({
  entityType: z.enum(ATTACHMENT_KINDS),
  entityId: recordIdText,
});
export const uploadAttachmentQuery = attachmentOwnerQuery.extend({
  name: z.string().trim().min(1).max(200),
  month: monthString.optional(),
});

export const attachmentFile = {
  description: 'The file (PDF, Word, Excel or an image); Content-Disposition names it',
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
};
