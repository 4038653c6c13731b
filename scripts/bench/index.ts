// `npm run bench`: performance figures, each against a baseline measured in the same run.
// Against Postgres and Redis when DATABASE_URL, MIGRATION_DATABASE_URL and REDIS_URL are set;
// embedded (PGlite, in-process stand-ins) otherwise. Results go to stdout as Markdown tables.
import { randomBytes } from 'node:crypto';
import { rollupBench } from './rollup.ts';
import { flagBench } from './flags.ts';
import { loginBench } from './login.ts';
import { dutiesBench } from './duties.ts';
import { casesBench } from './cases.ts';
import { suggestionsBench } from './suggestions.ts';
import { bootPlatform } from '../../apps/api/src/boot.ts';
import { createDatabase, dropDatabase, urlsFor } from '../../tests/support/databases.ts';

// BENCH_ONLY=duties,flags runs only the named benches; all of them by default.
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const benches = { rollup: rollupBench, flags: flagBench, login: loginBench, duties: dutiesBench, cases: casesBench, suggestions: suggestionsBench };
const unknown = only?.filter((name) => !(name in benches)) ?? [];
if (unknown.length) throw new Error(`BENCH_ONLY: unknown bench ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);

const real = Boolean(process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL);
const database = real ? await createDatabase('renda_bench') : null;
const platform = await bootPlatform({
  ...(database ? urlsFor(database) : {}),
  redisUrl: process.env.REDIS_URL, redisPrefix: `renda-bench:${randomBytes(3).toString('hex')}:`,
  dataDir: null, production: false, poolMax: 10, seedDemo: true,
});
console.log(`# Renda benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · ${real ? 'PostgreSQL' : 'PGlite (embedded)'} · ${process.env.REDIS_URL ? 'Redis' : 'in-process stand-in'}\n`);
try {
  for (const [name, bench] of Object.entries(benches)) {
    if (!only?.length || only.includes(name)) await bench(platform);
  }
} finally {
  await platform.close();
  if (database) await dropDatabase(database);
}
