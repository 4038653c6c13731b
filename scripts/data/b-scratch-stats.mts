import { bootPlatform } from '../../apps/api/src/boot.ts';
import { withContext, rowsOf } from '@renda/db';
import { sql } from 'drizzle-orm';
import * as S from '../../apps/api/src/modules/suggestions/stats.queries.ts';
const platform = await bootPlatform({
  databaseUrl: `postgres://renda_app:renda_app@127.0.0.1:5432/renda_b2`, migrationUrl: `postgres://postgres@127.0.0.1:5432/renda_b2`,
  redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'b:', dataDir: null, production: false, poolMax: 3, seedDemo: false,
  storage: { kind: 'local', dir: '/tmp/b-files' },
} as never);
const h = platform.deps.handle;
const [ctxRow] = await withContext(h, {}, async (tx) => rowsOf<{ path: string; uid: string; tid: string }>(await tx.execute(sql`select path::text as path, id as tid, (select id from users where username='yancheng.staff') as uid from tenants where code='3209'`)));
const ctx = { tenantId: ctxRow.tid, scopePath: ctxRow.path, userId: ctxRow.uid };
const scope = { path: ctxRow.path, year: null, sessionId: null, now: new Date() };
await withContext(h, ctx, async (tx) => {
  const explain = process.argv[2] === 'explain';
  const orig = tx.execute.bind(tx);
  (tx as any).execute = async (q: any) => {
    const t = performance.now();
    if (explain) {
      const plan = rowsOf<Record<string, string>>(await orig(sql`explain (analyze) ${q}`));
      console.log(plan.map((r) => Object.values(r)[0]).join('\n').slice(0, 6000));
    }
    const r = await orig(q);
    console.log('query ms', (performance.now() - t).toFixed(0));
    return r;
  };
  for (const [name, f] of [['groups', () => S.figureGroups(tx, scope)], ['units', () => S.unitFigures(tx, scope)], ['cats', () => S.categoryFigures(tx, scope)]] as const) {
    const t = performance.now();
    await f();
    console.log(name, (performance.now() - t).toFixed(0));
  }
});
await platform.close();
