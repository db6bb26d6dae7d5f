/**
 * Coordination issues (需协调事项): a blocker on a project, the department responsible and a time
 * limit from the policy table (step `coordination`, a running clock like a lead's). Answered by the
 * city center, then closed by whoever follows the project. "有事必应".
 */
import type { Kysely } from 'kysely';
import { shanghaiInstant } from '../../../core/calendar/dates.js';
import type { CreateIssueBody } from '../../../core/projects/schemas.js';
import type { IssueCategory, IssueStatus } from '../../../core/projects/stages.js';
import type { Context } from '../../auth/context.js';
import { authorize, type Principal, projectScope } from '../../auth/policies.js';
import type { Database, IssueRow } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { currentCalendar } from '../calendar/store.js';
import { issueAnswered, issueRaised } from '../notifications/events.js';
import { completeClock, startClock } from '../sla/clocks.js';
import { eventTime } from '../system/when.js';
import { projectsVisibleTo } from './queries.js';
import { getProject, loadVisibleProject, projectResource } from './service.js';

export function presentIssue(row: IssueRow & { project_code?: string; project_name?: string }, now: Date) {
  return {
    id: row.id,
    version: row.version,
    projectId: row.project_id,
    projectCode: row.project_code,
    projectName: row.project_name,
    category: row.category as IssueCategory,
    description: row.description,
    departmentOrgId: row.department_org_id,
    department: row.department,
    status: row.status as IssueStatus,
    raisedByName: row.raised_by_name,
    raisedAt: row.raised_at,
    dueAt: row.due_at,
    dueDate: row.due_date,
    overdue: row.status === 'open' && row.due_at <= shanghaiInstant(now),
    answer: row.answer,
    answeredAt: row.answered_at,
    answeredByName: row.answered_by_name,
    closedAt: row.closed_at,
    closeNote: row.close_note,
  };
}

export async function projectIssues(db: Kysely<Database>, projectId: number, now: Date) {
  const rows = await db
    .selectFrom('coordination_issues')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => presentIssue(r, now));
}

/** Open (or overdue) issues over the projects a user may see, soonest due first. */
export async function listIssues(
  db: Kysely<Database>,
  user: Principal,
  f: { status?: IssueStatus[]; overdue?: 'yes'; countyOrgId?: number },
  now: Date,
) {
  const visibility = projectScope(user);
  let q = projectsVisibleTo(db.selectFrom('projects'), visibility)
    .innerJoin('coordination_issues as ci', 'ci.project_id', 'projects.id')
    .selectAll('ci')
    .select(['projects.code as project_code', 'projects.name as project_name']);
  if (f.status?.length) q = q.where('ci.status', 'in', f.status);
  if (f.overdue) q = q.where('ci.status', '=', 'open').where('ci.due_at', '<=', shanghaiInstant(now));
  if (f.countyOrgId !== undefined) q = q.where('projects.county_org_id', '=', f.countyOrgId);
  const rows = await q.orderBy('ci.due_at').orderBy('ci.id').limit(500).execute();
  return { items: rows.map((r) => presentIssue(r, now)) };
}

const BEFORE_RAISED = { zh: '时间不能早于协调事项提出时间', en: 'cannot be before the issue was raised' };

