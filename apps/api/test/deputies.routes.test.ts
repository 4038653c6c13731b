import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
const ids = { term: '', group: '', townStation: '', sheyangGroup: '', sheyangStation: '', li: '', wangTown: '' };
const codeOf = async (c: Client, code: string) => (await c.get(`/api/v1/deputies?q=${code}`)).body.items[0];

beforeAll(async () => {
  tp = await startTestPlatform();
  const staff = await tp.as('funing.staff');
  ids.term = (await staff.get('/api/v1/terms')).body.items[0].id;
  ids.group = (await staff.get('/api/v1/groups')).body.items.find((g: any) => g.name === '沟墩代表小组').id;
  ids.townStation = (await staff.get('/api/v1/stations')).body.items.find((s: any) => s.publicCode === 'GDSTATN2').id;
  ids.li = (await codeOf(staff, 'FNLXY234')).id;
  ids.wangTown = (await codeOf(staff, 'GDWANG23')).id;
  const sheyang = await tp.as('sheyang.staff');
  ids.sheyangGroup = (await sheyang.get('/api/v1/groups')).body.items[0].id;
  ids.sheyangStation = (await sheyang.get('/api/v1/stations')).body.items.find((s: any) => s.publicCode === 'HDSTATN4').id;
});
afterAll(async () => { await tp?.close(); });

describe('listing deputies', () => {
  it('lists the seats of the county and of its townships', async () => {
    const res = await (await tp.as('funing.staff')).get('/api/v1/deputies');
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: any) => d.publicCode).sort()).toEqual(['FNCHJ234', 'FNLXY234', 'FNWANG23', 'FNZHW234', 'GDWANG23']);
    expect(res.body.items[0]).toMatchObject({ tenantName: '阜宁县', level: 'county', termNumber: 18, status: 'serving', photoUrl: null });
    expect(res.body.items[0]).not.toHaveProperty('phone');
  });

  it('rolls the seats of both counties up to the city', async () => {
    const items = (await (await tp.as('yancheng.staff')).get('/api/v1/deputies?limit=100')).body.items;
    const tenants = new Set(items.map((d: any) => d.tenantName));
    expect(tenants).toEqual(new Set(['盐城市', '阜宁县', '射阳县', '沟墩镇']));
    expect(items.find((d: any) => d.publicCode === 'SYZHT234')).toMatchObject({ groupName: '合德代表小组', stationName: '合德镇代表联络站' });
  });

  it('shows a deputy only their own seats, on every tier below the active one', async () => {
    const wang = await tp.as('deputy.wang');
    const items = (await wang.get('/api/v1/deputies')).body.items;
    expect(items.map((d: any) => d.publicCode).sort()).toEqual(['FNWANG23', 'GDWANG23', 'YCWANG23']);
    expect(new Set(items.map((d: any) => d.userId)).size).toBe(1);
  });

  it('filters by level, congress and text, and pages with a cursor', async () => {
    const city = await tp.as('yancheng.staff');
    expect((await city.get('/api/v1/deputies?level=township')).body.items.map((d: any) => d.publicCode)).toEqual(['GDWANG23']);
    const county = (await city.get('/api/v1/deputies?q=李秀英')).body.items;
    expect(county.map((d: any) => d.publicCode)).toEqual(['FNLXY234']);
    const byTenant = (await city.get(`/api/v1/deputies?tenantId=${county[0].tenantId}&limit=2`)).body;
    expect(byTenant.items).toHaveLength(2);
    const next = (await city.get(`/api/v1/deputies?tenantId=${county[0].tenantId}&limit=2&cursor=${byTenant.nextCursor}`)).body;
    expect(next.items).toHaveLength(2);
    expect(next.nextCursor).toBeNull();
    expect(new Set([...byTenant.items, ...next.items].map((d: any) => d.id)).size).toBe(4);
  });
});

