/** `npm run deps --offline` in npm test: the installed tree matches the lockfile, nothing deprecated. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const script = resolve('scripts/deps.mjs');

describe('dependency checks', () => {
  it('pass on this repository: the tree matches the lockfile and nothing is deprecated', async () => {
    const r = await exec(process.execPath, [script, '--offline']);
    expect(r.stdout).toMatch(/checked: \d+ installed packages/);
  });

  it('fail on a tree that does not match its lockfile, or a deprecated package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'it-deps-'));
    try {
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'x', version: '1.0.0', dependencies: { old: '^1.0.0' } }),
      );
      writeFileSync(
        join(dir, 'package-lock.json'),
        JSON.stringify({
          name: 'x',
          lockfileVersion: 3,
          packages: {
            '': { name: 'x', dependencies: { old: '^1.0.0' } },
            'node_modules/old': { version: '1.0.0', deprecated: 'use new@2 instead' },
          },
        }),
      );
      const r = await exec(process.execPath, [script, '--offline'], { cwd: dir }).catch((e) => e);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/npm ls: missing: old/);
      expect(r.stderr).toMatch(/deprecated: old@1.0.0 — use new@2 instead/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
