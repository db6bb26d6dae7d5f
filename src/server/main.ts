import { setFlagsFromString } from 'node:v8';
import { buildApp } from './app.js';
import { setTotpMode } from './auth/totp.js';
import { systemClock } from './clock.js';
import { readConfig } from './config.js';
import { createDb, describeDbUrl } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoLeads } from './demo/leads.js';
import { seedDemoProjects } from './demo/projects.js';
import { startWorker } from './jobs/index.js';
import { auditFilesOf, loadAuditKey, secureAuditLog, writeCheckpoint } from './modules/audit/integrity.js';
import { ensureReferenceData, initializeDatabase } from './setup.js';

/**
 * V8 lets the heap grow to up to four times what survives a full collection before collecting
 * again: a long download, whose batches live just long enough to be promoted, then swells the
 * server by 200 MB of garbage. Growing by half at a time keeps it flat (a 1,000,000-row ledger
 * export under 300 MB of RSS) for a few more, short, incremental collections. A flag given on the
 * command line or in NODE_OPTIONS wins.
 */
const HEAP_GROWING_PERCENT = 50;
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('heap-growing-percent')))
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

async function main() {
  const config = readConfig();
  setTotpMode(config.totp);
  // The audit key first: every write from here on appends to the keyed chain.
  const auditFiles = auditFilesOf(process.env, config.databaseUrl);
  const key = loadAuditKey(process.env, auditFiles);
  if (key.created)
    console.log(
      `[investtrack] audit key created: ${auditFiles.keyFile} — keep a copy apart from the database backups; without it the audit log cannot be verified`,
    );
  const db = createDb(config.databaseUrl);
  const applied = await migrateToLatest(db.kysely);
  if (applied.length) console.log(`[investtrack] migrations applied: ${applied.join(', ')}`);
  const secured = await secureAuditLog(db.kysely, new Date());
  if (secured.triggersRestored)
    console.error(
      '[investtrack] WARNING: the audit log append-only triggers were missing; restored and audited',
    );
  if (secured.rekeyed)
    console.log(`[investtrack] audit log: ${secured.rekeyed} entries re-chained under the audit key`);
  const reference = await ensureReferenceData(db.kysely, new Date());
  if (reference.calendarYearsAdded.length) {
    console.log(`[investtrack] statutory calendar loaded for ${reference.calendarYearsAdded.join(', ')}`);
  }
  const setup = await initializeDatabase(db.kysely, new Date(), {
    demo: config.demo,
    adminPassword: config.adminPassword,
    cityName: process.env.INVESTTRACK_CITY_NAME,
    cityRegionCode: process.env.INVESTTRACK_CITY_CODE,
  });
  // Only the process that created the database generates the demo (several may start at once).
  if (setup.created && setup.demo) {
    const started = Date.now();
    const demo = await seedDemoLeads(db.kysely, new Date());
    if (demo.leads)
      console.log(`[investtrack] demo: ${demo.leads} leads generated in ${Date.now() - started} ms`);
    const projects = await seedDemoProjects(db.kysely, new Date());
    if (projects.projects)
      console.log(
        `[investtrack] demo: ${projects.projects} projects, ${projects.issues} coordination issues, targets (${Date.now() - started} ms in all)`,
      );
  }
  const app = await buildApp({
    db,
    webRoot: config.webRoot,
    trustProxy: config.trustProxy,
    apiDocsPublic: config.apiDocsPublic,
    idleTimeoutSeconds: config.idleTimeoutSeconds,
    approverRole: config.approverRole,
    auditCheckpointFile: auditFiles.checkpointFile,
    maxSessions: config.maxSessions,
    loginRateLimit: config.loginRateLimit,
    sessionIdleMinutes: config.sessionIdleMinutes,
    strictResponses: config.strictResponses,
    publicUrl: config.publicUrl,
    attachmentsDir: config.attachmentsDir,
    logger: { level: config.logLevel },
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    `  InvestTrack 招商通 is running: http://localhost:${port}/`,
    `  database: ${db.dialect} (${describeDbUrl(config.databaseUrl)})`,
  ];
  if (setup.demo)
    lines.push('  DEMO DATA (演示数据): demo accounts use the password Demo#2024jm — see README.md');
  if (setup.generatedAdminPassword) {
    lines.push(`  First start: administrator "admin", password: ${setup.generatedAdminPassword}`);
    lines.push('  (shown once only; set INVESTTRACK_ADMIN_PASSWORD to choose it yourself)');
  } else if (setup.created)
    lines.push('  First start: administrator "admin" with the password from INVESTTRACK_ADMIN_PASSWORD');
  lines.push('');
  console.log(lines.join('\n'));

  // Checkpoints of the audit chain outside the database: now, on a schedule, and at shutdown.
  const checkpoint = async () => {
    const c = await writeCheckpoint(db.kysely, auditFiles.checkpointFile, new Date());
    if (c) app.log.info({ auditCheckpoint: c }, `audit checkpoint: entry ${c.id} ${c.hash}`);
  };
  await checkpoint();
  const timer = setInterval(
    () => void checkpoint().catch((e) => app.log.error(e, 'audit checkpoint failed')),
    config.auditCheckpointMinutes * 60_000,
  );
  timer.unref();

  // Reminders, digests and chat messages: every process may run them; the database lets each
  // scheduled run happen once (jobs/scheduler.ts).
  const worker = config.jobs
    ? startWorker(db.kysely, systemClock, {
        publicUrl: config.publicUrl,
        log: (line, error) => app.log.error(error ?? {}, line),
      })
    : null;

  const stop = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    clearInterval(timer);
    await worker?.stop();
    await app.close();
    await checkpoint().catch(() => {});
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`[investtrack] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
