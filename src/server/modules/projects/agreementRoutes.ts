/** Routes of #16 items 1, 5 and 6: agreements and performance, land-use standards, admission reviews, lost leads. */
import { z } from 'zod';
import {
  agreementAnswer,
  breachBody,
  landStandard,
  lostLeadsAnswer,
  reviewsAnswer,
  thresholdAnswer,
  thresholdBody,
} from '../../../core/api/agreements.js';
import { createdId, itemsOf, noContent } from '../../../core/api/common.js';
import { projectAnswer } from '../../../core/api/projects.js';
import { dateString } from '../../../core/calendar/schemas.js';
import { recordIdText } from '../../../core/ids.js';
import {
  actualBody,
  agreementBody,
  decisionBody,
  opinionBody,
  reviewBody,
  standardBody,
} from '../../../core/projects/agreements.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import type { Context } from '../../auth/context.js';
import { can } from '../../auth/policies.js';
import { contextOf } from '../../http/context.js';
import { lostLeads } from '../leads/lost.js';
import {
  addOpinion,
  createReview,
  decideReview,
  reviewsOf,
  reviewThreshold,
  setReviewThreshold,
  updateReview,
} from '../leads/reviews.js';
import { agreementOf, putActual, putAgreement, raiseBreach } from './agreements.js';
import { projectAnswerOf } from './issues.js';
import { createStandard, deleteStandard, readStandards, updateStandard } from './standards.js';

const yearParam = z.object({ id: recordIdText, year: z.coerce.number().int().min(2000).max(2100) });

export async function agreementRoutes(app: App) {
  const reviews = async (ctx: Context, leadId: number) => ({
    items: await reviewsOf(ctx, leadId),
    thresholdYuan: await reviewThreshold(ctx.db),
    canManage: can(ctx.user, 'review.manage'),
  });

  app.get(
    '/api/projects/:id/agreement',
    {
      config: { ability: 'project.list' },
      schema: {
        tags: ['projects'],
        summary:
          'The investment agreement, each year’s actuals, each term’s performance (履约), the standards check',
        params: idParam,
        response: { 200: agreementAnswer },
      },
    },
    async (request) => agreementOf(contextOf(request), request.params.id),
  );

  app.put(
    '/api/projects/:id/agreement',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: 'Enter or change the agreed terms; send the version read to change them',
        params: idParam,
        body: agreementBody,
        response: { 200: agreementAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await putAgreement(ctx, request.params.id, request.body);
      return agreementOf(ctx, request.params.id);
    },
  );

  app.put(
    '/api/projects/:id/actuals/:year',
    {
      config: { ability: 'project.update' },
      schema: {
        tags: ['projects'],
        summary: "A year's actuals: investment in place (到位资金), tax, output",
        params: yearParam,
        body: actualBody,
        response: { 200: agreementAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await putActual(ctx, request.params.id, request.params.year, request.body);
      return agreementOf(ctx, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/agreement/breaches',
    {
      config: { ability: 'issue.raise' },
      schema: {
        tags: ['projects'],
        summary: 'Raise a breached term as a coordination issue (协议履约) owned by the county',
        params: idParam,
        body: breachBody,
        response: { 201: projectAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await raiseBreach(ctx, request.params.id, request.body.term, request.body.note);
      return reply.status(201).send(await projectAnswerOf(ctx, request.params.id));
    },
  );

  app.get(
    '/api/land-standards',
    {
      config: { ability: 'standard.read' },
      schema: {
        tags: ['projects'],
        summary: 'The land-use standards (标准地) by zone and industry',
        response: { 200: itemsOf(landStandard) },
      },
    },
    async (request) => ({ items: [...(await readStandards(contextOf(request).db))] }),
  );

  app.post(
    '/api/land-standards',
    {
      config: { ability: 'standard.manage' },
      schema: {
        tags: ['projects'],
        summary: 'Add a standard (city officer)',
        body: standardBody,
        response: { 201: createdId },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createStandard(contextOf(request), request.body) }),
  );

  app.put(
    '/api/land-standards/:id',
    {
      config: { ability: 'standard.manage' },
      schema: {
        tags: ['projects'],
        summary: 'Change a standard; send the version read',
        params: idParam,
        body: standardBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await updateStandard(contextOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/land-standards/:id',
    {
      config: { ability: 'standard.manage' },
      schema: {
        tags: ['projects'],
        summary: 'Remove a standard',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteStandard(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/leads/:id/reviews',
    {
      config: { ability: 'review.read' },
      schema: {
        tags: ['leads'],
        summary: "A lead's admission reviews (准入研判), each checked against the standards",
        params: idParam,
        response: { 200: reviewsAnswer },
      },
    },
    async (request) => reviews(contextOf(request), request.params.id),
  );

  app.post(
    '/api/leads/:id/reviews',
    {
      config: { ability: 'review.manage' },
      schema: {
        tags: ['leads'],
        summary: "Open a review of the proposal's figures (city officer)",
        params: idParam,
        body: reviewBody,
        response: { 201: reviewsAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await createReview(ctx, request.params.id, request.body);
      return reply.status(201).send(await reviews(ctx, request.params.id));
    },
  );

  app.patch(
    '/api/reviews/:id',
    {
      config: { ability: 'review.manage' },
      schema: {
        tags: ['leads'],
        summary: "Correct a review's figures before its decision",
        params: idParam,
        body: reviewBody,
        response: { 200: reviewsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return reviews(ctx, await updateReview(ctx, request.params.id, request.body));
    },
  );

  app.post(
    '/api/reviews/:id/opinions',
    {
      config: { ability: 'review.manage' },
      schema: {
        tags: ['leads'],
        summary: "A department's opinion (a later one of the same department replaces it)",
        params: idParam,
        body: opinionBody,
        response: { 200: reviewsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return reviews(ctx, await addOpinion(ctx, request.params.id, request.body));
    },
  );

  app.post(
    '/api/reviews/:id/decision',
    {
      config: { ability: 'review.manage' },
      schema: {
        tags: ['leads'],
        summary: "The meeting's decision and date (final)",
        params: idParam,
        body: decisionBody,
        response: { 200: reviewsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return reviews(ctx, await decideReview(ctx, request.params.id, request.body));
    },
  );

  app.get(
    '/api/settings/admission-review',
    {
      config: { ability: 'review.read' },
      schema: {
        tags: ['leads'],
        summary: 'The amount from which signing needs a decided review',
        response: { 200: thresholdAnswer },
      },
    },
    async (request) => ({ minYuan: await reviewThreshold(contextOf(request).db) }),
  );

  app.put(
    '/api/settings/admission-review',
    {
      config: { ability: 'sla.manage' },
      schema: {
        tags: ['leads'],
        summary: 'Set (or clear with null) that amount (administrator)',
        body: thresholdBody,
        response: { 200: thresholdAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await setReviewThreshold(ctx, request.body.minYuan);
      return { minYuan: await reviewThreshold(ctx.db) };
    },
  );

  app.get(
    '/api/reports/lost-leads',
    {
      config: { ability: 'lead.report' },
      schema: {
        tags: ['reports'],
        summary: 'Leads lost in a period: by reason and by the city they went to',
        querystring: z.object({ from: dateString, to: dateString }),
        response: { 200: lostLeadsAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return lostLeads(ctx.db, ctx.user, request.query);
    },
  );
}
