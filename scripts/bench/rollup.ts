import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import type { Platform } from '../../apps/api/src/boot.ts';
import { generateMemberships } from './data.ts';
import { ms, pct, row, sample } from './stats.ts';

/**
 * The roll-up list (a page of memberships over a subtree, newest 50) as the app role under RLS,
 * against the same SQL run by the owner with the subtree written into the WHERE clause and RLS
 * bypassed. The ratio is what row-level security costs.
 */
export async function rollupBench(platform: Platform) {
  const perTenant = Number(process.env.BENCH_PER_TENANT ?? 60);
  const total = await generateMemberships(platform.owner!, perTenant);
  console.log(`## Roll-up list under RLS vs. without\n\n${total.toLocaleString()} memberships and as many audit rows over the 808 Jiangsu tenants. A page of 50, newest first.\n`);
  row(['scope', 'query', 'RLS p50', 'RLS p95', 'owner p50', 'owner p95', 'ratio p50']);
  row(['---', '---', '---:', '---:', '---:', '---:', '---:']);
  const scopes = await asOwner(platform.owner!, async (tx) => rowsOf<{ id: string; name: string; path: string }>(await tx.execute(sql`
    select id, name, path::text from tenants where code in ('32', '3209', '320923') order by nlevel(path)`)));
  const queries = {
    memberships: (where: ReturnType<typeof sql>) => sql`select m.id, m.roles, u.display_name from memberships m join users u on u.id = m.user_id where ${where} order by m.id desc limit 50`,
    audit: (where: ReturnType<typeof sql>) => sql`select a.id, a.action, a.at from audit_log a where ${where} order by a.id desc limit 50`,
    count: (where: ReturnType<typeof sql>) => sql`select count(*) from memberships m where ${where}`,
  };
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  for (const scope of scopes) {
    for (const [name, build] of Object.entries(queries)) {
      const alias = name === 'audit' ? 'a' : 'm';
      const ctx = { tenantId: scope.id, scopePath: scope.path, userId: null };
      const rls = await sample(runs, () => withContext(platform.deps.handle, ctx, (tx) => tx.execute(build(sql`true`))));
      const bare = await sample(runs, () => asOwner(platform.owner!, (tx) => tx.execute(build(sql`${sql.raw(alias)}.tenant_path <@ ${scope.path}::ltree`))));
      row([scope.name, name, ms(pct(rls, 50)), ms(pct(rls, 95)), ms(pct(bare, 50)), ms(pct(bare, 95)), `${(pct(rls, 50) / pct(bare, 50)).toFixed(2)}×`]);
    }
  }
  console.log('');
}
