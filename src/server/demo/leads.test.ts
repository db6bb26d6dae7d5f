import { describe, expect, it } from 'vitest';
import { setPasswordHashCost } from '../auth/passwords.js';
import { ensureReferenceData, initializeDatabase } from '../setup.js';
import { freshDb } from '../test/helpers.js';
import { seedDemoLeads } from './leads.js';

describe('demo leads', () => {
  it('are generated through the services, reproducibly, once', async () => {
    setPasswordHashCost(2 ** 10);
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { db, close } = await freshDb('sqlite');
      const now = new Date('2026-11-29T10:00:00+08:00');
      await ensureReferenceData(db.kysely, now);
      await initializeDatabase(db.kysely, now, { demo: true, adminPassword: 'Admin#Test2024' });
      const result = await seedDemoLeads(db.kysely, now);
      expect(await seedDemoLeads(db.kysely, now)).toMatchObject({ leads: 0, skipped: 'already seeded' });
      const leads = await db.kysely.selectFrom('leads').selectAll().orderBy('id').execute();
      const stages = new Set(leads.map((l) => l.stage));
      const projects = await db.kysely.selectFrom('projects').select(['id', 'lead_id']).execute();
      const clocks = await db.kysely.selectFrom('sla_clocks').select('id').execute();
      const events = await db.kysely.selectFrom('lead_events').select('id').execute();
      // Every signed lead has its project, linked both ways.
      for (const l of leads.filter((x) => x.stage === 'signed'))
        expect(projects.find((p) => p.id === l.project_id)?.lead_id).toBe(l.id);
      // Open leads wait on a running clock; finished ones on none.
      for (const l of leads)
        expect(Boolean(l.waiting_step)).toBe(
          ['registered', 'responded', 'assessed', 'following'].includes(l.stage),
        );
      runs.push({
        count: result.leads,
        codes: leads.map((l) => l.code).join(),
        stages: [...stages].sort(),
        clocks: clocks.length,
        events: events.length,
      });
      await close();
    }
    expect(runs[0]!.count).toBeGreaterThan(150);
    expect(runs[0]!.stages).toEqual(expect.arrayContaining(['responded', 'following', 'signed', 'closed']));
    expect(runs[0]!.clocks).toBeGreaterThan(runs[0]!.count * 2);
    expect(runs[1]).toEqual(runs[0]);
  });
});
