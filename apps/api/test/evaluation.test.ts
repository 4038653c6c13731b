import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { scoringRules, yearScore } from '@renda/features';
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

describe('isolation of every endpoint', () => {
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation', forbiddenFor: 'deputy.wang',
    foreign: { login: 'funing.staff', path: () => `/api/v1/evaluation?groupId=${groups['合德代表小组']}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation/rollup', forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/evaluation/rollup', forbiddenFor: 'unit.water' });
});
