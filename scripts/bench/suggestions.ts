import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import autocannon from 'autocannon';
import { getRequestListener } from '@hono/node-server';
import { asOwner, rowsOf, withContext, type DatabaseHandle, type RequestContext, type Tx } from '@renda/db';
import { DEMO_PASSWORD } from '@renda/config';
import type { Platform } from '../../apps/api/src/boot.ts';
import { createApp } from '../../apps/api/src/app.ts';
import { queryTokens } from '../../apps/api/src/modules/suggestions/text.ts';
import { withDatabase } from '../../tests/support/databases.ts';
import { loadCorpus } from './suggestions-data.ts';
import { ms, pct, row } from './stats.ts';

/** A staff member's scope: 阜宁县 with funing.staff, the province with province.admin. */
interface Scope { code: string; id: string; name: string; path: string; login: string; userId: string; rows: number }

/** One search as staff type it: words, and optionally the filters of the search page. */
interface Query { label: string; q: string; states?: string[]; year?: number; kind?: 'motion' | 'suggestion' }

/** The first page of a search: ids in order and the total the function counts. */
interface Page { ids: string[]; total: number }

/**
 * Full-text search of motions and suggestions (`suggestion_search`) over a generated corpus of
 * the whole province, for the staff of 阜宁县 and of the province:
 * - the function, called as the app role with the staff member's settings, as the API does;
 * - the baseline: the function's own SELECT (same conditions, the scope written in as a value,
 *   same ranking, LIMIT 20 and `count(*) over ()`) run by the owner with RLS bypassed, in a
 *   transaction with the same settings, so only the function and row-level security differ;
 * - for contrast, the obvious query under RLS (`where search @@ q`, the policy doing the scope),
 *   where `@@` is not LEAKPROOF and the planner may not use the GIN index (DESIGN.md);
 * - `GET /api/v1/suggestions/search` over HTTP as the same staff, against the function through
 *   the pool at the same concurrency for the same time.
 * The three SQL forms run in turn, run after run, so that load on the machine hits them alike;
 * every form must return the same page. One plan per scope shows which index the function uses.
 */
