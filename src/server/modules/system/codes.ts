import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { getSetting } from './settings.js';

/**
 * The next number of a named sequence (e.g. lead codes of 2024), atomic on both databases: the
 * counter row is created or incremented inside the caller's transaction. With `count`, reserves
 * that many and returns the first.
 */
export async function nextNumber(trx: Kysely<Database>, name: string, count = 1): Promise<number> {
  const row = await trx
    .insertInto('code_counters')
    .values({ name, last: count })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ last: eb('code_counters.last', '+', count) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last - count + 1;
}

/** The prefix of readable codes (JM-2024-0042); a setting, since every city has its own. */
export async function codePrefix(trx: Kysely<Database>): Promise<string> {
  return (await getSetting(trx, 'code_prefix')) ?? 'JM';
}
