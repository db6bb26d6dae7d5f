/** Routes of #15: the investor register, visits, trips and the field's reports. */
import { z } from 'zod';
import { xlsxFile } from '../../../core/api/common.js';
import {
  fieldReport as fieldReportAnswer,
  investorAnswer,
  investorPage,
  myVisitSteps as myVisitStepsAnswer,
  revealedContact,
  staleFirms as staleFirmsAnswer,
  tripAnswer,
  tripPage,
  visitAnswer,
  visitPage,
} from '../../../core/api/investors.js';
import { recordIdText, versionNumber } from '../../../core/ids.js';
import {
  contactBody,
  createInvestorBody,
  createTripBody,
  createVisitBody,
  fieldReportQuery,
  fieldReportXlsxQuery,
  listInvestorsQuery,
  listTripsQuery,
  listVisitsQuery,
  mergeInvestorBody,
  staleFirmsQuery,
  tripReportBody,
  updateInvestorBody,
  updateTripBody,
  updateVisitBody,
} from '../../../core/investors.js';
import { idParam } from '../../../core/schemas.js';
import type { App } from '../../app.js';
import { contextOf } from '../../http/context.js';
import { sendXlsx } from '../../http/xlsx.js';
import { recordAudit } from '../audit/record.js';
import { fieldReport, fieldReportXlsx, staleFirms } from './reports.js';
import {
  addContact,
  createInvestor,
  getInvestor,
  listInvestors,
  mergeInvestor,
  revealInvestorContact,
  updateInvestor,
} from './service.js';
import { createTrip, getTrip, listTrips, reportTrip, updateTrip } from './trips.js';
import { completeNextSteps, createVisit, getVisit, listVisits, myVisitSteps, updateVisit } from './visits.js';

const contactParam = z.object({ id: recordIdText, contactId: recordIdText });
const versionBody = z.object({ version: versionNumber }).strict();

