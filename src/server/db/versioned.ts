import type { Kysely, Updateable } from 'kysely';
import { staleVersion } from '../errors.js';
import type { Database } from './tables.js';

/** Tables whose rows carry `id` and `version` (optimistic concurrency). */
type Versioned = {
  [K in keyof Database]: Database[K] extends { version: number; id: unknown } ? K : never;
}[keyof Database];

/**
 * Writes `changes` to the row if its version is still `version`, and bumps the version; otherwise
 * 409 STALE_VERSION and nothing changes. Of two people saving at once, one wins.
 */
export async function updateVersioned<T extends Versioned>(
  trx: Kysely<Database>,
  table: T,
  id: number,
  version: number,
  changes: Updateable<Database[T]>,
): Promise<void> {
  // One statement over several tables of the same shape: typed by the caller's table, run untyped.
  const db = trx as unknown as Kysely<Record<string, { id: number; version: number }>>;
  const result = await db
    .updateTable(table as string)
    .set({ ...(changes as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion();
}