export async function suggestionsBench(platform: Platform) {
  const owner = platform.owner!;
  const embedded = platform.deps.handle.kind === 'pglite';
  const count = Number(process.env.BENCH_SUGGESTIONS ?? (embedded ? 10_000 : 200_000));
  const load = await loadCorpus(owner, count);
  const scopes = await scopesOf(owner);
  const year = await busiestYear(owner);
  const queries: Query[] = [
    { label: '老旧小区', q: '老旧小区' },
    { label: '垃圾分类', q: '垃圾分类' },
    { label: '乡村振兴', q: '乡村振兴' },
    { label: '养老服务', q: '养老服务' },
    { label: '停车难', q: '停车难' },
    { label: '秸秆禁烧', q: '秸秆禁烧' },
    { label: '电动自行车 充电桩', q: '电动自行车 充电桩' },
    { label: '农村公路 安全', q: '农村公路 安全' },
    { label: `老旧小区, replied or closed, ${year}`, q: '老旧小区', states: ['replied', 'closed'], year },
    { label: `义务教育, motions`, q: '义务教育', kind: 'motion' },
    { label: '量子计算 (no match)', q: '量子计算' },
  ];
  const [county, province] = [scopes.get('320923')!, scopes.get('32')!];

  const share = (s: Scope) => `${s.rows.toLocaleString()} (${((s.rows / load.total) * 100).toFixed(1)} %)`;
  console.log(`## Suggestion search\n\n${load.total.toLocaleString()} motions and suggestions over ${load.tenants} congresses of the province (${load.counties} county-level congresses and ${load.townships} townships among them), composed in ${(load.generateMs / 1000).toFixed(1)} s and loaded in ${(load.insertMs / 1000).toFixed(1)} s: ${load.parts > 1 ? `${load.parts} parts at once, each in a thread of its own,` : 'in one part'} without key checks or per-row triggers, keyword counts after (jieba, the search tokens and keywords of every title and body, takes about ${(load.jiebaMs / 1000).toFixed(0)} s of CPU for all of them, timed on 2,000 before the load); ANALYZE ${(load.analyzeMs / 1000).toFixed(1)} s. In scope: ${county.name} ${share(county)}, ${province.name} ${share(province)}. A page of 20 by rank with \`count(*) over ()\`; "owner" is the function's SELECT run by the owner (RLS bypassed) with the scope as a value, "naive" is \`where search @@ q\` under RLS.\n`);

  const results = new Map<string, Sampled[]>();
  row(['query', 'scope', 'matches', 'runs (naive)', 'function p50', 'function p95', 'function mean', 'owner p50', 'owner p95', 'owner mean', 'ratio p50', 'ratio p95', 'naive RLS p50', 'naive RLS p95', 'naive / owner p50']);
  row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const scope of [county, province]) {
    const list: Sampled[] = [];
    for (const query of queries) {
      const s = await measure(platform, scope, query);
      list.push(s);
      row([query.label, scope.name, s.total, s.fn.length === s.naive.length ? s.fn.length : `${s.fn.length} / ${s.naive.length}`, ms(pct(s.fn, 50)), ms(pct(s.fn, 95)), ms(mean(s.fn)), ms(pct(s.owner, 50)), ms(pct(s.owner, 95)), ms(mean(s.owner)),
        ratio(pct(s.fn, 50), pct(s.owner, 50)), ratio(pct(s.fn, 95), pct(s.owner, 95)), ms(pct(s.naive, 50)), ms(pct(s.naive, 95)), ratio(pct(s.naive, 50), pct(s.owner, 50))]);
    }
    results.set(scope.code, list);
  }
  console.log('');

  for (const p of await explainAll(platform, [county, province], queries[0])) console.log(p);
  console.log('');
  const http = await httpRuns(platform, [county, province], queries);

  console.log(`### Summary\n\nPer scope, the ${queries.length} queries above as one mix, each weighing the same (100 quantiles of each query's times, pooled: the time of a query drawn at random from the list), and the same queries in turn over HTTP from ${http.connections} clients for ${http.seconds} s per scope against the function through the pool (\`withContext\`, no HTTP) at the same concurrency for the same time.\n`);
  row(['scope', 'suggestions in scope', 'function p50', 'function p95', 'function mean', 'owner p50', 'owner p95', 'owner mean', 'ratio p50', 'ratio p95', 'naive RLS p50', 'naive RLS p95', 'naive / owner p50']);
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const scope of [county, province]) {
    const list = results.get(scope.code)!;
    const fn = mixture(list.map((s) => s.fn));
    const own = mixture(list.map((s) => s.owner));
    const naive = mixture(list.map((s) => s.naive));
    row([scope.name, scope.rows.toLocaleString(), ms(pct(fn, 50)), ms(pct(fn, 95)), ms(mean(fn)), ms(pct(own, 50)), ms(pct(own, 95)), ms(mean(own)),
      ratio(pct(fn, 50), pct(own, 50)), ratio(pct(fn, 95), pct(own, 95)), ms(pct(naive, 50)), ms(pct(naive, 95)), ratio(pct(naive, 50), pct(own, 50))]);
  }
  console.log('');
  row(['scope', 'what', 'requests', 'per second', 'p50', 'p95', 'mean', 'failed', 'vs. function through the pool']);
  row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const h of http.rows) {
    row([h.scope, h.what, h.count, h.rate.toFixed(1), ms(pct(h.latencies, 50)), ms(pct(h.latencies, 95)), ms(mean(h.latencies)), h.failed,
      h.baseline ? (h.rate / h.baseline.rate).toFixed(2) : '1.00']);
  }
  console.log('');
}

// ---------------------------------------------------------------------------------------------
// The three forms of one search

