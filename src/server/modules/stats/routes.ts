import { z } from 'zod';
import { itemsOf, noContent, xlsxFile } from '../../../core/api/common.js';
import { keyProjectsAnswer } from '../../../core/api/projects.js';
import {
  dashboard as dashboardAnswer,
  indicatorValue,
  periodReport as periodReportAnswer,
  pipeline as pipelineAnswer,
  targetsAnswer,
} from '../../../core/api/stats.js';
import { dateString } from '../../../core/calendar/schemas.js';
import { recordIdText } from '../../../core/ids.js';
import { keyProjectsQuery } from '../../../core/projects/keyProjectSchemas.js';
import { idParam } from '../../../core/schemas.js';
import {
  periodKey,
  putIndicatorValueBody,
  putTargetBody,
  targetsQuery,
} from '../../../core/targetSchemas.js';
import type { App } from '../../app.js';
import type { Context } from '../../auth/context.js';
import { AppError } from '../../errors.js';
import { contextOf } from '../../http/context.js';
import { sendXlsx, XLSX_MIME } from '../../http/xlsx.js';
import { recordAudit } from '../audit/record.js';
import { cachedStats, readerKey } from './cache.js';
import { dashboard, periodReport, periodReportXlsx, pipelineStats } from './dashboard.js';
import { keyProjectsBulletin, keyProjectsXlsx } from './keyProjects.js';
import { deleteTarget, listIndicatorValues, putIndicatorValue, putTarget, targetsReport } from './targets.js';
import { importTargets, targetsTemplate } from './targetsXlsx.js';

