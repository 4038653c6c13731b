import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { registerJobs } from '../src/jobs/index.ts';
import { jobSettings } from '../src/platform/queue.ts';
import { emitWebhook } from '../src/modules/notify/notify.ts';
import { verifySignature } from '../src/modules/notify/signature.ts';
import { resolveIntegrationKey } from '../src/modules/notify/integration-keys.service.ts';
import type { Client, TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { eventually, startJobsPlatform, startReceiver } from './support/jobs.ts';

// Retries 1 s doubling, 4 tries, instead of 30 s doubling, 8 tries: same code, short test.
const BASE_SECONDS = 1;
const MAX_ATTEMPTS = 4;

let tp: TestPlatform;
let admin: Client;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** Per path: how many of the first requests fail with 500. */
const failFirst = new Map<string, number>();

beforeAll(async () => {
  tp = await startJobsPlatform({ jobs: { webhook: { baseDelaySeconds: BASE_SECONDS, maxAttempts: MAX_ATTEMPTS } } });
  // The worker's handlers, in this process (on PGlite the inline queue runs them by itself).
  if (tp.platform.boss) await registerJobs(tp.platform.boss, tp.platform.deps, () => {}, { pollingIntervalSeconds: 0.5 });
  receiver = await startReceiver((req, res) => {
    const seen = receiver.received.filter((r) => r.path === req.path).length;
    const fail = failFirst.get(req.path) ?? 0;
    res.statusCode = fail < 0 || seen <= fail ? 500 : 200;
    res.end();
  });
  admin = await tp.as('funing.admin');
});
afterAll(async () => {
  await receiver?.close();
  await tp?.close();
});

async function createEndpoint(path: string, events?: string[], as = admin) {
  const res = await as.post('/api/v1/webhooks', { name: `hook ${path}`, url: `${receiver.url}${path}`, ...(events ? { events } : {}) });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

async function delivery(id: string) {
  const res = await admin.get('/api/v1/webhooks/deliveries?limit=100');
  return (res.body.items as Array<{ id: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; nextAttemptAt: string | null; deliveredAt: string | null; replayOf: string | null }>).find((d) => d.id === id);
}

describe('webhook endpoints', () => {
  it('creates an endpoint with a secret shown once, then lists, updates and deletes it', async () => {
    const created = await createEndpoint('/crud');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(created).toMatchObject({ url: `${receiver.url}/crud`, events: ['case.*'], active: true });
    const listed = (await admin.get('/api/v1/webhooks')).body.items.find((e: { id: string }) => e.id === created.id);
    expect(listed).toMatchObject({ name: 'hook /crud', stats: { delivered: 0, failed: 0, pending: 0 } });
    expect(listed.secret).toBeUndefined();
    const patched = await admin.patch(`/api/v1/webhooks/${created.id}`, { active: false, events: ['case.closed'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, events: ['case.closed'] });
    expect((await admin.delete(`/api/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/webhooks/${created.id}`)).status).toBe(404);
  });

  it('refuses URLs that are not http(s), and unknown events, changing nothing', async () => {
    const before = (await admin.get('/api/v1/webhooks')).body.items.length;
    for (const url of ['ftp://example.org/hook', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      const res = await admin.post('/api/v1/webhooks', { name: 'bad', url });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('url');
    }
    expect((await admin.post('/api/v1/webhooks', { name: 'bad', url: 'https://example.org', events: ['case.exploded'] })).status).toBe(422);
    expect((await admin.get('/api/v1/webhooks')).body.items.length).toBe(before);
  });

  it('signs a test ping with the documented scheme', async () => {
    const endpoint = await createEndpoint('/ping');
    const res = await admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ endpointId: endpoint.id, event: 'ping', status: 'pending', attempts: 0 });
    await eventually(async () => receiver.received.find((r) => r.path === '/ping'), 20_000, 'the ping');
    const req = receiver.received.find((r) => r.path === '/ping')!;
    expect(req.headers['x-renda-event']).toBe('ping');
    expect(req.headers['x-renda-delivery']).toBe(res.body.id);
    expect(verifySignature(endpoint.secret, req.headers['x-renda-signature'] as string, req.body)).toBe(true);
    expect(verifySignature(endpoint.secret, req.headers['x-renda-signature'] as string, `${req.body} `)).toBe(false);
    expect(verifySignature('whsec_other', req.headers['x-renda-signature'] as string, req.body)).toBe(false);
    // t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
    expect(req.headers['x-renda-signature']).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ id: res.body.id, event: 'ping', tenant: { code: '320923', name: expect.any(String) }, data: { message: 'ping' } });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    const done = await eventually(async () => (await delivery(res.body.id))?.status === 'delivered' && delivery(res.body.id), 10_000, 'delivered');
    expect(done).toMatchObject({ attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(done.deliveredAt).not.toBeNull();
  });
});

describe('webhook deliveries', () => {
  it('retries a failing receiver with growing delays and delivers on the third try', async () => {
    failFirst.set('/flaky', 2);
    await createEndpoint('/flaky');
    const ctx = await contextOf(tp, 'funing.admin');
    await withContext(tp.platform.deps.handle, ctx, (tx) => emitWebhook(tx, tp.platform.deps, { tenantId: ctx.tenantId!, name: 'case.replied', payload: { ticket: 'T-1', state: 'replied' } }));
    const tries = await eventually(async () => {
      const got = receiver.received.filter((r) => r.path === '/flaky');
      return got.length >= 3 && got;
    }, 30_000, 'three tries');
    const id = tries[0].headers['x-renda-delivery'] as string;
    expect(new Set(tries.map((t) => t.headers['x-renda-delivery']))).toEqual(new Set([id]));
    const first = tries[1].at - tries[0].at;
    const second = tries[2].at - tries[1].at;
    expect(first).toBeGreaterThanOrEqual(BASE_SECONDS * 1000 - 50);
    expect(second).toBeGreaterThanOrEqual(2 * BASE_SECONDS * 1000 - 50);
    expect(second).toBeGreaterThan(first);
    const row = await eventually(async () => (await delivery(id))?.status === 'delivered' && delivery(id), 10_000, 'delivered');
    expect(row).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(JSON.parse(tries[2].body)).toMatchObject({ event: 'case.replied', data: { ticket: 'T-1', state: 'replied' } });
  });

  it('records each failed try with its next attempt, and fails after the last one', async () => {
    failFirst.set('/down', -1);
    const endpoint = await createEndpoint('/down');
    const { body: ping } = await admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    const afterFirst = await eventually(async () => { const d = await delivery(ping.id); return d && d.attempts === 1 && d; }, 10_000, 'the first try');
    expect(afterFirst).toMatchObject({ status: 'pending', lastStatus: 500, lastError: 'HTTP 500' });
    const wait = new Date(afterFirst.nextAttemptAt!).getTime() - receiver.received.filter((r) => r.path === '/down')[0].at;
    expect(wait).toBeGreaterThanOrEqual(BASE_SECONDS * 1000 - 100);
    expect(wait).toBeLessThan(BASE_SECONDS * 1000 + 1000);
    const failed = await eventually(async () => { const d = await delivery(ping.id); return d?.status === 'failed' && d; }, 30_000, 'failed');
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: 500, nextAttemptAt: null, deliveredAt: null });
    // Nothing more is tried after the limit.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.filter((r) => r.path === '/down').length).toBe(MAX_ATTEMPTS);
    const stats = (await admin.get('/api/v1/webhooks')).body.items.find((e: { id: string }) => e.id === endpoint.id).stats;
    expect(stats).toEqual({ delivered: 0, failed: 1, pending: 0 });
  });

  it('replays a delivery as a new delivery of the same payload', async () => {
    const endpoint = await createEndpoint('/replay');
    const { body: ping } = await admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    await eventually(async () => (await delivery(ping.id))?.status === 'delivered', 10_000, 'the first delivery');
    const res = await admin.post(`/api/v1/webhooks/deliveries/${ping.id}/replay`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ endpointId: endpoint.id, event: 'ping', replayOf: ping.id, status: 'pending' });
    expect(res.body.id).not.toBe(ping.id);
    await eventually(async () => (await delivery(res.body.id))?.status === 'delivered', 10_000, 'the replay');
    const got = receiver.received.filter((r) => r.path === '/replay');
    expect(got.map((r) => r.headers['x-renda-delivery'])).toEqual([ping.id, res.body.id]);
    expect(JSON.parse(got[1].body).data).toEqual(JSON.parse(got[0].body).data);
  });

  it('sends an event only to active endpoints subscribed to it', async () => {
    const all = await createEndpoint('/all', ['case.*']);
    const closedOnly = await createEndpoint('/closed', ['case.closed']);
    const paused = await createEndpoint('/paused');
    await admin.patch(`/api/v1/webhooks/${paused.id}`, { active: false });
    const ctx = await contextOf(tp, 'funing.admin');
    for (const name of ['case.accepted', 'case.closed']) {
      await withContext(tp.platform.deps.handle, ctx, (tx) => emitWebhook(tx, tp.platform.deps, { tenantId: ctx.tenantId!, name, payload: { ticket: 'T-2' } }));
    }
    const log = (await admin.get('/api/v1/webhooks/deliveries?limit=100')).body.items as Array<{ endpointId: string; event: string }>;
    const to = (event: string) => log.filter((d) => d.event === event).map((d) => d.endpointId);
    // Earlier tests' endpoints subscribe to case.* too; these three tell the rule apart.
    expect(to('case.accepted')).toContain(all.id);
    expect(to('case.accepted')).not.toContain(closedOnly.id);
    expect(to('case.closed')).toEqual(expect.arrayContaining([all.id, closedOnly.id]));
    expect([...to('case.accepted'), ...to('case.closed')]).not.toContain(paused.id);
    expect(to('case.closed').filter((id) => id === all.id)).toHaveLength(1);
  });

  it('pages the delivery log newest first and filters it', async () => {
    const first = await admin.get('/api/v1/webhooks/deliveries?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await admin.get(`/api/v1/webhooks/deliveries?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = (await admin.get('/api/v1/webhooks/deliveries?limit=100')).body.items as Array<{ id: string; createdAt: string; status: string }>;
    expect(all.slice(0, 4).map((d) => d.id)).toEqual(ids);
    expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((d) => d.createdAt)).toEqual(all.map((d) => d.createdAt));
    const failed = (await admin.get('/api/v1/webhooks/deliveries?status=failed')).body.items;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d: { status: string }) => d.status === 'failed')).toBe(true);
  });
});

