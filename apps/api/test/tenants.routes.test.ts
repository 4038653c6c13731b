import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
let ids: Record<string, string> = {};
beforeAll(async () => {
  tp = await startTestPlatform();
  const admin = await tp.as('province.admin');
  const me = (await admin.get('/api/v1/me')).body;
  ids.province = me.tenant.id;
  const cities = (await admin.get(`/api/v1/tenants/${ids.province}/children?limit=100`)).body.items;
  ids.yancheng = cities.find((c: any) => c.code === '3209').id;
  const counties = (await admin.get(`/api/v1/tenants/${ids.yancheng}/children?limit=100`)).body.items;
  ids.funing = counties.find((c: any) => c.code === '320923').id;
  ids.sheyang = counties.find((c: any) => c.code === '320924').id;
});
afterAll(async () => { await tp?.close(); });

describe('the tenant tree', () => {
  it('holds the Jiangsu tree without development zones or sub-districts', async () => {
    const admin = await tp.as('province.admin');
    const cities = await admin.get(`/api/v1/tenants/${ids.province}/children?limit=100`);
    expect(cities.body.items).toHaveLength(13);
    const counties = (await admin.get(`/api/v1/tenants/${ids.yancheng}/children?limit=100`)).body.items;
    expect(counties.map((c: any) => c.code)).not.toContain('320971');
    expect(counties.every((c: any) => c.level === 'county' && c.tenantId === c.id)).toBe(true);
    const townships = (await admin.get(`/api/v1/tenants/${ids.funing}/children?limit=100`)).body.items;
    expect(townships.every((t: any) => /(镇|乡)$/.test(t.name))).toBe(true);
    expect(townships.map((t: any) => t.name)).toContain('沟墩镇');
  });

  it('counts memberships over each subtree as the reader may see them', async () => {
    const city = await tp.as('yancheng.staff');
    const yancheng = (await city.get(`/api/v1/tenants/${ids.yancheng}`)).body;
    // yancheng.staff, deputy.wang ×3 (city, county, township), funing ×2, funing.committee, unit.water,
    // unit.housing, sheyang.staff, and the deputies li, zhang, chen (county) and zhao (Sheyang)
    expect(yancheng.counts.memberships).toBe(14);
    const funing = (await city.get(`/api/v1/tenants/${ids.funing}`)).body;
    expect(funing.counts).toMatchObject({ memberships: 10, units: 3 });
  });

  it('pages children with a cursor and rejects a forged one', async () => {
    const admin = await tp.as('province.admin');
    const first = await admin.get(`/api/v1/tenants/${ids.yancheng}/children?limit=4`);
    expect(first.body.items).toHaveLength(4);
    const second = await admin.get(`/api/v1/tenants/${ids.yancheng}/children?limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].code > first.body.items[3].code).toBe(true);
    expect((await admin.get(`/api/v1/tenants/${ids.yancheng}/children?cursor=garbage`)).status).toBe(400);
  });

  it('searches only inside the active subtree', async () => {
    const county = await tp.as('sheyang.staff');
    const res = await county.get('/api/v1/tenants?q=' + encodeURIComponent('镇'));
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((t: any) => t.path.startsWith('32.3209.320924.'))).toBe(true);
  });

  it('lets the provincial team add a township under a county, and refuses a misplaced code', async () => {
    const admin = await tp.as('province.admin');
    const bad = await admin.post('/api/v1/tenants', { parentId: ids.funing, code: '320924999', name: '错位镇', level: 'township' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toContain('code');
    const ok = await admin.post('/api/v1/tenants', { parentId: ids.funing, code: '320923999', name: '试点镇', level: 'township' });
    expect(ok.status).toBe(201);
    expect(ok.body.path).toBe('32.3209.320923.320923999');
    const again = await admin.post('/api/v1/tenants', { parentId: ids.funing, code: '320923999', name: '试点镇', level: 'township' });
    expect(again.status).toBe(409);
    const retired = await admin.post(`/api/v1/tenants/${ok.body.id}/retire`);
    expect(retired.body.status).toBe('retired');
    expect((await admin.post(`/api/v1/tenants/${ids.funing}/retire`)).status).toBe(409);
  });

  it('does not let a county admin change the tree', async () => {
    const admin = await tp.as('funing.admin');
    expect((await admin.post('/api/v1/tenants', { parentId: ids.funing, code: '320923998', name: '越权镇', level: 'township' })).status).toBe(403);
  });

  it('fills a missing subtree from the division list, idempotently', async () => {
    const admin = await tp.as('province.admin');
    const first = await admin.post(`/api/v1/tenants/${ids.funing}/provision`);
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(0);
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/tenants/00000000-0000-4000-8000-000000000000', foreign: { login: 'sheyang.staff', path: () => `/api/v1/tenants/${ids.funing}` } });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/tenants', body: { parentId: '00000000-0000-4000-8000-000000000000', code: '3209239', name: '某镇', level: 'township' }, forbiddenFor: 'funing.admin' });
  routeIsolation(() => tp, { method: 'PATCH', path: '/api/v1/tenants/00000000-0000-4000-8000-000000000000/settings', body: { requireTotp: true }, forbiddenFor: 'funing.staff' });
});

describe('conventions', () => {
  it('serves health, readiness and an OpenAPI 3.1 document of the routes', async () => {
    const c = tp.client();
    expect((await c.get('/api/health')).body).toEqual({ status: 'ok' });
    expect((await c.get('/api/ready')).body).toMatchObject({ status: 'ready', database: 'ok', redis: 'ok' });
    const doc = (await c.get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/tenants/{id}/children', '/api/v1/imports/accounts']));
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(JSON.stringify(login.requestBody)).toContain('totpCode');
  });

  it('answers unknown API paths with a problem', async () => {
    const res = await tp.client().get('/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
