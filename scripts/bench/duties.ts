import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type DatabaseHandle, type RequestContext, type Tx } from '@renda/db';
import type { Platform } from '../../apps/api/src/boot.ts';
import { analyzeDuties, generateDuties } from './duties-data.ts';
import { scoringRules, type ScoringRules } from '@renda/features';
import { ms, pct, row, sample } from './stats.ts';
import { verificationQueue } from '../../apps/api/src/modules/duties/activities.queries.ts';
import { evaluationRanking, evaluationRollup } from '../../apps/api/src/modules/duties/evaluation.queries.ts';
import { createApp } from '../../apps/api/src/app.ts';
import { DEMO_PASSWORD } from '@renda/config';

interface Scope { id: string; name: string; path: string; staff: string }

/**
 * Duties over a generated year of the demo province: a county's verification queue, one deputy's
 * archive counters, the county's ranking, and the evaluation roll-up of a city and of the
 * province, each as the app role under RLS against the same SQL text run by the owner in a
 * transaction with the same settings (so only row-level security differs). Then the province's
 * roll-up through its route, which caches the result: the first request and the cached ones.
 */
export async function dutiesBench(platform: Platform) {
  const owner = platform.owner!;
  const embedded = platform.deps.handle.kind === 'pglite';
  const deputies = Number(process.env.BENCH_DEPUTIES ?? (embedded ? 5_000 : 150_000));
  const activities = Number(process.env.BENCH_ACTIVITIES ?? Math.round((deputies * 20) / 3));
  const t0 = performance.now();
  const totals = await generateDuties(owner, deputies, activities);
  await analyzeDuties(owner);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`## Duties under RLS vs. without\n\n${totals.deputies.toLocaleString()} deputies' seats and ${totals.activities.toLocaleString()} activities (${totals.submitted.toLocaleString()} awaiting verification) over the 808 Jiangsu tenants, generated in ${seconds} s.\n`);
  row(['query', 'scope', 'rows', 'runs', 'RLS p50', 'RLS p95', 'owner p50', 'owner p95', 'ratio p50', 'ratio p95']);
  row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  const scopes = await scopesOf(owner);
  await countyRows(platform, scopes.get('320923')!);
  await rollupRows(platform, scopes.get('3209')!, scopes.get('32')!);
  console.log('');
}

// The county staff's reads: both pages of the queue, the busiest deputy's counters, the ranking.
async function countyRows(platform: Platform, county: Scope) {
  const first = await withContext(platform.deps.handle, contextOf(county), (tx) => verificationQueue(tx, county.id, null, 50));
  await measure(platform, 'verification queue, page 1', county, (tx) => verificationQueue(tx, county.id, null, 50));
  const last = first[49];
  if (last) {
    const after = { submittedAt: last.submittedKey, id: last.id };
    await measure(platform, 'verification queue, page 2', county, (tx) => verificationQueue(tx, county.id, after, 50));
  }
  const deputy = await asOwner(platform.owner!, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
    select deputy_id as id from deputy_year_stats where tenant_id = ${county.id} group by deputy_id order by sum(counted) desc limit 1`))[0].id);
  await measure(platform, "one deputy's archive counters", county, (tx) => archiveCounters(tx, county.id, deputy));
  const year = await currentYear(platform.owner!);
  const rules = scoringRules({});
  await measure(platform, 'evaluation ranking, page 1', county, (tx) => evaluationRanking(tx, county.id, year, rules, { groupId: null, offset: 0, limit: 50 }));
}

// The roll-up of the city with one set of rules and with local rules, and of the province.
async function rollupRows(platform: Platform, city: Scope, province: Scope) {
  const year = await currentYear(platform.owner!);
  const uniform = { byTenant: {}, fallback: scoringRules({}) };
  const local = await localRules(platform.owner!, city.path);
  await measure(platform, 'evaluation roll-up', city, (tx) => evaluationRollup(tx, city.path, year, uniform));
  await measure(platform, `evaluation roll-up, ${Object.keys(local.byTenant).length} local rule sets`, city, (tx) => evaluationRollup(tx, city.path, year, local));
  await measure(platform, 'evaluation roll-up', province, (tx) => evaluationRollup(tx, province.path, year, uniform));
  await routeRows(platform, province, year);
}

/**
 * GET /api/v1/evaluation/rollup as the province's staff: the first request resolves the rules of
 * every congress below, runs the query and fills the cache; the next ones read the cache. Route
 * latency only, so the owner and ratio columns stay empty.
 */
async function routeRows(platform: Platform, province: Scope, year: number) {
  const app = createApp(platform.deps);
  const login = await app.request('http://localhost/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' },
    body: JSON.stringify({ login: 'province.admin', password: DEMO_PASSWORD }),
  });
  const cookie = /renda_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (login.status !== 200 || !cookie) throw new Error(`login of province.admin: ${login.status}`);
  const get = async () => {
    const res = await app.request(`http://localhost/api/v1/evaluation/rollup?year=${year}`, { headers: { cookie, host: 'localhost' } });
    if (res.status !== 200) throw new Error(`roll-up route: ${res.status}`);
    return (await res.json()) as { tenants: unknown[] };
  };
  const [first, once] = await timed(get);
  const hits = await sample(200, get);
  row(['evaluation roll-up route, first request', province.name, first.tenants.length, 1, ms(once), ms(once), '', '', '', '']);
  row(['evaluation roll-up route, cached', province.name, first.tenants.length, 200, ms(pct(hits, 50)), ms(pct(hits, 95)), '', '', '', '']);
}

