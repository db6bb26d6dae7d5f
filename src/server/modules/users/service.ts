import type { Kysely } from 'kysely';
import type { UserDto } from '../../../core/api/platform.js';
import type { Role } from '../../../core/roles.js';
import type { CreateUserBody, UpdateUserBody } from '../../../core/schemas.js';
import type { Actor } from '../../auth/context.js';
import { checkNewPassword, rememberPassword } from '../../auth/passwordRules.js';
import { hashPassword } from '../../auth/passwords.js';
import { grantNeedsSecondPerson, resetNeedsSecondPerson } from '../../auth/policies.js';
import { destroyUserSessions, loadRoles } from '../../auth/sessions.js';
import type { Database } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError, notFound, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { requireActiveOrg } from '../system/references.js';
import { clearTotp, requestApproval } from './approvals.js';
import { presentUser } from './presenter.js';
import { countOtherActiveAdmins, findUserById } from './queries.js';

async function usernameTaken(trx: Kysely<Database>, username: string) {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.fn('lower', ['username']), '=', username.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** What an account write did: the account as it now is, and the approval that part of it awaits. */
export interface AccountWrite {
  user: UserDto;
  approvalId: number | null;
}

/** A change by a signed-in person needs a second one; the CLI (shell access to the server) does not. */
const byPerson = (actor: Actor): actor is Actor & { userId: number } => actor.userId !== null;

/**
 * Creates an account. One with the auditor role is created inactive and without roles, and becomes
 * the auditor once a second person approves (approvals.ts).
 */
export async function createUser(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: CreateUserBody,
): Promise<AccountWrite> {
  await checkNewPassword(db, 'password', input.password, {
    username: input.username,
    displayName: input.displayName,
  });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await requireActiveOrg(trx, input.orgId, 'orgId');
    if (await usernameTaken(trx, input.username)) {
      throw new AppError('USERNAME_TAKEN', {
        issues: [{ path: 'username', text: { zh: '用户名已被使用', en: 'That username is already taken' } }],
      });
    }
    const at = now.toISOString();
    const waits = byPerson(actor) && grantNeedsSecondPerson([], input.roles);
    const { id } = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        org_id: input.orgId,
        password_hash: passwordHash,
        // Whoever chose this password is not the user: they must pick their own at first sign-in.
        must_change_password: 1,
        active: waits ? 0 : 1,
        active_since: at,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!waits)
      await trx
        .insertInto('user_roles')
        .values(input.roles.map((role) => ({ user_id: id, role })))
        .execute();
    const user = presentUser((await findUserById(trx, id))!, waits ? [] : [...input.roles].sort());
    await recordAudit(trx, actor, now, {
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: user,
    });
    const approvalId =
      waits && byPerson(actor)
        ? await requestApproval(trx, actor, now, 'role_grant', id, {
            roles: [...input.roles].sort(),
            activate: true,
          })
        : null;
    return { user, approvalId };
  });
}

export async function updateUser(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  id: number,
  input: UpdateUserBody,
): Promise<AccountWrite> {
  return db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw notFound();
    if (row.version !== input.version) throw staleVersion();
    const before = presentUser(row, await loadRoles(trx, id));
    const asked: Role[] = input.roles ? [...input.roles].sort() : before.roles;
    // Giving the auditor role waits for a second person; the rest of the edit takes effect now.
    const waits = grantNeedsSecondPerson(before.roles, asked);
    const roles = waits ? before.roles : asked;
    const active = input.active ?? before.active;

    const losesAdmin =
      before.roles.includes('admin') && before.active && (!roles.includes('admin') || !active);
    if (losesAdmin && id === actor.userId) throw new AppError('SELF_LOCKOUT');
    if (losesAdmin && (await countOtherActiveAdmins(trx, id)) === 0) throw new AppError('LAST_ADMIN');
    if (input.orgId !== undefined && input.orgId !== row.org_id)
      await requireActiveOrg(trx, input.orgId, 'orgId');

    await updateVersioned(trx, 'users', id, input.version, {
      display_name: input.displayName ?? row.display_name,
      org_id: input.orgId ?? row.org_id,
      active: active ? 1 : 0,
      // Re-activated: its 90 unused days count from now, not from its last sign-in long ago.
      ...(active && !before.active ? { active_since: now.toISOString() } : {}),
      updated_at: now.toISOString(),
    });

    const rolesChanged = roles.join(',') !== before.roles.join(',');
    if (rolesChanged) {
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      await trx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: id, role })))
        .execute();
    }
    // A deactivated account or a changed set of rights takes effect now, not at the next sign-in.
    if (!active || rolesChanged) await destroyUserSessions(trx, id);

    const after = presentUser((await findUserById(trx, id))!, roles);
    const action = rolesChanged
      ? 'user.roles_changed'
      : before.active && !active
        ? 'user.deactivated'
        : 'user.updated';
    await recordAudit(trx, actor, now, { action, entityType: 'user', entityId: id, before, after });
    const approvalId = waits
      ? await requestApproval(trx, actor, now, 'role_grant', id, { roles: asked, activate: false })
      : null;
    return { user: after, approvalId };
  });
}

