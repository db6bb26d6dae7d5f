/**
 * Committing a dry-run plan, all or nothing, in one transaction: new records in batches of
 * multi-row inserts (codes reserved per series at once), each keeping its history — a lead's
 * receipt and step dates become its timeline and its clocks, with verdicts from those dates, so
 * the time-limit report and the Q-figures count it as if it had been entered at the time; a signed
 * lead gets its project, as signing does. Duplicates are skipped, merged (the existing record's
 * empty fields filled in, undoable) or entered as new, as the user decided.
 */
import { type Kysely, sql } from 'kysely';
import type { WorkCalendar } from '../../../core/calendar/calendar.js';
import { shanghaiDate } from '../../../core/calendar/dates.js';
import type { DuplicateDecision, ImportKind } from '../../../core/imports.js';
import { type LeadClock, policyStepOf } from '../../../core/leads/stages.js';
import type { SlaStep } from '../../../core/sla.js';
import type { Context } from '../../auth/context.js';
import { bulkInsert } from '../../db/bulk.js';
import type { Database, LeadRow, ProjectRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { currentCalendar } from '../calendar/store.js';
import { linkInvestors } from '../investors/link.js';
import { newLeadRow } from '../leads/register.js';
import { type NewProject, newProjectRow } from '../projects/service.js';
import { policyFor } from '../sla/policies.js';
import { codeSeries, nextNumber } from '../system/codes.js';
import type { LeadDraft, PlanRow, ProjectDraft } from './plan.js';

export interface CommitCounts {
  created: number;
  merged: number;
  skipped: number;
  /** Projects created for leads imported as signed. */
  projects: number;
}

/** A record a row was merged into: what its filled fields were before, and its version after. */
export interface MergedRecord {
  type: 'lead' | 'project';
  id: number;
  version: number;
  before: Record<string, unknown>;
}

/** Codes for records of one organisation series, by year, reserved together. */
async function reserveCodes(
  trx: Kysely<Database>,
  kind: 'lead' | 'project',
  orgId: number,
  years: string[],
): Promise<string[]> {
  const series = await codeSeries(trx, kind, orgId);
  const need = new Map<string, number>();
  for (const y of years) need.set(y, (need.get(y) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [y, n] of need) next.set(y, await nextNumber(trx, series.counter(y), n));
  return years.map((y) => {
    const n = next.get(y)!;
    next.set(y, n + 1);
    return series.format(y, n);
  });
}

interface Clocks {
  calendar: WorkCalendar;
  policy: (step: SlaStep) => Promise<{ amount: number; unit: string }>;
}

async function clockSource(trx: Kysely<Database>): Promise<Clocks> {
  const calendar = await currentCalendar(trx);
  const cache = new Map<SlaStep, { amount: number; unit: string }>();
  return {
    calendar,
    policy: async (step) => {
      if (!cache.has(step)) cache.set(step, await policyFor(trx, step));
      return cache.get(step)!;
    },
  };
}

/** The clocks a historic lead had: each step with a known start, completed where its date is known. */
async function leadClocks(lead: LeadDraft, clocks: Clocks, now: Date) {
  const out: Database['sla_clocks'][] = [];
  let waiting: { step: LeadClock; due_at: string; due_date: string } | null = null;
  const steps: [LeadClock, Date | null, Date | null, boolean][] = [
    ['response', lead.receivedAt, lead.respondedAt, lead.stage === 'registered'],
    ['assessment', lead.respondedAt, lead.assessedAt, lead.stage === 'responded'],
    ['feedback', lead.assessedAt, lead.feedbackAt, lead.stage === 'assessed'],
    // The ledger keeps no dates of progress reports: a followed lead's first is due counted from
    // its import, not from a dispatch long ago.
    ['progress', now, null, lead.stage === 'following'],
  ];
  for (const [step, start, done, open] of steps) {
    if (!open && !(start && done)) continue;
    const policyStep = policyStepOf(step, lead.isMajor);
    const policy = await clocks.policy(policyStep);
    // The waiting step with no date of its own starts from the last step the ledger dates.
    const startedAt = start ?? lead.feedbackAt ?? lead.assessedAt ?? lead.respondedAt ?? lead.receivedAt;
    const due = clocks.calendar.deadline(startedAt, policy.amount, policy.unit as never);
    const completed = open ? null : done!;
    out.push({
      entity_type: 'lead',
      entity_id: 0,
      step,
      policy_step: policyStep,
      amount: policy.amount,
      unit: policy.unit,
      started_at: startedAt.toISOString(),
      due_date: due.dueDate,
      due_at: due.dueAt,
      provisional: due.provisional ? 1 : 0,
      completed_at: completed ? completed.toISOString() : null,
      verdict: completed ? (completed.getTime() < Date.parse(due.dueAt) ? 'met' : 'met_late') : null,
    } as never);
    if (open) waiting = { step, due_at: due.dueAt, due_date: due.dueDate };
  }
  return { clocks: out, waiting };
}

/** The timeline of a historic lead: each step the ledger dates, at its date. */
function leadEvents(
  lead: LeadDraft,
  id: number,
  ctx: Context,
  batchId: number,
  row: number,
  projectCode?: string,
) {
  const base = {
    lead_id: id,
    recorded_at: ctx.now.toISOString(),
    user_id: ctx.user.id,
    user_name: ctx.user.displayName,
  };
  const events = [
    {
      ...base,
      type: 'registered',
      at: lead.receivedAt.toISOString(),
      data: JSON.stringify({ importBatchId: batchId, row, sourceCode: lead.sourceCode }),
    },
  ];
  const add = (type: string, at: Date | null, data: Record<string, unknown> = {}) => {
    if (at)
      events.push({
        ...base,
        type,
        at: at.toISOString(),
        data: JSON.stringify({ importBatchId: batchId, ...data }),
      });
  };
  add('respond', lead.respondedAt);
  add('assess', lead.assessedAt, lead.assessedAt ? { decision: 'follow' } : {});
  add('feedback', lead.feedbackAt);
  add('dispatched', lead.dispatchedAt, { countyOrgIds: lead.countyOrgIds });
  if (lead.signedOn) add('sign', signedInstant(lead), { projectCode });
  if (lead.stage === 'closed') add('close', ctx.now, { reason: lead.closedReason });
  return events;
}

/** A signing date as an instant: the start of that working day, never before the step before it. */
function signedInstant(lead: LeadDraft): Date {
  const t = new Date(`${lead.signedOn}T09:00:00+08:00`);
  const before =
    lead.dispatchedAt ?? lead.feedbackAt ?? lead.assessedAt ?? lead.respondedAt ?? lead.receivedAt;
  return t < before ? before : t;
}

/** The project a lead imported as signed has, as signing would have made it. */
function projectOfLead(lead: LeadDraft, leadId: number, batchId: number): NewProject {
  return {
    leadId,
    name: lead.projectName,
    investorName: lead.investorName,
    investorCreditCode: lead.investorCreditCode,
    countyOrgId: lead.countyOrgIds[0]!,
    industryCode: lead.industryCode,
    chainId: null,
    chainLinkId: null,
    totalInvestmentYuan: lead.plannedInvestmentYuan,
    signedOn: lead.signedOn!,
    importBatchId: batchId,
  };
}

/** A project row of the file as the project it enters. */
function projectOfRow(p: ProjectDraft, batchId: number): NewProject {
  return { ...p, leadId: null, chainId: null, chainLinkId: null, importBatchId: batchId };
}

async function insertProjects(
  trx: Kysely<Database>,
  ctx: Context,
  projects: NewProject[],
): Promise<Map<number, { id: number; code: string }>> {
  // Each county numbers its own projects.
  const byCounty = new Map<number, number[]>();
  projects.forEach((p, i) => {
    const list = byCounty.get(p.countyOrgId) ?? [];
    list.push(i);
    byCounty.set(p.countyOrgId, list);
  });
  const codes: string[] = [];
  for (const [county, indexes] of byCounty) {
    const reserved = await reserveCodes(
      trx,
      'project',
      county,
      indexes.map((i) => projects[i]!.signedOn.slice(0, 4)),
    );
    indexes.forEach((i, k) => {
      codes[i] = reserved[k]!;
    });
  }
  const at = ctx.now.toISOString();
  const values = projects.map((p, i) => newProjectRow(p, codes[i]!, ctx.user.id, at));
  const ids = await bulkInsert(trx, 'projects', values, 'code');
  return new Map(projects.map((_, i) => [i, { id: ids.get(codes[i]!)!, code: codes[i]! }]));
}

const LEAD_FILLABLE: [keyof LeadDraft, keyof LeadRow][] = [
  ['investorCreditCode', 'investor_credit_code'],
  ['industryCode', 'industry_code'],
  ['referrerOrg', 'referrer_org'],
];
const PROJECT_FILLABLE: [keyof ProjectDraft, keyof ProjectRow][] = [
  ['investorCreditCode', 'investor_credit_code'],
  ['industryCode', 'industry_code'],
  ['parkOrgId', 'park_org_id'],
  ['plannedStartOn', 'planned_start_on'],
  ['plannedProductionOn', 'planned_production_on'],
  ['plannedOutputYuan', 'planned_output_yuan'],
  ['plannedTaxYuan', 'planned_tax_yuan'],
  ['plannedJobs', 'planned_jobs'],
  ['note', 'note'],
];

/** Fills the existing record's empty fields from the row; what it filled, for undo. */
async function mergeInto(trx: Kysely<Database>, p: PlanRow, now: Date): Promise<MergedRecord | null> {
  const target = p.duplicateOf!;
  const table = target.type === 'lead' ? 'leads' : 'projects';
  const row = (await trx
    .selectFrom(table)
    .selectAll()
    .where('id', '=', target.id)
    .executeTakeFirstOrThrow()) as Record<string, unknown> & { version: number };
  const pairs = (target.type === 'lead' ? LEAD_FILLABLE : PROJECT_FILLABLE) as [string, string][];
  const draft = (p.lead ?? p.project) as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [from, to] of pairs) {
    if ((row[to] === null || row[to] === '') && draft[from] !== null && draft[from] !== undefined)
      changes[to] = draft[from];
  }
  if (Object.keys(changes).length === 0) return null;
  await updateVersioned(trx, table, target.id, row.version, {
    ...changes,
    updated_at: now.toISOString(),
  } as never);
  return {
    type: target.type,
    id: target.id,
    version: row.version + 1,
    before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k]])),
  };
}

