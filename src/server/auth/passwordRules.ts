/**
 * Password rules beyond length and character classes (core/password.ts), which need the server:
 * no common password with digits and symbols around it (Password12, Qwerty1234, P@ssw0rd!), nothing
 * built on the username, the city's or the product's name (Jiangmen2024!), and none of the account's
 * last five passwords. Applied wherever a password is chosen: change, create, reset.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { AppError, type Text } from '../errors.js';
import { verifyPassword } from './passwords.js';

/** The base words of the passwords people pick first (before digits and symbols are added). */
const COMMON = new Set([
  'password',
  'passwd',
  'pass',
  'qwerty',
  'qwertyuiop',
  'qwer',
  'asdf',
  'asdfgh',
  'asdfghjkl',
  'zxcvbn',
  'zxcvbnm',
  'qazwsx',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'test',
  'guest',
  'changeme',
  'default',
  'master',
  'super',
  'hello',
  'iloveyou',
  'abc',
  'abcd',
  'abcde',
  'abcdef',
  'china',
  'beijing',
  'woaini',
  'aa',
  'aaa',
  'aaaa',
]);

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
const unleet = (s: string) => s.replace(/[0134578@$!]/g, (c) => LEET[c] ?? c);

/** Words no password may contain: the product's and (by default) the city's names; INVESTTRACK_PASSWORD_WORDS adds more. */
export function contextWords(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.INVESTTRACK_PASSWORD_WORDS ?? 'jiangmen,江门')
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  return ['investtrack', 'zhaoshang', '招商通', ...extra];
}

const TOO_COMMON: Text = {
  zh: '密码过于常见（常用词加数字或符号），请换一个',
  en: 'That password is too common (a common word with digits or symbols); choose another',
};

/** Why this password is refused for this account, or null. */
export function passwordProblem(
  password: string,
  account: { username: string; displayName?: string },
  words: string[] = contextWords(),
): Text | null {
  const lower = password.toLowerCase();
  // The word inside: leading and trailing digits and symbols taken off, look-alikes read as letters.
  const core = unleet(lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, ''));
  const letters = unleet(lower).replace(/[^a-z]/g, '');
  if (COMMON.has(core) || COMMON.has(letters)) return TOO_COMMON;
  const personal = [account.username, account.displayName ?? '']
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3);
  if (personal.some((w) => lower.includes(w) || unleet(lower).includes(w)))
    return { zh: '密码不能包含用户名或姓名', en: 'The password cannot contain the username or name' };
  if (words.some((w) => w.length >= 2 && (lower.includes(w) || unleet(lower).includes(w))))
    return {
      zh: '密码不能包含城市或系统的名称，请换一个',
      en: "The password cannot contain the city's or the product's name; choose another",
    };
  return null;
}

export const PASSWORD_HISTORY = 5;

/**
 * Refuses a password that breaks the rules above for `path` (the field the person typed it in), or
 * that is one of the account's last five (the current one included).
 */
export async function checkNewPassword(
  db: Kysely<Database>,
  path: string,
  password: string,
  account: { id?: number; username: string; displayName?: string; passwordHash?: string },
): Promise<void> {
  const problem = passwordProblem(password, account);
  if (problem) throw new AppError('VALIDATION_FAILED', { issues: [{ path, text: problem }] });
  if (account.id === undefined) return;
  const earlier = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', account.id)
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY - 1)
    .execute();
  const hashes = [
    ...(account.passwordHash ? [account.passwordHash] : []),
    ...earlier.map((e) => e.password_hash),
  ];
  for (const hash of hashes)
    if (await verifyPassword(password, hash))
      throw new AppError('VALIDATION_FAILED', {
        issues: [
          {
            path,
            text: {
              zh: `不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`,
              en: `Cannot be one of the last ${PASSWORD_HISTORY} passwords`,
            },
          },
        ],
      });
}

/** Keeps the password being replaced, for the rule above. */
export async function rememberPassword(
  trx: Kysely<Database>,
  userId: number,
  oldHash: string,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: oldHash, replaced_at: now.toISOString() })
    .execute();
}
