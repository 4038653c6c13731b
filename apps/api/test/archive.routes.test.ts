import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { registerContribution, unregisterContribution } from '../src/modules/duties/archive.contributions.ts';
import { casesContribution } from '../src/modules/cases/cases.contribution.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const seats: Record<string, string> = {};
/** deputy.wang acting in 阜宁县 (his first membership is 盐城市). */
let wangCounty: Client;

beforeAll(async () => {
  tp = await startTestPlatform();
  // This file tests the archive with the cases module's provider alone; the suggestions module's
  // provider is tested in suggestions.routes.test.ts.
  unregisterContribution('suggestions');
  for (const login of ['deputy.li', 'deputy.wang', 'funing.staff', 'funing.admin', 'sheyang.staff', 'yancheng.staff']) as[login] = await tp.as(login);
  for (const [key, username, code] of [['li', 'deputy.li', '320923'], ['wang', 'deputy.wang', '320923'], ['wangCity', 'deputy.wang', '3209']]) {
    seats[key] = (await owner<{ id: string }>(sql`select d.id from deputies d join users u on u.id = d.user_id
      join tenants t on t.id = d.tenant_id where u.username = ${username} and t.code = ${code}`))[0].id;
  }
  wangCounty = await tp.as('deputy.wang');
  const me = (await wangCounty.get('/api/v1/me')).body;
  const switched = await wangCounty.post('/api/v1/auth/switch', { membershipId: me.memberships.find((m: any) => m.tenant.code === '320923').id });
  expect(switched.body.tenant.code).toBe('320923');
});
afterAll(async () => { await tp?.close(); });

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

const rulesOf = (archive: any) => archive.score.rules;