/**
 * The admin sets a new password; the user must change it at next sign-in, and their sessions end.
 * Nobody resets their own this way (the current password is asked for that), and an administrator's
 * or the auditor's waits for a second person (approvals.ts).
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  id: number,
  password: string,
): Promise<AccountWrite> {
  if (actor.userId === id) throw new AppError('OWN_PASSWORD_RESET');
  const target = await findUserById(db, id);
  if (!target) throw notFound();
  await checkNewPassword(db, 'password', password, {
    id,
    username: target.username,
    displayName: target.display_name,
    passwordHash: target.password_hash,
  });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw notFound();
    const roles = await loadRoles(trx, id);
    if (byPerson(actor) && resetNeedsSecondPerson(roles)) {
      const approvalId = await requestApproval(trx, actor, now, 'password_reset', id, { passwordHash });
      return { user: presentUser(row, roles), approvalId };
    }
    await rememberPassword(trx, id, row.password_hash, now);
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: 1,
        version: row.version + 1,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await destroyUserSessions(trx, id);
    await trx.deleteFrom('login_throttle').where('username', '=', row.username.toLowerCase()).execute();
    const after = presentUser((await findUserById(trx, id))!, await loadRoles(trx, id));
    await recordAudit(trx, actor, now, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      after: { mustChangePassword: true },
    });
    return { user: after, approvalId: null };
  });
}

/**
 * Takes away an account's authenticator (a lost phone, no recovery codes left): it enrols again at
 * its next sign-in. An administrator's or the auditor's waits for a second person, as a password
 * reset does; one's own is turned off with the password instead.
 */
export async function resetTotp(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  id: number,
): Promise<AccountWrite> {
  if (actor.userId === id)
    throw new AppError('OWN_PASSWORD_RESET', {
      text: {
        zh: '不能重置自己的动态验证码，请在“修改密码”页输入密码后关闭或重新绑定',
        en: 'You cannot reset your own authenticator; turn it off with your password on the account page',
      },
    });
  return db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw notFound();
    const roles = await loadRoles(trx, id);
    if (resetNeedsSecondPerson(roles)) {
      const approvalId = await requestApproval(trx, actor, now, 'totp_reset', id, { totpReset: true });
      return { user: presentUser(row, roles), approvalId };
    }
    await clearTotp(trx, id, now);
    await recordAudit(trx, actor, now, { action: 'user.totp_reset', entityType: 'user', entityId: id });
    return { user: presentUser((await findUserById(trx, id))!, roles), approvalId: null };
  });
}

/** Lifts a lockout before its 15 minutes are over. */
export async function unlockUser(db: Kysely<Database>, actor: Actor, now: Date, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw notFound();
    await trx.deleteFrom('login_throttle').where('username', '=', row.username.toLowerCase()).execute();
    await recordAudit(trx, actor, now, { action: 'user.unlocked', entityType: 'user', entityId: id });
  });
}

/** Lock state for the admin's user list. */
export async function lockedUntil(
  db: Kysely<Database>,
  usernames: string[],
  now: Date,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (usernames.length === 0) return map;
  const rows = await db
    .selectFrom('login_throttle')
    .select(['username', 'locked_until'])
    .where(
      'username',
      'in',
      usernames.map((u) => u.toLowerCase()),
    )
    .where('locked_until', '>', now.toISOString())
    .execute();
  for (const r of rows) if (r.locked_until) map.set(r.username, r.locked_until);
  return map;
}
