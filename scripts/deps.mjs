// `npm run deps`: the dependency checks this machine can make (npm audit's service is not
// reachable here; the registry is). Exits 1 when something needs doing.
//
// 1. `npm ls --all`: the installed tree matches package.json and the lockfile (nothing missing,
//    invalid or extraneous) — the lockfile is current.
// 2. The lockfile: no package npm marks deprecated (their authors' notice usually names the fix).
// 3. With the registry (`--offline` skips it): `npm outdated` — a direct dependency whose newest
//    version in its own range is not installed means the lockfile is behind (`npm update` fixes
//    it); newer versions outside the range are listed, not failed (they are decisions: typescript 7, @types/node past
//    the Node.js in use, the versions pinned in DESIGN.md).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const offline = process.argv.includes('--offline');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const problems = [];
const notes = [];

function npmJson(args) {
  try {
    return JSON.parse(
      execFileSync(npm, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '{}',
    );
  } catch (error) {
    // npm ls and npm outdated exit non-zero when they find something, with the JSON on stdout.
    if (error.stdout) return JSON.parse(error.stdout || '{}');
    throw error;
  }
}

const tree = npmJson(['ls', '--all', '--json']);
for (const p of tree.problems ?? []) problems.push(`npm ls: ${p}`);
const installed = (function count(node) {
  return Object.values(node.dependencies ?? {}).reduce((n, d) => n + 1 + count(d), 0);
})(tree);

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = Object.entries(lock.packages ?? {}).filter(([path]) => path !== '');
for (const [path, meta] of packages)
  if (meta.deprecated)
    problems.push(
      `deprecated: ${path.replace(/^.*node_modules\//, '')}@${meta.version} — ${meta.deprecated}`,
    );

if (!offline) {
  const outdated = npmJson(['outdated', '--json']);
  for (const [name, info] of Object.entries(outdated)) {
    if (info.wanted && info.current && info.wanted !== info.current)
      problems.push(
        `behind its range: ${name} ${info.current} installed, ${info.wanted} wanted (npm update ${name})`,
      );
    else if (info.latest && info.latest !== info.current)
      notes.push(`newer outside its range: ${name} ${info.current} → ${info.latest}`);
  }
}

console.log(
  `checked: ${installed} installed packages (npm ls), ${packages.length} lockfile entries${offline ? '' : ', npm outdated'}`,
);
for (const n of notes) console.log(`  note: ${n}`);
for (const p of problems) console.error(`  PROBLEM: ${p}`);
process.exit(problems.length ? 1 : 0);
