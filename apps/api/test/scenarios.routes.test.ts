import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { ScenarioCreate } from '@renda/contracts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';
import { builtinScenarios } from '../src/modules/cases/builtin.ts';
import { publicScenarios } from '../src/modules/cases/cases.flow.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
let localId: string;

const local = (extra: Record<string, unknown> = {}) => ({
  key: 'drought', name: '旱情直报', description: '群众反映旱情缺水', submitter: 'public', triage: 'deputy',
  fields: [{ key: 'village', label: '村组', type: 'text' }],
  categories: [{ key: 'well', name: '打井', unitCode: 'water' }, { key: 'other', name: '其他' }],
  deadlines: { accept: { amount: 24, unit: 'hours' }, reply: { amount: 3, unit: 'workingDays' } },
  ...extra,
});

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff', 'deputy.li', 'province.admin']) as[login] = await tp.as(login);
  const res = await as['funing.staff'].post('/api/v1/case-scenarios', local());
  expect(res.status).toBe(201);
  localId = res.body.id;
});
afterAll(async () => { await tp?.close(); });

describe('built-in scenarios', () => {
  it('are valid configurations by the same contract as any other', () => {
    expect(builtinScenarios.map((s) => s.key)).toEqual(['people', 'snapshot', 'supervise']);
    for (const s of builtinScenarios) expect(v.safeParse(ScenarioCreate, s).success, s.key).toBe(true);
  });

  it('are inherited read-only by every congress of the province', async () => {
    const res = await as['funing.staff'].get('/api/v1/case-scenarios');
    expect(res.status).toBe(200);
    const inherited = res.body.items.filter((s: any) => s.inherited);
    expect(inherited.map((s: any) => s.key).sort()).toEqual(['people', 'snapshot', 'supervise']);
    expect(inherited.every((s: any) => s.tenantName === '江苏省' && s.editable === false && s.sharedDown)).toBe(true);
    const people = inherited.find((s: any) => s.key === 'people');
    expect(people).toMatchObject({ name: '民生码上见', submitter: 'public', triage: 'deputy', deadlines: { accept: { amount: 24, unit: 'hours' } } });
    expect(inherited.find((s: any) => s.key === 'snapshot').categories.find((c: any) => c.key === 'housing').unitCode).toBe('housing');
    // The province's own list shows them as its own, editable by the provincial team.
    const province = (await as['province.admin'].get('/api/v1/case-scenarios')).body.items;
    expect(province.filter((s: any) => !s.inherited).map((s: any) => s.key).sort()).toEqual(['people', 'snapshot', 'supervise']);
    expect(province.every((s: any) => s.editable)).toBe(true);
  });
});

