import {
  attachment,
  attachmentFile,
  attachmentOwnerQuery,
  uploadAttachmentQuery,
} from '../../../core/api/attachments.js';
import { itemsOf, noContent } from '../../../core/api/common.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { AppError } from '../../errors.js';
import { contextOf } from '../../http/context.js';
import { asAttachment } from '../../http/xlsx.js';
import { isImage } from './fileType.js';
import {
  ATTACHMENT_MAX_BYTES,
  addAttachment,
  listAttachments,
  readAttachment,
  removeAttachment,
} from './service.js';

/** What a browser sends a file as; the content decides what it is. */
const UPLOAD_TYPES = /^(application\/(octet-stream|pdf|msword|vnd\.[\w.-]+)|image\/[\w.+-]+)$/;

export async function attachmentRoutes(app: App) {
  const store = { dir: app.services.attachmentsDir };
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/attachments',
    {
      config: { ability: 'attachment.use', upload: 'application/octet-stream' },
      bodyLimit: ATTACHMENT_MAX_BYTES,
      schema: {
        tags: ['attachments'],
        summary:
          'Attach a file (the body) to a project, a lead or a review; up to 20 MB, type read from the content',
        querystring: uploadAttachmentQuery,
        response: { 201: attachment },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'file', text: { zh: '请上传文件', en: 'Upload a file as the body' } }],
        });
      const ctx = contextOf(request);
      return reply.status(201).send(await addAttachment(ctx, store, request.query, request.body));
    },
  );

  app.get(
    '/api/attachments',
    {
      config: { ability: 'attachment.use' },
      schema: {
        tags: ['attachments'],
        summary: 'The attachments of a record one may read',
        querystring: attachmentOwnerQuery,
        response: { 200: itemsOf(attachment) },
      },
    },
    async (request) => ({
      items: await listAttachments(contextOf(request), request.query.entityType, request.query.entityId),
    }),
  );

  app.get(
    '/api/attachments/:id/content',
    {
      config: { ability: 'attachment.use' },
      schema: {
        tags: ['attachments'],
        summary: 'The file; each download audited',
        params: idParam,
        response: { 200: attachmentFile },
      },
    },
    async (request, reply) => {
      const { row, bytes } = await readAttachment(contextOf(request), store, request.params.id);
      // Photos show in the page; documents download. Never sniffed as anything else.
      const sent = asAttachment(reply, row.mime, row.name).header('X-Content-Type-Options', 'nosniff');
      if (isImage(row.mime))
        sent.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      return sent.send(bytes);
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      config: { ability: 'attachment.use' },
      schema: {
        tags: ['attachments'],
        summary: 'Remove an attachment (who may edit the record), audited',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await removeAttachment(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