describe('webhook isolation', () => {
  let endpointId = '';
  let deliveryId = '';
  beforeAll(async () => {
    const endpoint = await createEndpoint('/isolated');
    endpointId = endpoint.id;
    deliveryId = (await admin.post(`/api/v1/webhooks/${endpoint.id}/test`)).body.id;
  });

  it('keeps a congress\'s endpoints from the tenant admin of another congress, even an upper one', async () => {
    const province = await tp.as('province.admin');
    const items = (await province.get('/api/v1/webhooks')).body.items as Array<{ id: string }>;
    expect(items.map((e) => e.id)).not.toContain(endpointId);
    expect((await province.get('/api/v1/webhooks/deliveries')).body.items).toEqual([]);
    expect((await province.patch(`/api/v1/webhooks/${endpointId}`, { active: false })).status).toBe(404);
    expect((await admin.get('/api/v1/webhooks')).body.items.find((e: { id: string }) => e.id === endpointId).active).toBe(true);
  });

  it('keeps the defaults of the documented schedule: 30 s doubling, 8 tries', () => {
    expect(jobSettings().webhook).toEqual({ baseDelaySeconds: 30, maxAttempts: 8 });
  });

  const body = { name: 'x', url: 'https://example.org/hook' };
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/webhooks', forbiddenFor: 'sheyang.staff' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/webhooks', body, forbiddenFor: 'funing.staff' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/webhooks/deliveries', forbiddenFor: 'sheyang.staff' });
  routeIsolation(() => tp, {
    method: 'PATCH', path: '/api/v1/webhooks/00000000-0000-4000-8000-000000000000', body: { active: false }, forbiddenFor: 'funing.staff',
    foreign: { login: 'province.admin', path: () => `/api/v1/webhooks/${endpointId}` },
  });
  routeIsolation(() => tp, {
    method: 'DELETE', path: '/api/v1/webhooks/00000000-0000-4000-8000-000000000000', forbiddenFor: 'funing.staff',
    foreign: { login: 'province.admin', path: () => `/api/v1/webhooks/${endpointId}` },
  });
  routeIsolation(() => tp, {
    method: 'POST', path: '/api/v1/webhooks/00000000-0000-4000-8000-000000000000/test', forbiddenFor: 'funing.staff',
    foreign: { login: 'province.admin', path: () => `/api/v1/webhooks/${endpointId}/test` },
  });
  routeIsolation(() => tp, {
    method: 'POST', path: '/api/v1/webhooks/deliveries/00000000-0000-4000-8000-000000000000/replay', forbiddenFor: 'sheyang.staff',
    foreign: { login: 'province.admin', path: () => `/api/v1/webhooks/deliveries/${deliveryId}/replay` },
  });
});