describe('one deputy', () => {
  it('shows the raw phone to the own congress and a masked one above it', async () => {
    const own = await (await tp.as('funing.staff')).get(`/api/v1/deputies/${ids.li}`);
    expect(own.body).toMatchObject({ username: 'deputy.li', phone: '13800000011', publicUrl: '/d/FNLXY234', gender: 'female', sector: 'professional' });
    const city = await (await tp.as('yancheng.staff')).get(`/api/v1/deputies/${ids.li}`);
    expect(city.body.phone).toBe('138****0011');
  });

  it('answers 404 to a sibling county, and to a deputy asking for another seat', async () => {
    expect((await (await tp.as('sheyang.staff')).get(`/api/v1/deputies/${ids.li}`)).status).toBe(404);
    const wang = await tp.as('deputy.wang');
    expect((await wang.get(`/api/v1/deputies/${ids.li}`)).status).toBe(404);
    expect((await wang.get(`/api/v1/deputies/${ids.wangTown}`)).body.publicCode).toBe('GDWANG23');
  });

  it('gives a deputy their seat in the active congress, and 404 to someone without one', async () => {
    expect((await (await tp.as('deputy.wang')).get('/api/v1/deputies/mine')).body).toMatchObject({ publicCode: 'YCWANG23', tenantName: '盐城市', phone: '13800000006' });
    expect((await (await tp.as('deputy.li')).get('/api/v1/deputies/mine')).body.publicCode).toBe('FNLXY234');
    expect((await (await tp.as('funing.staff')).get('/api/v1/deputies/mine')).status).toBe(404);
  });

  it('draws the QR code of the absolute public profile URL', async () => {
    const res = await (await tp.as('funing.staff')).get(`/api/v1/deputies/${ids.li}/qr.svg`, { host: 'renda.example.cn', 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.body).toBe(await QRCode.toString('https://renda.example.cn/d/FNLXY234', { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
  });
});

describe('creating and changing seats', () => {
  it('seats a new account with a deputy membership, keeping its code across terms', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/deputies', {
      account: { username: 'deputy.sun', displayName: '孙丽', phone: '13900000101' },
      termId: ids.term, groupId: ids.group, stationId: ids.townStation, sector: 'worker', gender: 'female', constituency: '沟墩镇',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: '孙丽', level: 'county', phone: '13900000101', groupName: '沟墩代表小组', stationName: '沟墩镇人大代表联络站', electedOn: '2021-12-28' });
    expect(res.body.publicCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const member = (await admin.get('/api/v1/memberships?q=deputy.sun')).body.items[0];
    expect(member.roles).toEqual(['deputy']);
    const again = await admin.post('/api/v1/deputies', { userId: res.body.userId, termId: ids.term });
    expect(again.status).toBe(409);
    const next = await admin.post('/api/v1/terms', { number: 19, startsOn: `${new Date().getFullYear() + 1}-01-10` });
    const seat2 = await admin.post('/api/v1/deputies', { userId: res.body.userId, termId: next.body.id });
    expect(seat2.status).toBe(201);
    expect(seat2.body).toMatchObject({ publicCode: res.body.publicCode, termNumber: 19 });
    expect((await admin.get('/api/v1/audit?action=deputy.create')).body.items).toHaveLength(2);
  });

  it('adds the deputy role to an existing membership of the person', async () => {
    const admin = await tp.as('funing.admin');
    const csv = 'username,display_name,phone,tenant_code,roles,password,unit_code\nwater.three,水利局三,13900000102,320923,unit_officer,initial-pass-3,water';
    expect((await admin.post('/api/v1/imports/accounts', { csv, dryRun: false })).body.counts.create).toBe(1);
    const officer = (await admin.get('/api/v1/memberships?q=water.three')).body.items[0];
    const res = await admin.post('/api/v1/deputies', { userId: officer.user.id, termId: ids.term, sector: 'official' });
    expect(res.status).toBe(201);
    expect((await admin.get('/api/v1/memberships?q=water.three')).body.items[0].roles).toEqual(['unit_officer', 'deputy']);
    expect((await admin.get('/api/v1/audit?action=membership.update')).body.items[0]).toMatchObject({ subjectId: officer.id });
  });

  it('refuses links outside the congress with field errors in the caller language', async () => {
    const staff = await tp.as('funing.staff');
    const res = await staff.post('/api/v1/deputies', {
      account: { username: 'deputy.qian', displayName: '钱进' }, termId: ids.term, groupId: ids.sheyangGroup, stationId: ids.sheyangStation,
    }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'groupId', message: 'Your congress has no such delegation group.' },
      { path: 'stationId', message: 'No such contact station within reach of your congress.' },
    ]);
    const schema = await staff.post('/api/v1/deputies', { termId: ids.term, sector: 'mayor', account: { username: 'x', displayName: '' } }, { 'accept-language': 'en' });
    expect(schema.body.errors.map((e: any) => e.path).sort()).toEqual(['account.displayName', 'account.username', 'sector']);
    expect(schema.body.errors.find((e: any) => e.path === 'sector').message).toMatch(/^Must be one of: \(?worker \| farmer/);
    const both = await staff.post('/api/v1/deputies', { termId: ids.term, userId: ids.li, account: { username: 'deputy.qian', displayName: '钱进' } });
    expect(both.body.errors[0]).toEqual({ path: 'userId', message: '请选择一位已有人员，或填写新账号，二者只能选其一。' });
    const taken = await staff.post('/api/v1/deputies', { termId: ids.term, account: { username: 'Yancheng.Staff', displayName: '冒名' } });
    expect(taken.body.errors[0].path).toBe('account.username');
  });

  it('refuses a person outside the subtree', async () => {
    const city = await tp.as('yancheng.staff');
    const outsider = (await city.get('/api/v1/memberships?q=yancheng.staff')).body.items[0].user.id;
    const res = await (await tp.as('funing.staff')).post('/api/v1/deputies', { userId: outsider, termId: ids.term });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('userId');
  });

  it('refuses a city seating someone in a county term (403)', async () => {
    const city = await tp.as('yancheng.staff');
    const res = await city.post('/api/v1/deputies', { account: { username: 'deputy.zhou', displayName: '周全' }, termId: ids.term });
    expect(res.status).toBe(403);
    expect((await city.get('/api/v1/deputies?q=deputy.zhou')).body.items).toHaveLength(0);
  });

  it('records leaving with its day, and clears it when the seat serves again', async () => {
    const staff = await tp.as('funing.staff');
    const missing = await staff.patch(`/api/v1/deputies/${ids.li}`, { status: 'resigned' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe('leftOn');
    const left = await staff.patch(`/api/v1/deputies/${ids.li}`, { status: 'resigned', leftOn: '2026-06-30', statusNote: '工作调动' });
    expect(left.body).toMatchObject({ status: 'resigned', leftOn: '2026-06-30', statusNote: '工作调动' });
    const back = await staff.patch(`/api/v1/deputies/${ids.li}`, { status: 'serving', sector: null, gender: null });
    expect(back.body).toMatchObject({ status: 'serving', leftOn: null, sector: 'other', gender: '' });
    expect((await (await tp.as('funing.admin')).get('/api/v1/audit?action=deputy.update')).body.items).toHaveLength(2);
  });

  it('sets a photo of the own congress and refuses one of another', async () => {
    const files = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; code: string }>(await tx.execute(sql`
      insert into files (tenant_id, tenant_path, storage_key, content_type, size, sha256)
      select id, '', 'test/' || code, 'image/jpeg', 1, 'x' from tenants where code in ('320923', '320924')
      returning id, (select code from tenants t where t.id = files.tenant_id) as code`)));
    const own = files.find((f) => f.code === '320923')!.id;
    const other = files.find((f) => f.code === '320924')!.id;
    const staff = await tp.as('funing.staff');
    const res = await staff.patch(`/api/v1/deputies/${ids.li}`, { photoFileId: own });
    expect(res.body).toMatchObject({ photoFileId: own, photoUrl: `/api/v1/files/${own}/thumb` });
    const refused = await staff.patch(`/api/v1/deputies/${ids.li}`, { photoFileId: other });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('photoFileId');
  });

  it('refuses a city changing a county seat it can read', async () => {
    expect((await (await tp.as('yancheng.staff')).patch(`/api/v1/deputies/${ids.li}`, { party: '无党派' })).status).toBe(403);
  });
});

describe('the database under the API', () => {
  it('lets a county read its township seats while the township cannot read the county seats', async () => {
    const { handle } = tp.platform.deps;
    const tenants = await withContext(handle, {}, async (tx) =>
      rowsOf<{ id: string; code: string; path: string }>(await tx.execute(sql`select id, code, path::text from tenants where code in ('320923', '320923100')`)));
    const at = (code: string) => tenants.find((x) => x.code === code)!;
    const seats = (code: string) => withContext(handle, { tenantId: at(code).id, scopePath: at(code).path }, async (tx) =>
      rowsOf<{ code: string }>(await tx.execute(sql`select d.public_code as code from deputies d`)));
    const town = await seats('320923100');
    expect(town.map((r) => r.code)).toEqual(['GDWANG23']);
    const county = (await seats('320923')).map((r) => r.code);
    expect(county).toContain('GDWANG23');
    expect(county).toContain('FNLXY234');
  });
});

describe('isolation', () => {
  const none = '00000000-0000-4000-8000-000000000000';
  const foreign = (suffix = '') => ({ login: 'sheyang.staff', path: () => `/api/v1/deputies/${ids.li}${suffix}` });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/deputies', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/deputies/mine', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/deputies/${none}`, forbiddenFor: 'unit.water', foreign: foreign() });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/deputies/${none}/qr.svg`, forbiddenFor: 'unit.water', foreign: foreign('/qr.svg') });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/deputies', body: { termId: none, userId: none }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/deputies/${none}`, body: { party: '无党派' }, forbiddenFor: 'deputy.wang', foreign: foreign() });
});