describe('a deputy\'s archive', () => {
  it('shows wang\'s 阜宁县 term with counted activities per kind and year and the year\'s score', async () => {
    const res = await wangCounty.get('/api/v1/archives/mine?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.deputy).toMatchObject({ id: seats.wang, displayName: '王建国', tenantName: '阜宁县', publicCode: 'FNWANG23', groupName: '沟墩代表小组', level: 'county' });
    expect(res.body.term).toEqual({ number: 18, startsOn: '2021-12-28', endsOn: null });
    // The demo: meeting and inspection published, constituents verified, a suggestion still submitted.
    expect(res.body).toMatchObject({ total: 3, byKind: { meeting: 1, inspection: 1, constituents: 1 },
      byYear: [{ year: 2026, byKind: { meeting: 1, inspection: 1, constituents: 1 }, total: 3 }],
      contributions: [{ module: 'cases', label: casesContribution.label, count: 0 }] });
    expect(res.body.score).toMatchObject({ year: 2026, value: 10 + 8 + 8 });
    expect(rulesOf(res.body).annualCap).toBe(100);
    expect((await wangCounty.get('/api/v1/archives/mine?year=2025')).body.score.value).toBe(0);
  });

  it('counts a verified activity in wang\'s 阜宁县 archive and not in his 盐城市 archive', async () => {
    const created = await wangCounty.post('/api/v1/activities', { kind: 'inspection', title: '视察王庄村饮水工程', occurredOn: '2026-11-02', submit: true });
    expect(created.status).toBe(201);
    expect((await wangCounty.get('/api/v1/archives/mine')).body.total).toBe(3);
    expect((await as['funing.staff'].post(`/api/v1/activities/${created.body.id}/verify`)).status).toBe(200);
    const county = (await wangCounty.get('/api/v1/archives/mine?year=2026')).body;
    expect(county).toMatchObject({ total: 4, byKind: { inspection: 2 } });
    expect(county.score.value).toBe(10 + 16 + 8);
    const timeline = (await wangCounty.get(`/api/v1/archives/${seats.wang}/activities`)).body.items;
    expect(timeline[0]).toMatchObject({ id: created.body.id, state: 'published' });
    const city = (await as['deputy.wang'].get('/api/v1/archives/mine?year=2026')).body;
    expect(city.deputy).toMatchObject({ id: seats.wangCity, tenantName: '盐城市' });
    expect(city).toMatchObject({ total: 1, byKind: { meeting: 1 } });
    const cityTimeline = (await as['deputy.wang'].get(`/api/v1/archives/${seats.wangCity}/activities`)).body.items;
    expect(cityTimeline.map((a: any) => a.id)).not.toContain(created.body.id);
  });

  it('follows the trigger: drafts and returned records do not count, a verified one does until it is deleted', async () => {
    const staff = as['funing.staff'];
    const total = async () => (await staff.get(`/api/v1/archives/${seats.li}`)).body.total as number;
    const before = await total();
    await staff.post('/api/v1/activities', { deputyId: seats.li, kind: 'meeting', title: '草稿', occurredOn: '2026-10-10' });
    const returned = (await staff.post('/api/v1/activities', { deputyId: seats.li, kind: 'meeting', title: '待退回', occurredOn: '2026-10-11', submit: true })).body.id;
    await staff.post(`/api/v1/activities/${returned}/return`, { reason: '日期有误' });
    expect(await total()).toBe(before);
    const verified = (await staff.post('/api/v1/activities', { deputyId: seats.li, kind: 'meeting', title: '已核实', occurredOn: '2026-10-12', submit: true })).body.id;
    await staff.post(`/api/v1/activities/${verified}/verify`);
    expect(await total()).toBe(before + 1);
    // Only drafts can be deleted through the API; the seat's congress removing a counted record
    // (as the app role, under its policies) must bring the counter down again.
    const ctx = await contextOf(tp, 'funing.staff');
    await withContext(tp.platform.deps.handle, ctx, (tx) => tx.execute(sql`delete from activities where id = ${verified}`));
    expect(await total()).toBe(before);
  });

  it('pages the timeline newest first and shows only counted activities', async () => {
    const staff = as['funing.staff'];
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = (await staff.get(`/api/v1/archives/${seats.wang}/activities?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...res.items);
      cursor = res.nextCursor;
    } while (cursor);
    const archive = (await staff.get(`/api/v1/archives/${seats.wang}`)).body;
    expect(seen).toHaveLength(archive.total);
    expect(seen.every((a) => a.state === 'verified' || a.state === 'published')).toBe(true);
    const days = seen.map((a) => a.occurredOn);
    expect(days).toEqual([...days].sort().reverse());
  });

  it('opens any visible seat\'s archive to staff, up the tree too, and only their own to a deputy', async () => {
    expect((await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).status).toBe(200);
    expect((await as['yancheng.staff'].get(`/api/v1/archives/${seats.li}`)).status).toBe(200);
    expect((await as['deputy.li'].get(`/api/v1/archives/${seats.li}`)).status).toBe(200);
    expect((await as['deputy.wang'].get(`/api/v1/archives/${seats.li}`)).status).toBe(404);
    expect((await as['deputy.wang'].get(`/api/v1/archives/${seats.li}/activities`)).status).toBe(404);
    expect((await as['sheyang.staff'].get(`/api/v1/archives/${seats.li}`)).status).toBe(404);
  });

  it('answers 404 for archives/mine to someone without a seat in the active congress', async () => {
    const res = await as['funing.staff'].get('/api/v1/archives/mine');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('您在本级人大没有代表席位，因此没有本级的履职档案。');
  });

  it('lists what registered modules contribute while the module is on for the seat\'s congress', async () => {
    registerContribution({ module: 'cases', label: { 'zh-CN': '办理民意', en: 'Cases handled' }, count: async (_tx, deputy) => (deputy.id === seats.li ? 7 : 0) });
    try {
      const on = (await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).body;
      expect(on.contributions).toEqual([{ module: 'cases', label: { 'zh-CN': '办理民意', en: 'Cases handled' }, count: 7 }]);
      expect((await as['funing.admin'].put('/api/v1/modules/cases', { state: 'off' })).status).toBe(200);
      expect((await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).body.contributions).toEqual([]);
    } finally {
      unregisterContribution('cases');
      expect((await as['funing.admin'].put('/api/v1/modules/cases', { state: 'inherit' })).status).toBe(200);
    }
    expect((await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).body.contributions).toEqual([]);
    registerContribution(casesContribution);
  });

  it('counts the cases a deputy brought to an end through the cases module\'s own provider', async () => {
    const [{ n }] = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`
      select count(*)::int as n from cases where deputy_id = ${seats.li} and state in ('closed', 'rated')`)));
    const before = (await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).body.contributions;
    expect(before).toEqual([{ module: 'cases', label: casesContribution.label, count: n }]);
    // Close one more of li's cases directly: the archive follows.
    const closed = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
      update cases set state = 'closed', closed_at = now() where id = (select id from cases where deputy_id = ${seats.li}
        and state not in ('closed', 'rated', 'merged') limit 1) returning id`)));
    expect(closed).toHaveLength(1); // the demo addresses an open 沟墩镇 street-light case to li
    expect((await as['funing.staff'].get(`/api/v1/archives/${seats.li}`)).body.contributions[0].count).toBe(n + 1);
  });
});

describe('isolation of every endpoint', () => {
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/archives/mine', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/archives/00000000-0000-4000-8000-000000000000', forbiddenFor: 'unit.water',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/archives/${seats.li}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/archives/00000000-0000-4000-8000-000000000000/activities', forbiddenFor: 'unit.water',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/archives/${seats.li}/activities` } });
});
