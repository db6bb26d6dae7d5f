/**
 * Attachments on projects, leads and admission reviews (#16 item 7): agreements, assessment
 * reports, photos of a month's progress. The type is read from the bytes; the size is limited; the
 * name is made safe. Kept in the database, or in a directory all processes share
 * (INVESTTRACK_ATTACHMENTS_DIR) under their SHA-256. Read and written as the record they belong to
 * is: a record the user may not see is 404, its attachments too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { ATTACHMENT_KINDS } from '../../../core/api/attachments.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { monthOf } from '../../../core/projects/keyProjects.js';
import type { Context } from '../../auth/context.js';
import { authorize, can, type Principal } from '../../auth/policies.js';
import type { AttachmentTable, Database } from '../../db/tables.js';
import { AppError, forbidden, invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { loadVisible } from '../leads/store.js';
import { loadVisibleProject, projectResource } from '../projects/service.js';
import { fileTypeOf, safeFileName } from './fileType.js';

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** 20 MB: a scanned agreement or a phone's photo, not a video. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface AttachmentStore {
  /** Where files are kept when not in the database (shared by every process). */
  dir: string | null;
}

/** The record an attachment belongs to, checked for the reader (404) and, to write, for the writer (403). */
async function checkOwner(
  trx: Kysely<Database>,
  user: Principal,
  kind: AttachmentKind,
  id: number,
  write: boolean,
): Promise<void> {
  if (kind === 'project') {
    const row = await loadVisibleProject(trx, user, id);
    if (write) authorize(user, 'project.update', projectResource(row));
    return;
  }
  const leadId =
    kind === 'lead'
      ? id
      : (await trx.selectFrom('admission_reviews').select('lead_id').where('id', '=', id).executeTakeFirst())
          ?.lead_id;
  if (leadId === undefined) throw notFound();
  const lead = await loadVisible(trx, user, leadId);
  if (!write) return;
  const allowed =
    kind === 'review'
      ? can(user, 'review.manage')
      : can(user, 'lead.update', lead.resource) || can(user, 'lead.progress', lead.resource);
  if (!allowed) throw forbidden();
}

export const presentAttachment = (r: Omit<AttachmentTable, 'content' | 'id'> & { id: number }) => ({
  id: r.id,
  entityType: r.entity_type as AttachmentKind,
  entityId: r.entity_id,
  month: r.month,
  name: r.name,
  mime: r.mime,
  size: r.size,
  uploadedByName: r.uploaded_by_name,
  uploadedAt: r.uploaded_at,
});

const COLUMNS = [
  'id',
  'entity_type',
  'entity_id',
  'month',
  'name',
  'mime',
  'size',
  'sha256',
  'uploaded_by_user_id',
  'uploaded_by_name',
  'uploaded_at',
] as const;

export async function addAttachment(
  ctx: Context,
  store: AttachmentStore,
  input: { entityType: AttachmentKind; entityId: number; name: string; month?: string },
  bytes: Buffer,
) {
  if (!bytes.length) throw invalidField('file', { zh: '文件是空的', en: 'The file is empty' });
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    throw invalidField('file', { zh: '文件不能超过 20 MB', en: 'The file must not exceed 20 MB' });
  const type = fileTypeOf(bytes);
  if (!type)
    throw invalidField('file', {
      zh: '只接受 PDF、Word、Excel 文件或 JPEG、PNG、WebP 图片（按文件内容判断）',
      en: 'Only PDF, Word, Excel files or JPEG, PNG, WebP images (judged by content)',
    });
  if (input.month !== undefined) {
    if (input.entityType !== 'project')
      throw invalidField('month', {
        zh: '只有项目的月度报送可附照片',
        en: "only a project's month takes photos",
      });
    if (input.month > monthOf(shanghaiDate(ctx.now)))
      throw invalidField('month', { zh: '不能是未来月份', en: 'cannot be a month in the future' });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The file is on disk before its row commits: a row never points at nothing.
  if (store.dir) {
    await mkdir(store.dir, { recursive: true });
    const tmp = join(store.dir, `.${randomUUID()}`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(store.dir, sha256));
  }
  return ctx.db.transaction().execute(async (trx) => {
    await checkOwner(trx, ctx.user, input.entityType, input.entityId, true);
    const row = await trx
      .insertInto('attachments')
      .values({
        entity_type: input.entityType,
        entity_id: input.entityId,
        month: input.month ?? null,
        name: safeFileName(input.name, type),
        mime: type.mime,
        size: bytes.length,
        sha256,
        content: store.dir ? null : bytes,
        uploaded_by_user_id: ctx.user.id,
        uploaded_by_name: ctx.user.displayName,
        uploaded_at: ctx.now.toISOString(),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'attachment.added',
      entityType: input.entityType,
      entityId: input.entityId,
      after: {
        attachmentId: row.id,
        name: row.name,
        mime: row.mime,
        size: row.size,
        sha256,
        month: row.month,
      },
    });
    return presentAttachment(row);
  });
}

export async function listAttachments(
  ctx: Pick<Context, 'db' | 'user'>,
  entityType: AttachmentKind,
  entityId: number,
) {
  await checkOwner(ctx.db, ctx.user, entityType, entityId, false);
  const rows = await ctx.db
    .selectFrom('attachments')
    .select(COLUMNS)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map(presentAttachment);
}

async function loadAttachment(trx: Kysely<Database>, user: Principal, id: number, write: boolean) {
  const row = await trx.selectFrom('attachments').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  await checkOwner(trx, user, row.entity_type as AttachmentKind, row.entity_id, write);
  return row;
}

/** The bytes, for a reader of the record; each download audited (agreements are confidential). */
export async function readAttachment(ctx: Context, store: AttachmentStore, id: number) {
  const row = await loadAttachment(ctx.db, ctx.user, id, false);
  const stored = await ctx.db
    .selectFrom('attachments')
    .select('content')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const bytes = stored.content
    ? Buffer.from(stored.content)
    : store.dir
      ? await readFile(join(store.dir, row.sha256)).catch(() => null)
      : null;
  if (!bytes)
    throw new AppError('NOT_FOUND', {
      text: { zh: '附件文件不在存储目录中', en: 'The file is missing from the attachments directory' },
    });
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx.actor, ctx.now, {
      action: 'attachment.downloaded',
      entityType: row.entity_type,
      entityId: row.entity_id,
      after: { attachmentId: id, name: row.name },
    }),
  );
  return { row: presentAttachment(row), bytes };
}

export async function removeAttachment(ctx: Context, id: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadAttachment(trx, ctx.user, id, true);
    await trx.deleteFrom('attachments').where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'attachment.removed',
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: { attachmentId: id, name: row.name, sha256: row.sha256, uploadedBy: row.uploaded_by_name },
    });
  });
}