describe('integration keys', () => {
  let keyId = '';
  let key = '';
  let waterId = '';

  it('issues a key shown once, keeping only its SHA-256, for a unit of the congress', async () => {
    const units = (await admin.get('/api/v1/units?limit=100')).body.items as Array<{ id: string; code: string; tenantId: string }>;
    const ctx = await contextOf(tp, 'funing.admin');
    waterId = units.find((u) => u.code === 'water' && u.tenantId === ctx.tenantId)!.id;
    const res = await admin.post('/api/v1/integration-keys', { name: '网格化平台', unitId: waterId });
    expect(res.status).toBe(201);
    ({ id: keyId, key } = res.body);
    expect(key).toMatch(/^rk_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
    expect(res.body).toMatchObject({ name: '网格化平台', prefix: key.slice(3, 11), unitId: waterId, unitName: '阜宁县水利局', lastUsedAt: null, revokedAt: null, tenantId: ctx.tenantId });
    const stored = await asOwner(tp.platform.owner!, async (tx) => rowsOf<Record<string, unknown>>(await tx.execute(sql`select * from integration_keys where id = ${keyId}`)));
    expect(stored[0].key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(key.slice(12));
    const listed = (await admin.get('/api/v1/integration-keys')).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0].key).toBeUndefined();
  });

  it('refuses a unit of another congress', async () => {
    const units = (await (await tp.as('province.admin')).get('/api/v1/units?limit=100')).body.items as Array<{ id: string; code: string; tenantId: string }>;
    const sheyang = await contextOf(tp, 'sheyang.staff');
    const foreign = units.find((u) => u.tenantId === sheyang.tenantId)!;
    const res = await admin.post('/api/v1/integration-keys', { name: 'x', unitId: foreign.id });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('unitId');
    expect((await admin.get('/api/v1/integration-keys')).body.items).toHaveLength(1);
  });

  it('resolves a key to its congress and unit, marks it used, and stops at once when revoked', async () => {
    const ctx = await contextOf(tp, 'funing.admin');
    const deps = tp.platform.deps;
    expect(await resolveIntegrationKey(deps, `Bearer ${key}`)).toMatchObject({ keyId, id: keyId, name: '网格化平台', tenantId: ctx.tenantId, tenantPath: ctx.path, unitId: waterId });
    expect(await resolveIntegrationKey(deps, key)).toMatchObject({ keyId });
    expect(await resolveIntegrationKey(deps, `Bearer ${key.slice(0, -1)}x`)).toBeNull();
    expect(await resolveIntegrationKey(deps, 'Bearer nonsense')).toBeNull();
    expect(await resolveIntegrationKey(deps, undefined)).toBeNull();
    expect((await admin.get('/api/v1/integration-keys')).body.items[0].lastUsedAt).not.toBeNull();
    const revoked = await admin.post(`/api/v1/integration-keys/${keyId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await resolveIntegrationKey(deps, `Bearer ${key}`)).toBeNull();
    expect((await admin.post(`/api/v1/integration-keys/${keyId}/revoke`)).body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('keeps keys from the admin of another congress', async () => {
    const province = await tp.as('province.admin');
    expect((await province.get('/api/v1/integration-keys')).body.items).toEqual([]);
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/integration-keys', forbiddenFor: 'sheyang.staff' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/integration-keys', body: { name: 'x' }, forbiddenFor: 'funing.staff' });
  routeIsolation(() => tp, {
    method: 'POST', path: '/api/v1/integration-keys/00000000-0000-4000-8000-000000000000/revoke', forbiddenFor: 'funing.staff',
    foreign: { login: 'province.admin', path: () => `/api/v1/integration-keys/${keyId}/revoke` },
  });
});
