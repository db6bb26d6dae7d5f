import { z } from 'zod';
import { dateString } from '../../../core/calendar/schemas.js';
import { idParam } from '../../../core/schemas.js';
import { periodKey, putIndicatorValueBody, putTargetBody, targetsQuery } from '../../../core/targets.js';
import type { App } from '../../app.js';
import { AppError } from '../../errors.js';
import { actorOf, currentUser } from '../../http/context.js';
import { sendXlsx, XLSX_MIME } from '../../http/xlsx.js';
import { recordAudit } from '../audit/record.js';
import { dashboard, periodReport, periodReportXlsx, pipelineStats } from './dashboard.js';
import {
  deleteTarget,
  listIndicatorValues,
  putIndicatorValue,
  putTarget,
  type TargetContext,
  targetsReport,
} from './targets.js';
import { importTargets, targetsTemplate } from './targetsXlsx.js';

const periodQuery = z
  .object({
    from: dateString,
    to: dateString,
    orgId: z.coerce.number().int().positive().optional(),
    breakdowns: z.enum(['true', 'false']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'range_order', path: ['to'] });

const reportQuery = z.object({ period: periodKey, orgId: z.coerce.number().int().positive().optional() });
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export async function statsRoutes(app: App) {
  const { db, clock } = app.services;
  const ctxOf = (request: Parameters<typeof currentUser>[0]): TargetContext => ({
    db: db.kysely,
    user: currentUser(request),
    actor: actorOf(request),
    now: clock.now(),
  });
  // The target table is uploaded as the xlsx file itself.
  app.addContentTypeParser(XLSX_MIME, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/stats/pipeline',
    {
      schema: {
        tags: ['stats'],
        summary:
          'Signed / started / in production in a period, by county (breakdowns=true: month, class, cluster)',
        querystring: periodQuery,
      },
    },
    async (request) =>
      pipelineStats(db.kysely, currentUser(request), {
        ...request.query,
        breakdowns: request.query.breakdowns === 'true',
      }),
  );

  app.get(
    '/api/stats/dashboard',
    {
      schema: {
        tags: ['stats'],
        summary: "The leaders' dashboard (驾驶舱) for a period",
        querystring: periodQuery,
      },
    },
    async (request) => dashboard(db.kysely, currentUser(request), request.query, clock.now()),
  );

  app.get(
    '/api/stats/report',
    {
      schema: {
        tags: ['stats'],
        summary: 'Period report (季度/年度): 2024-Q1, 2024 or 2024-03',
        querystring: reportQuery,
      },
    },
    async (request) =>
      periodReport(db.kysely, currentUser(request), request.query.period, request.query.orgId),
  );

  app.get(
    '/api/stats/report.xlsx',
    { schema: { tags: ['stats'], summary: 'The period report as xlsx', querystring: reportQuery } },
    async (request, reply) => {
      const now = clock.now();
      const report = await periodReport(
        db.kysely,
        currentUser(request),
        request.query.period,
        request.query.orgId,
      );
      await db.kysely.transaction().execute((trx) =>
        recordAudit(trx, actorOf(request), now, {
          action: 'stats.report_exported',
          entityType: 'report',
          after: { period: report.period, orgId: request.query.orgId ?? null },
        }),
      );
      return sendXlsx(
        reply,
        await periodReportXlsx(report, now),
        `${report.scopeName}${report.label}项目情况.xlsx`,
      );
    },
  );

  app.get(
    '/api/targets',
    {
      schema: {
        tags: ['targets'],
        summary: 'Targets of a year with completion and time-elapsed rates',
        querystring: targetsQuery,
      },
    },
    async (request) =>
      targetsReport(db.kysely, currentUser(request), request.query.year, request.query.asOf, clock.now()),
  );

  app.put(
    '/api/targets',
    { schema: { tags: ['targets'], summary: 'Set one target (admin or city officer)', body: putTargetBody } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await db.kysely.transaction().execute((trx) => putTarget(trx, ctx, request.body));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/targets/:id',
    { schema: { tags: ['targets'], summary: 'Remove a target (admin or city officer)', params: idParam } },
    async (request, reply) => {
      await deleteTarget(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/targets/template.xlsx',
    { schema: { tags: ['targets'], summary: "The year's target table to fill in", querystring: yearQuery } },
    async (request, reply) =>
      sendXlsx(
        reply,
        await targetsTemplate(db.kysely, ctxOf(request), request.query.year),
        `${request.query.year}年目标.xlsx`,
      ),
  );

  app.post(
    '/api/targets/import',
    {
      schema: {
        tags: ['targets'],
        summary: "Upload the year's target table (the xlsx file as the body)",
        querystring: yearQuery,
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'file', text: { zh: '请上传 xlsx 文件', en: 'Upload an xlsx file' } }],
        });
      }
      return importTargets(ctxOf(request), request.query.year, request.body);
    },
  );

  app.get(
    '/api/indicator-values',
    { schema: { tags: ['targets'], summary: 'Entered indicator values of a year', querystring: yearQuery } },
    async (request) => listIndicatorValues(db.kysely, currentUser(request), request.query.year),
  );

  app.put(
    '/api/indicator-values',
    {
      schema: {
        tags: ['targets'],
        summary: 'Enter a value for a period (admin or city officer)',
        body: putIndicatorValueBody,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await db.kysely.transaction().execute((trx) => putIndicatorValue(trx, ctx, request.body));
      return reply.status(204).send();
    },
  );
}
