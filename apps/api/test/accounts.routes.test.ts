import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

const header = 'username,display_name,phone,tenant_code,roles,password,unit_code';
const csv = [
  header,
  'li.na,李娜,13900000001,320923,deputy,initial-pass-01,',
  'zhao.lei,赵磊,13900000002,999999,deputy,initial-pass-02,',
  '"zhou.min","周敏, 副主任",13900000003,320923,staff;committee_member,initial-pass-03,',
].join('\n');

describe('account import', () => {
  it('reports a dry run row by row and changes nothing', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/imports/accounts', { csv, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ create: 2, update: 0, unchanged: 0, rejected: 1 });
    const bad = res.body.rows.find((r: any) => r.status === 'rejected');
    expect(bad).toMatchObject({ line: 3, username: 'zhao.lei', tenantCode: '999999' });
    expect(bad.reason).toContain('999999');
    expect((await admin.get('/api/v1/memberships?q=li.na')).body.items).toHaveLength(0);
    expect((await tp.client().post('/api/v1/auth/login', { login: 'li.na', password: 'initial-pass-01' })).status).toBe(401);
  });

  it('imports the good rows, rejects only the bad one, and a re-run changes nothing', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/imports/accounts', { csv, dryRun: false });
    expect(res.body.counts).toEqual({ create: 2, update: 0, unchanged: 0, rejected: 1 });
    const zhou = (await admin.get('/api/v1/memberships?q=zhou.min')).body.items[0];
    expect(zhou).toMatchObject({ roles: ['staff', 'committee_member'], user: { displayName: '周敏, 副主任', phone: '13900000003' } });
    await tp.as('li.na', 'initial-pass-01');
    const again = await admin.post('/api/v1/imports/accounts', { csv, dryRun: false });
    expect(again.body.counts).toEqual({ create: 0, update: 0, unchanged: 2, rejected: 1 });
  });

  it('updates roles of an existing membership and attaches a person to a second tier', async () => {
    const admin = await tp.as('funing.admin');
    const promote = await admin.post('/api/v1/imports/accounts', { csv: `${header}\nli.na,李娜,13900000001,320923,deputy;staff,,`, dryRun: false });
    expect(promote.body.counts.update).toBe(1);
    // The same person (username and phone match) joins a township as its deputy through the team.
    const team = await tp.as('province.admin');
    const seat = await team.post('/api/v1/imports/accounts', { csv: `${header}\nli.na,李娜,13900000001,320923100,deputy,,`, dryRun: false });
    expect(seat.body.counts.create).toBe(1);
    const me = (await (await tp.as('li.na', 'initial-pass-01')).get('/api/v1/me')).body;
    expect(me.memberships.map((m: any) => m.tenant.code).sort()).toEqual(['320923', '320923100']);
  });

  it('refuses what a county admin may not do, each row with its reason', async () => {
    const admin = await tp.as('funing.admin');
    const rows = [
      header,
      'x.city,某人,13900000010,320923100,staff,initial-pass-10,',      // a township below: not the own tenant
      'x.team,某人,13900000011,320923,platform_admin,initial-pass-11,', // role not grantable
      'yancheng.staff,冒名,13900000012,320923,staff,initial-pass-12,',  // username of someone outside the county
      'x.phone,某人,13800000005,320923,staff,initial-pass-13,',        // phone of someone else
      'x.nopass,某人,13900000014,320923,staff,,',                       // a new account needs a password
      'x.unit,某人,13900000015,320923,unit_officer,initial-pass-15,nope', // unknown unit
      'bad name!,某人,123,320923,mayor,short,',                          // field errors
      'x.ok,某人,13900000016,320923,unit_officer,initial-pass-16,water',
      'x.ok,某人,13900000016,320923,unit_officer,initial-pass-16,water', // duplicate of line 9
    ].join('\n');
    const res = await admin.post('/api/v1/imports/accounts', { csv: rows, dryRun: true }, { 'accept-language': 'en' });
    const byLine = Object.fromEntries(res.body.rows.map((r: any) => [r.line, r]));
    expect(byLine[2].reason).toMatch(/own congress/);
    expect(byLine[3].reason).toMatch(/platform_admin/);
    expect(byLine[4].reason).toMatch(/belongs to someone else/);
    expect(byLine[5].reason).toMatch(/phone number/);
    expect(byLine[6].reason).toMatch(/initial password/);
    expect(byLine[7].reason).toMatch(/Unit code nope/);
    expect(byLine[8].reason).toMatch(/username|phone|roles/);
    expect(byLine[9].status).toBe('create');
    expect(byLine[10].reason).toMatch(/line 9/);
    expect(res.body.counts).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 8 });
  });

  it('refuses a file without the required columns', async () => {
    const res = await (await tp.as('funing.admin')).post('/api/v1/imports/accounts', { csv: 'name,phone\na,b', dryRun: true });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('username');
  });

  it('replays a retried import with the same Idempotency-Key instead of running it twice', async () => {
    const admin = await tp.as('funing.admin');
    const body = { csv: `${header}\nidem.one,幂等,13900000020,320923,deputy,initial-pass-20,`, dryRun: false };
    const first = await admin.post('/api/v1/imports/accounts', body, { 'idempotency-key': 'import-42' });
    const second = await admin.post('/api/v1/imports/accounts', body, { 'idempotency-key': 'import-42' });
    expect(first.body.counts.create).toBe(1);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    const other = await admin.post('/api/v1/imports/accounts', { ...body, dryRun: true }, { 'idempotency-key': 'import-42' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://renda.dev/problems/idempotency-conflict');
  });

  it('writes the unit officer link so the unit counts its officer', async () => {
    const admin = await tp.as('funing.admin');
    await admin.post('/api/v1/imports/accounts', { csv: `${header}\nwater.two,水利局二,13900000030,320923,unit_officer,initial-pass-30,water`, dryRun: false });
    const units = (await admin.get('/api/v1/units')).body.items;
    expect(units.find((u: any) => u.code === 'water').officers).toBe(2);
  });

  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/imports/accounts', body: { csv: header, dryRun: true }, forbiddenFor: 'funing.staff' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/memberships', forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/units', body: { code: 'x', name: '某单位' }, forbiddenFor: 'yancheng.staff' });
});