interface Sampled { total: number; fn: number[]; owner: number[]; naive: number[] }

/** The function as the API calls it: the jieba tokens, the filters, a first page by rank. */
function functionSql(query: Query, tokens: string): SQL {
  const states = query.states ? `{${query.states.join(',')}}` : null;
  return sql`select id, rank, submitted_at, total from suggestion_search(${tokens}::text, null::ltree, null::int, null::uuid,
    ${query.kind ?? null}::text, null::uuid[], null::uuid[], ${states}::text[], null::int, ${query.year ?? null}::int, false, 'rank',
    null::real, null::timestamptz, null::uuid, 20)`;
}

/**
 * The SELECT the function builds, with the same conditions in the same form; `scoped` adds the
 * scope and the drafts rule (the baseline), without them the policy applies them (naive, RLS).
 */
function directSql(query: Query, tokens: string, scope: Scope | null): SQL {
  const q = sql`plainto_tsquery('simple', ${tokens}::text)`;
  const conds: SQL[] = [];
  if (scope) {
    conds.push(sql`s.tenant_path <@ ${scope.path}::ltree`);
    conds.push(sql`(s.state <> 'draft' or s.created_by = ${scope.userId}::uuid
      or exists (select 1 from suggestion_signers g where g.suggestion_id = s.id and g.user_id = ${scope.userId}::uuid))`);
  }
  conds.push(sql`s.search @@ ${q}`);
  if (query.kind) conds.push(sql`s.kind = ${query.kind}::text`);
  if (query.states) conds.push(sql`s.state = any (${`{${query.states.join(',')}}`}::text[])`);
  if (query.year) {
    conds.push(sql`s.submitted_at >= make_timestamptz(${query.year}::int, 1, 1, 0, 0, 0, 'Asia/Shanghai')
      and s.submitted_at < make_timestamptz(${query.year}::int + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')`);
  }
  return sql`select r.id, r.rank, r.submitted_at, count(*) over () as total
    from (select s.id, ts_rank(s.search, ${q}) as rank, s.submitted_at from suggestions s where ${sql.join(conds, sql` and `)}) r
    order by r.rank desc, r.submitted_at desc nulls last, r.id desc limit 20`;
}

async function measure(platform: Platform, scope: Scope, query: Query): Promise<Sampled> {
  const tokens = queryTokens(query.q);
  const ctx = contextOf(scope);
  const forms = [
    () => withContext(platform.deps.handle, ctx, async (tx) => pageOf(await tx.execute(functionSql(query, tokens)))),
    () => ownerWith(platform.owner!, ctx, async (tx) => pageOf(await tx.execute(directSql(query, tokens, scope)))),
    () => withContext(platform.deps.handle, ctx, async (tx) => pageOf(await tx.execute(directSql(query, tokens, null)))),
  ];
  const once: number[] = [];
  const pages: Page[] = [];
  for (const form of forms) {
    const t0 = performance.now();
    pages.push(await form());
    once.push(performance.now() - t0);
  }
  const [fn, own, naive] = pages;
  const same = (a: Page, b: Page) => a.total === b.total && a.ids.join() === b.ids.join();
  if (!same(fn, own) || !same(fn, naive)) {
    throw new Error(`suggestions bench: "${query.label}" in ${scope.name}: the function found ${fn.total} (${fn.ids.length} on the page), the owner ${own.total} (${own.ids.length}), naive RLS ${naive.total} (${naive.ids.length})`);
  }
  // The function and the baseline as many rounds as fit in about three seconds (10 to BENCH_RUNS,
  // default 200); the naive form, up to a hundred times slower, in about 1.5 s (at least 5).
  const rounds = Math.max(10, Math.min(Number(process.env.BENCH_RUNS ?? 200), Math.floor(3_000 / Math.max(once[0] + once[1], 0.1))));
  const naiveRounds = Math.max(5, Math.min(rounds, Math.floor(1_500 / Math.max(once[2], 0.1))));
  const samples = await interleaved([rounds, rounds, naiveRounds], forms, once[0] + once[1] + once[2] > 1_000 ? 0 : 3);
  return { total: fn.total, fn: samples[0], owner: samples[1], naive: samples[2] };
}

