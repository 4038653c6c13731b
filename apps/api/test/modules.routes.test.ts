import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createFlagService } from '../src/modules/flags/flags.service.ts';
import { createRedisShared } from '../src/platform/shared.ts';
import { Client, realRedis, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

const moduleOf = async (c: Client, key: string) => (await c.get('/api/v1/modules')).body.items.find((m: any) => m.key === key);

describe('module flags', () => {
  it('lists every module with its schema-generated form fields', async () => {
    const res = await (await tp.as('funing.admin')).get('/api/v1/modules');
    expect(res.body.items).toHaveLength(12);
    const suggestions = res.body.items.find((m: any) => m.key === 'suggestions');
    expect(suggestions.fields.length).toBeGreaterThan(0);
    expect(suggestions.configSchema.type).toBe('object');
    expect(suggestions.name['zh-CN']).toBeTruthy();
  });

  it('hides a module that a county switches off: 404 under it, gone from /me, back on inherit', async () => {
    const admin = await tp.as('funing.admin');
    const staff = await tp.as('funing.staff');
    expect((await staff.get('/api/v1/insights/adoption')).status).toBe(200);
    const off = await admin.put('/api/v1/modules/insights', { state: 'off' });
    expect(off.body).toMatchObject({ state: 'off', enabled: false });
    const gone = await staff.get('/api/v1/insights/adoption');
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe('https://renda.dev/problems/module-disabled');
    expect((await staff.get('/api/v1/me')).body.modules.find((m: any) => m.key === 'insights').enabled).toBe(false);
    // The sibling county and the city are untouched.
    expect((await (await tp.as('sheyang.staff')).get('/api/v1/insights/adoption')).status).toBe(200);
    await admin.put('/api/v1/modules/insights', { state: 'inherit' });
    expect((await staff.get('/api/v1/insights/adoption')).status).toBe(200);
  });

  it('lets a province lock a module for its subtree and shows who locked it', async () => {
    const province = await tp.as('province.admin');
    expect((await province.put('/api/v1/modules/office', { state: 'on', locked: true })).status).toBe(200);
    const county = await tp.as('funing.admin');
    const office = await moduleOf(county, 'office');
    expect(office).toMatchObject({ enabled: true, locked: true, lockedBy: { name: '江苏省' } });
    const refused = await county.put('/api/v1/modules/office', { state: 'off' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('https://renda.dev/problems/module-locked');
    expect((await county.put('/api/v1/modules/office', { state: 'off', locked: true })).status).toBe(403);
    await province.put('/api/v1/modules/office', { state: 'inherit', locked: false });
    expect((await moduleOf(county, 'office')).enabled).toBe(false);
  });

  it('turns a dependent module off with its dependency', async () => {
    const admin = await tp.as('sheyang.staff');
    const countyAdmin = await tp.as('funing.admin');
    await countyAdmin.put('/api/v1/modules/deputies', { state: 'off' });
    const duties = await moduleOf(countyAdmin, 'duties');
    expect(duties).toMatchObject({ enabled: false, blockedBy: 'deputies' });
    expect((await moduleOf(admin, 'duties')).enabled).toBe(true); // the sibling county keeps it
    await countyAdmin.put('/api/v1/modules/deputies', { state: 'inherit' });
  });

  it('validates a configuration against the module schema, per field, and inherits it down', async () => {
    const county = await tp.as('funing.admin');
    const bad = await county.put('/api/v1/modules/insights/config', { config: { activityWindowDays: 0, bogus: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['config.activityWindowDays', 'config.bogus'].sort());
    const ok = await county.put('/api/v1/modules/insights/config', { config: { activityWindowDays: 90 } });
    expect(ok.status).toBe(200);
    expect(ok.body.config.activityWindowDays).toBe(90);
    const adoption = await (await tp.as('funing.staff')).get('/api/v1/insights/adoption');
    expect(adoption.body.windowDays).toBe(90);
    expect((await (await tp.as('sheyang.staff')).get('/api/v1/insights/adoption')).body.windowDays).toBe(30);
  });

  it('invalidates the flag caches of another API instance on change', async () => {
    const { handle } = tp.platform.deps;
    const shared = realRedis ? await createRedisShared(process.env.REDIS_URL!, tp.redisPrefix) : tp.platform.deps.shared;
    const flags = createFlagService(handle, shared);
    await flags.start();
    const other = createApp({ ...tp.platform.deps, shared, flags });
    const staffOnOther = new Client(other);
    staffOnOther.cookie = (await tp.as('funing.staff')).cookie;
    expect((await staffOnOther.get('/api/v1/insights/adoption')).status).toBe(200); // warms the other cache
    await (await tp.as('funing.admin')).put('/api/v1/modules/insights', { state: 'off' });
    await new Promise((r) => setTimeout(r, 100)); // pub/sub delivery
    expect((await staffOnOther.get('/api/v1/insights/adoption')).status).toBe(404);
    await (await tp.as('funing.admin')).put('/api/v1/modules/insights', { state: 'inherit' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await staffOnOther.get('/api/v1/insights/adoption')).status).toBe(200);
    if (shared !== tp.platform.deps.shared) await shared.close();
  });

  it('counts registration and activity from logins in the adoption roll-up', async () => {
    await tp.as('funing.staff');
    const city = await tp.as('yancheng.staff');
    const rows = (await city.get('/api/v1/insights/adoption')).body.rows;
    const funing = rows.find((r: any) => r.code === '320923');
    expect(funing.accounts).toBe(10); // seven platform demo accounts (funing.committee among them) and three more deputies of the county
    expect(funing.registered).toBeGreaterThanOrEqual(1);
    expect(funing.registrationRate).toBeGreaterThan(0);
    expect(funing.activityRate).toBeGreaterThan(0);
    const audit = (await (await tp.as('funing.admin')).get('/api/v1/audit?action=session.create')).body.items;
    expect(audit.length).toBeGreaterThan(0);
  });

  it('records each change in the audit log with the request id', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.put('/api/v1/modules/portal', { state: 'off' });
    const requestId = res.headers.get('x-request-id');
    const audit = (await admin.get('/api/v1/audit?action=module.update')).body.items;
    expect(audit[0]).toMatchObject({ action: 'module.update', subjectId: 'portal', requestId });
  });

  routeIsolation(() => tp, { method: 'PUT', path: '/api/v1/modules/insights', body: { state: 'off' }, forbiddenFor: 'funing.staff' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/modules', forbiddenFor: 'deputy.wang' });
});