export async function raiseIssue(ctx: Context, projectId: number, input: CreateIssueBody): Promise<number> {
  const raisedAt = eventTime('raisedAt', input.raisedAt, ctx.now);
  return ctx.db.transaction().execute(async (trx) => {
    const project = await loadVisibleProject(trx, ctx.user, projectId);
    authorize(ctx.user, 'issue.raise', projectResource(project));
    if (input.departmentOrgId !== undefined) {
      const org = await trx
        .selectFrom('orgs')
        .select('id')
        .where('id', '=', input.departmentOrgId)
        .executeTakeFirst();
      if (!org) throw invalidField('departmentOrgId', { zh: '责任部门不存在', en: 'No such department' });
    }
    if (input.departmentOrgId === undefined && !input.department) {
      throw invalidField('department', { zh: '请填写责任部门', en: 'Name the responsible department' });
    }
    const calendar = await currentCalendar(trx);
    const { id } = await trx
      .insertInto('coordination_issues')
      .values({
        project_id: projectId,
        category: input.category,
        description: input.description,
        department_org_id: input.departmentOrgId ?? null,
        department: input.department ?? null,
        status: 'open',
        raised_by_user_id: ctx.user.id,
        raised_by_name: ctx.user.displayName,
        raised_at: raisedAt.toISOString(),
        due_at: raisedAt.toISOString(),
        due_date: '',
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clock = await startClock(trx, calendar, {
      entityType: 'issue',
      entityId: id,
      step: 'coordination',
      policyStep: 'coordination',
      startedAt: raisedAt,
    });
    await trx
      .updateTable('coordination_issues')
      .set({ due_at: clock.due_at, due_date: clock.due_date })
      .where('id', '=', id)
      .execute();
    await issueRaised(trx, ctx, project, id, input.description, clock.due_date);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'issue.raised',
      entityType: 'issue',
      entityId: id,
      after: { projectId, category: input.category, dueDate: clock.due_date },
    });
    return id;
  });
}

async function loadIssue(trx: Kysely<Database>, ctx: Context, id: number, version: number) {
  const issue = await trx
    .selectFrom('coordination_issues')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!issue) throw notFound();
  const project = await loadVisibleProject(trx, ctx.user, issue.project_id);
  if (issue.version !== version) throw new AppError('STALE_VERSION');
  return { issue, project };
}

async function saveIssue(trx: Kysely<Database>, issue: IssueRow, changes: Partial<IssueRow>) {
  await updateVersioned(trx, 'coordination_issues', issue.id, issue.version, changes);
}

/** The city center answers (the clock stops: met or late). */
export async function answerIssue(
  ctx: Context,
  id: number,
  input: { version: number; answer: string; at?: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const { issue, project } = await loadIssue(trx, ctx, id, input.version);
    if (issue.status !== 'open') throw new AppError('ILLEGAL_TRANSITION');
    const at = eventTime('at', input.at, ctx.now, { at: issue.raised_at, text: BEFORE_RAISED });
    const clock = await completeClock(trx, {
      entityType: 'issue',
      entityId: id,
      step: 'coordination',
      completedAt: at,
    });
    await saveIssue(trx, issue, {
      status: 'answered',
      answer: input.answer,
      answered_at: at.toISOString(),
      answered_by_name: ctx.user.displayName,
    });
    await issueAnswered(trx, ctx, project, id, issue.raised_by_user_id, input.answer);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'issue.answered',
      entityType: 'issue',
      entityId: id,
      before: { status: issue.status },
      after: { status: 'answered', verdict: clock?.verdict ?? null },
    });
    return issue.project_id;
  });
}

/** Whoever follows the project closes it once the blocker is gone. */
export async function closeIssue(
  ctx: Context,
  id: number,
  input: { version: number; note?: string; at?: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const { issue, project } = await loadIssue(trx, ctx, id, input.version);
    authorize(ctx.user, 'issue.raise', projectResource(project));
    if (issue.status !== 'answered')
      throw new AppError('ILLEGAL_TRANSITION', {
        text: { zh: '协调事项须先答复再办结', en: 'An issue is answered before it is closed' },
      });
    const at = eventTime('at', input.at, ctx.now, {
      at: issue.answered_at ?? issue.raised_at,
      text: { zh: '时间不能早于答复时间', en: 'cannot be before the answer' },
    });
    await saveIssue(trx, issue, {
      status: 'closed',
      closed_at: at.toISOString(),
      close_note: input.note ?? null,
    });
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'issue.closed',
      entityType: 'issue',
      entityId: id,
      before: { status: issue.status },
      after: { status: 'closed' },
    });
    return issue.project_id;
  });
}

/** API.md's project answer: the project page with its coordination issues (every project write answers it). */
export async function projectAnswerOf(ctx: Context, id: number) {
  return { project: { ...(await getProject(ctx, id)), issues: await projectIssues(ctx.db, id, ctx.now) } };
}
