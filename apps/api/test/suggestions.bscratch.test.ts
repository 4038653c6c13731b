import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { seedCorpus, type SeededCorpus } from './support/suggestion-corpus.ts';
import * as S from '../src/modules/suggestions/stats.queries.ts';
let tp: TestPlatform;
let corpus: SeededCorpus;
vi.setConfig({ testTimeout: 600_000 });
beforeAll(async () => { tp = await startTestPlatform(); corpus = await seedCorpus(tp, 10_000, 7); }, 300_000);
afterAll(async () => { await tp?.close(); });
it('times', async () => {
  const y = corpus.tenants.yancheng;
  const ctx = { tenantId: y.id, scopePath: y.path, userId: corpus.users['yancheng.staff']! };
  const scope = { path: y.path, year: null, sessionId: null, now: new Date() };
  await withContext(tp.platform.deps.handle, ctx, async (tx) => {
    const orig = tx.execute.bind(tx);
    (tx as any).execute = async (q: any) => {
      const t = performance.now();
      const plan = rowsOf<Record<string, string>>(await orig(sql`explain (analyze) ${q}`));
      console.log(plan.map((r) => Object.values(r)[0]).join('\n').slice(0, 5000));
      console.log('query ms', (performance.now() - t).toFixed(0));
      return orig(q);
    };
    await S.figureGroups(tx, scope);
  });
  expect(1).toBe(1);
});
