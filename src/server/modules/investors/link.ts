/**
 * Every lead and project points to its investor. Records written without one (a registration that
 * typed a name, an imported ledger, the demo's bulk projects, and every record when migration 0019
 * ran) are linked here, set-wise: an investor is added for each credit code and then each normalised
 * name not yet in the register (duplicate detection's rule: the same code, else the same name), and
 * each record takes the investor of its code, else of its name — one merged away answers for the one
 * it was merged into. Only rows with no investor are read (an index range), so it is cheap to call
 * after every write that adds records.
 */
import { type Kysely, sql } from 'kysely';

const SOURCES = ['leads', 'projects'] as const;

/** The investor that answers for a matched row: the one it was merged into, if any. */
const live = sql.raw('COALESCE(i.merged_into_id, i.id)');

export async function linkInvestors(db: Kysely<any>, at: string): Promise<void> {
  const unlinked = (withCode: boolean) =>
    sql.join(
      SOURCES.map(
        (t) =>
          sql`SELECT investor_name, investor_name_norm, investor_credit_code, ${sql.raw(
            t === 'leads' ? 'investor_type' : 'NULL',
          )} AS investor_type FROM ${sql.table(t)} WHERE investor_id IS NULL AND investor_credit_code IS ${sql.raw(
            withCode ? 'NOT NULL' : 'NULL',
          )}`,
      ),
      sql` UNION ALL `,
    );
  await sql`INSERT INTO investors (version, name, name_norm, credit_code, aliases, kind, created_at, updated_at)
    SELECT 1, MIN(r.investor_name), MIN(r.investor_name_norm), r.investor_credit_code, '[]', MIN(r.investor_type), ${at}, ${at}
    FROM (${unlinked(true)}) r
    WHERE NOT EXISTS (SELECT 1 FROM investors i WHERE i.credit_code = r.investor_credit_code)
    GROUP BY r.investor_credit_code`.execute(db);
  await sql`INSERT INTO investors (version, name, name_norm, credit_code, aliases, kind, created_at, updated_at)
    SELECT 1, MIN(r.investor_name), r.investor_name_norm, NULL, '[]', MIN(r.investor_type), ${at}, ${at}
    FROM (${unlinked(false)}) r
    WHERE NOT EXISTS (SELECT 1 FROM investors i WHERE i.name_norm = r.investor_name_norm)
    GROUP BY r.investor_name_norm`.execute(db);
  for (const t of SOURCES) {
    await sql`UPDATE ${sql.table(t)} SET investor_id = (SELECT ${live} FROM investors i
        WHERE i.credit_code = ${sql.table(t)}.investor_credit_code)
      WHERE investor_id IS NULL AND investor_credit_code IS NOT NULL`.execute(db);
    await sql`UPDATE ${sql.table(t)} SET investor_id = (SELECT MIN(${live}) FROM investors i
        WHERE i.name_norm = ${sql.table(t)}.investor_name_norm)
      WHERE investor_id IS NULL`.execute(db);
  }
}
