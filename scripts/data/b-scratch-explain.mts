import { bootPlatform } from '../../apps/api/src/boot.ts';
import { withContext, rowsOf } from '@renda/db';
import { sql } from 'drizzle-orm';
import { searchSuggestions } from '../../apps/api/src/modules/suggestions/search.queries.ts';
import * as Q from '../../apps/api/src/modules/suggestions/suggestions.queries.ts';
const platform = await bootPlatform({
  databaseUrl: `postgres://renda_app:renda_app@127.0.0.1:5432/renda_b`, migrationUrl: `postgres://postgres@127.0.0.1:5432/renda_b`,
  redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'b:', dataDir: null, production: false, poolMax: 3, seedDemo: false,
  storage: { kind: 'local', dir: '/tmp/b-files' },
} as never);
const h = platform.deps.handle;
const [ctxRow] = await withContext(h, {}, async (tx) => rowsOf<{ path: string; uid: string; tid: string }>(await tx.execute(sql`select path::text as path, id as tid, (select id from users where username='yancheng.staff') as uid from tenants where code='3209'`)));
const ctx = { tenantId: ctxRow.tid, scopePath: ctxRow.path, userId: ctxRow.uid };
await withContext(h, ctx, async (tx) => {
  const hits = await searchSuggestions(tx, { query: '改造', path: null, level: null, sessionId: null, kind: null, categoryIds: null, unitIds: null, states: null, rating: null, year: null, filedOrMine: false, order: 'rank', after: null, limit: 100 });
  const ids = `{${hits.map((x) => x.id).join(',')}}`;
  // Capture the SQL of findSuggestions by wrapping execute.
  const orig = tx.execute.bind(tx);
  (tx as any).execute = async (q: any) => {
    const plan = rowsOf<Record<string, string>>(await orig(sql`explain (analyze, buffers off) ${q}`));
    console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
    return orig(q);
  };
  await Q.findSuggestions(tx, hits.map((x) => x.id));
});
await platform.close();
