import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { applyCaseAction } from '../src/modules/cases/cases.flow.ts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf } from './support/isolation.ts';

let tp: TestPlatform;
let admin: Client; // funing.admin, tenant admin of 阜宁县
const units: Record<string, string> = {}; // unit code → id in 阜宁县
let nextPhone = 0;
let nextIp = 0;

beforeAll(async () => {
  tp = await startTestPlatform();
  admin = await tp.as('funing.admin');
  for (const u of (await admin.get('/api/v1/units?limit=100')).body.items) units[u.code] = u.id;
});
afterAll(async () => { await tp?.close(); });

function publicClient(): Client {
  const client = tp.client();
  client.headers['x-forwarded-for'] = `10.9.${Math.floor(++nextIp / 250)}.${nextIp % 250}`;
  return client;
}

/** A public case through a deputy's code (民生码上见), as its ticket and id. */
async function publicCase(code: string): Promise<{ ticket: string; id: string }> {
  const client = publicClient();
  const scenarioId = (await client.get(`/api/v1/public/cases/scenarios?code=${code}`)).body.items.find((s: any) => s.key === 'people').id;
  const phone = `1370000${String(++nextPhone).padStart(4, '0')}`;
  const otp = (await client.post('/api/v1/public/cases/otp', { phone })).body.devCode;
  const res = await client.post('/api/v1/public/cases', { code, scenarioId, category: 'water', title: '自来水停水三天', phone, otp }, { 'idempotency-key': `integration-${code}-${nextPhone}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const [row] = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select id from cases where ticket = ${res.body.ticket}`)));
  return { ticket: res.body.ticket, id: row.id };
}

/** Accept the case and hand it to `unitCode` as lead unit, as 阜宁县's staff. */
async function transferTo(caseId: string, unitCode: string) {
  const staff = await contextOf(tp, 'funing.staff');
  const actor = { kind: 'user' as const, id: staff.userId!, name: '阜宁县人大工作人员' };
  await withContext(tp.platform.deps.handle, staff, (tx) => applyCaseAction(tx, tp.platform.deps, caseId, 'accept', actor, { note: '' }));
  await withContext(tp.platform.deps.handle, staff, (tx) =>
    applyCaseAction(tx, tp.platform.deps, caseId, 'transfer', actor, { leadUnitId: units[unitCode], coUnitIds: [], note: '请尽快处理' }));
}

async function newKey(name: string, unitCode: string | null): Promise<{ id: string; key: string }> {
  const res = await admin.post('/api/v1/integration-keys', { name, unitId: unitCode ? units[unitCode] : null });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

/** POST an event as an external system: no cookie, no Origin, a bearer key. */
async function post(ticket: string, key: string | null, body: Record<string, unknown>) {
  const res = await tp.app.request(`http://localhost/api/v1/integrations/cases/${ticket}/events`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', host: 'localhost', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const eventsOf = (caseId: string) => asOwner(tp.platform.owner!, async (tx) =>
  rowsOf<{ kind: string; actor_kind: string; actor_id: string | null; actor_name: string }>(
    await tx.execute(sql`select kind, actor_kind, actor_id, actor_name from case_events where case_id = ${caseId} order by seq`)));

describe('inbound status updates through an integration key', () => {
  it('signs for and replies to a case of its congress assigned to its unit', async () => {
    const { key, id: keyId } = await newKey('阜宁县网格化平台（水利）', 'water');
    const { ticket, id } = await publicCase('FNWANG23');
    await transferTo(id, 'water');
    const signed = await post(ticket, key, { action: 'sign', externalId: 'GRID-2026-0001' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body).toEqual({ ticket, state: 'signed' });
    const replied = await post(ticket, key, { action: 'reply', note: '已于当日恢复供水。' });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body).toEqual({ ticket, state: 'replied' });
    const events = (await eventsOf(id)).filter((e) => e.actor_kind === 'integration');
    expect(events.map((e) => e.kind)).toEqual(['signed', 'replied']);
    expect(events.every((e) => e.actor_id === keyId && e.actor_name === '阜宁县网格化平台（水利）')).toBe(true);
  });

  it('answers 404 for a ticket of another congress, and for an unknown ticket', async () => {
    const { key } = await newKey('阜宁县网格化平台', 'water');
    const sheyang = await publicCase('SYZHT234');
    const res = await post(sheyang.ticket, key, { action: 'note', note: '查看' });
    expect(res.status).toBe(404);
    expect((await post('NOPE-000000', key, { action: 'note', note: '查看' })).status).toBe(404);
    expect((await eventsOf(sheyang.id)).map((e) => e.kind)).toEqual(['submitted']);
  });

  it('answers 401 without a key, with an unknown key and with a revoked one', async () => {
    const { key, id: keyId } = await newKey('将被吊销的密钥', 'water');
    const { ticket } = await publicCase('FNWANG23');
    expect((await post(ticket, key, { action: 'note', note: '测试' })).status).toBe(200);
    expect((await admin.post(`/api/v1/integration-keys/${keyId}/revoke`)).status).toBe(200);
    const revoked = await post(ticket, key, { action: 'note', note: '测试' });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(ticket, null, { action: 'note', note: '测试' })).status).toBe(401);
    expect((await post(ticket, `${key.slice(0, -2)}xx`, { action: 'note', note: '测试' })).status).toBe(401);
  });

  it('lets a key without a unit add notes only, and a unit not on the case do nothing', async () => {
    const notesOnly = await newKey('只读备注', null);
    const housing = await newKey('住建局系统', 'housing');
    const { ticket, id } = await publicCase('FNWANG23');
    await transferTo(id, 'water');
    expect((await post(ticket, notesOnly.key, { action: 'sign' })).status).toBe(403);
    const noted = await post(ticket, notesOnly.key, { action: 'note', note: '网格员已到现场' });
    expect(noted.status).toBe(200);
    expect(noted.body.state).toBe('transferred');
    const other = await post(ticket, housing.key, { action: 'sign' });
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain('承办单位');
    expect((await post(ticket, housing.key, { action: 'reply' })).status).toBe(422);
  });

  it('limits the calls of one key (429)', async () => {
    const { key } = await newKey('限流测试', 'water');
    for (let i = 0; i < 120; i++) expect((await post('NOPE-000000', key, { action: 'note', note: 'x' })).status).toBe(404);
    const over = await post('NOPE-000000', key, { action: 'note', note: 'x' });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
