/**
 * The first start's demo: 174 leads taken through the same services a user's steps go through.
 * Times generating them in one transaction (what `npm start` does) against a transaction per step
 * (the baseline, as before), on a SQLite file and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DialectName } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seedDemoLeads } from '../src/server/demo/leads.js';
import { ensureReferenceData, initializeDatabase } from '../src/server/setup.js';

const NOW = new Date('2026-12-02T10:00:00+08:00');

async function fresh(kind: DialectName) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'it-demo-'));
    const db = createDb(`sqlite:${join(dir, 'demo.db')}`);
    const close = async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
    return { db, close };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = createDb(url, { schema });
  return {
    db,
    close: async () => {
      await db.destroy();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function timeDemo(kind: DialectName, oneTransaction: boolean) {
  const { db, close } = await fresh(kind);
  try {
    await migrateToLatest(db.kysely);
    await ensureReferenceData(db.kysely, NOW);
    await initializeDatabase(db.kysely, NOW, { demo: true, adminPassword: 'Bench#Pass2026' });
    const t0 = performance.now();
    const { leads } = await seedDemoLeads(db.kysely, NOW, { oneTransaction });
    return { ms: performance.now() - t0, leads };
  } finally {
    await close();
  }
}

export async function demoBench() {
  const kinds: DialectName[] = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
  for (const kind of kinds) {
    const perStep = await timeDemo(kind, false);
    const batched = await timeDemo(kind, true);
    console.log(
      `${kind}: ${batched.leads} demo leads — one transaction ${Math.round(batched.ms)} ms, ` +
        `a transaction per step (baseline) ${Math.round(perStep.ms)} ms: ${(perStep.ms / batched.ms).toFixed(1)}× faster`,
    );
  }
}
