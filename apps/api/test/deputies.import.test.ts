import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

const header = 'username,display_name,phone,tenant_code,term,constituency,group,sector,station,elected_on,gender,party,workplace';
const rows = [
  'deputy.qin,秦明,13900000201,320923,18,益林镇,益林代表小组,farmer,阜宁县人大代表之家,2021-12-28,male,中国共产党,益林镇秦庄村',
  'deputy.xu,徐芳,13900000202,320923,18,阜城街道,城区代表小组,worker,,,female,,',
  'deputy.li,李秀英,13800000011,320923,18,沟墩,沟墩代表小组,professional,沟墩镇人大代表联络站,,,,', // as seeded: unchanged
  'deputy.bad,某人,13900000203,320923,17,,,,,,,,',           // no 17th term
  'deputy.far,某人,13900000204,320923,18,,,,合德镇代表联络站,,,,', // a sibling county's station
  'deputy.sy,某人,13900000205,320924,18,,,,,,,,',             // a sibling county, outside the roll-up
  'x,,bad,320923,18,,,mayor,,2026-13-01,,,',                   // field errors
];
const csv = [header, ...rows].join('\n');

describe('deputy import', () => {
  it('reports a dry run row by row in the caller language and changes nothing', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/imports/deputies', { csv, dryRun: true }, { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, total: 7, counts: { create: 2, update: 0, unchanged: 1, rejected: 4 } });
    const byLine = Object.fromEntries(res.body.rows.map((r: any) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ status: 'create', username: 'deputy.qin', tenantCode: '320923', roles: ['deputy'], reason: null });
    expect(byLine[4].status).toBe('unchanged');
    expect(byLine[5].reason).toBe('320923 has no term 17; create the term first.');
    expect(byLine[6].reason).toBe('No contact station named "合德镇代表联络站".');
    expect(byLine[7].reason).toMatch(/outside your jurisdiction/);
    expect(byLine[8].reason).toMatch(/^Invalid: .*sector/);
    expect((await admin.get('/api/v1/deputies?q=deputy.qin')).body.items).toHaveLength(0);
    expect((await admin.get('/api/v1/groups')).body.items.map((g: any) => g.name)).not.toContain('城区代表小组');
  });

  it('imports the good rows, rejects only the bad ones, and a re-run changes nothing', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/imports/deputies', { csv, dryRun: false });
    expect(res.body.counts).toEqual({ create: 2, update: 0, unchanged: 1, rejected: 4 });
    expect(res.body.rows.find((r: any) => r.line === 5).reason).toBe('320923 没有第 17 届，请先建立届次。');
    const qin = (await admin.get('/api/v1/deputies?q=deputy.qin')).body.items[0];
    expect(qin).toMatchObject({ displayName: '秦明', groupName: '益林代表小组', stationName: '阜宁县人大代表之家', sector: 'farmer', level: 'county', termNumber: 18 });
    expect(qin.publicCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const detail = (await admin.get(`/api/v1/deputies/${qin.id}`)).body;
    expect(detail).toMatchObject({ phone: '13900000201', party: '中国共产党', workplace: '益林镇秦庄村', electedOn: '2021-12-28', gender: 'male' });
    expect((await admin.get('/api/v1/groups')).body.items.find((g: any) => g.name === '城区代表小组').deputies).toBe(1);
    expect((await admin.get('/api/v1/memberships?q=deputy.xu')).body.items[0].roles).toEqual(['deputy']);
    const again = await admin.post('/api/v1/imports/deputies', { csv, dryRun: false });
    expect(again.body.counts).toEqual({ create: 0, update: 0, unchanged: 3, rejected: 4 });
    expect((await admin.get('/api/v1/deputies?q=deputy.qin')).body.items).toHaveLength(1);
  });

  it('updates a changed seat and keeps what empty cells leave out', async () => {
    const admin = await tp.as('funing.admin');
    const res = await admin.post('/api/v1/imports/deputies', { csv: `${header}\ndeputy.qin,秦明,13900000201,320923,18,,,,,,,无党派人士,`, dryRun: false });
    expect(res.body.counts.update).toBe(1);
    const qin = (await admin.get('/api/v1/deputies?q=deputy.qin')).body.items[0];
    const detail = (await admin.get(`/api/v1/deputies/${qin.id}`)).body;
    expect(detail).toMatchObject({ party: '无党派人士', workplace: '益林镇秦庄村', sector: 'farmer', groupName: '益林代表小组' });
    expect((await admin.get('/api/v1/audit?action=deputy.update')).body.items[0]).toMatchObject({ subjectId: qin.id, detail: { party: '无党派人士' } });
  });

  it('lets the provincial team import into a township of its subtree, keeping the person', async () => {
    const team = await tp.as('province.admin');
    const res = await team.post('/api/v1/imports/deputies', { csv: `${header}\ndeputy.qin,秦明,13900000201,320923100,19,沟墩镇,新建小组,farmer,沟墩镇人大代表联络站,,,,`, dryRun: false });
    expect(res.body.counts).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 0 });
    const seats = (await team.get('/api/v1/deputies?q=deputy.qin&limit=10')).body.items;
    expect(seats.map((s: any) => s.level).sort()).toEqual(['county', 'township']);
    expect(new Set(seats.map((s: any) => s.userId)).size).toBe(1);
    const county = await tp.as('funing.admin');
    const refused = await county.post('/api/v1/imports/deputies', { csv: `${header}\ndeputy.xu,徐芳,,320923100,19,,,,,,,,`, dryRun: true });
    expect(refused.body.rows[0].reason).toBe('只能导入到本级人大，320923100 不是本级。');
  });

  it('refuses a file without the required columns', async () => {
    const res = await (await tp.as('funing.admin')).post('/api/v1/imports/deputies', { csv: 'username,display_name\na,b', dryRun: true }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('The CSV lacks required columns: tenant_code, term');
  });

  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/imports/deputies', body: { csv: header, dryRun: true }, forbiddenFor: 'deputy.wang' });
});
