import type { Kysely } from 'kysely';
import { formatShanghai } from '../../../core/time.js';
import type { Actor } from '../../auth/context.js';
import { checkNewPassword, rememberPassword } from '../../auth/passwordRules.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../auth/passwords.js';
import {
  createSession,
  destroySession,
  destroyUserSessions,
  hashSessionId,
  loadRoles,
} from '../../auth/sessions.js';
import {
  acceptedStep,
  decryptSecret,
  encryptSecret,
  newRecoveryCodes,
  newSecret,
  otpauthUri,
  qrCodeDataUrl,
  recoveryCodeHash,
} from '../../auth/totp.js';
import type { Database } from '../../db/tables.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { clearTotp } from '../users/approvals.js';
import { countOtherActiveAdmins } from '../users/queries.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** An account not used for this long is disabled at its next sign-in (等保: dormant accounts). */
export const DORMANT_MS = 90 * 86_400_000;
/** Sessions one account may hold at once; signing in once more ends the oldest. */
export const DEFAULT_MAX_SESSIONS = 3;

function lockedError(until: string): AppError {
  const at = formatShanghai(until);
  return new AppError('ACCOUNT_LOCKED', {
    text: {
      zh: `登录失败次数过多，账户已锁定，请于 ${at}（北京时间）后再试`,
      en: `Too many failed sign-ins; the account is locked until ${at} (Beijing time)`,
    },
    details: { lockedUntil: until },
  });
}

/**
 * Takes one of the five attempts an account has before lockout, in one conditional UPDATE, before
 * the password is checked: parallel sign-ins each take their own, so at most five passwords are ever
 * checked before the lock (a read-then-write counter let a burst of 25 through). A successful
 * sign-in gives the attempts back; an expired lock starts the count again.
 */
async function claimAttempt(
  db: Kysely<Database>,
  key: string,
  now: Date,
): Promise<{ attempt: number } | { lockedUntil: string }> {
  const at = now.toISOString();
  await db
    .insertInto('login_throttle')
    .values({ username: key, failed_count: 0, locked_until: null, updated_at: at })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const claimed = await db
    .updateTable('login_throttle')
    .set((eb) => ({
      failed_count: eb
        .case()
        .when('locked_until', 'is not', null)
        .then(1)
        .else(eb('failed_count', '+', 1))
        .end(),
      locked_until: null,
      updated_at: at,
    }))
    .where('username', '=', key)
    .where((eb) =>
      eb.or([
        eb.and([eb('locked_until', 'is', null), eb('failed_count', '<', MAX_FAILED_LOGINS)]),
        eb('locked_until', '<=', at),
      ]),
    )
    .returning('failed_count')
    .executeTakeFirst();
  if (claimed) return { attempt: claimed.failed_count };
  const row = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('username', '=', key)
    .executeTakeFirst();
  // The fifth attempt is still being checked: the lock it will set starts now.
  return { lockedUntil: row?.locked_until ?? new Date(now.getTime() + LOCKOUT_MS).toISOString() };
}

export interface LoginInput {
  username: string;
  password: string;
  /** The second factor, when the account has one. */
  otp?: string;
  ip: string | null;
  userAgent: string | null;
  /** Sessions the account may hold at once (INVESTTRACK_MAX_SESSIONS). */
  maxSessions?: number;
}

/**
 * Sign-in with lockout. The failure counter is kept per username whether or not the account exists,
 * so neither the message nor the lockout tells a stranger which usernames are real.
 */
