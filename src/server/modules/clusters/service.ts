import { type Kysely, sql } from 'kysely';
import type { CreateClusterBody, UpdateClusterBody } from '../../../core/clusterSchemas.js';
import { type ClusterKind, clusterAppliesTo, codeInCluster } from '../../../core/clusters.js';
import type { Actor } from '../../auth/context.js';
import type { Database } from '../../db/tables.js';
import { updateVersioned } from '../../db/versioned.js';
import { invalidField, notFound, staleVersion } from '../../errors.js';
import { recordAudit } from '../audit/record.js';
import { industryCatalogue } from '../industries/catalogue.js';
import { referenceData } from '../stats/cache.js';
import { requireActiveOrg } from '../system/references.js';

export interface ClusterDto {
  id: number;
  kind: ClusterKind;
  name: string;
  description: string | null;
  orgId: number | null;
  codes: string[];
  active: boolean;
  version: number;
}

/** The clusters with their codes, read once per data version (every ledger page and statistic asks). */
export async function listClusters(db: Kysely<Database>, onlyActive = false): Promise<ClusterDto[]> {
  return referenceData(db, onlyActive ? 'clusters:active' : 'clusters:all', (d) =>
    readClusters(d, onlyActive),
  );
}

async function readClusters(db: Kysely<Database>, onlyActive: boolean): Promise<ClusterDto[]> {
  let q = db.selectFrom('clusters').selectAll().orderBy('id');
  if (onlyActive) q = q.where('active', '=', 1);
  const rows = await q.execute();
  const codes = await db.selectFrom('cluster_codes').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ClusterKind,
    name: r.name,
    description: r.description,
    orgId: r.org_id,
    codes: codes.filter((c) => c.cluster_id === r.id).map((c) => c.code),
    active: r.active === 1,
    version: r.version,
  }));
}

/** Active clusters an industry code falls into. */
export async function clustersForCode(db: Kysely<Database>, code: string): Promise<ClusterDto[]> {
  return (await listClusters(db, true)).filter((c) => codeInCluster(code, c.codes));
}

function checkCodes(codes: string[]) {
  const catalogue = industryCatalogue();
  codes.forEach((code, i) => {
    if (!catalogue.has(code)) {
      throw invalidField(`codes.${i}`, {
        zh: `${code} 不是 GB/T 4754-2017 中的行业代码`,
        en: `${code} is not a GB/T 4754-2017 code`,
      });
    }
  });
}

async function writeCodes(trx: Kysely<Database>, clusterId: number, codes: string[]) {
  await trx.deleteFrom('cluster_codes').where('cluster_id', '=', clusterId).execute();
  const unique = [...new Set(codes)];
  if (unique.length)
    await trx
      .insertInto('cluster_codes')
      .values(unique.map((code) => ({ cluster_id: clusterId, code })))
      .execute();
}

