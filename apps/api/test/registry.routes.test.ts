import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
const ids = { term: '', group: '', countyStation: '', townStation: '' };
beforeAll(async () => {
  tp = await startTestPlatform();
  const staff = await tp.as('funing.staff');
  ids.term = (await staff.get('/api/v1/terms')).body.items[0].id;
  ids.group = (await staff.get('/api/v1/groups')).body.items.find((g: any) => g.name === '益林代表小组').id;
  const stations = (await staff.get('/api/v1/stations')).body.items;
  ids.countyStation = stations.find((s: any) => s.publicCode === 'FNHMSTN3').id;
  ids.townStation = stations.find((s: any) => s.publicCode === 'GDSTATN2').id;
});
afterAll(async () => { await tp?.close(); });

const none = '00000000-0000-4000-8000-000000000000';

describe('terms', () => {
  it('lists the terms of the active congress with the current one marked', async () => {
    const res = await (await tp.as('funing.staff')).get('/api/v1/terms');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ number: 18, startsOn: '2021-12-28', endsOn: null, current: true })]);
  });

  it('opens a term, refuses the same number twice and an end before the start', async () => {
    const admin = await tp.as('funing.admin');
    // Next year: a term that has not started yet is not current.
    const created = await admin.post('/api/v1/terms', { number: 19, startsOn: `${new Date().getFullYear() + 1}-01-10` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: 19, current: false, endsOn: null });
    expect((await admin.post('/api/v1/terms', { number: 19, startsOn: '2027-01-01' })).status).toBe(409);
    const bad = await admin.post('/api/v1/terms', { number: 20, startsOn: '2031-01-01', endsOn: '2030-01-01' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: 'endsOn', message: 'The last day of a term must come after its first day.' }]);
    expect((await admin.get('/api/v1/terms')).body.items.map((t: any) => t.number)).toEqual([19, 18]);
  });

  it('answers field errors in the caller language', async () => {
    const admin = await tp.as('funing.admin');
    const en = await admin.post('/api/v1/terms', { number: 0, startsOn: '2026-02-30' }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect(en.body.title).toBe('Invalid input');
    expect(Object.fromEntries(en.body.errors.map((e: any) => [e.path, e.message]))).toEqual({ number: 'Must be at least 1', startsOn: 'Invalid value' });
    const zh = await admin.post('/api/v1/terms', { number: 0, startsOn: '2026-02-30' });
    expect(zh.body.errors.find((e: any) => e.path === 'number').message).toBe('不能小于 1');
  });

  it('sets the last day of a term and writes the audit log', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.patch(`/api/v1/terms/${ids.term}`, { endsOn: '2026-12-27' });
    expect(res.status).toBe(200);
    expect(res.body.endsOn).toBe('2026-12-27');
    expect((await admin.patch(`/api/v1/terms/${ids.term}`, { endsOn: '2021-01-01' })).status).toBe(422);
    const audit = (await admin.get('/api/v1/audit?action=term.update')).body.items;
    expect(audit[0]).toMatchObject({ action: 'term.update', subjectId: ids.term });
  });

  it('refuses a city changing a county term it can read', async () => {
    expect((await (await tp.as('yancheng.staff')).patch(`/api/v1/terms/${ids.term}`, { endsOn: null })).status).toBe(403);
  });
});

describe('delegation groups', () => {
  it('lists the groups of the active congress with their serving deputies', async () => {
    const items = (await (await tp.as('funing.staff')).get('/api/v1/groups')).body.items;
    expect(items.map((g: any) => [g.name, g.deputies]).sort()).toEqual([['沟墩代表小组', 2], ['益林代表小组', 2]]);
  });

  it('creates, renames and deletes a group; its deputies keep their seats ungrouped', async () => {
    const staff = await tp.as('funing.staff');
    const created = await staff.post('/api/v1/groups', { name: '城区代表小组', description: '阜城街道' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '城区代表小组', description: '阜城街道', deputies: 0 });
    expect((await staff.post('/api/v1/groups', { name: '城区代表小组' })).status).toBe(409);
    expect((await staff.patch(`/api/v1/groups/${created.body.id}`, { name: '益林代表小组' })).status).toBe(409);
    const renamed = await staff.patch(`/api/v1/groups/${created.body.id}`, { name: '阜城代表小组' });
    expect(renamed.body.name).toBe('阜城代表小组');
    const chen = (await staff.get('/api/v1/deputies?q=deputy.chen')).body.items[0];
    await staff.patch(`/api/v1/deputies/${chen.id}`, { groupId: created.body.id });
    expect((await staff.get('/api/v1/groups')).body.items.find((g: any) => g.id === created.body.id).deputies).toBe(1);
    expect((await staff.delete(`/api/v1/groups/${created.body.id}`)).status).toBe(204);
    const after = (await staff.get(`/api/v1/deputies/${chen.id}`)).body;
    expect(after).toMatchObject({ groupId: null, status: 'serving' });
  });
});