/** Writes the plan inside the caller's transaction. */
export async function writePlan(
  trx: Kysely<Database>,
  ctx: Context,
  kind: ImportKind,
  batchId: number,
  plans: PlanRow[],
  decide: (p: PlanRow) => DuplicateDecision,
): Promise<{ counts: CommitCounts; merged: MergedRecord[] }> {
  const counts: CommitCounts = { created: 0, merged: 0, skipped: 0, projects: 0 };
  const merged: MergedRecord[] = [];
  const toCreate: PlanRow[] = [];
  for (const p of plans) {
    if (p.fate === 'new') toCreate.push(p);
    else {
      const decision = decide(p);
      if (decision === 'new') toCreate.push(p);
      else if (decision === 'merge' && p.fate === 'duplicate') {
        const m = await mergeInto(trx, p, ctx.now);
        if (m) merged.push(m);
        counts.merged++;
      } else counts.skipped++;
    }
  }
  counts.created = toCreate.length;
  if (kind === 'projects') {
    await insertProjects(
      trx,
      ctx,
      toCreate.map((p) => projectOfRow(p.project!, batchId)),
    );
    await linkInvestors(trx, ctx.now.toISOString());
    return { counts, merged };
  }

  const leads = toCreate.map((p) => p.lead!);
  const codes = await reserveCodes(
    trx,
    'lead',
    ctx.user.orgId,
    leads.map((l) => shanghaiDate(l.receivedAt).slice(0, 4)),
  );
  const source = await clockSource(trx);
  // Written a part at a time: each part's rows are built, inserted and let go, so a 100,000-row
  // ledger never holds all its rows, clocks and events in memory at once.
  for (let from = 0; from < leads.length; from += WRITE_PART) {
    const to = Math.min(leads.length, from + WRITE_PART);
    counts.projects += await writeLeads(
      trx,
      ctx,
      batchId,
      toCreate.slice(from, to),
      codes.slice(from, to),
      source,
    );
  }
  // Each new lead (and signed project) finds or adds its firm in the register, set-wise.
  await linkInvestors(trx, ctx.now.toISOString());
  return { counts, merged };
}

