import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function isDemo(db: Kysely<Database>): Promise<boolean> {
  return (await getSetting(db, 'demo')) === 'on';
}
