/**
 * `npm run bench -- <name…>`: each benchmark prints its rates and the ratio against a baseline
 * measured in the same run (these machines are noisy). Never part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { setAuditKey } from '../src/server/modules/audit/record.js';
import { calendarBench } from './calendar.js';
import { demoBench } from './demo.js';
import { exportBench, importBench } from './imports.js';
import { industriesBench } from './industries.js';
import { investorsBench } from './investors.js';
import { leadsBench } from './leads.js';
import { loadBench } from './load.js';
import { notifyBench } from './notify.js';
import { recomputeBench } from './recompute.js';
import { scaleBench } from './scale.js';
import { statsBench } from './stats.js';

const BENCHES: Record<string, () => Promise<void> | void> = {
  calendar: calendarBench,
  demo: demoBench,
  export: exportBench,
  import: importBench,
  industries: industriesBench,
  investors: investorsBench,
  leads: leadsBench,
  load: loadBench,
  notify: notifyBench,
  recompute: recomputeBench,
  scale: scaleBench,
  stats: statsBench,
};

// Bench databases are thrown away: their audit chains are keyed with a key of this run.
setAuditKey(randomBytes(32));

const names = process.argv.slice(2);
const chosen = names.length ? names : Object.keys(BENCHES);
for (const name of chosen) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  await bench();
}
