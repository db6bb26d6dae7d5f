import { z } from 'zod';
import { itemsOf, noContent, xlsxFile } from '../../../core/api/common.js';
import {
  conflict,
  leadAnswer,
  leadPage,
  leadSummary as leadSummaryAnswer,
  myWork as myWorkAnswer,
  officer,
  signAnswer,
  slaReport as slaReportAnswer,
  stepAnswer,
  weeklyReport as weeklyReportAnswer,
} from '../../../core/api/leads.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { dateString } from '../../../core/calendar/schemas.js';
import {
  createLeadBody,
  listLeadsQuery,
  mergeBody,
  ownerBody,
  STEP_BODIES,
  type StepBody,
  setRecordClustersBody,
  updateLeadBody,
} from '../../../core/leads/schemas.js';
import { ACTION_LABELS, LEAD_ACTIONS, type LeadAction } from '../../../core/leads/stages.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf, langOf } from '../../http/context.js';
import { sendXlsx } from '../../http/xlsx.js';
import { auditRead, recordAudit } from '../audit/record.js';
import { readProject } from '../projects/service.js';
import { exportRoutes } from '../system/exports.js';
import { decideOwner, dismissLink, mergeLead, setLeadClusters } from './board.js';
import { ledgerExport } from './export.js';
import { getLead, revealContact } from './reads.js';
import { registerLead, updateLead } from './register.js';
import { slaReport, weeklyReport, weeklyReportXlsx } from './reports.js';
import { takeStep } from './steps.js';
import { markSeen } from './store.js';
import { awaitingDispatch, conflicts, leadSummary, listLeads, myWork } from './views.js';

