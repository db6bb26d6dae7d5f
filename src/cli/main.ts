#!/usr/bin/env node
/**
 * `investtrack` (or `npm run cli -- <command>`): administration from the server's shell.
 * Every write goes through the same services as the API, with its audit entry.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { translateMessage } from '../core/messages.js';
import { createUserBody, resetPasswordBody } from '../core/schemas.js';
import { type Actor, userContext } from '../server/auth/context.js';
import { generatePassword } from '../server/auth/passwords.js';
import { readConfig } from '../server/config.js';
import { backupSqlite, restoreSqlite, sqliteFileOf } from '../server/db/backup.js';
import { createDb } from '../server/db/index.js';
import { migrateToLatest } from '../server/db/migrate.js';
import {
  auditFilesOf,
  latestCheckpoint,
  loadAuditKey,
  writeCheckpoint,
} from '../server/modules/audit/integrity.js';
import { verifyAuditChain } from '../server/modules/audit/record.js';
import { commitBatch, dryRun, uploadBatch } from '../server/modules/imports/service.js';
import { createUser, resetPassword } from '../server/modules/users/service.js';

const HELP = `investtrack <command> [options]

  migrate                         run pending database migrations
  audit:verify                    check the keyed chain of the audit log against the newest checkpoint and the
                                  append-only triggers; exit 1 at the first problem
  audit:checkpoint                write the newest entry's id and hash to the checkpoint file (outside the database)
  backup [--to FILE]              SQLite: an online, consistent copy (the server may keep running), kept only
                                  when its audit chain verifies; default backups/investtrack-<time>.db beside it
  restore --from FILE             SQLite, server stopped: put a backup in place; refused unless its audit chain
                                  verifies; the replaced file stays beside it as <name>.before-restore-<time>
  user:create --username U --name N --org ORG_ID --roles r1,r2 [--password P]
                                  create an account (must change password at first sign-in)
  user:reset-password --username U [--password P]
                                  set a new password (printed when generated); forces a change at next sign-in

  import --kind leads|projects --file FILE --as USERNAME [--commit] [--duplicates skip|merge|new]
                                  bring a ledger in (xlsx or CSV) as that officer would in the wizard, with the
                                  automatic (or saved) column mapping: prints every refused row and the counts;
                                  --commit imports it, all or nothing (undo it in the web's 导入台账)

The database is DATABASE_URL (default sqlite:./data/investtrack.db); the audit key and checkpoints
are those the server uses (INVESTTRACK_AUDIT_KEY or the key file, INVESTTRACK_AUDIT_CHECKPOINTS).`;

const CLI_ACTOR: Actor = { userId: null, username: 'cli', ip: null };

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      roles: { type: 'string' },
      password: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      kind: { type: 'string' },
      file: { type: 'string' },
      as: { type: 'string' },
      commit: { type: 'boolean' },
      duplicates: { type: 'string' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const config = readConfig();
  const auditFiles = auditFilesOf(process.env, config.databaseUrl);
  loadAuditKey(process.env, auditFiles);
  // Backup and restore are SQLite's; PostgreSQL is told its tools before anything connects.
  if (command === 'backup' || command === 'restore') sqliteFileOf(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  let open = true;
  const closeDb = async () => {
    if (open) await db.destroy();
    open = false;
  };
  try {
    await migrateToLatest(db.kysely);
    switch (command) {
      case 'migrate':
        console.log('migrations are up to date');
        return 0;
      case 'audit:verify': {
        const report = await verifyAuditChain(db.kysely, latestCheckpoint(auditFiles.checkpointFile));
        const problems: string[] = [];
        if (report.brokenAt)
          problems.push(
            `chain BROKEN at entry id ${report.brokenAt.id} (${report.brokenAt.reason === 'hash' ? 'entry was altered' : 'link to the previous entry does not match'}); ${report.checked} entries before it are intact`,
          );
        if (report.checkpoint?.status === 'missing')
          problems.push(
            `entries were DELETED: the checkpoint of ${report.checkpoint.at} names entry ${report.checkpoint.id}, which is gone`,
          );
        if (report.checkpoint?.status === 'mismatch')
          problems.push(
            `entry ${report.checkpoint.id} was REWRITTEN since the checkpoint of ${report.checkpoint.at}`,
          );
        if (!report.triggersInPlace) problems.push('the append-only triggers are MISSING');
        if (problems.length === 0) {
          console.log(
            `audit chain intact: ${report.checked} entries verified${report.checkpoint ? `, matches the checkpoint of ${report.checkpoint.at} (entry ${report.checkpoint.id})` : ''}`,
          );
          return 0;
        }
        for (const p of problems) console.error(`audit: ${p}`);
        return 1;
      }
      case 'audit:checkpoint': {
        const c = await writeCheckpoint(db.kysely, auditFiles.checkpointFile, new Date());
        console.log(
          c
            ? `checkpoint written: entry ${c.id} ${c.hash} → ${auditFiles.checkpointFile}`
            : 'the audit log is empty',
        );
        return 0;
      }
      case 'backup': {
        const r = await backupSqlite(config.databaseUrl, new Date(), values.to);
        console.log(
          `backup written: ${r.file} (${r.bytes} bytes; audit chain verified in the copy: ${r.entriesVerified} entries)`,
        );
        return 0;
      }
      case 'restore': {
        if (!values.from) {
          console.error('restore needs --from FILE');
          return 2;
        }
        // The file is about to be moved: let go of it first.
        await closeDb();
        const r = await restoreSqlite(config.databaseUrl, values.from, new Date(), auditFiles.checkpointFile);
        console.log(
          `restored ${r.restored} from ${values.from} (audit chain verified: ${r.entriesVerified} entries)${r.previous ? `; the previous database is kept as ${r.previous}` : ''}`,
        );
        return 0;
      }
      case 'import': {
        const kind = values.kind === 'projects' ? 'projects' : values.kind === 'leads' ? 'leads' : null;
        const decision = (values.duplicates ?? 'skip') as 'skip' | 'merge' | 'new';
        if (!kind || !values.file || !values.as || !['skip', 'merge', 'new'].includes(decision)) {
          console.error('import needs --kind leads|projects, --file FILE and --as USERNAME');
          return 2;
        }
        const ctx = await userContext(db.kysely, values.as, new Date(), 'cli');
        const batch = await uploadBatch(ctx, kind, basename(values.file), readFileSync(values.file));
        const dry = await dryRun(ctx, batch.id, batch.mapping, false);
        for (const r of dry.rows.filter((x) => x.fate === 'refused')) {
          console.log(`row ${r.row}: ${r.issues.map((i) => `${i.cell} ${i.text.zh}`).join('; ')}`);
        }
        console.log(`batch ${batch.id}: ${dry.total} rows, ${JSON.stringify(dry.counts)}`);
        if (!values.commit) return dry.counts.refused ? 1 : 0;
        const done = await commitBatch(ctx, batch.id, { duplicates: decision });
        console.log(`imported: ${JSON.stringify(done.counts)}`);
        return 0;
      }
      case 'user:create': {
        const password = values.password ?? generatePassword();
        const parsed = createUserBody.safeParse({
          username: values.username,
          displayName: values.name,
          orgId: Number(values.org),
          roles: (values.roles ?? '').split(',').filter(Boolean),
          password,
        });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            console.error(`${issue.path.join('.')}: ${translateMessage(issue.message, 'en')}`);
          }
          return 2;
        }
        const { user } = await createUser(db.kysely, CLI_ACTOR, new Date(), parsed.data);
        console.log(
          `created user ${user.username} (id ${user.id})${values.password ? '' : `, password: ${password}`}`,
        );
        return 0;
      }
      case 'user:reset-password': {
        const row = await db.kysely
          .selectFrom('users')
          .select('id')
          .where('username', '=', values.username ?? '')
          .executeTakeFirst();
        if (!row) {
          console.error(`no user named "${values.username ?? ''}"`);
          return 2;
        }
        const password = values.password ?? generatePassword();
        const parsed = resetPasswordBody.safeParse({ password });
        if (!parsed.success) {
          console.error(`password: ${translateMessage(parsed.error.issues[0]!.message, 'en')}`);
          return 2;
        }
        await resetPassword(db.kysely, CLI_ACTOR, new Date(), row.id, password);
        console.log(
          `password reset for ${values.username}${values.password ? '' : `: ${password}`} (must be changed at next sign-in)`,
        );
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } finally {
    await closeDb();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
