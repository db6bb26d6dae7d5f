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

/**
 * The county an organisation belongs to (itself, or the nearest county above it), if any: the city,
 * its departments and resident teams belong to none.
 */
async function countyOf(
  trx: Kysely<Database>,
  orgId: number,
): Promise<{ id: number; region_code: string | null } | null> {
  let id: number | null = orgId;
  for (let depth = 0; id !== null && depth < 8; depth++) {
    const org:
      | { id: number; kind: string; region_code: string | null; parent_id: number | null }
      | undefined = await trx
      .selectFrom('orgs')
      .select(['id', 'kind', 'region_code', 'parent_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!org) return null;
    if (org.kind === 'county') return org;
    id = org.parent_id;
  }
  return null;
}

/**
 * A record's readable code, numbered within its county when it has one: a lead registered by a
 * county (JM-440781-2026-0003) or a county's project (JM-P-440781-2026-0012) counts only that
 * county's records, so no code a county officer reads tells how many other counties' records exist
 * (the rule that a county must not learn even that they exist). What the city and its teams
 * register is numbered city-wide (JM-2026-0041): a county that works a city lead learns from its
 * number only how many leads the city center registered that year, which its own leaders publish.
 * Six digits are the county's administrative division code (行政区划代码, GB/T 2260).
 */
export async function recordCode(
  trx: Kysely<Database>,
  kind: 'lead' | 'project',
  orgId: number,
  year: string,
): Promise<string> {
  const series = await codeSeries(trx, kind, orgId);
  return series.format(year, await nextNumber(trx, series.counter(year)));
}

/**
 * The numbering recordCode uses for an organisation's records, for reserving many numbers at once
 * (an import): the counter's name for a year, and the code of a number.
 */
export async function codeSeries(
  trx: Kysely<Database>,
  kind: 'lead' | 'project',
  orgId: number,
): Promise<{ counter: (year: string) => string; format: (year: string, n: number) => string }> {
  const prefix = `${await codePrefix(trx)}${kind === 'project' ? '-P' : ''}`;
  const county = await countyOf(trx, orgId);
  const segment = county ? (county.region_code ?? `O${county.id}`) : null;
  return {
    counter: (year) => (segment ? `${kind}-${segment}-${year}` : `${kind}-${year}`),
    format: (year, n) => `${prefix}${segment ? `-${segment}` : ''}-${year}-${String(n).padStart(4, '0')}`,
  };
}
