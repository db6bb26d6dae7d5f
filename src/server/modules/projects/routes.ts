import { shanghaiDate } from '../../../core/calendar/dates.js';
import { setRecordClustersBody } from '../../../core/leads/schemas.js';
import {
  answerIssueBody,
  closeIssueBody,
  createIssueBody,
  createProjectBody,
  listIssuesQuery,
  listProjectsQuery,
  milestoneBody,
  updateProjectBody,
} from '../../../core/projects/schemas.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { actorOf, currentUser } from '../../http/context.js';
import { sendXlsx } from '../../http/xlsx.js';
import { recordAudit } from '../audit/record.js';
import { exportProjects } from './export.js';
import { answerIssue, closeIssue, listIssues, projectIssues, raiseIssue } from './issues.js';
import {
  createProject,
  getProject,
  listProjects,
  moveStage,
  type ProjectContext,
  setProjectClusters,
  updateProject,
} from './service.js';

export async function projectRoutes(app: App) {
  const { db, clock } = app.services;
  const ctxOf = (request: Parameters<typeof currentUser>[0]): ProjectContext => ({
    db: db.kysely,
    user: currentUser(request),
    actor: actorOf(request),
    now: clock.now(),
  });
  const full = async (ctx: ProjectContext, id: number) => ({
    project: { ...(await getProject(ctx, id)), issues: await projectIssues(ctx.db, id, ctx.now) },
  });

  app.get(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'The project list, filtered and paginated',
        querystring: listProjectsQuery,
      },
    },
    async (request) => listProjects(db.kysely, currentUser(request), request.query, clock.now()),
  );

  app.get(
    '/api/projects/export.xlsx',
    {
      schema: {
        tags: ['projects'],
        summary: 'The filtered projects as an xlsx file',
        querystring: listProjectsQuery,
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const { buffer, rows } = await exportProjects(db.kysely, currentUser(request), request.query, now);
      await db.kysely.transaction().execute((trx) =>
        recordAudit(trx, actorOf(request), now, {
          action: 'project.exported',
          entityType: 'project',
          after: { rows, filters: request.query },
        }),
      );
      return sendXlsx(reply, buffer, `重点项目-${shanghaiDate(now)}.xlsx`);
    },
  );

  app.post(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Enter a project directly (older, or signed elsewhere)',
        body: createProjectBody,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const id = await createProject(ctx, request.body);
      return reply.status(201).send(await full(ctx, id));
    },
  );

  app.get(
    '/api/projects/:id',
    { schema: { tags: ['projects'], summary: 'One project with its coordination issues', params: idParam } },
    async (request) => full(ctxOf(request), request.params.id),
  );

  app.patch(
    '/api/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'Edit fields; send the version you read',
        params: idParam,
        body: updateProjectBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await updateProject(ctx, request.params.id, request.body);
      return full(ctx, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/milestones',
    {
      schema: {
        tags: ['projects'],
        summary: 'Started / in production on a date; backwards only by the city officer with a reason',
        params: idParam,
        body: milestoneBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await moveStage(ctx, request.params.id, request.body);
      return full(ctx, request.params.id);
    },
  );

  app.put(
    '/api/projects/:id/clusters',
    {
      schema: {
        tags: ['projects'],
        summary: "Correct a project's clusters by hand (city officer)",
        params: idParam,
        body: setRecordClustersBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await setProjectClusters(ctx, request.params.id, request.body.clusterIds);
      return full(ctx, request.params.id);
    },
  );

  app.get(
    '/api/coordination-issues',
    {
      schema: {
        tags: ['projects'],
        summary: 'Coordination issues over the projects one may see',
        querystring: listIssuesQuery,
      },
    },
    async (request) => listIssues(db.kysely, currentUser(request), request.query, clock.now()),
  );

  app.post(
    '/api/projects/:id/issues',
    {
      schema: {
        tags: ['projects'],
        summary: 'Record a coordination issue (需协调事项)',
        params: idParam,
        body: createIssueBody,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await raiseIssue(ctx, request.params.id, request.body);
      return reply.status(201).send(await full(ctx, request.params.id));
    },
  );

  app.post(
    '/api/coordination-issues/:id/answer',
    {
      schema: {
        tags: ['projects'],
        summary: 'Answer an issue (city officer)',
        params: idParam,
        body: answerIssueBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return full(ctx, await answerIssue(ctx, request.params.id, request.body));
    },
  );

  app.post(
    '/api/coordination-issues/:id/close',
    {
      schema: {
        tags: ['projects'],
        summary: 'Close an answered issue',
        params: idParam,
        body: closeIssueBody,
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return full(ctx, await closeIssue(ctx, request.params.id, request.body));
    },
  );
}
