import type { Kysely } from 'kysely';
import type { DeadlineUnit } from '../../../core/calendar/calendar.js';
import type { PutPoliciesBody } from '../../../core/calendar/schemas.js';
import { DEFAULT_POLICIES, SLA_STEPS, type SlaPolicy, type SlaStep } from '../../../core/sla.js';
import type { Actor } from '../../auth/context.js';
import type { Database } from '../../db/tables.js';
import { recordAudit } from '../audit/record.js';
import { referenceData } from '../stats/cache.js';
import { getSetting, setSetting } from '../system/settings.js';

const DUE_SOON_KEY = 'sla_due_soon_working_hours';

export interface PolicySet {
  items: (SlaPolicy & { version: number; updatedAt: string })[];
  dueSoonWorkingHours: number;
}

/** Inserts DOMAIN.md's defaults for any step that has no policy yet. */
export async function ensureDefaultPolicies(trx: Kysely<Database>, now: Date): Promise<void> {
  await trx
    .insertInto('sla_policies')
    .values(DEFAULT_POLICIES.map((p) => ({ ...p, version: 1, updated_at: now.toISOString() })))
    .onConflict((oc) => oc.column('step').doNothing())
    .execute();
}

/** The policies in force and the due-soon hours, read once per data version. */
export async function readPolicies(db: Kysely<Database>): Promise<PolicySet> {
  return referenceData(db, 'sla_policies', loadPolicies);
}

async function loadPolicies(db: Kysely<Database>): Promise<PolicySet> {
  const rows = await db.selectFrom('sla_policies').selectAll().execute();
  const order = (s: string) => SLA_STEPS.indexOf(s as SlaStep);
  return {
    items: rows
      .sort((a, b) => order(a.step) - order(b.step))
      .map((r) => ({
        step: r.step as SlaStep,
        amount: r.amount,
        unit: r.unit as DeadlineUnit,
        version: r.version,
        updatedAt: r.updated_at,
      })),
    dueSoonWorkingHours: Number((await getSetting(db, DUE_SOON_KEY)) ?? '0'),
  };
}

export async function policyFor(db: Kysely<Database>, step: SlaStep): Promise<SlaPolicy> {
  const row = await db.selectFrom('sla_policies').selectAll().where('step', '=', step).executeTakeFirst();
  if (row) return { step, amount: row.amount, unit: row.unit as DeadlineUnit };
  return DEFAULT_POLICIES.find((p) => p.step === step)!;
}

/** A change applies to clocks started afterwards: running clocks keep the policy they started with. */
export async function updatePolicies(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: PutPoliciesBody,
): Promise<PolicySet> {
  return db.transaction().execute(async (trx) => {
    const before = await readPolicies(trx);
    for (const item of input.items) {
      const current = before.items.find((p) => p.step === item.step);
      if (current && current.amount === item.amount && current.unit === item.unit) continue;
      await trx
        .insertInto('sla_policies')
        .values({ ...item, version: 1, updated_at: now.toISOString() })
        .onConflict((oc) =>
          oc.column('step').doUpdateSet({
            amount: item.amount,
            unit: item.unit,
            version: (current?.version ?? 0) + 1,
            updated_at: now.toISOString(),
          }),
        )
        .execute();
    }
    if (input.dueSoonWorkingHours !== undefined) {
      await setSetting(trx, DUE_SOON_KEY, String(input.dueSoonWorkingHours));
    }
    const after = await readPolicies(trx);
    await recordAudit(trx, actor, now, {
      action: 'sla.policies_changed',
      entityType: 'sla_policy',
      before: {
        items: before.items.map(({ step, amount, unit }) => ({ step, amount, unit })),
        dueSoonWorkingHours: before.dueSoonWorkingHours,
      },
      after: {
        items: after.items.map(({ step, amount, unit }) => ({ step, amount, unit })),
        dueSoonWorkingHours: after.dueSoonWorkingHours,
      },
    });
    return after;
  });
}
