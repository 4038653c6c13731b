import { bootPlatform } from '../../apps/api/src/boot.ts';
import { withContext, rowsOf } from '@renda/db';
import { sql } from 'drizzle-orm';
import { itemsByIds } from '../../apps/api/src/modules/suggestions/suggestions.queries.ts';
import { searchSuggestions } from '../../apps/api/src/modules/suggestions/search.queries.ts';
const name = process.argv[2] ?? 'renda_b';
const platform = await bootPlatform({
  databaseUrl: `postgres://renda_app:renda_app@127.0.0.1:5432/${name}`, migrationUrl: `postgres://postgres@127.0.0.1:5432/${name}`,
  redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'b:', dataDir: null, production: false, poolMax: 3, seedDemo: false,
  storage: { kind: 'local', dir: '/tmp/b-files' },
} as never);
const h = platform.deps.handle;
const [ctxRow] = await withContext(h, {}, async (tx) => rowsOf<{ path: string; uid: string; tid: string }>(await tx.execute(sql`select path::text as path, id as tid, (select id from users where username='yancheng.staff') as uid from tenants where code='3209'`)));
const ctx = { tenantId: ctxRow.tid, scopePath: ctxRow.path, userId: ctxRow.uid };
for (let i = 0; i < 3; i++) {
  await withContext(h, ctx, async (tx) => {
    let t = performance.now();
    const hits = await searchSuggestions(tx, { query: '改造', path: null, level: null, sessionId: null, kind: null, categoryIds: null, unitIds: null, states: null, rating: null, year: null, filedOrMine: false, order: 'rank', after: null, limit: 101 });
    console.log('search', (performance.now() - t).toFixed(1));
    t = performance.now();
    await itemsByIds(tx, hits.slice(0, 100).map((x) => x.id));
    console.log('items', (performance.now() - t).toFixed(1));
  });
}
await platform.close();
