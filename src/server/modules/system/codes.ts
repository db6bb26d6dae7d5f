import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { getSetting } from './settings.js';

/**
 * The next number of a named sequence (e.g. lead codes of 2024), atomic on both databases: the
 * counter row is created or incremented inside the caller's transaction.
 */
export async function nextNumber(trx: Kysely<Database>, name: string): Promise<number> {
  const row = await trx
    .insertInto('code_counters')
    .values({ name, last: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ last: eb('code_counters.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/** The prefix of readable codes (JM-2024-0042); a setting, since every city has its own. */
export async function codePrefix(trx: Kysely<Database>): Promise<string> {
  return (await getSetting(trx, 'code_prefix')) ?? 'JM';
}
