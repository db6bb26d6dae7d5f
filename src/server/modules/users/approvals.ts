/**
 * Two-person approval of changes to privileged accounts (三权分立, 等保 2.0 level 3): a reset of an
 * administrator's or the auditor's password, and any grant of the auditor role, wait as a pending
 * request until a second person — the auditor, or another administrator, as the deployment chooses
 * (INVESTTRACK_APPROVER) — approves it. Nobody decides a request they made or one about their own
 * account; every request, decision and the change it makes are audited.
 */
import type { Kysely } from 'kysely';
import type { ApprovalDto } from '../../../core/api/platform.js';
import type { Role } from '../../../core/roles.js';
import type { Actor } from '../../auth/context.js';
import { rememberPassword } from '../../auth/passwordRules.js';
import { mayDecideApproval, type Principal } from '../../auth/policies.js';
import { destroyUserSessions, loadRoles } from '../../auth/sessions.js';
import type { ApprovalRow, Database } from '../../db/tables.js';
import { AppError, notFound } from '../../errors.js';
import { recordAudit } from '../audit/record.js';

export type ApprovalKind = 'password_reset' | 'role_grant' | 'totp_reset';
export type ApproverRole = 'auditor' | 'admin';
/** A request not decided within three days lapses; the administrator asks again if still needed. */
export const APPROVAL_TTL_MS = 72 * 3600 * 1000;

type Payload = { passwordHash: string } | { roles: Role[]; activate: boolean } | { totpReset: true };

/**
 * Takes an account's second factor away: it enrols again at its next sign-in where it must have one.
 * Taken by someone else, its sessions end; turned off by its owner, their session stays.
 */
export async function clearTotp(
  trx: Kysely<Database>,
  userId: number,
  now: Date,
  endSessions = true,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (endSessions) await destroyUserSessions(trx, userId);
}

/** Files a pending request; an earlier pending one of the same kind for the same account is cancelled. */
export async function requestApproval(
  trx: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  kind: ApprovalKind,
  targetUserId: number,
  payload: Payload,
): Promise<number> {
  const at = now.toISOString();
  await trx
    .updateTable('approval_requests')
    .set({ status: 'cancelled', decided_at: at, decided_by_user_id: actor.userId, note: '被新的申请取代' })
    .where('target_user_id', '=', targetUserId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .execute();
  const { id } = await trx
    .insertInto('approval_requests')
    .values({
      kind,
      target_user_id: targetUserId,
      payload: JSON.stringify(payload),
      status: 'pending',
      requested_by_user_id: actor.userId,
      requested_at: at,
      expires_at: new Date(now.getTime() + APPROVAL_TTL_MS).toISOString(),
      decided_by_user_id: null,
      decided_at: null,
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, now, {
    action: 'approval.requested',
    entityType: 'user',
    entityId: targetUserId,
    // Never the password or its hash: only what is asked.
    after: { approvalId: id, kind, ...('roles' in payload ? { roles: payload.roles } : {}) },
  });
  return id;
}

async function present(
  db: Kysely<Database>,
  rows: ApprovalRow[],
  viewer: Principal,
  approverRole: ApproverRole,
  now: Date,
): Promise<ApprovalDto[]> {
  const ids = [
    ...new Set(rows.flatMap((r) => [r.target_user_id, r.requested_by_user_id, r.decided_by_user_id ?? 0])),
  ];
  const names = new Map(
    ids.length
      ? (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map(
          (u) => [u.id, u.display_name],
        )
      : [],
  );
  return rows.map((r) => {
    const payload = JSON.parse(r.payload) as Payload;
    const open = r.status === 'pending' && Date.parse(r.expires_at) > now.getTime();
    return {
      id: r.id,
      kind: r.kind as ApprovalKind,
      targetUserId: r.target_user_id,
      targetName: names.get(r.target_user_id) ?? '',
      roles: 'roles' in payload ? payload.roles : null,
      status: r.status as ApprovalDto['status'],
      requestedByUserId: r.requested_by_user_id,
      requestedByName: names.get(r.requested_by_user_id) ?? '',
      requestedAt: r.requested_at,
      expiresAt: r.expires_at,
      decidedByName: r.decided_by_user_id ? (names.get(r.decided_by_user_id) ?? null) : null,
      decidedAt: r.decided_at,
      note: r.note,
      approverRole,
      mayDecide:
        open &&
        mayDecideApproval(
          viewer,
          { requestedByUserId: r.requested_by_user_id, targetUserId: r.target_user_id },
          approverRole,
        ),
    };
  });
}

export async function findApproval(
  db: Kysely<Database>,
  id: number,
  viewer: Principal,
  approverRole: ApproverRole,
  now: Date,
): Promise<ApprovalDto> {
  const row = await db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return (await present(db, [row], viewer, approverRole, now))[0]!;
}

/** Pending requests first, then the latest decided ones. */
export async function listApprovals(
  db: Kysely<Database>,
  viewer: Principal,
  approverRole: ApproverRole,
  now: Date,
): Promise<ApprovalDto[]> {
  const pending = await db
    .selectFrom('approval_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', '>', now.toISOString())
    .orderBy('requested_at', 'desc')
    .execute();
  const recent = await db
    .selectFrom('approval_requests')
    .selectAll()
    .where((eb) => eb.or([eb('status', '!=', 'pending'), eb('expires_at', '<=', now.toISOString())]))
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return present(db, [...pending, ...recent], viewer, approverRole, now);
}

/** Approves (the change takes effect now) or rejects a pending request, as a second person. */
export async function decideApproval(
  db: Kysely<Database>,
  ctx: { user: Principal; actor: Actor & { userId: number }; now: Date },
  approverRole: ApproverRole,
  id: number,
  decision: 'approve' | 'reject',
  note: string | undefined,
): Promise<ApprovalDto> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (
      !mayDecideApproval(
        ctx.user,
        { requestedByUserId: row.requested_by_user_id, targetUserId: row.target_user_id },
        approverRole,
      )
    )
      throw new AppError('SECOND_PERSON_REQUIRED');
    const at = ctx.now.toISOString();
    // Decided once: a second decision, a cancelled or a lapsed request changes nothing.
    const claimed = await trx
      .updateTable('approval_requests')
      .set({
        status: decision === 'approve' ? 'approved' : 'rejected',
        decided_by_user_id: ctx.actor.userId,
        decided_at: at,
        note: note ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('APPROVAL_CLOSED');
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: decision === 'approve' ? 'approval.approved' : 'approval.rejected',
      entityType: 'user',
      entityId: row.target_user_id,
      after: { approvalId: id, kind: row.kind, requestedBy: row.requested_by_user_id, note: note ?? null },
    });
    if (decision === 'approve') await apply(trx, ctx, row);
  });
  return findApproval(db, id, ctx.user, approverRole, ctx.now);
}