describe('local scenarios', () => {
  it('creates one in the own congress, listed first and editable', async () => {
    const items = (await as['funing.staff'].get('/api/v1/case-scenarios')).body.items;
    expect(items[0]).toMatchObject({ id: localId, key: 'drought', inherited: false, editable: true, version: 1, sharedDown: false, state: 'active' });
    expect(items[0].categories[1]).toEqual({ key: 'other', name: '其他', unitCode: null });
  });

  it('answers 409 for a key the congress already has, and lets another congress use it', async () => {
    const again = await as['funing.admin'].post('/api/v1/case-scenarios', local({ name: '重复' }));
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('drought');
    expect((await as['sheyang.staff'].post('/api/v1/case-scenarios', local())).status).toBe(201);
  });

  it('refuses a malformed configuration, field by field', async () => {
    const bad = await as['funing.staff'].post('/api/v1/case-scenarios', local({
      key: 'bad-one', categories: [{ key: 'x', name: '某类', unitCode: 'Water Bureau' }],
      fields: [{ key: 'kind', label: '类型', type: 'select', options: [] }],
    }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['categories.0.unitCode']);
    const noOptions = await as['funing.staff'].post('/api/v1/case-scenarios', local({ key: 'bad-two', fields: [{ key: 'kind', label: '类型', type: 'select' }] }));
    expect(noOptions.status).toBe(422);
    expect(noOptions.body.errors).toEqual([{ path: 'fields.0.options', message: '下拉选择字段至少需要一个选项。' }]);
    const selfTriage = await as['funing.staff'].post('/api/v1/case-scenarios', local({ key: 'bad-three', submitter: 'deputy', triage: 'deputy' }));
    expect(selfTriage.status).toBe(422);
    expect(selfTriage.body.errors[0].path).toBe('triage');
    const dupes = await as['funing.staff'].post('/api/v1/case-scenarios', local({ key: 'bad-four', categories: [{ key: 'a', name: '甲' }, { key: 'a', name: '乙' }] }));
    expect(dupes.status).toBe(422);
    const rows = await asOwner(tp.platform.owner!, async (tx) => rowsOf(await tx.execute(sql`select 1 from case_scenarios where key like 'bad-%'`)));
    expect(rows).toHaveLength(0);
  });

  it('changes an own scenario with version + 1 and an audit row', async () => {
    const res = await as['funing.staff'].patch(`/api/v1/case-scenarios/${localId}`, { name: '旱情缺水直报', deadlines: { accept: { amount: 12, unit: 'hours' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '旱情缺水直报', version: 2, deadlines: { accept: { amount: 12, unit: 'hours' } } });
    expect(res.body.deadlines.reply).toBeUndefined();
    const audit = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ action: string }>(await tx.execute(sql`
      select action from audit_log where subject_id = ${localId} order by id`)));
    expect(audit.map((a) => a.action)).toEqual(['scenario.create', 'scenario.update']);
  });

  it('refuses to change an inherited scenario (403) and offers a copy instead', async () => {
    const people = (await as['funing.staff'].get('/api/v1/case-scenarios')).body.items.find((s: any) => s.key === 'people');
    expect((await as['funing.staff'].patch(`/api/v1/case-scenarios/${people.id}`, { name: '改名' })).status).toBe(403);
    const copy = await as['funing.staff'].post(`/api/v1/case-scenarios/${people.id}/copy`, { key: 'people-fn', name: '阜宁民生码上见' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ key: 'people-fn', name: '阜宁民生码上见', inherited: false, editable: true, sharedDown: false, version: 1, categories: people.categories });
    expect((await as['funing.staff'].post(`/api/v1/case-scenarios/${people.id}/copy`, { key: 'people-fn' })).status).toBe(409);
  });

  it('lets the city read a county scenario but neither list nor change it', async () => {
    const one = await as['yancheng.staff'].get(`/api/v1/case-scenarios/${localId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ inherited: true, editable: false, tenantName: '阜宁县' });
    expect((await as['yancheng.staff'].get('/api/v1/case-scenarios')).body.items.map((s: any) => s.key)).not.toContain('drought');
    expect((await as['yancheng.staff'].patch(`/api/v1/case-scenarios/${localId}`, { name: '改名' })).status).toBe(403);
  });

  it('lets deputies read scenarios but not configure them', async () => {
    expect((await as['deputy.li'].get('/api/v1/case-scenarios')).status).toBe(200);
    expect((await as['deputy.li'].post('/api/v1/case-scenarios', local({ key: 'by-deputy' }))).status).toBe(403);
  });

  it('offers the public an own scenario in place of an inherited one with the same key', async () => {
    const funing = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; path: string }>(await tx.execute(sql`select id, path::text from tenants where code = '320923'`)));
    const keys = () => withContext(tp.platform.deps.handle, { tenantId: funing[0].id, scopePath: funing[0].path }, async (tx) =>
      (await publicScenarios(tx)).map((s) => `${s.key}@${s.tenantName}`).sort());
    expect(await keys()).toEqual(['drought@阜宁县', 'people-fn@阜宁县', 'people@江苏省']);
    const people = (await as['funing.staff'].get('/api/v1/case-scenarios')).body.items.find((s: any) => s.key === 'people');
    expect((await as['funing.staff'].post(`/api/v1/case-scenarios/${people.id}/copy`, { key: 'people' })).status).toBe(201);
    expect(await keys()).toEqual(['drought@阜宁县', 'people-fn@阜宁县', 'people@阜宁县']);
    // Archived, it no longer shadows the province's.
    const own = (await as['funing.staff'].get('/api/v1/case-scenarios')).body.items.find((s: any) => s.key === 'people' && !s.inherited);
    expect((await as['funing.staff'].patch(`/api/v1/case-scenarios/${own.id}`, { state: 'archived' })).status).toBe(200);
    expect(await keys()).toEqual(['drought@阜宁县', 'people-fn@阜宁县', 'people@江苏省']);
  });
});

describe('scenario routes isolation', () => {
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/case-scenarios', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/case-scenarios/00000000-0000-4000-8000-000000000000', forbiddenFor: 'unit.water',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/case-scenarios/${localId}` } });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/case-scenarios', body: local({ key: 'iso' }), forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'PATCH', path: '/api/v1/case-scenarios/00000000-0000-4000-8000-000000000000', body: { name: '改' }, forbiddenFor: 'deputy.wang',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/case-scenarios/${localId}` } });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/case-scenarios/00000000-0000-4000-8000-000000000000/copy', body: { key: 'iso-copy' }, forbiddenFor: 'deputy.wang',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/case-scenarios/${localId}/copy` } });
});
