import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
let sheyangSession: string;
let yanchengCategory: string;
let funingCategory: string;

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff', 'deputy.li', 'unit.water', 'province.admin']) as[login] = await tp.as(login);
  [{ id: sheyangSession }] = await owner<{ id: string }>(sql`select s.id from suggestion_sessions s join tenants t on t.id = s.tenant_id where t.code = '320924'`);
  const made = await as['yancheng.staff'].post('/api/v1/suggestion-categories', { name: '市级专项', position: 100 });
  expect(made.status).toBe(201);
  yanchengCategory = made.body.id;
  funingCategory = (await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '县级专项', position: 110 })).body.id;
});
afterAll(async () => { await tp?.close(); });

describe('sessions', () => {
  it('lists the sessions of the active congress, newest first, with the numbers given so far', async () => {
    const res = await as['funing.staff'].get('/api/v1/suggestion-sessions');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => [s.name, s.state])).toEqual([
      ['阜宁县第十八届人民代表大会第五次会议', 'open'], ['阜宁县第十八届人民代表大会第四次会议', 'closed'],
    ]);
    const [open] = res.body.items;
    expect(open).toMatchObject({ year: 2026, kind: 'congress', startsOn: '2026-01-06', endsOn: '2026-01-09', motionCount: 0 });
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestions s join tenants t on t.id = s.tenant_id
      where t.code = '320923' and s.number is not null`);
    expect(open.suggestionCount).toBe(n);
    // A deputy reads them too (to file under one); the city's are not the county's.
    expect((await as['deputy.li'].get('/api/v1/suggestion-sessions')).body.items).toHaveLength(2);
    expect((await as['yancheng.staff'].get('/api/v1/suggestion-sessions')).body.items.map((s: any) => s.name)).toEqual(['盐城市第九届人民代表大会第五次会议']);
  });

  it('creates a session, refuses a duplicate name with 409, and closes it', async () => {
    const body = { name: '阜宁县第十八届人大常委会闭会期间', year: 2026, kind: 'interim', startsOn: '2026-01-10' };
    const made = await as['funing.staff'].post('/api/v1/suggestion-sessions', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...body, endsOn: null, state: 'open', motionCount: 0, suggestionCount: 0 });
    expect((await as['funing.staff'].post('/api/v1/suggestion-sessions', body)).status).toBe(409);
    const closed = await as['funing.staff'].patch(`/api/v1/suggestion-sessions/${made.body.id}`, { state: 'closed', endsOn: '2026-12-31' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', endsOn: '2026-12-31' });
    expect((await as['funing.staff'].patch(`/api/v1/suggestion-sessions/${made.body.id}`, { endsOn: '2025-01-01' })).status).toBe(422);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'suggestionSession.create' and subject_id = ${made.body.id}`);
    expect(n).toBe(1);
  });

  it('refuses a session of a child congress to the city (read by roll-up, written only at home)', async () => {
    const [{ id }] = await owner<{ id: string }>(sql`select s.id from suggestion_sessions s join tenants t on t.id = s.tenant_id where t.code = '320923' and s.state = 'open' limit 1`);
    expect((await as['yancheng.staff'].patch(`/api/v1/suggestion-sessions/${id}`, { name: '改名' })).status).toBe(403);
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestion-sessions', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/suggestion-sessions', body: { name: '某会议', year: 2026, kind: 'congress', startsOn: '2026-02-01' }, forbiddenFor: 'deputy.li' });
  routeIsolation(() => tp, {
    method: 'PATCH', path: '/api/v1/suggestion-sessions/00000000-0000-4000-8000-000000000000', body: { name: '改名' }, forbiddenFor: 'deputy.li',
    foreign: { login: 'funing.staff', path: () => `/api/v1/suggestion-sessions/${sheyangSession}` },
  });
});