export async function login(db: Kysely<Database>, now: Date, input: LoginInput) {
  const key = input.username.trim().toLowerCase();
  const anonymous: Actor = { userId: null, username: input.username.trim(), ip: input.ip };
  const claim = await claimAttempt(db, key, now);
  if ('lockedUntil' in claim) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, anonymous, now, {
        action: 'auth.login_refused_locked',
        entityType: 'account',
        entityId: key,
      }),
    );
    throw lockedError(claim.lockedUntil);
  }

  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.fn('lower', ['username']), '=', key)
    .executeTakeFirst();
  const passwordOk = user
    ? (await verifyPassword(input.password, user.password_hash)) && user.active === 1
    : (await verifyPassword(input.password, await dummyPasswordHash())) && false;
  // The second factor: asked for once the password is right; a wrong one counts as a failure.
  const second = passwordOk && user?.totp_secret ? await secondFactor(db, user, input.otp, now) : 'none';
  if (second === 'missing') throw new AppError('OTP_REQUIRED');
  const ok = passwordOk && second !== 'wrong';

  if (!ok || !user) {
    const failed = claim.attempt;
    const lock = failed >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : null;
    await db.transaction().execute(async (trx) => {
      if (lockedUntil)
        await trx
          .updateTable('login_throttle')
          .set({ locked_until: lockedUntil, updated_at: now.toISOString() })
          .where('username', '=', key)
          .execute();
      await recordAudit(trx, { ...anonymous, userId: user?.id ?? null }, now, {
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: key,
        after: { consecutiveFailures: failed },
      });
      if (lock) {
        await recordAudit(trx, { ...anonymous, userId: user?.id ?? null }, now, {
          action: 'auth.lockout',
          entityType: 'account',
          entityId: key,
          after: { lockedUntil },
        });
      }
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError(second === 'wrong' ? 'BAD_OTP' : 'BAD_CREDENTIALS');
  }

  await refuseDormant(db, user, now, { ...anonymous, userId: user.id });

  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_throttle').where('username', '=', key).execute();
    await trx
      .updateTable('users')
      .set({ last_login_at: now.toISOString() })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(trx, user.id, now, { ip: input.ip, userAgent: input.userAgent });
    // Beyond the limit, the oldest sessions end (they are told "signed in elsewhere" by a 401).
    const keep = input.maxSessions ?? DEFAULT_MAX_SESSIONS;
    // The one just created always stays; of the others, the newest keep − 1.
    const older = await trx
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', user.id)
      .where('id_hash', '!=', hashSessionId(session.rawId))
      .orderBy('created_at', 'desc')
      .orderBy('id_hash')
      .offset(Math.max(keep - 1, 0))
      .limit(1000)
      .execute();
    if (older.length)
      await trx
        .deleteFrom('sessions')
        .where(
          'id_hash',
          'in',
          older.map((o) => o.id_hash),
        )
        .execute();
    await recordAudit(trx, { userId: user.id, username: user.username, ip: input.ip }, now, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      ...(older.length ? { after: { endedOldestSessions: older.length } } : {}),
    });
    return { ...session, userId: user.id, roles: await loadRoles(trx, user.id) };
  });
}

/**
 * An account unused for 90 days — no sign-in since then, nor since it was created or re-activated —
 * is disabled now, audited, and told to ask the administrator. The last active administrator is
 * spared, or nobody could re-activate anyone.
 */
async function refuseDormant(
  db: Kysely<Database>,
  user: {
    id: number;
    username: string;
    last_login_at: string | null;
    active_since: string | null;
    created_at: string;
  },
  now: Date,
  actor: Actor,
) {
  const since = Math.max(
    Date.parse(user.last_login_at ?? user.created_at),
    Date.parse(user.active_since ?? user.created_at),
  );
  if (now.getTime() - since <= DORMANT_MS) return;
  const roles = await loadRoles(db, user.id);
  if (roles.includes('admin') && (await countOtherActiveAdmins(db, user.id)) === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ active: 0, updated_at: now.toISOString() })
      .where('id', '=', user.id)
      .execute();
    await destroyUserSessions(trx, user.id);
    await recordAudit(trx, actor, now, {
      action: 'user.dormant_disabled',
      entityType: 'user',
      entityId: user.id,
      after: { unusedSince: new Date(since).toISOString() },
    });
  });
  throw new AppError('ACCOUNT_DORMANT');
}

/**
 * Checks the second factor: a TOTP code of a step newer than the last one used (taken in one
 * conditional UPDATE, so two sign-ins with the same code cannot both pass), or an unused recovery
 * code (spent in the same way).
 */
async function secondFactor(
  db: Kysely<Database>,
  user: { id: number; totp_secret: string | null },
  otp: string | undefined,
  now: Date,
): Promise<'missing' | 'ok' | 'wrong'> {
  if (!otp) return 'missing';
  const step = acceptedStep(decryptSecret(user.totp_secret!), otp, now);
  if (step !== null) {
    const taken = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? 'ok' : 'wrong';
  }
  const spent = await db
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', recoveryCodeHash(otp))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? 'ok' : 'wrong';
}

