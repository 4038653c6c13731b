import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '@renda/auth';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

describe('login and sessions', () => {
  it('logs in by username and by phone, and /me lists every membership', async () => {
    const byName = await tp.as('deputy.wang');
    const me = await byName.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.memberships.map((m: any) => m.tenant.code).sort()).toEqual(['3209', '320923', '320923100']);
    expect(me.body.user.phoneMasked).toBe('138****0006');
    const byPhone = await tp.as('13800000006');
    expect((await byPhone.get('/api/v1/me')).body.user.username).toBe('deputy.wang');
  });

  it('answers a wrong password with 401 in the caller language and sets no cookie', async () => {
    const c = tp.client();
    const res = await c.post('/api/v1/auth/login', { login: 'funing.staff', password: 'wrong-password' }, { 'accept-language': 'en' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.type).toBe('https://renda.dev/problems/invalid-credentials');
    expect(res.body.detail).toBe('Wrong account or password.');
    expect(c.cookie).toBe('');
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('lists field errors for a malformed login', async () => {
    const res = await tp.client().post('/api/v1/auth/login', { login: '' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['login', 'password']);
    expect(res.body.detail).toBe('提交的内容有误，请按提示修改。');
  });

  it('switches the active tier and keeps it for the session', async () => {
    const c = await tp.as('deputy.wang');
    const me = (await c.get('/api/v1/me')).body;
    const county = me.memberships.find((m: any) => m.tenant.code === '320923');
    const switched = await c.post('/api/v1/auth/switch', { membershipId: county.id });
    expect(switched.status).toBe(200);
    expect(switched.body.tenant.code).toBe('320923');
    expect((await c.get('/api/v1/me')).body.tenant.code).toBe('320923');
  });

  it('refuses to switch into a membership of someone else', async () => {
    const other = (await (await tp.as('funing.staff')).get('/api/v1/me')).body.activeMembershipId;
    const res = await (await tp.as('deputy.wang')).post('/api/v1/auth/switch', { membershipId: other });
    expect(res.status).toBe(404);
  });

  it('ends the session on logout', async () => {
    const c = await tp.as('funing.staff');
    const cookie = c.cookie;
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    c.cookie = cookie;
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('lists own sessions and revokes another one', async () => {
    const a = await tp.as('sheyang.staff');
    const b = await tp.as('sheyang.staff');
    const list = await a.get('/api/v1/auth/sessions');
    expect(list.body.items.filter((s: any) => s.current)).toHaveLength(1);
    const other = list.body.items.find((s: any) => !s.current && b.cookie.includes(s.id));
    expect((await a.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await a.get('/api/v1/me')).status).toBe(200);
  });

  it('cannot revoke a session of another person', async () => {
    const mine = await tp.as('funing.admin');
    const theirs = await tp.as('funing.staff');
    const id = theirs.cookie.split('=')[1].split('.')[0];
    expect((await mine.delete(`/api/v1/auth/sessions/${id}`)).status).toBe(404);
    expect((await theirs.get('/api/v1/me')).status).toBe(200);
  });

  it('revokes the other sessions on password change', async () => {
    const a = await tp.as('unit.water');
    const b = await tp.as('unit.water');
    const weak = await a.post('/api/v1/auth/password', { currentPassword: 'renda-demo-2026', newPassword: 'short' });
    expect(weak.status).toBe(422);
    const res = await a.post('/api/v1/auth/password', { currentPassword: 'renda-demo-2026', newPassword: 'a-much-better-secret' });
    expect(res.status).toBe(204);
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await a.get('/api/v1/me')).status).toBe(200);
    expect((await tp.client().post('/api/v1/auth/login', { login: 'unit.water', password: 'renda-demo-2026' })).status).toBe(401);
    await tp.as('unit.water', 'a-much-better-secret');
  });
});

describe('TOTP', () => {
  it('enrols, then asks for a code at login and refuses a wrong one', async () => {
    const c = await tp.as('sheyang.staff');
    const setup = await c.post('/api/v1/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrSvg).toContain('<svg');
    expect((await c.post('/api/v1/auth/totp/confirm', { code: '000000' })).status).toBe(422);
    expect((await c.post('/api/v1/auth/totp/confirm', { code: currentTotp(setup.body.secret) })).status).toBe(204);
    const first = await tp.client().post('/api/v1/auth/login', { login: 'sheyang.staff', password: 'renda-demo-2026' });
    expect(first.status).toBe(401);
    expect(first.body.type).toBe('https://renda.dev/problems/totp-required');
    const wrong = await tp.client().post('/api/v1/auth/login', { login: 'sheyang.staff', password: 'renda-demo-2026', totpCode: '123456' });
    expect(wrong.status).toBe(401);
    const ok = tp.client();
    expect((await ok.post('/api/v1/auth/login', { login: 'sheyang.staff', password: 'renda-demo-2026', totpCode: currentTotp(setup.body.secret) })).status).toBe(200);
  });

  it('makes staff enrol before anything else when their tenant requires TOTP', async () => {
    const admin = await tp.as('funing.admin');
    const tenantId = (await admin.get('/api/v1/me')).body.tenant.id;
    expect((await admin.patch(`/api/v1/tenants/${tenantId}/settings`, { requireTotp: true })).status).toBe(200);
    const staff = await tp.as('funing.staff');
    const me = await staff.get('/api/v1/me');
    expect(me.body.totpSetupRequired).toBe(true);
    const blocked = await staff.get('/api/v1/memberships');
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toBe('https://renda.dev/problems/totp-setup-required');
    const setup = await staff.post('/api/v1/auth/totp/setup');
    expect((await staff.post('/api/v1/auth/totp/confirm', { code: currentTotp(setup.body.secret) })).status).toBe(204);
    expect((await staff.get('/api/v1/memberships')).status).toBe(200);
    expect((await staff.post('/api/v1/auth/totp/disable', { code: currentTotp(setup.body.secret) })).status).toBe(409);
    // A deputy of the same tenant is not asked.
    const wang = await tp.as('deputy.wang');
    expect((await wang.get('/api/v1/me')).body.totpSetupRequired).toBe(false);
    // The county admin is now held to the rule too; the provincial team lifts it again.
    expect((await (await tp.as('funing.admin')).patch(`/api/v1/tenants/${tenantId}/settings`, { requireTotp: false })).status).toBe(403);
    expect((await (await tp.as('province.admin')).patch(`/api/v1/tenants/${tenantId}/settings`, { requireTotp: false })).status).toBe(200);
  });
});

describe('throttling', () => {
  it('locks an account after five failures, even for the right password, and says when to retry', async () => {
    const c = tp.client();
    for (let i = 0; i < 5; i++) {
      expect((await c.post('/api/v1/auth/login', { login: 'yancheng.staff', password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await c.post('/api/v1/auth/login', { login: 'yancheng.staff', password: 'renda-demo-2026' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tp.client().post('/api/v1/auth/login', { login: 'province.admin', password: 'renda-demo-2026' })).status).toBe(200);
  });
});

describe('origin guard', () => {
  it('refuses a cross-site JSON POST even with a valid session', async () => {
    const c = await tp.as('funing.admin');
    const res = await c.post('/api/v1/units', { code: 'evil', name: '跨站单位' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('https://renda.dev/problems/origin-rejected');
    const list = await c.get('/api/v1/units');
    expect(list.body.items.some((u: any) => u.code === 'evil')).toBe(false);
  });
});

describe('production', () => {
  it('refuses the demo accounts and the demo password when NODE_ENV is production', async () => {
    const prod = await startTestPlatform({ production: true });
    try {
      const res = await prod.client().post('/api/v1/auth/login', { login: 'funing.staff', password: 'renda-demo-2026' });
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain('演示');
    } finally {
      await prod.close();
    }
  });
});