// The generated activities fall in the database's current year.
async function currentYear(owner: DatabaseHandle) {
  return asOwner(owner, async (tx) => rowsOf<{ y: number }>(await tx.execute(sql`select extract(year from current_date)::int as y`))[0].y);
}

/**
 * Run `fn` under RLS and as the owner with the same settings; print one line of the table. A
 * query slower than ten seconds is timed once, so that a bad plan is reported, not waited out.
 */
async function measure(platform: Platform, what: string, scope: Scope, fn: (tx: Tx) => Promise<unknown[]>) {
  const ctx = contextOf(scope);
  const rls = () => withContext(platform.deps.handle, ctx, fn);
  const bare = () => ownerWith(platform.owner!, ctx, fn);
  const [a, rlsOnce] = await timed(rls);
  const [b, bareOnce] = await timed(bare);
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} rows under RLS, ${b.length} as owner`);
  const runs = runsFor(Math.max(rlsOnce, bareOnce));
  const [r, o] = runs === 1 ? [[rlsOnce], [bareOnce]] : [await sample(runs, rls), await sample(runs, bare)];
  row([what, scope.name, a.length, runs, ms(pct(r, 50)), ms(pct(r, 95)), ms(pct(o, 50)), ms(pct(o, 95)),
    `${(pct(r, 50) / pct(o, 50)).toFixed(2)}×`, `${(pct(r, 95) / pct(o, 95)).toFixed(2)}×`]);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

const contextOf = (scope: Scope): RequestContext => ({ tenantId: scope.id, scopePath: scope.path, userId: scope.staff });

// As many runs as fit in about ten seconds, at least 20 (5 for a query over a second), at most
// BENCH_RUNS (default 200); one for a query over ten seconds.
function runsFor(once: number) {
  if (once > 10_000) return 1;
  return Math.max(once > 1_000 ? 5 : 20, Math.min(Number(process.env.BENCH_RUNS ?? 200), Math.floor(10_000 / Math.max(once, 0.05))));
}

/** The owner's transaction (RLS bypassed) with the same `app.*` settings as `withContext`. */
async function ownerWith<T>(owner: DatabaseHandle, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asOwner(owner, async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true),
      set_config('app.scope_path', ${ctx.scopePath ?? ''}, true), set_config('app.user_id', ${ctx.userId ?? ''}, true),
      set_config('app.platform', '', true), set_config('app.session_id', '', true), set_config('app.principal', '', true)`);
    return fn(tx);
  });
}

// The province, 盐城市 and 阜宁县 with a staff member of each (the demo's accounts).
async function scopesOf(owner: DatabaseHandle) {
  const rows = await asOwner(owner, async (tx) => rowsOf<Scope & { code: string }>(await tx.execute(sql`
    select t.code, t.id, t.name, t.path::text as path, (select m.user_id from memberships m join users u on u.id = m.user_id
      where m.tenant_id = t.id and u.username in ('province.admin', 'yancheng.staff', 'funing.staff')) as staff
    from tenants t where t.code in ('32', '3209', '320923')`)));
  return new Map(rows.map((r) => [r.code, r]));
}

// Three counties of the city set their own weights and caps, which their townships inherit (the
// flag service resolves the nearest explicit setting): a roll-up scores each seat by its own rules.
async function localRules(owner: DatabaseHandle, cityPath: string) {
  const own: ScoringRules = scoringRules({ weightMeeting: 6, capMeeting: 30, weightConstituents: 12, capConstituents: 48, annualScoreCap: 120 });
  const ids = await asOwner(owner, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
    select t.id from tenants t join (select path from tenants where parent_id = (select id from tenants where path = ${cityPath}::ltree)
      order by code limit 3) c on t.path <@ c.path`)));
  return { byTenant: Object.fromEntries(ids.map((r) => [r.id, own])), fallback: scoringRules({}) };
}

// One deputy's counted activities per year and kind (the archive's totals).
async function archiveCounters(tx: Tx, tenantId: string, deputyId: string) {
  return rowsOf(await tx.execute(sql`
    select year, kind, counted, published from deputy_year_stats where tenant_id = ${tenantId} and deputy_id = ${deputyId} order by year, kind`));
}