/** Starts enrolment: a new secret (kept pending until a code confirms it), its otpauth URI and QR code. */
export async function startTotpEnrolment(db: Kysely<Database>, actor: Actor & { userId: number }, now: Date) {
  const user = await db
    .selectFrom('users')
    .select(['username'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const secret = newSecret();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_pending_secret: encryptSecret(secret) })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(trx, actor, now, {
      action: 'auth.totp_setup_started',
      entityType: 'user',
      entityId: actor.userId,
    });
  });
  const uri = otpauthUri(secret, user.username);
  return { secret, otpauthUri: uri, qrCode: await qrCodeDataUrl(uri) };
}

/** Confirms enrolment with a first code; answers the ten recovery codes, shown this once. */
export async function enableTotp(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  code: string,
): Promise<string[]> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.totp_pending_secret)
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        { path: 'code', text: { zh: '请先生成二维码并用身份验证器扫描', en: 'Start the set-up first' } },
      ],
    });
  const secret = decryptSecret(user.totp_pending_secret);
  const step = acceptedStep(secret, code, now);
  if (step === null)
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          path: 'code',
          text: {
            zh: '验证码不正确，请输入身份验证器上当前显示的 6 位数字',
            en: 'Wrong code; enter the 6 digits shown now',
          },
        },
      ],
    });
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: now.toISOString(),
        totp_last_step: step,
        updated_at: now.toISOString(),
      })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ user_id: user.id, code_hash: recoveryCodeHash(c), used_at: null })))
      .execute();
    await recordAudit(trx, actor, now, {
      action: 'auth.totp_enabled',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return codes;
}

/** Turns the second factor off (with the password), where the account is not required to have one. */
export async function disableTotp(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  password: string,
  required: boolean,
): Promise<void> {
  if (required) throw new AppError('TOTP_REQUIRED_FOR_ROLE');
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(password, user.password_hash)))
    throw new AppError('WRONG_PASSWORD', {
      issues: [{ path: 'password', text: { zh: '密码不正确', en: 'The password is wrong' } }],
    });
  await db.transaction().execute(async (trx) => {
    await clearTotp(trx, user.id, now, false);
    await recordAudit(trx, actor, now, {
      action: 'auth.totp_disabled',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

export interface SessionListed {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** One's own sessions, newest first (the id is a prefix of the stored hash: never the cookie). */
export async function listSessions(
  db: Kysely<Database>,
  userId: number,
  currentIdHash: string,
): Promise<SessionListed[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id_hash.slice(0, 16),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id_hash === currentIdHash,
  }));
}

/** Signs out everywhere else: every session of the user but this one ends (audited). */
export async function endOtherSessions(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  currentIdHash: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const others = await trx
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', actor.userId)
      .where('id_hash', '!=', currentIdHash)
      .execute();
    await destroyUserSessions(trx, actor.userId, currentIdHash);
    await recordAudit(trx, actor, now, {
      action: 'auth.sessions_ended',
      entityType: 'user',
      entityId: actor.userId,
      after: { ended: others.length },
    });
    return others.length;
  });
}

export async function logout(db: Kysely<Database>, actor: Actor, now: Date, sessionIdHash: string) {
  await db.transaction().execute(async (trx) => {
    await destroySession(trx, sessionIdHash);
    await recordAudit(trx, actor, now, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId ?? undefined,
    });
  });
}

/** Changes one's own password; other sessions of the user end, this one stays. */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor & { userId: number },
  now: Date,
  input: { currentPassword: string; newPassword: string; keepSession: string },
) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('WRONG_PASSWORD', {
      issues: [
        { path: 'currentPassword', text: { zh: '当前密码不正确', en: 'The current password is wrong' } },
      ],
    });
  }
  await checkNewPassword(db, 'newPassword', input.newPassword, {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    passwordHash: user.password_hash,
  });
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await rememberPassword(trx, user.id, user.password_hash, now);
    await trx
      .updateTable('users')
      .set({
        password_hash: hash,
        must_change_password: 0,
        updated_at: now.toISOString(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .execute();
    await destroyUserSessions(trx, user.id, input.keepSession);
    await recordAudit(trx, actor, now, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      before: { mustChangePassword: user.must_change_password === 1 },
      after: { mustChangePassword: false },
    });
  });
}