describe('contact stations', () => {
  it('lists the stations of the own subtree and of ancestors, not of a sibling', async () => {
    const codes = (await (await tp.as('funing.staff')).get('/api/v1/stations')).body.items.map((s: any) => s.publicCode);
    expect(codes.sort()).toEqual(['FNHMSTN3', 'GDSTATN2']);
    const city = (await (await tp.as('yancheng.staff')).get('/api/v1/stations')).body.items;
    expect(city.map((s: any) => s.publicCode).sort()).toEqual(['FNHMSTN3', 'GDSTATN2', 'HDSTATN4']);
    expect(city.find((s: any) => s.publicCode === 'GDSTATN2')).toMatchObject({ tenantName: '沟墩镇', deputies: 3 });
  });

  it('opens a station with a fresh public code, changes and closes it', async () => {
    const staff = await tp.as('funing.staff');
    const created = await staff.post('/api/v1/stations', { name: '益林镇代表联络站', address: '益林镇人民路1号', phone: '0515-87000000', openHours: '周五上午' });
    expect(created.status).toBe(201);
    expect(created.body.publicCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(created.body).toMatchObject({ tenantName: '阜宁县', deputies: 0, phone: '0515-87000000' });
    expect((await staff.post('/api/v1/stations', { name: '益林镇代表联络站', address: '' })).status).toBe(409);
    const changed = await staff.patch(`/api/v1/stations/${created.body.id}`, { openHours: '每周五 9:00–11:30' });
    expect(changed.body).toMatchObject({ openHours: '每周五 9:00–11:30', publicCode: created.body.publicCode });
    expect((await staff.delete(`/api/v1/stations/${created.body.id}`)).status).toBe(204);
    expect((await staff.get('/api/v1/stations')).body.items.some((s: any) => s.id === created.body.id)).toBe(false);
    const audit = (await (await tp.as('funing.admin')).get('/api/v1/audit?action=station.update')).body.items;
    expect(audit[0]).toMatchObject({ subjectId: created.body.id });
  });

  it('refuses a county changing the station of its township', async () => {
    expect((await (await tp.as('funing.staff')).patch(`/api/v1/stations/${ids.townStation}`, { phone: '110' })).status).toBe(403);
  });

  it('answers 404 under a congress that turned the module off', async () => {
    const admin = await tp.as('funing.admin');
    await admin.put('/api/v1/modules/deputies', { state: 'off' });
    const res = await (await tp.as('funing.staff')).get('/api/v1/stations');
    await admin.put('/api/v1/modules/deputies', { state: 'inherit' });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('https://renda.dev/problems/module-disabled');
  });
});

describe('isolation', () => {
  const foreign = (path: () => string) => ({ login: 'sheyang.staff', path });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/terms', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/terms', body: { number: 30, startsOn: '2040-01-01' }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/terms/${none}`, body: { endsOn: null }, forbiddenFor: 'deputy.wang', foreign: foreign(() => `/api/v1/terms/${ids.term}`) });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/groups', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/groups', body: { name: '某小组' }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/groups/${none}`, body: { description: 'x' }, forbiddenFor: 'deputy.wang', foreign: foreign(() => `/api/v1/groups/${ids.group}`) });
  routeIsolation(() => tp, { method: 'DELETE', path: `/api/v1/groups/${none}`, forbiddenFor: 'deputy.wang', foreign: foreign(() => `/api/v1/groups/${ids.group}`) });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/stations', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/stations', body: { name: '某站', address: '' }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/stations/${none}`, body: { phone: '1' }, forbiddenFor: 'deputy.wang', foreign: foreign(() => `/api/v1/stations/${ids.countyStation}`) });
  routeIsolation(() => tp, { method: 'DELETE', path: `/api/v1/stations/${none}`, forbiddenFor: 'deputy.wang', foreign: foreign(() => `/api/v1/stations/${ids.countyStation}`) });
});