export async function createCluster(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: CreateClusterBody,
): Promise<ClusterDto> {
  checkCodes(input.codes);
  return db.transaction().execute(async (trx) => {
    if (input.orgId != null) await requireActiveOrg(trx, input.orgId, 'orgId');
    const at = now.toISOString();
    const { id } = await trx
      .insertInto('clusters')
      .values({
        kind: input.kind,
        name: input.name,
        description: input.description ?? null,
        org_id: input.orgId ?? null,
        active: 1,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeCodes(trx, id, input.codes);
    const cluster = (await listClusters(trx)).find((c) => c.id === id)!;
    await recordAudit(trx, actor, now, {
      action: 'cluster.created',
      entityType: 'cluster',
      entityId: id,
      after: cluster,
    });
    return cluster;
  });
}

export async function updateCluster(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  id: number,
  input: UpdateClusterBody,
): Promise<ClusterDto> {
  if (input.codes) checkCodes(input.codes);
  return db.transaction().execute(async (trx) => {
    const before = (await listClusters(trx)).find((c) => c.id === id);
    if (!before) throw notFound();
    if (before.version !== input.version) throw staleVersion();
    await updateVersioned(trx, 'clusters', id, input.version, {
      name: input.name ?? before.name,
      description: input.description === undefined ? before.description : input.description,
      active: input.active === undefined ? (before.active ? 1 : 0) : input.active ? 1 : 0,
      updated_at: now.toISOString(),
    });
    if (input.codes) await writeCodes(trx, id, input.codes);
    const after = (await listClusters(trx)).find((c) => c.id === id)!;
    await recordAudit(trx, actor, now, {
      action: 'cluster.updated',
      entityType: 'cluster',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/**
 * The clusters each record falls into: those whose codes match its industry code, plus the city
 * officer's additions, minus their removals.
 */
/** Each code of the clusters → the clusters naming it, kept per list (the list is shared while unchanged). */
const codeIndexes = new WeakMap<readonly ClusterDto[], Map<string, ClusterDto[]>>();

/**
 * A record's clusters are those naming a prefix of its code (codeInCluster): looked up by the
 * code's prefixes (at most four) instead of testing every code of every cluster for each record.
 */
function automaticClusters(clusters: readonly ClusterDto[], record: ClusterRecord): Set<number> {
  let index = codeIndexes.get(clusters);
  if (!index) {
    index = new Map();
    for (const c of clusters)
      for (const code of new Set(c.codes)) index.set(code, [...(index.get(code) ?? []), c]);
    codeIndexes.set(clusters, index);
  }
  const ids = new Set<number>();
  const code = record.industryCode;
  if (code)
    for (let n = 1; n <= code.length; n++)
      for (const c of index.get(code.slice(0, n)) ?? [])
        if (clusterAppliesTo(c, record.orgIds)) ids.add(c.id);
  return ids;
}

/** A record as cluster membership sees it: its industry code and the organisations it belongs to. */
export interface ClusterRecord {
  id: number;
  industryCode: string | null;
  orgIds: readonly number[];
}

/**
 * Each record's clusters: the automatic ones, with the manual corrections applied. The cluster list
 * and the corrections are read at once, and while `records` may still be coming (a list page reads
 * its leads' counties meanwhile): on PostgreSQL no round trip waits for another.
 */
export async function effectiveClusters(
  db: Kysely<Database>,
  entityType: 'lead' | 'project',
  records: readonly ClusterRecord[] | { ids: readonly number[]; records: Promise<readonly ClusterRecord[]> },
): Promise<Map<number, number[]>> {
  const ids = 'ids' in records ? records.ids : records.map((r) => r.id);
  const out = new Map<number, number[]>();
  if (!ids.length) return out;
  const [clusters, overrides, list] = await Promise.all([
    listClusters(db, true),
    db
      .selectFrom('record_clusters')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', 'in', [...ids])
      .execute(),
    'ids' in records ? records.records : records,
  ]);
  for (const r of list) {
    const ids = automaticClusters(clusters, r);
    for (const o of overrides.filter((x) => x.entity_id === r.id)) {
      if (o.mode === 'add') ids.add(o.cluster_id);
      else ids.delete(o.cluster_id);
    }
    out.set(
      r.id,
      [...ids].sort((a, b) => a - b),
    );
  }
  return out;
}

/** Sets a record's clusters by hand; stored as differences from the automatic membership. */
export async function setRecordClusters(
  trx: Kysely<Database>,
  entityType: 'lead' | 'project',
  record: ClusterRecord,
  clusterIds: number[],
  now: Date,
): Promise<{ before: number[]; after: number[] }> {
  const clusters = await listClusters(trx, true);
  const known = new Set(clusters.map((c) => c.id));
  clusterIds.forEach((id, i) => {
    if (!known.has(id))
      throw invalidField(`clusterIds.${i}`, { zh: '产业集群不存在或已停用', en: 'No such active cluster' });
  });
  const before = (await effectiveClusters(trx, entityType, [record])).get(record.id) ?? [];
  const auto = automaticClusters(clusters, record);
  const wanted = new Set(clusterIds);
  await trx
    .deleteFrom('record_clusters')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', record.id)
    .execute();
  const rows = [
    ...[...wanted].filter((id) => !auto.has(id)).map((id) => ({ cluster_id: id, mode: 'add' })),
    ...[...auto].filter((id) => !wanted.has(id)).map((id) => ({ cluster_id: id, mode: 'remove' })),
  ];
  if (rows.length) {
    await trx
      .insertInto('record_clusters')
      .values(
        rows.map((r) => ({
          ...r,
          entity_type: entityType,
          entity_id: record.id,
          updated_at: now.toISOString(),
        })),
      )
      .execute();
  }
  return { before, after: [...wanted].sort((a, b) => a - b) };
}

/**
 * SQL: the record is in the cluster — by its industry code unless removed by hand, or added by
 * hand. For list filters over leads or projects.
 */
export function inClusterSql(entity: 'lead' | 'project', clusterId: number) {
  const table = entity === 'lead' ? 'leads' : 'projects';
  const id = sql.ref(`${table}.id`);
  const code = sql.ref(`${table}.industry_code`);
  const manual = (mode: 'add' | 'remove') =>
    sql`EXISTS (SELECT 1 FROM record_clusters rc WHERE rc.entity_type = ${entity} AND rc.entity_id = ${id} AND rc.cluster_id = ${clusterId} AND rc.mode = ${mode})`;
  // A county's speciality applies to that county's records only.
  const inOrg =
    entity === 'lead'
      ? sql`(leads.owner_org_id = cl.org_id OR EXISTS (SELECT 1 FROM lead_counties lco WHERE lco.lead_id = ${id} AND lco.org_id = cl.org_id))`
      : sql`projects.county_org_id = cl.org_id`;
  const applies = sql`NOT EXISTS (SELECT 1 FROM clusters cl WHERE cl.id = ${clusterId} AND cl.org_id IS NOT NULL AND NOT ${inOrg})`;
  return sql<boolean>`((EXISTS (SELECT 1 FROM cluster_codes cc WHERE cc.cluster_id = ${clusterId} AND ${code} LIKE cc.code || '%') AND ${applies} AND NOT ${manual('remove')}) OR ${manual('add')})`;
}