function pageOf(result: unknown): Page {
  const rows = rowsOf<{ id: string; total: string | number | null }>(result);
  return { ids: rows.map((r) => r.id), total: rows.length ? Number(rows[0].total) : 0 };
}

/**
 * The forms in turn, round after round, after `warm` rounds untimed (the first run of each, which
 * checks the pages, warms them too); form k runs in the first `runs[k]` rounds. Returns each
 * form's times sorted. Interleaving keeps a burst of load on the shared machine from landing on
 * one form only, and each round starts with the next form: a province-wide search reads more
 * pages than shared_buffers holds, so a form run right after another finds its pages warm.
 */
async function interleaved(runs: number[], forms: (() => Promise<unknown>)[], warm: number): Promise<number[][]> {
  const times = forms.map(() => [] as number[]);
  for (let i = 0; i < warm; i++) for (const form of forms) await form();
  for (let i = 0; i < Math.max(...runs); i++) {
    for (let j = 0; j < forms.length; j++) {
      const k = (i + j) % forms.length;
      if (i >= runs[k]) continue;
      const t0 = performance.now();
      await forms[k]();
      times[k].push(performance.now() - t0);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b));
}

const contextOf = (scope: Scope): RequestContext => ({ tenantId: scope.id, scopePath: scope.path, userId: scope.userId });

