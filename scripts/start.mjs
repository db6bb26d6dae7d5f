// `npm start`: build what is missing or older than the sources, then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const sources = Math.max(
  newest('src'),
  newest('package-lock.json'),
  newest('src/web/index.html'),
  newest('vite.config.ts'),
);
const stamp = 'dist/.built';
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built < sources || !existsSync('dist/server/main.js') || !existsSync('dist/web/index.html')) {
  console.log('[investtrack] building (first start or sources changed)…');
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  spawnSync(process.execPath, [
    '-e',
    `require('fs').writeFileSync(${JSON.stringify(stamp)}, String(Date.now()))`,
  ]);
}
const server = spawnSync(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
  stdio: 'inherit',
});
process.exit(server.status ?? 0);
