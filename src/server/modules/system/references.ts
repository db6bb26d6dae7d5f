/**
 * A reference a client gives (an organisation, a cluster) must name a record that exists: the
 * answer is 422 naming the field, never a foreign-key failure from the database (a 500).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { invalidField, type Text } from '../../errors.js';

const NO_ACTIVE_ORG: Text = { zh: '组织不存在或已停用', en: 'No such active organisation' };

/** The organisation exists, is active and (when kinds are given) is one of those kinds. */
export async function requireActiveOrg(
  trx: Kysely<Database>,
  orgId: number,
  path: string,
  options: { kinds?: readonly string[]; text?: Text } = {},
): Promise<{ id: number; kind: string }> {
  const org = await trx
    .selectFrom('orgs')
    .select(['id', 'kind', 'active'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (org?.active !== 1 || (options.kinds && !options.kinds.includes(org.kind)))
    throw invalidField(path, options.text ?? NO_ACTIVE_ORG);
  return org;
}

/** The cluster exists (active or not: a chain may stay on a cluster that was retired). */
export async function requireCluster(trx: Kysely<Database>, clusterId: number, path: string): Promise<void> {
  const row = await trx.selectFrom('clusters').select('id').where('id', '=', clusterId).executeTakeFirst();
  if (!row) throw invalidField(path, { zh: '产业集群不存在', en: 'No such cluster' });
}