async function apply(trx: Kysely<Database>, ctx: { actor: Actor; now: Date }, row: ApprovalRow) {
  const payload = JSON.parse(row.payload) as Payload;
  const target = await trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', row.target_user_id)
    .executeTakeFirst();
  if (!target) throw notFound();
  const at = ctx.now.toISOString();
  if ('totpReset' in payload) {
    await clearTotp(trx, target.id, ctx.now);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'user.totp_reset',
      entityType: 'user',
      entityId: target.id,
      after: { approvalId: row.id, requestedBy: row.requested_by_user_id },
    });
    return;
  }
  if ('passwordHash' in payload) {
    await rememberPassword(trx, target.id, target.password_hash, ctx.now);
    await trx
      .updateTable('users')
      .set({
        password_hash: payload.passwordHash,
        must_change_password: 1,
        version: target.version + 1,
        updated_at: at,
      })
      .where('id', '=', target.id)
      .execute();
    await trx.deleteFrom('login_throttle').where('username', '=', target.username.toLowerCase()).execute();
    await destroyUserSessions(trx, target.id);
    await recordAudit(trx, ctx.actor, ctx.now, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: target.id,
      after: { mustChangePassword: true, approvalId: row.id, requestedBy: row.requested_by_user_id },
    });
    return;
  }
  const before = await loadRoles(trx, target.id);
  await trx.deleteFrom('user_roles').where('user_id', '=', target.id).execute();
  await trx
    .insertInto('user_roles')
    .values(payload.roles.map((role) => ({ user_id: target.id, role })))
    .execute();
  await trx
    .updateTable('users')
    .set({ version: target.version + 1, updated_at: at, ...(payload.activate ? { active: 1 } : {}) })
    .where('id', '=', target.id)
    .execute();
  await destroyUserSessions(trx, target.id);
  await recordAudit(trx, ctx.actor, ctx.now, {
    action: 'user.roles_changed',
    entityType: 'user',
    entityId: target.id,
    before: { roles: before },
    after: { roles: payload.roles, approvalId: row.id, requestedBy: row.requested_by_user_id },
  });
}