export async function leadRoutes(app: App) {
  const { db } = app.services;
  app.get(
    '/api/leads',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['leads'],
        summary: 'The lead ledger, filtered and paginated on the server',
        querystring: listLeadsQuery,
        response: { 200: leadPage },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return listLeads(ctx.db, ctx.user, request.query, ctx.now);
    },
  );

  exportRoutes(app, {
    path: '/api/leads/export',
    ability: 'lead.list',
    tag: 'leads',
    what: 'The filtered ledger rows',
    query: listLeadsQuery,
    name: '线索台账',
    list: (ctx, query) => ledgerExport(ctx.db, ctx.user, query, ctx.now),
    audit: { action: 'lead.exported', entityType: 'lead' },
  });

  app.get(
    '/api/leads/summary',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['leads'],
        summary: 'Counts by stage, overdue and due today',
        response: { 200: leadSummaryAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return leadSummary(ctx.db, ctx.user, ctx.now);
    },
  );

  app.get(
    '/api/leads/my-work',
    {
      config: { ability: 'lead.work' },
      schema: {
        tags: ['leads'],
        summary: '我的待办: steps waiting on me, soonest first',
        response: { 200: myWorkAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const user = ctx.user;
      const now = ctx.now;
      return {
        ...(await myWork(ctx.db, user, now, langOf(request))),
        awaitingDispatch: await awaitingDispatch(ctx.db, user, now),
      };
    },
  );

  app.get(
    '/api/leads/conflicts',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: '一盘棋: unresolved possible duplicates (city officer)',
        response: { 200: itemsOf(conflict) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return conflicts(ctx.db, ctx.user);
    },
  );

  app.post(
    '/api/leads/links/:id/dismiss',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: 'Not a duplicate after all (city officer)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await dismissLink(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/leads',
    {
      config: { ability: 'lead.register' },
      schema: {
        tags: ['leads'],
        summary: 'Register a lead (≥ 1亿元); 409 LEAD_POSSIBLE_DUPLICATE unless confirmed',
        body: createLeadBody,
        response: { 201: leadAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await registerLead(ctx, request.body);
      return reply.status(201).send({ lead: await getLead(ctx, id) });
    },
  );

  app.get(
    '/api/leads/:id',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['leads'],
        summary: 'One lead with its clocks and full timeline',
        params: idParam,
        response: { 200: leadAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const lead = await getLead(ctx, request.params.id);
      // Opened by someone of a county it was dispatched to: no longer new to that county.
      if (lead.countyOrgIds.includes(ctx.user.orgId))
        await markSeen(ctx.db, ctx.user.orgId, lead.id, ctx.now);
      await auditRead(ctx.db, ctx, 'lead', lead.id);
      return { lead };
    },
  );

  app.post(
    '/api/leads/:id/contact',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['leads'],
        summary:
          "The referrer's full phone number, for those who follow the lead (the city center, its counties, its referrer); each reveal audited",
        params: idParam,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (request) => ({ phone: await revealContact(contextOf(request), request.params.id) }),
  );

  app.patch(
    '/api/leads/:id',
    {
      config: { ability: 'lead.list' },
      schema: {
        tags: ['leads'],
        summary: 'Edit registration fields; send the version you read',
        params: idParam,
        body: updateLeadBody,
        response: { 200: leadAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await updateLead(ctx, request.params.id, request.body);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  const stepRoute = <A extends LeadAction>(action: A) =>
    app.post(
      `/api/leads/:id/${action}`,
      {
        // Who may take the step is decided on the lead itself (404 first for a lead one may not see).
        config: { ability: 'lead.list' },
        schema: {
          tags: ['leads'],
          summary: `Step: ${ACTION_LABELS[action].en} (${ACTION_LABELS[action].zh}); 409 ILLEGAL_TRANSITION from the wrong stage`,
          params: idParam,
          body: STEP_BODIES[action],
          response: { 200: action === 'sign' ? signAnswer : stepAnswer },
        },
      },
      async (request) => {
        // The step and the answer in one transaction: the answer is exactly what was written.
        const ctx = contextOf(request);
        const id = request.params.id;
        return ctx.db.transaction().execute(async (trx) => {
          const c = { ...ctx, db: trx };
          const { projectId } = await takeStep(c, id, action, request.body as StepBody<A>);
          const lead = await getLead(c, id);
          return projectId === undefined
            ? { lead }
            : { lead, project: await readProject(c, projectId), projectId };
        });
      },
    );
  for (const action of LEAD_ACTIONS) stepRoute(action);

  app.post(
    '/api/leads/:id/merge',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: 'Merge this lead into another (city officer); both histories stay',
        params: idParam,
        body: mergeBody,
        response: { 200: leadAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await mergeLead(ctx, request.params.id, request.body.intoLeadId, request.body.note);
      return { lead: await getLead(ctx, request.body.intoLeadId) };
    },
  );

  app.post(
    '/api/leads/:id/clusters',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: "Set the lead's clusters by hand (city officer); the industry code gives the default",
        params: idParam,
        body: setRecordClustersBody,
        response: { 200: leadAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await setLeadClusters(ctx, request.params.id, request.body.clusterIds);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  app.post(
    '/api/leads/:id/owner',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: 'Decide which organisation owns the lead (city officer)',
        params: idParam,
        body: ownerBody,
        response: { 200: leadAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await decideOwner(ctx, request.params.id, request.body.ownerOrgId, request.body.note);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  app.get(
    '/api/officers',
    {
      config: { ability: 'lead.handle' },
      schema: {
        tags: ['leads'],
        summary: 'Active city and county officers, to name a follow-up officer (city officer)',
        response: { 200: itemsOf(officer) },
      },
    },
    async (_request) => {
      const rows = await db.kysely
        .selectFrom('users')
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .select(['users.id', 'users.display_name as displayName', 'users.org_id as orgId', 'user_roles.role'])
        .where('users.active', '=', 1)
        .where('user_roles.role', 'in', ['city_officer', 'county_officer'])
        .orderBy('users.id')
        .execute();
      return { items: rows };
    },
  );

  const weekQuery = z.object({ weekOf: dateString.optional() });
  app.get(
    '/api/reports/weekly',
    {
      config: { ability: 'lead.report' },
      schema: {
        tags: ['reports'],
        summary: '一周一报 for the week containing weekOf',
        querystring: weekQuery,
        response: { 200: weeklyReportAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return weeklyReport(ctx.db, ctx.user, request.query.weekOf ?? shanghaiDate(ctx.now), ctx.now);
    },
  );

  app.get(
    '/api/reports/weekly.xlsx',
    {
      config: { ability: 'lead.report' },
      schema: {
        tags: ['reports'],
        summary: '一周一报 as xlsx',
        querystring: weekQuery,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const user = ctx.user;
      const report = await weeklyReport(ctx.db, user, request.query.weekOf ?? shanghaiDate(ctx.now), ctx.now);
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.actor, ctx.now, {
          action: 'report.exported',
          entityType: 'report',
          entityId: `weekly-${report.period.from}`,
        }),
      );
      return sendXlsx(reply, await weeklyReportXlsx(report), `一周一报-${report.period.from}.xlsx`);
    },
  );

  app.get(
    '/api/reports/sla',
    {
      config: { ability: 'lead.report' },
      schema: {
        tags: ['reports'],
        summary: 'On-time rate per step, county and officer for steps completed in a period',
        querystring: z.object({ from: dateString, to: dateString }),
        response: { 200: slaReportAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return slaReport(ctx.db, ctx.user, request.query.from, request.query.to, ctx.now);
    },
  );
}
