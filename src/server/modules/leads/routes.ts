import { z } from 'zod';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import { dateString } from '../../../core/calendar/schemas.js';
import {
  assessBody,
  closeBody,
  createLeadBody,
  dispatchBody,
  feedbackBody,
  listLeadsQuery,
  mergeBody,
  ownerBody,
  progressBody,
  respondBody,
  setRecordClustersBody,
  signBody,
  updateLeadBody,
} from '../../../core/leads/schemas.js';
import type { LeadAction } from '../../../core/leads/stages.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { authorize } from '../../auth/policies.js';
import { actorOf, currentUser, langOf } from '../../http/context.js';
import { sendXlsx } from '../../http/xlsx.js';
import { recordAudit } from '../audit/record.js';
import { exportLedger } from './export.js';
import { slaReport, weeklyReport, weeklyReportXlsx } from './reports.js';
import {
  act,
  decideOwner,
  dismissLink,
  getLead,
  type LeadContext,
  mergeLead,
  registerLead,
  setLeadClusters,
  updateLead,
} from './service.js';
import { awaitingDispatch, conflicts, leadSummary, listLeads, myWork } from './views.js';

const STEP_BODIES: Record<LeadAction, z.ZodType> = {
  respond: respondBody,
  assess: assessBody,
  feedback: feedbackBody,
  dispatch: dispatchBody,
  progress: progressBody,
  sign: signBody,
  close: closeBody,
};

export async function leadRoutes(app: App) {
  const { db, clock } = app.services;
  const ctxOf = (request: Parameters<typeof currentUser>[0]): LeadContext => ({
    db: db.kysely,
    user: currentUser(request),
    actor: actorOf(request),
    now: clock.now(),
  });

  app.get(
    '/api/leads',
    {
      schema: {
        tags: ['leads'],
        summary: 'The lead ledger, filtered and paginated on the server',
        querystring: listLeadsQuery,
      },
    },
    async (request) => listLeads(db.kysely, currentUser(request), request.query, clock.now()),
  );

  app.get(
    '/api/leads/export.xlsx',
    {
      schema: {
        tags: ['leads'],
        summary: 'The filtered ledger rows as an xlsx file',
        querystring: listLeadsQuery,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const now = clock.now();
      const { buffer, rows } = await exportLedger(db.kysely, user, request.query, now);
      await db.kysely.transaction().execute((trx) =>
        recordAudit(trx, actorOf(request), now, {
          action: 'lead.exported',
          entityType: 'lead',
          after: { rows, filters: request.query },
        }),
      );
      return sendXlsx(reply, buffer, `线索台账-${shanghaiDate(now)}.xlsx`);
    },
  );

  app.get(
    '/api/leads/summary',
    { schema: { tags: ['leads'], summary: 'Counts by stage, overdue and due today' } },
    async (request) => leadSummary(db.kysely, currentUser(request), clock.now()),
  );

  app.get(
    '/api/leads/my-work',
    { schema: { tags: ['leads'], summary: '我的待办: steps waiting on me, soonest first' } },
    async (request) => {
      const user = currentUser(request);
      const now = clock.now();
      return {
        ...(await myWork(db.kysely, user, now, langOf(request))),
        awaitingDispatch: await awaitingDispatch(db.kysely, user, now),
      };
    },
  );

  app.get(
    '/api/leads/conflicts',
    { schema: { tags: ['leads'], summary: '一盘棋: unresolved possible duplicates (city officer)' } },
    async (request) => conflicts(db.kysely, currentUser(request)),
  );

  app.post(
    '/api/leads/links/:id/dismiss',
    { schema: { tags: ['leads'], summary: 'Not a duplicate after all (city officer)', params: idParam } },
    async (request, reply) => {
      await dismissLink(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/leads',
    {
      schema: {
        tags: ['leads'],
        summary: 'Register a lead (≥ 1亿元); 409 LEAD_POSSIBLE_DUPLICATE unless confirmed',
        body: createLeadBody,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const id = await registerLead(ctx, request.body);
      return reply.status(201).send({ lead: await getLead(ctx, id) });
    },
  );

  app.get(
    '/api/leads/:id',
    { schema: { tags: ['leads'], summary: 'One lead with its clocks and full timeline', params: idParam } },
    async (request) => {
      return { lead: await getLead(ctxOf(request), request.params.id) };
    },
  );

  app.patch(
    '/api/leads/:id',
    {
      schema: {
        tags: ['leads'],
        summary: 'Edit registration fields; send the version you read',
        params: idParam,
        body: updateLeadBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await updateLead(ctx, request.params.id, request.body);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  for (const action of Object.keys(STEP_BODIES) as LeadAction[]) {
    app.post(
      `/api/leads/:id/${action}`,
      {
        schema: {
          tags: ['leads'],
          summary: `Step action: ${action} (409 ILLEGAL_TRANSITION from the wrong stage)`,
          params: idParam,
          body: STEP_BODIES[action],
        },
      },
      async (request) => {
        const ctx = ctxOf(request);
        const result = await act(ctx, request.params.id, action, request.body as Record<string, unknown>);
        const lead = await getLead(ctx, request.params.id);
        return action === 'sign' ? { lead, project: lead.project, projectId: result.projectId } : { lead };
      },
    );
  }

  app.post(
    '/api/leads/:id/merge',
    {
      schema: {
        tags: ['leads'],
        summary: 'Merge this lead into another (city officer); both histories stay',
        params: idParam,
        body: mergeBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await mergeLead(ctx, request.params.id, request.body.intoLeadId, request.body.note);
      return { lead: await getLead(ctx, request.body.intoLeadId) };
    },
  );

  app.post(
    '/api/leads/:id/clusters',
    {
      schema: {
        tags: ['leads'],
        summary: "Set the lead's clusters by hand (city officer); the industry code gives the default",
        params: idParam,
        body: setRecordClustersBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await setLeadClusters(ctx, request.params.id, request.body.clusterIds);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  app.post(
    '/api/leads/:id/owner',
    {
      schema: {
        tags: ['leads'],
        summary: 'Decide which organisation owns the lead (city officer)',
        params: idParam,
        body: ownerBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await decideOwner(ctx, request.params.id, request.body.ownerOrgId, request.body.note);
      return { lead: await getLead(ctx, request.params.id) };
    },
  );

  app.get(
    '/api/officers',
    {
      schema: {
        tags: ['leads'],
        summary: 'Active city and county officers, to name a follow-up officer (city officer)',
      },
    },
    async (request) => {
      authorize(currentUser(request), 'lead.handle');
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
      schema: {
        tags: ['reports'],
        summary: '一周一报 for the week containing weekOf',
        querystring: weekQuery,
      },
    },
    async (request) =>
      weeklyReport(db.kysely, currentUser(request), request.query.weekOf ?? shanghaiDate(clock.now())),
  );

  app.get(
    '/api/reports/weekly.xlsx',
    { schema: { tags: ['reports'], summary: '一周一报 as xlsx', querystring: weekQuery } },
    async (request, reply) => {
      const user = currentUser(request);
      const report = await weeklyReport(db.kysely, user, request.query.weekOf ?? shanghaiDate(clock.now()));
      await db.kysely.transaction().execute((trx) =>
        recordAudit(trx, actorOf(request), clock.now(), {
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
      schema: {
        tags: ['reports'],
        summary: 'On-time rate per step, county and officer for steps completed in a period',
        querystring: z.object({ from: dateString, to: dateString }),
      },
    },
    async (request) => {
      authorize(currentUser(request), 'lead.report');
      return slaReport(db.kysely, currentUser(request), request.query.from, request.query.to);
    },
  );
}
