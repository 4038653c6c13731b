import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { scoringRules, yearScore, type ScoringRules } from '@renda/features';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { evaluationRollup } from '../src/modules/duties/evaluation.queries.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const seats: Record<string, string> = {};
const groups: Record<string, string> = {};

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff']) as[login] = await tp.as(login);
  for (const [key, username, code] of [['li', 'deputy.li', '320923'], ['zhang', 'deputy.zhang', '320923'], ['chen', 'deputy.chen', '320923'],
    ['wang', 'deputy.wang', '320923'], ['wangTown', 'deputy.wang', '320923100'], ['wangCity', 'deputy.wang', '3209']]) {
    seats[key] = (await owner<{ id: string }>(sql`select d.id from deputies d join users u on u.id = d.user_id
      join tenants t on t.id = d.tenant_id where u.username = ${username} and t.code = ${code}`))[0].id;
  }
  for (const r of await owner<{ id: string; name: string }>(sql`select id, name from delegation_groups`)) groups[r.name] = r.id;
});
afterAll(async () => { await tp?.close(); });

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

/** `n` published activities of one kind for a seat in 2026 (the counters follow through the trigger). */
async function counted(seat: string, kind: string, n: number) {
  await owner(sql`insert into activities (tenant_id, tenant_path, deputy_id, kind, title, occurred_on, state, submitted_at, reviewed_at, published_at)
    select d.tenant_id, '', d.id, ${kind}, '生成的活动', '2026-06-01', 'published', now(), now(), now() from deputies d, generate_series(1, ${n}) where d.id = ${seat}`);
}

async function setDutiesConfig(config: Record<string, unknown>) {
  expect((await as['funing.admin'].put('/api/v1/modules/duties/config', { config })).status).toBe(200);
}

