// `npm run bench`: performance figures, each against a baseline measured in the same run.
// Against Postgres and Redis when DATABASE_URL, MIGRATION_DATABASE_URL and REDIS_URL are set;
// embedded (PGlite, in-process stand-ins) otherwise. Results go to stdout as Markdown tables.
import { randomBytes } from 'node:crypto';
import { rollupBench } from './rollup.ts';
import { flagBench } from './flags.ts';
import { loginBench } from './login.ts';
import { bootPlatform } from '../../apps/api/src/boot.ts';

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const real = Boolean(process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL);
const database = real ? `renda_bench_${randomBytes(3).toString('hex')}` : null;
let admin: { unsafe(q: string): Promise<unknown>; end(): Promise<void> } | null = null;
if (database) {
  const { default: postgres } = await import('postgres');
  admin = postgres(withDatabase(process.env.MIGRATION_DATABASE_URL!, 'postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
}
const platform = await bootPlatform({
  databaseUrl: database ? withDatabase(process.env.DATABASE_URL!, database) : undefined,
  migrationUrl: database ? withDatabase(process.env.MIGRATION_DATABASE_URL!, database) : undefined,
  redisUrl: process.env.REDIS_URL, redisPrefix: `renda-bench:${randomBytes(3).toString('hex')}:`,
  dataDir: null, production: false, poolMax: 10, seedDemo: true,
});
console.log(`# Renda benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · ${real ? 'PostgreSQL' : 'PGlite (embedded)'} · ${process.env.REDIS_URL ? 'Redis' : 'in-process stand-in'}\n`);
try {
  await rollupBench(platform);
  await flagBench(platform);
  await loginBench(platform);
} finally {
  await platform.close();
  if (admin && database) {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}