describe('categories', () => {
  it('gives every congress the province\'s default tree, and adds its own beside it', async () => {
    const res = await as['funing.staff'].get('/api/v1/suggestion-categories');
    expect(res.status).toBe(200);
    const roots = res.body.items;
    expect(roots.map((c: any) => c.name)).toEqual(['经济发展', '城乡建设', '生态环境', '教育', '医疗卫生', '社会保障', '农业农村', '民主法治', '其他', '市级专项', '县级专项']);
    const urban = roots.find((c: any) => c.name === '城乡建设');
    expect(urban).toMatchObject({ own: false, tenantName: expect.stringContaining('江苏'), parentId: null });
    expect(urban.children.map((c: any) => c.name)).toEqual(['老旧小区改造', '交通出行', '住房保障']);
    expect(roots.find((c: any) => c.name === '生态环境').children.map((c: any) => c.name)).toEqual(['水资源保护', '大气污染治理', '垃圾分类']);
    // The city's own category reaches the counties below it; a county's own stays with it.
    expect(roots.find((c: any) => c.name === '市级专项')).toMatchObject({ own: false, tenantName: expect.stringContaining('盐城') });
    expect(roots.find((c: any) => c.name === '县级专项')).toMatchObject({ own: true });
    const city = (await as['yancheng.staff'].get('/api/v1/suggestion-categories')).body.items;
    expect(city.find((c: any) => c.name === '市级专项').own).toBe(true);
    expect(city.map((c: any) => c.name)).not.toContain('县级专项');
    expect((await as['sheyang.staff'].get('/api/v1/suggestion-categories')).body.items.map((c: any) => c.name)).toContain('市级专项');
  });

  it('creates a subcategory under an inherited one, 409 on a duplicate sibling name, renames it', async () => {
    const urban = (await as['funing.staff'].get('/api/v1/suggestion-categories')).body.items.find((c: any) => c.name === '城乡建设');
    const made = await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '农房改善', parentId: urban.id, position: 40 });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: '农房改善', parentId: urban.id, own: true, position: 40, children: [] });
    expect((await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '农房改善', parentId: urban.id })).status).toBe(409);
    const tree = (await as['funing.staff'].get('/api/v1/suggestion-categories')).body.items;
    expect(tree.find((c: any) => c.id === urban.id).children.map((c: any) => c.name)).toContain('农房改善');
    const renamed = await as['funing.staff'].patch(`/api/v1/suggestion-categories/${made.body.id}`, { name: '农村住房改善' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('农村住房改善');
    // Another congress's tree does not carry 阜宁's own category.
    const sheyang = (await as['sheyang.staff'].get('/api/v1/suggestion-categories')).body.items;
    expect(sheyang.find((c: any) => c.id === urban.id).children.map((c: any) => c.name)).not.toContain('农村住房改善');
    expect((await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '无主', parentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
  });

  it('refuses to change or delete an inherited category (403)', async () => {
    const urban = (await as['funing.staff'].get('/api/v1/suggestion-categories')).body.items.find((c: any) => c.name === '城乡建设');
    expect((await as['funing.staff'].patch(`/api/v1/suggestion-categories/${urban.id}`, { name: '城建' })).status).toBe(403);
    expect((await as['funing.staff'].delete(`/api/v1/suggestion-categories/${urban.id}`)).status).toBe(403);
    expect((await as['funing.staff'].delete(`/api/v1/suggestion-categories/${yanchengCategory}`)).status).toBe(403);
  });

  it('deletes an unused own category (204) and answers 409 for one that a suggestion or a child uses', async () => {
    const parent = (await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '营商环境' })).body;
    const child = (await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '政务服务', parentId: parent.id })).body;
    const del = await as['funing.staff'].delete(`/api/v1/suggestion-categories/${parent.id}`);
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/使用/);
    // A deputy's draft (invisible to staff) filed under the child still holds it.
    const draft = await as['deputy.li'].post('/api/v1/suggestions', { kind: 'suggestion', title: '关于优化政务服务流程的建议', categoryId: child.id });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await as['funing.staff'].get(`/api/v1/suggestions/${draft.body.id}`)).status).toBe(404);
    expect((await as['funing.staff'].delete(`/api/v1/suggestion-categories/${child.id}`)).status).toBe(409);
    const spare = (await as['funing.staff'].post('/api/v1/suggestion-categories', { name: '临时' })).body;
    expect((await as['funing.staff'].delete(`/api/v1/suggestion-categories/${spare.id}`)).status).toBe(204);
    expect((await as['funing.staff'].get('/api/v1/suggestion-categories')).body.items.map((c: any) => c.id)).not.toContain(spare.id);
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestion-categories', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/suggestion-categories', body: { name: '某类' }, forbiddenFor: 'deputy.li' });
  routeIsolation(() => tp, {
    method: 'PATCH', path: '/api/v1/suggestion-categories/00000000-0000-4000-8000-000000000000', body: { name: '某类' }, forbiddenFor: 'deputy.li',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/suggestion-categories/${funingCategory}` },
  });
  routeIsolation(() => tp, {
    method: 'DELETE', path: '/api/v1/suggestion-categories/00000000-0000-4000-8000-000000000000', forbiddenFor: 'deputy.li',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/suggestion-categories/${funingCategory}` },
  });
});
