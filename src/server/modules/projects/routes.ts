import { investmentAnswer, issueList, projectAnswer, projectPage } from '../../../core/api/projects.js';
import { setRecordClustersBody } from '../../../core/leads/schemas.js';
import {
  monthBody,
  monthParam,
  planBody,
  statusBody,
  yearParam,
} from '../../../core/projects/keyProjectSchemas.js';
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
import { contextOf } from '../../http/context.js';
import { auditRead } from '../audit/record.js';
import { exportRoutes } from '../system/exports.js';
import { projectsExport } from './export.js';
import { answerIssue, closeIssue, listIssues, projectAnswerOf, raiseIssue } from './issues.js';
import { investmentOf, putMonth, putPlan, setStatus } from './keyProjects.js';
import { createProject, listProjects, moveStage, setProjectClusters, updateProject } from './service.js';

export async function projectRoutes(app: App) {
  app.get(
    '/api/projects',
    {
      config: { ability: 'project.list' },
      schema: {
        tags: ['projects'],
        summary: 'The project list, filtered and paginated',
        querystring: listProjectsQuery,
        response: { 200: projectPage },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return listProjects(ctx.db, ctx.user, request.query, ctx.now);
    },
  );

  exportRoutes(app, {
    path: '/api/projects/export',
    ability: 'project.list',
    tag: 'projects',
    what: 'The filtered projects',
    query: listProjectsQuery,
    name: '重点项目',
    list: (ctx, query) => projectsExport(ctx.db, ctx.user, query, ctx.now),
    audit: { action: 'project.exported', entityType: 'project' },
  });

  app.post(
    '/api/projects',
    {
      config: { ability: 'project.create' },
      schema: {
        tags: ['projects'],
        summary: 'Enter a project directly (older, or signed elsewhere)',
        body: createProjectBody,
        response: { 201: projectAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await createProject(ctx, request.body);
      return reply.status(201).send(await projectAnswerOf(ctx, id));
    },
  );

  app.get(
    '/api/projects/:id',
    {
      config: { ability: 'project.list' },
      schema: {
        tags: ['projects'],
        summary: 'One project with its coordination issues',
        params: idParam,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const answer = await projectAnswerOf(ctx, request.params.id);
      await auditRead(ctx.db, ctx, 'project', request.params.id);
      return answer;
    },
  );

  app.patch(
    '/api/projects/:id',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: 'Edit fields; send the version you read',
        params: idParam,
        body: updateProjectBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await updateProject(ctx, request.params.id, request.body);
      return projectAnswerOf(ctx, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/milestones',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: 'Started / in production on a date; backwards only by the city officer with a reason',
        params: idParam,
        body: milestoneBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await moveStage(ctx, request.params.id, request.body);
      return projectAnswerOf(ctx, request.params.id);
    },
  );

  app.put(
    '/api/projects/:id/clusters',
    {
      config: { ability: 'project.clusters' },
      schema: {
        tags: ['projects'],
        summary: "Correct a project's clusters by hand (city officer)",
        params: idParam,
        body: setRecordClustersBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await setProjectClusters(ctx, request.params.id, request.body.clusterIds);
      return projectAnswerOf(ctx, request.params.id);
    },
  );

  app.get(
    '/api/coordination-issues',
    {
      config: { ability: 'project.list' },
      schema: {
        tags: ['projects'],
        summary: 'Coordination issues over the projects one may see',
        querystring: listIssuesQuery,
        response: { 200: issueList },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return listIssues(ctx.db, ctx.user, request.query, ctx.now);
    },
  );

  app.post(
    '/api/projects/:id/issues',
    {
      config: { ability: 'issue.raise' },
      schema: {
        tags: ['projects'],
        summary: 'Record a coordination issue (需协调事项)',
        params: idParam,
        body: createIssueBody,
        response: { 201: projectAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await raiseIssue(ctx, request.params.id, request.body);
      return reply.status(201).send(await projectAnswerOf(ctx, request.params.id));
    },
  );

  app.post(
    '/api/coordination-issues/:id/answer',
    {
      config: { ability: 'issue.answer' },
      schema: {
        tags: ['projects'],
        summary: 'Answer an issue (city officer)',
        params: idParam,
        body: answerIssueBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return projectAnswerOf(ctx, await answerIssue(ctx, request.params.id, request.body));
    },
  );

  app.post(
    '/api/coordination-issues/:id/close',
    {
      config: { ability: 'issue.raise' },
      schema: {
        tags: ['projects'],
        summary: 'Close an answered issue',
        params: idParam,
        body: closeIssueBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return projectAnswerOf(ctx, await closeIssue(ctx, request.params.id, request.body));
    },
  );

  app.get(
    '/api/projects/:id/investment',
    {
      config: { ability: 'project.list' },
      schema: {
        tags: ['projects'],
        summary: 'Planned and completed investment per year and month, status history, the next report due',
        params: idParam,
        response: { 200: investmentAnswer },
      },
    },
    async (request) => investmentOf(contextOf(request), request.params.id),
  );

  app.post(
    '/api/projects/:id/status',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: '正常推进 / 滞后 / 停滞 / 终止 on a date with a reason (reopening: city officer)',
        params: idParam,
        body: statusBody,
        response: { 200: projectAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await setStatus(ctx, request.params.id, request.body);
      return projectAnswerOf(ctx, request.params.id);
    },
  );

  app.put(
    '/api/projects/:id/plans/:year',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: "A year's planned investment (年度计划投资); send the version read to change one",
        params: yearParam,
        body: planBody,
        response: { 200: investmentAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await putPlan(ctx, request.params.id, request.params.year, request.body);
      return investmentOf(ctx, request.params.id);
    },
  );

  app.put(
    '/api/projects/:id/months/:month',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: "A month's investment completed and image progress; send the version read to correct one",
        params: monthParam,
        body: monthBody,
        response: { 200: investmentAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await putMonth(ctx, request.params.id, request.params.month, request.body);
      return investmentOf(ctx, request.params.id);
    },
  );
}
