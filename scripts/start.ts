// `npm start`: the whole platform in one process. With no DATABASE_URL and no REDIS_URL it runs
// embedded (PGlite in DATA_DIR, in-process stand-ins for Redis) and seeds the demo on first start.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const webBuilt = existsSync(new URL('../apps/web/build/handler.js', import.meta.url));
if (!webBuilt && process.env.SKIP_WEB_BUILD !== '1') {
  console.log('Building the web app once (about a minute)…');
  const result = spawnSync('npm', ['run', 'build', '-w', '@renda/web'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import('../apps/api/src/main.ts');