const ranking = async (query = '') => (await as['funing.staff'].get(`/api/v1/evaluation?year=2026${query}`)).body;
const byDeputy = (items: any[]) => Object.fromEntries(items.map((i) => [i.deputyId, i]));

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(sorted: number[], p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

describe('ranking', () => {
  it('ranks the serving deputies of the congress 1, 2, 2, 4 and within their groups', async () => {
    const body = await ranking();
    expect(body.year).toBe(2026);
    expect(body.items.map((i: any) => [i.displayName, i.score, i.rank])).toEqual([
      ['王建国', 26, 1], expect.arrayContaining([8, 2]), expect.arrayContaining([8, 2]), ['陈静', 0, 4]]);
    const d = byDeputy(body.items);
    expect(d[seats.wang]).toMatchObject({ groupName: '沟墩代表小组', groupRank: 1, counts: { meeting: 1, inspection: 1, constituents: 1 } });
    expect(d[seats.li]).toMatchObject({ groupRank: 2 });
    expect(d[seats.zhang]).toMatchObject({ groupName: '益林代表小组', groupRank: 1 });
    expect(d[seats.chen]).toMatchObject({ groupRank: 2, counts: {} });
    expect(d[seats.wangTown]).toBeUndefined();
  });

  it('stops each kind at its cap and the sum at the annual cap, as yearScore does', async () => {
    await counted(seats.zhang, 'meeting', 5);
    await counted(seats.zhang, 'suggestion', 4);
    await counted(seats.zhang, 'inspection', 4);
    await counted(seats.chen, 'meeting', 6);
    const body = await ranking();
    const d = byDeputy(body.items);
    // zhang: meetings 50 → 40, suggestions 40 → 30, inspections 40 → 40; 110 → the annual cap 100.
    expect(d[seats.zhang]).toMatchObject({ score: 100, rank: 1, groupRank: 1, counts: { meeting: 5, suggestion: 4, inspection: 5 } });
    // chen: meetings 60 → 40.
    expect(d[seats.chen]).toMatchObject({ score: 40, rank: 2, groupRank: 2 });
    expect(d[seats.wang]).toMatchObject({ score: 26, rank: 3 });
    for (const item of body.items) expect(item.score).toBe(yearScore(item.counts, body.rules));
  });

  it('scores with the congress\'s local weights and custom kinds', async () => {
    await setDutiesConfig({ customActivityKinds: ['代表接待日'], weightMeeting: 5 });
    try {
      await counted(seats.li, 'custom:代表接待日', 2);
      const body = await ranking();
      expect(body.rules.weights.meeting).toBe(5);
      const d = byDeputy(body.items);
      expect(d[seats.chen].score).toBe(30);
      expect(d[seats.zhang].score).toBe(95);
      expect(d[seats.li]).toMatchObject({ score: 8 + 10, counts: { constituents: 1, 'custom:代表接待日': 2 } });
      for (const item of body.items) expect(item.score).toBe(yearScore(item.counts, body.rules));
    } finally {
      await setDutiesConfig({});
    }
  });

  it('narrows to one group without changing the ranks, pages, and refuses a group of another congress', async () => {
    const yilin = (await ranking(`&groupId=${groups['益林代表小组']}`)).items;
    expect(yilin.map((i: any) => [i.deputyId, i.rank, i.groupRank])).toEqual([[seats.zhang, 1, 1], [seats.chen, 2, 2]]);
    const first = await ranking('&limit=2');
    expect(first.items).toHaveLength(2);
    const second = await ranking(`&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i: any) => i.deputyId)).toEqual((await ranking()).items.map((i: any) => i.deputyId));
    expect(second.nextCursor).toBeNull();
    expect((await as['funing.staff'].get(`/api/v1/evaluation?groupId=${groups['合德代表小组']}`)).status).toBe(404);
  });

  it('leaves out deputies who no longer serve', async () => {
    await owner(sql`update deputies set status = 'resigned', left_on = '2026-10-01' where id = ${seats.chen}`);
    try {
      expect(byDeputy((await ranking()).items)[seats.chen]).toBeUndefined();
    } finally {
      await owner(sql`update deputies set status = 'serving', left_on = null where id = ${seats.chen}`);
    }
  });
});

describe('roll-up', () => {
  it('returns the own congress and one row per direct child, matching scores computed in JS', async () => {
    const res = await as['yancheng.staff'].get('/api/v1/evaluation/rollup?year=2026');
    expect(res.status).toBe(200);
    const children = await owner<{ id: string; path: string }>(sql`select id, path::text as path from tenants
      where parent_id = (select id from tenants where code = '3209') and status = 'active' order by code`);
    const own = await owner<{ id: string; path: string }>(sql`select id, path::text as path from tenants where code = '3209'`);
    expect(res.body.tenants.map((t: any) => t.tenantId)).toEqual([...own, ...children].map((t) => t.id));
    const rules = scoringRules({});
    const stats = await owner<{ id: string; path: string; kind: string | null; counted: number | null }>(sql`
      select d.id, d.tenant_path::text as path, s.kind, s.counted from deputies d
      left join deputy_year_stats s on s.tenant_id = d.tenant_id and s.deputy_id = d.id and s.year = 2026 and s.counted > 0
      where d.tenant_path <@ '32.3209' and d.status = 'serving'`);
    const counts = new Map<string, { path: string; counts: Record<string, number> }>();
    for (const s of stats) {
      const seat = counts.get(s.id) ?? { path: s.path, counts: {} };
      if (s.kind) seat.counts[s.kind] = s.counted!;
      counts.set(s.id, seat);
    }
    for (const row of res.body.tenants) {
      const path = [...own, ...children].find((t) => t.id === row.tenantId)!.path;
      const mine = [...counts.values()].filter((s) => (row.tenantId === own[0].id ? s.path === path : s.path === path || s.path.startsWith(`${path}.`)));
      const scores = mine.map((s) => yearScore(s.counts, rules)).sort((a, b) => a - b);
      const histogram = Array(10).fill(0);
      for (const s of scores) histogram[Math.min(Math.floor((s * 10) / rules.annualCap), 9)]++;
      expect(row).toEqual({
        tenantId: row.tenantId, name: row.name, level: row.level, deputies: scores.length,
        active: mine.filter((s) => Object.keys(s.counts).length > 0).length,
        mean: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
        p25: scores.length ? percentile(scores, 0.25) : null, median: scores.length ? percentile(scores, 0.5) : null,
        p75: scores.length ? percentile(scores, 0.75) : null, max: scores.length ? scores.at(-1) : null, histogram,
      });
    }
    const funing = res.body.tenants.find((t: any) => t.name === '阜宁县');
    expect(funing).toMatchObject({ deputies: 5, active: 4, max: 100, median: 26 });
    expect(funing.histogram[9]).toBe(1);
  });

  it('shows aggregates only: no names, no ids of people', async () => {
    const res = await as['yancheng.staff'].get('/api/v1/evaluation/rollup?year=2026');
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { keys.add(k); walk(x); }
    };
    walk(res.body);
    for (const key of ['displayName', 'userId', 'deputyId', 'phone', 'username']) expect(keys.has(key)).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('王建国');
  });

  it('scores each seat with the rules of the congress that owns it', async () => {
    await setDutiesConfig({ weightMeeting: 20 });
    try {
      const rows = (await as['yancheng.staff'].get('/api/v1/evaluation/rollup?year=2026')).body.tenants;
      // The city seat keeps the city's 10 a meeting; the county's seats (and its town's) use 20.
      expect(rows[0]).toMatchObject({ name: '盐城市', deputies: 1, mean: 10, max: 10 });
      // li 8 + 10 (custom), zhang 100, chen 40, wang 20 + 8 + 8, wang's town seat 0.
      expect(rows.find((t: any) => t.name === '阜宁县')).toMatchObject({ deputies: 5, mean: (18 + 100 + 40 + 36 + 0) / 5, median: 36 });
      const county = (await as['funing.staff'].get('/api/v1/evaluation/rollup?year=2026')).body.tenants;
      expect(county[0]).toMatchObject({ name: '阜宁县', deputies: 4, active: 4 });
      expect(county.find((t: any) => t.name === '沟墩镇')).toMatchObject({ deputies: 1, active: 0, max: 0, histogram: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    } finally {
      await setDutiesConfig({});
    }
  });

  it('gives the same rows under RLS as the owner, and none of a foreign subtree', async () => {
    const rules = { byTenant: {}, fallback: scoringRules({}) };
    const city = await contextOf(tp, 'yancheng.staff');
    const underRls = await withContext(tp.platform.deps.handle, city, (tx) => evaluationRollup(tx, '32.3209', 2026, rules));
    const bare = await asOwner(tp.platform.owner!, (tx) => evaluationRollup(tx, '32.3209', 2026, rules));
    expect(underRls).toEqual(bare);
    const sheyang = await contextOf(tp, 'sheyang.staff');
    const foreign = await withContext(tp.platform.deps.handle, sheyang, (tx) => evaluationRollup(tx, '32.3209', 2026, rules));
    expect(foreign.filter((r) => r.deputies > 0).map((r) => r.name)).toEqual(['射阳县']);
  });

  it('lets city staff read the roll-up but not verify a county\'s activity', async () => {
    const [submitted] = await owner<{ id: string }>(sql`select a.id from activities a join tenants t on t.id = a.tenant_id
      where t.code = '320923' and a.state = 'submitted' limit 1`);
    expect((await as['yancheng.staff'].get('/api/v1/evaluation/rollup?year=2026')).status).toBe(200);
    expect((await as['yancheng.staff'].post(`/api/v1/activities/${submitted.id}/verify`)).status).toBe(403);
  });
});

/** The serving seats of the subtree at `scopePath`, each with its path and counted kinds for 2026, as the owner reads them. */
async function seatCounts(scopePath: string) {
  const stats = await owner<{ id: string; path: string; kind: string | null; counted: number | null }>(sql`
    select d.id, d.tenant_path::text as path, s.kind, s.counted from deputies d
    left join deputy_year_stats s on s.tenant_id = d.tenant_id and s.deputy_id = d.id and s.year = 2026 and s.counted > 0
    where d.tenant_path <@ ${scopePath}::ltree and d.status = 'serving'`);
  const seatsOf = new Map<string, { path: string; counts: Record<string, number> }>();
  for (const s of stats) {
    const seat = seatsOf.get(s.id) ?? { path: s.path, counts: {} };
    if (s.kind) seat.counts[s.kind] = s.counted!;
    seatsOf.set(s.id, seat);
  }
  return [...seatsOf.values()];
}

/**
 * The roll-up of the congress `code` computed in JS, straightforwardly: every serving seat scored
 * by yearScore with `rulesOf(its tenant path)`, bucketed over that rule set's annual cap.
 */
async function expectedRollup(code: string, rulesOf: (path: string) => ScoringRules) {
  const [scope] = await owner<{ path: string }>(sql`select path::text as path from tenants where code = ${code}`);
  const targets = await owner<{ tenantId: string; name: string; level: string; path: string }>(sql`
    select id as "tenantId", name, level, path::text as path from tenants
    where path <@ ${scope.path}::ltree and nlevel(path) <= nlevel(${scope.path}::ltree) + 1 and (path = ${scope.path}::ltree or status = 'active')
    order by path <> ${scope.path}::ltree, code`);
  const all = await seatCounts(scope.path);
  return targets.map(({ path, ...target }) => {
    const mine = all.filter((s) => s.path === path || (path !== scope.path && s.path.startsWith(`${path}.`)));
    const scored = mine.map((s) => ({ score: yearScore(s.counts, rulesOf(s.path)), cap: rulesOf(s.path).annualCap }));
    const scores = scored.map((s) => s.score).sort((a, b) => a - b);
    const histogram = Array(10).fill(0);
    for (const s of scored) histogram[Math.min(Math.floor((s.score * 10) / s.cap), 9)]++;
    return {
      ...target, deputies: scores.length, active: mine.filter((s) => Object.keys(s.counts).length > 0).length,
      mean: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
      p25: scores.length ? percentile(scores, 0.25) : null, median: scores.length ? percentile(scores, 0.5) : null,
      p75: scores.length ? percentile(scores, 0.75) : null, max: scores.length ? scores.at(-1) : null, histogram,
    };
  });
}

const rollupOf = async (login: string) => (await as[login].get('/api/v1/evaluation/rollup?year=2026')).body;

describe('roll-up with local rules, and its cache', () => {
  // The province's rules reach every congress below that sets none; three set their own:
  // 射阳县, 阜宁县 (which its other townships inherit) and 沟墩镇.
  const province = { weightMeeting: 11, weightGroup: 7 };
  const sheyang = { weightInspection: 15, capInspection: 60, customActivityKinds: ['走访'], weightCustom: 9, capCustom: 27, annualScoreCap: 80 };
  const funing = { weightMeeting: 12, capMeeting: 36, weightSuggestion: 3, annualScoreCap: 90 };
  const goudun = { weightMeeting: 25, capMeeting: 50, annualScoreCap: 40 };

  async function setOwnConfig(code: string, config: Record<string, unknown> | null) {
    if (config) {
      await owner(sql`insert into tenant_modules (tenant_id, tenant_path, module_key, config)
        select id, '', 'duties', ${JSON.stringify(config)}::jsonb from tenants where code = ${code}
        on conflict (tenant_id, module_key) do update set config = excluded.config`);
    } else {
      await owner(sql`delete from tenant_modules where module_key = 'duties' and tenant_id = (select id from tenants where code = ${code})`);
    }
    await tp.platform.deps.flags.changed();
  }

  it('scores every seat of a subtree with several local rule sets as yearScore does with its own rules', async () => {
    const [zhao] = await owner<{ id: string }>(sql`select d.id from deputies d join users u on u.id = d.user_id
      join tenants t on t.id = d.tenant_id where u.username = 'deputy.zhao' and t.code = '320924'`);
    await counted(zhao.id, 'inspection', 5);
    await counted(zhao.id, 'custom:走访', 2);
    await counted(zhao.id, 'meeting', 1);
    await counted(seats.wangTown, 'meeting', 3);
    await counted(seats.wangTown, 'suggestion', 1);
    await counted(seats.wangCity, 'suggestion', 4);
    await counted(seats.li, 'meeting', 2);
    await counted(seats.wangCity, 'group', 2);
    await setOwnConfig('32', province);
    await setOwnConfig('320924', sheyang);
    await setOwnConfig('320923100', goudun);
    await setDutiesConfig(funing);
    try {
      const rulesOf = (path: string) => scoringRules(path.startsWith('32.3209.320923.320923100') ? goudun
        : path.startsWith('32.3209.320923') ? funing : path.startsWith('32.3209.320924') ? sheyang : province);
      // The sets really differ: the same counts score differently under each.
      const probe = { meeting: 3, inspection: 3, 'custom:走访': 1 };
      const distinct = new Set(['32.3209', '32.3209.320923', '32.3209.320923.320923100', '32.3209.320924'].map((p) => yearScore(probe, rulesOf(p))));
      expect(distinct.size).toBe(4);
      const city = await rollupOf('yancheng.staff');
      expect(city.tenants).toEqual(await expectedRollup('3209', rulesOf));
      expect(city.tenants.find((t: any) => t.name === '射阳县')).toMatchObject({ deputies: 1, max: 80 });
      const county = await rollupOf('funing.staff');
      expect(county.tenants).toEqual(await expectedRollup('320923', rulesOf));
      // wang's town seat: three meetings at 25 (capped at 50) and a suggestion at 10 → 60 → the town's cap 40.
      expect(county.tenants.find((t: any) => t.name === '沟墩镇')).toMatchObject({ deputies: 1, active: 1, max: 40, histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
    } finally {
      await setDutiesConfig({});
      await setOwnConfig('320923100', null);
      await setOwnConfig('320924', null);
      await setOwnConfig('32', null);
    }
  });

  it('serves a scope\'s roll-up from the cache, with the time it was computed, until a configuration changes', async () => {
    const first = await rollupOf('yancheng.staff');
    expect(Math.abs(Date.parse(first.computedAt) - Date.now())).toBeLessThan(60_000);
    // A newly counted activity does not show within the cache's lifetime …
    await counted(seats.chen, 'inspection', 2);
    const second = await rollupOf('yancheng.staff');
    expect(second).toEqual(first);
    // … a change of a county's weights does, at once, in the city's roll-up too.
    await setDutiesConfig({ weightInspection: 20 });
    try {
      const third = await rollupOf('yancheng.staff');
      expect(third.computedAt).not.toBe(first.computedAt);
      expect(third.tenants).toEqual(await expectedRollup('3209', (path) => scoringRules(path.startsWith('32.3209.320923') ? { weightInspection: 20 } : {})));
      expect(third.tenants.find((t: any) => t.name === '阜宁县')).not.toEqual(first.tenants.find((t: any) => t.name === '阜宁县'));
    } finally {
      await setDutiesConfig({});
    }
  });

  it('keys the cache by the scope: another congress gets its own roll-up', async () => {
    as['province.admin'] ??= await tp.as('province.admin');
    const city = await rollupOf('yancheng.staff');
    const county = await rollupOf('funing.staff');
    const province = await rollupOf('province.admin');
    expect([city.tenants[0].name, county.tenants[0].name, province.tenants[0].name]).toEqual(['盐城市', '阜宁县', '江苏省']);
    expect(province.tenants.find((t: any) => t.name === '盐城市')).toMatchObject({ deputies: city.tenants.reduce((n: number, t: any) => n + t.deputies, 0) });
    expect((await rollupOf('funing.staff')).computedAt).toBe(county.computedAt);
  });

  it('computes once for concurrent misses', async () => {
    await tp.platform.deps.flags.changed();
    const replies = await Promise.all(Array.from({ length: 5 }, () => as['yancheng.staff'].get('/api/v1/evaluation/rollup?year=2026')));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(replies.map((r) => r.body.computedAt)).size).toBe(1);
  });
});

describe('isolation of every endpoint', () => {
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation', forbiddenFor: 'deputy.wang',
    foreign: { login: 'funing.staff', path: () => `/api/v1/evaluation?groupId=${groups['合德代表小组']}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation/rollup', forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation/rollup', forbiddenFor: 'unit.water' });
});