export async function investorRoutes(app: App) {
  const tags = ['investors'];

  app.get(
    '/api/investors',
    {
      config: { ability: 'investor.read' },
      schema: {
        tags,
        summary: '客商库: firms by name, former name or credit code; who follows each (shared city-wide)',
        querystring: listInvestorsQuery,
        response: { 200: investorPage },
      },
    },
    async (request) => listInvestors(contextOf(request), request.query),
  );

  app.post(
    '/api/investors',
    {
      config: { ability: 'investor.manage' },
      schema: {
        tags,
        summary: 'Add a firm to the register; a credit code given is unique (409 naming creditCode)',
        body: createInvestorBody,
        response: { 201: investorAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await createInvestor(ctx, request.body);
      return reply.status(201).send({ investor: await getInvestor(ctx, id) });
    },
  );

  app.get(
    '/api/investors/:id',
    {
      config: { ability: 'investor.read' },
      schema: {
        tags,
        summary:
          'A firm: its leads, projects and visits as far as the reader may see them, who follows it, its contacts (masked; none for leaders)',
        params: idParam,
        response: { 200: investorAnswer },
      },
    },
    async (request) => ({ investor: await getInvestor(contextOf(request), request.params.id) }),
  );

  app.patch(
    '/api/investors/:id',
    {
      config: { ability: 'investor.manage' },
      schema: {
        tags,
        summary: 'Edit a firm; send the version you read',
        params: idParam,
        body: updateInvestorBody,
        response: { 200: investorAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await updateInvestor(ctx, request.params.id, request.body);
      return { investor: await getInvestor(ctx, request.params.id) };
    },
  );

  app.post(
    '/api/investors/:id/contacts',
    {
      config: { ability: 'investor.manage' },
      schema: {
        tags,
        summary: 'Add a contact of the firm (name, title, phone, e-mail), with who added it',
        params: idParam,
        body: contactBody,
        response: { 201: investorAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await addContact(ctx, request.params.id, request.body);
      return reply.status(201).send({ investor: await getInvestor(ctx, request.params.id) });
    },
  );

  app.post(
    '/api/investors/:id/contacts/:contactId/reveal',
    {
      config: { ability: 'investor.read' },
      schema: {
        tags,
        summary:
          "A contact's full phone and e-mail, for the city center and the organisations that follow the firm; each reveal audited",
        params: contactParam,
        response: { 200: revealedContact },
      },
    },
    async (request) => revealInvestorContact(contextOf(request), request.params.id, request.params.contactId),
  );

  app.post(
    '/api/investors/:id/merge',
    {
      config: { ability: 'investor.merge' },
      schema: {
        tags,
        summary:
          'Merge a duplicate firm into another (city officer): its records move, history kept, audited',
        params: idParam,
        body: mergeInvestorBody,
        response: { 200: investorAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await mergeInvestor(ctx, request.params.id, request.body.intoId, request.body.reason);
      return { investor: await getInvestor(ctx, request.body.intoId) };
    },
  );

  app.get(
    '/api/visits',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary:
          'Visits the reader may see: their organisation’s (all for the city) and those on records they read',
        querystring: listVisitsQuery,
        response: { 200: visitPage },
      },
    },
    async (request) => listVisits(contextOf(request), request.query),
  );

  app.get(
    '/api/visits/my-steps',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'The next steps of my visits not yet done, soonest first (我的待办)',
        response: { 200: myVisitStepsAnswer },
      },
    },
    async (request) => myVisitSteps(contextOf(request)),
  );

  app.post(
    '/api/visits',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'Log a visit: the firm chosen, or named (found in the register or added to it)',
        body: createVisitBody,
        response: { 201: visitAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await createVisit(ctx, request.body);
      return reply.status(201).send({ visit: await getVisit(ctx, id) });
    },
  );

  app.get(
    '/api/visits/:id',
    {
      config: { ability: 'visit.read' },
      schema: { tags, summary: 'One visit', params: idParam, response: { 200: visitAnswer } },
    },
    async (request) => ({ visit: await getVisit(contextOf(request), request.params.id) }),
  );

  app.patch(
    '/api/visits/:id',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'Edit a visit of my organisation; send the version you read',
        params: idParam,
        body: updateVisitBody,
        response: { 200: visitAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await updateVisit(ctx, request.params.id, request.body);
      return { visit: await getVisit(ctx, request.params.id) };
    },
  );

  app.post(
    '/api/visits/:id/next-done',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'The visit’s next steps are done',
        params: idParam,
        body: versionBody,
        response: { 200: visitAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await completeNextSteps(ctx, request.params.id, request.body.version);
      return { visit: await getVisit(ctx, request.params.id) };
    },
  );

  app.get(
    '/api/trips',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary: 'Trips and events (外出招商 / 驻点招商 / 推介会) with their outcomes and report deadline',
        querystring: listTripsQuery,
        response: { 200: tripPage },
      },
    },
    async (request) => listTrips(contextOf(request), request.query),
  );

  app.post(
    '/api/trips',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'Plan a trip or event; its report is due within the trip_report limit after the last day',
        body: createTripBody,
        response: { 201: tripAnswer },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await createTrip(ctx, request.body);
      return reply.status(201).send({ trip: await getTrip(ctx, id) });
    },
  );

  app.get(
    '/api/trips/:id',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary: 'A trip: planned firms (visited or not), its visits, outcomes counted from the records',
        params: idParam,
        response: { 200: tripAnswer },
      },
    },
    async (request) => ({ trip: await getTrip(contextOf(request), request.params.id) }),
  );

  app.patch(
    '/api/trips/:id',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'Edit a trip; a new last day moves the report deadline',
        params: idParam,
        body: updateTripBody,
        response: { 200: tripAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await updateTrip(ctx, request.params.id, request.body);
      return { trip: await getTrip(ctx, request.params.id) };
    },
  );

  app.post(
    '/api/trips/:id/report',
    {
      config: { ability: 'visit.record' },
      schema: {
        tags,
        summary: 'Submit (or correct) the trip report; the first stops its clock with the verdict',
        params: idParam,
        body: tripReportBody,
        response: { 200: tripAnswer },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await reportTrip(ctx, request.params.id, request.body.report, request.body.version);
      return { trip: await getTrip(ctx, request.params.id) };
    },
  );

  app.get(
    '/api/field/report',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary: 'Visits and trips per organisation and month of a year, and the leads the visits produced',
        querystring: fieldReportQuery,
        response: { 200: fieldReportAnswer },
      },
    },
    async (request) => fieldReport(contextOf(request), request.query.year, request.query.orgId),
  );

  app.get(
    '/api/field/report.xlsx',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary: 'The field report as xlsx: visits and trips per organisation and month, and the stale firms',
        querystring: fieldReportXlsxQuery,
        response: { 200: xlsxFile },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { year, months, orgId } = request.query;
      const file = await fieldReportXlsx(ctx, year, months, orgId);
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.actor, ctx.now, {
          action: 'report.exported',
          entityType: 'report',
          after: { report: 'field', year, months, orgId: orgId ?? null },
        }),
      );
      return sendXlsx(reply, file, `${year}年外联工作统计.xlsx`);
    },
  );

  app.get(
    '/api/field/stale-firms',
    {
      config: { ability: 'visit.read' },
      schema: {
        tags,
        summary: 'Firms visited N months ago or more with no lead since the first visit',
        querystring: staleFirmsQuery,
        response: { 200: staleFirmsAnswer },
      },
    },
    async (request) => staleFirms(contextOf(request), request.query.months, request.query.orgId),
  );
}
