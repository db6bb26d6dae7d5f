import { itemsOf, XLSX_MIME, xlsxFile } from '../../../core/api/common.js';
import {
  batchQuery,
  commitBody,
  dryRunBody,
  importBatch,
  importBatchDetail,
  importDryRun,
  uploadQuery,
} from '../../../core/api/imports.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { AppError } from '../../errors.js';
import { contextOf } from '../../http/context.js';
import { sendXlsx } from '../../http/xlsx.js';
import { IMPORT_MAX_BYTES } from './read.js';
import {
  commitBatch,
  dryRun,
  dryRunReport,
  getBatch,
  listBatches,
  undoBatch,
  uploadBatch,
} from './service.js';

/** What browsers and clients send a ledger file as: xlsx, CSV (often as Excel's), or bytes. */
const FILE_TYPES = [XLSX_MIME, 'text/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

export async function importRoutes(app: App) {
  app.addContentTypeParser(
    FILE_TYPES,
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/imports',
    {
      config: { ability: 'import.use', upload: 'application/octet-stream' },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags: ['imports'],
        summary:
          'Upload a ledger (xlsx, or CSV in UTF-8 or GBK) as the body: a draft batch with its sheets and the automatic column mapping',
        querystring: uploadQuery,
        response: { 201: importBatchDetail },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [
            { path: 'file', text: { zh: '请上传 .xlsx 或 .csv 文件', en: 'Upload an .xlsx or .csv file' } },
          ],
        });
      }
      const ctx = contextOf(request);
      const batch = await uploadBatch(ctx, request.query.kind, request.query.fileName, request.body);
      return reply.status(201).send(batch);
    },
  );

  app.get(
    '/api/imports',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary: "The organisation's import batches, newest first",
        response: { 200: itemsOf(importBatch) },
      },
    },
    async (request) => ({ items: await listBatches(contextOf(request)) }),
  );

  app.get(
    '/api/imports/:id',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary: 'A batch; a draft with its sheets, columns and mapping (sheet=: map that sheet instead)',
        params: idParam,
        querystring: batchQuery,
        response: { 200: importBatchDetail.or(importBatch) },
      },
    },
    async (request) => getBatch(contextOf(request), request.params.id, request.query.sheet),
  );

  app.post(
    '/api/imports/:id/dry-run',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary:
          "Every row's fate under this mapping (new, likely duplicate, refused with each bad cell); nothing is written",
        params: idParam,
        body: dryRunBody,
        response: { 200: importDryRun },
      },
    },
    async (request) =>
      dryRun(contextOf(request), request.params.id, request.body.mapping, request.body.saveMapping === true),
  );

  app.get(
    '/api/imports/:id/report.xlsx',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary: "The dry run as xlsx: the file's rows with each one's result and reasons",
        params: idParam,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const { buffer, name } = await dryRunReport(contextOf(request), request.params.id);
      return sendXlsx(reply, buffer, name);
    },
  );

  app.post(
    '/api/imports/:id/commit',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary:
          'Import the batch, all or nothing (refused if any row is refused); duplicates skipped, merged or new as decided',
        params: idParam,
        body: commitBody,
        response: { 200: importBatch },
      },
    },
    async (request) => commitBatch(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/imports/:id/undo',
    {
      config: { ability: 'import.use' },
      schema: {
        tags: ['imports'],
        summary:
          'Remove what the batch created and restore what it merged, while none of it has changed since',
        params: idParam,
        response: { 200: importBatch },
      },
    },
    async (request) => undoBatch(contextOf(request), request.params.id),
  );
}