const periodQuery = z
  .object({
    from: dateString,
    to: dateString,
    orgId: recordIdText.optional(),
    breakdowns: z.enum(['true', 'false']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'range_order', path: ['to'] });

const reportQuery = z.object({ period: periodKey, orgId: recordIdText.optional() });
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** The period report, from the statistics cache (the page and its xlsx share it). */
function cachedPeriodReport(ctx: Context, q: z.infer<typeof reportQuery>) {
  return cachedStats(ctx.db, ['report', readerKey(ctx.user), q], ctx.now, () =>
    periodReport(ctx.db, ctx.user, q.period, q.orgId),
  );
}

/** The key projects' bulletin, from the statistics cache (the page, the dashboard and its xlsx share it). */
function cachedBulletin(ctx: Context, q: z.infer<typeof keyProjectsQuery>) {
  return cachedStats(ctx.db, ['key-projects', readerKey(ctx.user), q], ctx.now, () =>
    keyProjectsBulletin(ctx.db, ctx.user, q, ctx.now),
  );
}

export async function statsRoutes(app: App) {
  const { db } = app.services;
  // The target table is uploaded as the xlsx file itself.
  app.addContentTypeParser(XLSX_MIME, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/stats/pipeline',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary:
          'Signed / started / in production in a period, by county (breakdowns=true: month, class, cluster)',
        querystring: periodQuery,
        response: { 200: pipelineAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return cachedStats(ctx.db, ['pipeline', readerKey(ctx.user), request.query], ctx.now, () =>
        pipelineStats(ctx.db, ctx.user, {
          ...request.query,
          breakdowns: request.query.breakdowns === 'true',
        }),
      );
    },
  );

  app.get(
    '/api/stats/dashboard',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: "The leaders' dashboard (驾驶舱) for a period",
        querystring: periodQuery,
        response: { 200: dashboardAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return cachedStats(ctx.db, ['dashboard', readerKey(ctx.user), request.query], ctx.now, () =>
        dashboard(ctx.db, ctx.user, request.query, ctx.now),
      );
    },
  );

  app.get(
    '/api/stats/report',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: 'Period report (季度/年度): 2024-Q1, 2024 or 2024-03',
        querystring: reportQuery,
        response: { 200: periodReportAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return cachedPeriodReport(ctx, request.query);
    },
  );

  app.get(
    '/api/stats/report.xlsx',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: 'The period report as xlsx',
        querystring: reportQuery,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const now = ctx.now;
      const report = await cachedPeriodReport(ctx, request.query);
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.actor, now, {
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
    '/api/stats/key-projects',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: "Key projects' investment to the end of a month against plan and 序时进度 (月度通报)",
        querystring: keyProjectsQuery,
        response: { 200: keyProjectsAnswer },
      },
    },
    async (request) => cachedBulletin(contextOf(request), request.query),
  );

  app.get(
    '/api/stats/key-projects.xlsx',
    {
      config: { ability: 'stats.read' },
      schema: {
        tags: ['stats'],
        summary: 'The monthly bulletin as xlsx: a sheet per list and the county summary',
        querystring: keyProjectsQuery,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const bulletin = await cachedBulletin(ctx, request.query);
      const orgId = request.query.orgId;
      const scopeName = orgId
        ? ((await ctx.db.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirst())
            ?.name ?? '')
        : '全市';
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.actor, ctx.now, {
          action: 'stats.bulletin_exported',
          entityType: 'report',
          after: { month: bulletin.month, orgId: orgId ?? null },
        }),
      );
      return sendXlsx(
        reply,
        await keyProjectsXlsx(bulletin, scopeName, ctx.now),
        `${scopeName}重点项目${bulletin.month}月度通报.xlsx`,
      );
    },
  );

  app.get(
    '/api/targets',
    {
      config: { ability: 'target.read' },
      schema: {
        tags: ['targets'],
        summary: 'Targets of a year with completion and time-elapsed rates',
        querystring: targetsQuery,
        response: { 200: targetsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return cachedStats(ctx.db, ['targets', readerKey(ctx.user), request.query], ctx.now, () =>
        targetsReport(ctx.db, ctx.user, request.query.year, request.query.asOf, ctx.now),
      );
    },
  );

  app.put(
    '/api/targets',
    {
      config: { ability: 'target.manage' },
      schema: {
        tags: ['targets'],
        summary: 'Set one target (admin or city officer)',
        body: putTargetBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await db.kysely.transaction().execute((trx) => putTarget(trx, ctx, request.body));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/targets/:id',
    {
      config: { ability: 'target.manage' },
      schema: {
        tags: ['targets'],
        summary: 'Remove a target (admin or city officer)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteTarget(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/targets/template.xlsx',
    {
      config: { ability: 'target.manage' },
      schema: {
        tags: ['targets'],
        summary: "The year's target table to fill in",
        querystring: yearQuery,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return sendXlsx(
        reply,
        await targetsTemplate(ctx.db, contextOf(request), request.query.year),
        `${request.query.year}年目标.xlsx`,
      );
    },
  );

  app.post(
    '/api/targets/import',
    {
      config: { ability: 'target.manage', upload: XLSX_MIME },
      schema: {
        tags: ['targets'],
        summary: "Upload the year's target table (the xlsx file as the body)",
        querystring: yearQuery,
        response: { 200: z.object({ saved: z.number().int() }) },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'file', text: { zh: '请上传 xlsx 文件', en: 'Upload an xlsx file' } }],
        });
      }
      return importTargets(contextOf(request), request.query.year, request.body);
    },
  );

  app.get(
    '/api/indicator-values',
    {
      config: { ability: 'target.read' },
      schema: {
        tags: ['targets'],
        summary: 'Entered indicator values of a year',
        querystring: yearQuery,
        response: { 200: itemsOf(indicatorValue) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return listIndicatorValues(ctx.db, ctx.user, request.query.year);
    },
  );

  app.put(
    '/api/indicator-values',
    {
      config: { ability: 'target.manage' },
      schema: {
        tags: ['targets'],
        summary: 'Enter a value for a period (admin or city officer)',
        body: putIndicatorValueBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await db.kysely.transaction().execute((trx) => putIndicatorValue(trx, ctx, request.body));
      return reply.status(204).send(null);
    },
  );
}