/** The owner's transaction (RLS bypassed) with the same `app.*` settings as `withContext`. */
async function ownerWith<T>(owner: DatabaseHandle, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asOwner(owner, async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true),
      set_config('app.scope_path', ${ctx.scopePath ?? ''}, true), set_config('app.user_id', ${ctx.userId ?? ''}, true),
      set_config('app.platform', '', true), set_config('app.session_id', '', true), set_config('app.principal', '', true)`);
    return fn(tx);
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
/**
 * The times of "a query of the list, drawn at random, run once": 100 evenly spaced quantiles of
 * each query's sorted times, pooled, so that every query weighs the same whatever its runs.
 */
const mixture = (lists: number[][]) => lists.flatMap((l) => Array.from({ length: 100 }, (_, i) => l[Math.floor(((i + 0.5) / 100) * l.length)])).sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------
// Scopes and data

// 阜宁县 and the province with a staff member of each (the demo's accounts) and their row counts.
async function scopesOf(owner: DatabaseHandle): Promise<Map<string, Scope>> {
  const rows = await asOwner(owner, async (tx) => rowsOf<Scope & { rows: number }>(await tx.execute(sql`
    select t.code, t.id, t.name, t.path::text as path, u.username as login, u.id as "userId",
      (select count(*)::int from suggestions s where s.tenant_path <@ t.path) as rows
    from tenants t join (values ('320923', 'funing.staff'), ('32', 'province.admin')) v(code, login) on v.code = t.code
    join users u on u.username = v.login`)));
  return new Map(rows.map((r) => [r.code, r]));
}

// The year (China time) in which the most suggestions were submitted, for the year filter.
async function busiestYear(owner: DatabaseHandle): Promise<number> {
  return asOwner(owner, async (tx) => rowsOf<{ y: number }>(await tx.execute(sql`
    select extract(year from submitted_at at time zone 'Asia/Shanghai')::int as y from suggestions
    where submitted_at is not null group by 1 order by count(*) desc, 1 desc limit 1`))[0]?.y ?? new Date().getFullYear());
}

// ---------------------------------------------------------------------------------------------
// Plans

/**
 * The function's inner query as it runs, per scope: `auto_explain` (ANALYZE, BUFFERS, nested
 * statements) on a connection of the owner's that switches to the app role, with the staff
 * member's settings, the plan sent back as a notice. Then the naive query's plan under RLS.
 * PostgreSQL only (PGlite has no auto_explain).
 */
async function explainAll(platform: Platform, scopes: Scope[], query: Query): Promise<string[]> {
  if (platform.deps.handle.kind !== 'postgres') return ['Plans: PostgreSQL only (auto_explain); skipped on PGlite.'];
  const [{ name }] = await asOwner(platform.owner!, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select current_database() as name`)));
  const { default: postgres } = await import('postgres');
  const notices: string[] = [];
  const pg = postgres(withDatabase(process.env.MIGRATION_DATABASE_URL!, name), { max: 1, onnotice: (n) => notices.push(String(n.message)) });
  const out = [`### Plans of "${query.label}" (EXPLAIN ANALYZE, BUFFERS)\n`];
  const tokens = queryTokens(query.q);
  try {
    await pg.unsafe(`load 'auto_explain'`);
    for (const scope of scopes) {
      notices.length = 0;
      await pg.begin(async (tx) => {
        await tx.unsafe(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_analyze = on; set local auto_explain.log_buffers = on;
          set local auto_explain.log_timing = on; set local auto_explain.log_nested_statements = on; set local auto_explain.log_level = 'notice';
          set local role renda_app`);
        await tx`select set_config('app.tenant_id', ${scope.id}, true), set_config('app.scope_path', ${scope.path}, true), set_config('app.user_id', ${scope.userId}, true)`;
        await tx`select * from suggestion_search(${tokens}, null, null, null, null, null, null, null, null, null, false, 'rank', null, null, null, 20)`;
      });
      const inner = notices.find((n) => n.includes('FROM suggestions s WHERE')) ?? '';
      const duration = /duration: ([\d.]+ ms)/.exec(inner)?.[1];
      out.push(`${scope.name}, the function's inner query: ${summarize(inner)}${duration ? `; ${duration}` : ''}\n`);
      notices.length = 0;
      const naive = await pg.begin(async (tx) => {
        await tx.unsafe('set local role renda_app');
        await tx`select set_config('app.tenant_id', ${scope.id}, true), set_config('app.scope_path', ${scope.path}, true), set_config('app.user_id', ${scope.userId}, true)`;
        const { sql: text, params } = asText(directSql(query, tokens, null));
        return (await tx.unsafe(`explain (analyze, buffers) ${text}`, params as never[])).map((r) => String(r['QUERY PLAN'])).join('\n');
      });
      out.push(`${scope.name}, naive under RLS: ${summarize(naive)}\n`);
    }
  } finally {
    await pg.end({ timeout: 5 });
  }
  return out;
}

/** Top node, the scans and indexes used, buffers and execution time of a text plan. */
function summarize(plan: string): string {
  const lines = plan.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.findIndex((l) => /\((cost|actual time)=/.test(l));
  if (first < 0) return '(no plan captured)';
  const nodes = lines.slice(first);
  const top = nodes[0].replace(/\s*\(cost=[^)]*\)/, '');
  const scans = [...new Set(nodes.map((l) => /((?:Parallel )?(?:Bitmap Index Scan|Bitmap Heap Scan|Index Scan|Index Only Scan|Seq Scan)(?: Backward)? (?:using \S+ )?on \S+)/.exec(l)?.[1]).filter(Boolean))];
  const buffers = nodes.find((l) => l.startsWith('Buffers:'));
  const time = nodes.find((l) => l.startsWith('Execution Time'));
  return `\`${top}\`; scans: ${scans.map((s) => `\`${s}\``).join(', ') || 'none'}${buffers ? `; top ${buffers}` : ''}${time ? `; ${time}` : ''}`;
}

/** drizzle's SQL as text with $n parameters, for a raw EXPLAIN on another connection. */
function asText(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}
const dialect = new PgDialect();

// ---------------------------------------------------------------------------------------------
// Over HTTP

interface HttpRow { scope: string; what: string; count: number; rate: number; latencies: number[]; failed: number; baseline: HttpRow | null }

/**
 * `GET /api/v1/suggestions/search?q=…` through a real server (the load generator in the same
 * process, as in the other benches) as the staff of each scope, the queries in turn; then the
 * function through the pool with the same settings at the same concurrency for the same time.
 * Before that, each query once: 200 and the same total as the function, or the bench fails.
 */
async function httpRuns(platform: Platform, scopes: Scope[], queries: Query[]) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = 4;
  const app = createApp(platform.deps);
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  const rows: HttpRow[] = [];
  try {
    for (const scope of scopes) {
      const cookie = await loginCookie(origin, scope.login);
      const paths = queries.map((q) => pathOf(q));
      for (const [i, query] of queries.entries()) {
        const res = await fetch(`${origin}${paths[i]}`, { headers: { cookie } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`suggestions bench: GET ${paths[i]} as ${scope.login} answered ${res.status} ${text.slice(0, 160)}`);
        const body = JSON.parse(text) as { items: { id: string }[]; total: number | null };
        const expected = await withContext(platform.deps.handle, contextOf(scope), async (tx) => pageOf(await tx.execute(functionSql(query, queryTokens(query.q)))));
        if (body.total !== expected.total || body.items.map((x) => x.id).join() !== expected.ids.join()) {
          throw new Error(`suggestions bench: GET ${paths[i]} as ${scope.login} found ${body.total} (${body.items.length} on the page), the function ${expected.total} (${expected.ids.length})`);
        }
      }
      const base = await poolRun(platform, scope, queries, connections, seconds);
      const http = await cannonRun(origin, cookie, paths, connections, seconds);
      rows.push({ scope: scope.name, what: 'suggestion_search through the pool', ...base, baseline: null });
      rows.push({ scope: scope.name, what: 'GET /api/v1/suggestions/search', ...http, baseline: { scope: scope.name, what: '', ...base, baseline: null } });
    }
  } finally {
    server.closeIdleConnections();
    await new Promise((r) => server.close(r));
  }
  return { rows, seconds, connections };
}

function pathOf(query: Query): string {
  const p = new URLSearchParams({ q: query.q, order: 'rank', limit: '20' });
  if (query.states) p.set('state', query.states.join(','));
  if (query.year) p.set('year', String(query.year));
  if (query.kind) p.set('kind', query.kind);
  return `/api/v1/suggestions/search?${p}`;
}

async function loginCookie(origin: string, login: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  const cookie = /renda_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (res.status !== 200 || !cookie) throw new Error(`suggestions bench: login of ${login} answered ${res.status}`);
  return cookie;
}

/** The queries in turn through `withContext` from `connections` loops for `seconds`. */
async function poolRun(platform: Platform, scope: Scope, queries: Query[], connections: number, seconds: number) {
  const statements = queries.map((q) => functionSql(q, queryTokens(q.q)));
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      const statement = statements[next++ % statements.length];
      const t = performance.now();
      try {
        await withContext(platform.deps.handle, contextOf(scope), (tx) => tx.execute(statement));
        latencies.push(performance.now() - t);
      } catch {
        failed++;
      }
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  return { count: latencies.length, rate: latencies.length / elapsed, latencies: latencies.sort((a, b) => a - b), failed };
}

/** autocannon over the paths in turn; every response's time is kept for exact percentiles. */
async function cannonRun(origin: string, cookie: string, paths: string[], connections: number, seconds: number) {
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: origin, connections, duration: seconds, headers: { cookie },
      requests: [{ method: 'GET', setupRequest: (req: any) => ({ ...req, path: paths[next++ % paths.length] }) }],
    }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, time) => {
      if (status === 200) latencies.push(time);
    });
  });
  const ok = result['2xx'];
  return { count: ok, rate: ok / seconds, latencies: latencies.sort((a, b) => a - b), failed: result.non2xx + result.errors + result.timeouts };
}