/** Rows per part of an import's write. */
const WRITE_PART = 2_000;

/** New leads with their clocks, timeline, counties and (signed) projects; the number of projects. */
async function writeLeads(
  trx: Kysely<Database>,
  ctx: Context,
  batchId: number,
  plans: PlanRow[],
  codes: string[],
  source: Clocks,
): Promise<number> {
  const leads = plans.map((p) => p.lead!);
  const at = ctx.now.toISOString();
  // Clocks are worked out first: the step a lead waits for is copied onto its row.
  const clockSets: Awaited<ReturnType<typeof leadClocks>>[] = [];
  for (const l of leads) clockSets.push(await leadClocks(l, source, ctx.now));
  const values = leads.map((l, i) => {
    const waiting = clockSets[i]!.waiting;
    return newLeadRow(
      {
        ...l,
        referrer: { name: l.referrerName, organization: l.referrerOrg, kind: 'individual' },
        ownerOrgId: ctx.user.orgId,
        decision:
          l.assessedAt || ['feedback_given', 'following', 'signed'].includes(l.stage) ? 'follow' : null,
        closedReason: l.stage === 'closed' ? l.closedReason : null,
        waiting: waiting && { step: waiting.step, dueAt: waiting.due_at, dueDate: waiting.due_date },
        importBatchId: batchId,
      },
      codes[i]!,
      ctx.user.id,
      at,
    );
  });
  const idByCode = await bulkInsert(trx, 'leads', values, 'code');
  const ids = codes.map((c) => idByCode.get(c)!);

  const signed = leads.map((l, i) => ({ l, i })).filter(({ l }) => l.stage === 'signed');
  const projects = await insertProjects(
    trx,
    ctx,
    signed.map(({ l, i }) => projectOfLead(l, ids[i]!, batchId)),
  );
  const projectOf = new Map(signed.map(({ i }, k) => [i, projects.get(k)!]));
  if (signed.length) {
    // Each signed lead points at the project just made for it: one statement for the part.
    const links = signed.map(({ i }, k) => sql`WHEN ${ids[i]!} THEN CAST(${projects.get(k)!.id} AS integer)`);
    await trx
      .updateTable('leads')
      .set({ project_id: sql<number>`CASE id ${sql.join(links, sql` `)} END` })
      .where(
        'id',
        'in',
        signed.map(({ i }) => ids[i]!),
      )
      .execute();
  }

  const clockRows: Database['sla_clocks'][] = [];
  const eventRows: ReturnType<typeof leadEvents> = [];
  const countyRows: {
    lead_id: number;
    org_id: number;
    stage: string;
    received_at: string;
    seen_at: string;
  }[] = [];
  for (let i = 0; i < leads.length; i++) {
    const l = leads[i]!;
    const id = ids[i]!;
    for (const c of clockSets[i]!.clocks) clockRows.push({ ...c, entity_id: id });
    eventRows.push(...leadEvents(l, id, ctx, batchId, plans[i]!.row, projectOf.get(i)?.code));
    // A county importing its ledger has seen its own records.
    for (const org of l.countyOrgIds)
      countyRows.push({
        lead_id: id,
        org_id: org,
        stage: l.stage,
        received_at: l.receivedAt.toISOString(),
        seen_at: at,
      });
  }
  await bulkInsert(trx, 'sla_clocks', clockRows as never);
  await bulkInsert(trx, 'lead_events', eventRows);
  await bulkInsert(trx, 'lead_counties', countyRows);
  return signed.length;
}
