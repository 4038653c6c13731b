import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { createApp } from '../src/app.ts';
import { createRedisShared } from '../src/platform/shared.ts';
import { createLiveHub } from '../src/modules/notify/hub.ts';
import { notifyUsers, renderTemplate, type UserNotice } from '../src/modules/notify/notify.ts';
import { Client, realRedis, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { eventually } from './support/jobs.ts';

let tp: TestPlatform;
let staff: Awaited<ReturnType<typeof contextOf>>;
let wang: Awaited<ReturnType<typeof contextOf>>;
let province: Awaited<ReturnType<typeof contextOf>>;

beforeAll(async () => {
  tp = await startTestPlatform();
  staff = await contextOf(tp, 'funing.staff');
  wang = await contextOf(tp, 'deputy.wang');
  province = await contextOf(tp, 'province.admin');
  // The demo may already hold notifications: count from a clean slate of unread ones.
  await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update notifications set read_at = now() where read_at is null`));
});
afterAll(async () => {
  await tp?.close();
});

/** Notify as funing.staff acting in 阜宁县, the way a case action does. */
async function notify(notice: Partial<UserNotice> & { userIds: string[] }, deps = tp.platform.deps) {
  await withContext(deps.handle, staff, (tx) => notifyUsers(tx, deps, {
    tenantId: staff.tenantId!, kind: 'case.transferred', title: '事项已转办', body: '您有一件事项待办理', link: '/cases/x', channels: ['inapp'], ...notice,
  }));
}

async function idsOf(login: string, query = '') {
  return ((await (await tp.as(login)).get(`/api/v1/notifications${query}`)).body.items as { id: string }[]).map((n) => n.id);
}

describe('notifications', () => {
  it('lists only the caller\'s own notifications, newest first, in pages', async () => {
    await notify({ userIds: [staff.userId!, wang.userId!, staff.userId!], title: 'first' });
    await notify({ userIds: [staff.userId!], title: 'second' });
    await notify({ userIds: [staff.userId!], title: 'third' });
    const c = await tp.as('funing.staff');
    const first = await c.get('/api/v1/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['third', 'second']);
    expect(first.body.items[0]).toMatchObject({ kind: 'case.transferred', link: '/cases/x', readAt: null, tenantId: staff.tenantId, data: {} });
    const second = await c.get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].title).toBe('first');
    const ids = [...first.body.items, ...second.body.items].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Duplicated recipients get one row; another person sees only theirs.
    const titles = async (login: string) => (await (await tp.as(login)).get('/api/v1/notifications?limit=100')).body.items.map((n: { title: string }) => n.title);
    expect((await titles('funing.staff')).filter((t: string) => t === 'first')).toHaveLength(1);
    expect(await titles('deputy.wang')).toContain('first');
    expect(await titles('deputy.wang')).not.toContain('second');
  });

  it('counts unread ones and marks one or all read', async () => {
    const c = await tp.as('funing.staff');
    const before = (await c.get('/api/v1/notifications/unread-count')).body.count;
    expect(before).toBe(3);
    const [latest] = await idsOf('funing.staff');
    const read = await c.post(`/api/v1/notifications/${latest}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    // Reading again keeps the first reading time.
    expect((await c.post(`/api/v1/notifications/${latest}/read`)).body.readAt).toBe(read.body.readAt);
    expect((await c.get('/api/v1/notifications/unread-count')).body.count).toBe(2);
    const [, older, oldest] = await idsOf('funing.staff');
    const readOnes = await idsOf('funing.staff', '?unread=false&limit=100');
    expect(readOnes).toContain(latest);
    expect(readOnes).not.toContain(older);
    expect(await idsOf('funing.staff', '?unread=true')).toEqual([older, oldest]);
    expect((await c.post('/api/v1/notifications/read-all')).body).toEqual({ updated: 2 });
    expect((await c.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    expect(await idsOf('funing.staff', '?unread=true')).toEqual([]);
    // deputy.wang's notification is untouched by funing.staff's read-all.
    expect((await (await tp.as('deputy.wang')).get('/api/v1/notifications/unread-count')).body.count).toBe(1);
  });

  it('answers 404 for another person\'s notification and changes nothing', async () => {
    const [wangs] = await idsOf('deputy.wang');
    const res = await (await tp.as('funing.staff')).post(`/api/v1/notifications/${wangs}/read`);
    expect(res.status).toBe(404);
    expect((await (await tp.as('deputy.wang')).get('/api/v1/notifications/unread-count')).body.count).toBe(1);
  });

  it('queues an outbox row per reachable recipient and channel, and none for a person outside the acting congress', async () => {
    await notify({ userIds: [staff.userId!, province.userId!], channels: ['inapp', 'sms', 'email'], kind: 'case.escalated', data: { caseId: null } });
    const rows = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ channel: string; recipient: string; status: string; tenant_id: string }>(
      await tx.execute(sql`select channel, recipient, status, tenant_id from deliveries where kind = 'case.escalated' order by recipient`)));
    // Nobody has an email address in the demo; province.admin has no membership in 阜宁县, so the
    // county cannot read (or text) the province's phone: it gets the in-app notification only.
    expect(rows.map((r) => [r.channel, r.recipient])).toEqual([['sms', '13800000004']]);
    expect(rows.every((r) => r.tenant_id === staff.tenantId)).toBe(true);
  });

  it('refuses to write notifications for another congress than the transaction\'s', async () => {
    await expect(notify({ userIds: [staff.userId!], tenantId: province.tenantId! })).rejects.toThrow();
  });

  it('renders templates and keeps unknown placeholders visible', () => {
    expect(renderTemplate('事项 {ticket} 已由 {unit} 答复 {x}', { ticket: 'A-1', unit: '水利局' })).toBe('事项 A-1 已由 水利局 答复 {x}');
  });
});

/** Read an SSE response until `done` says so; returns the text read. */
async function readStream(res: Response, done: (text: string) => boolean, ms = 10_000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`stream did not deliver in time: ${text}`);
    const { value, done: ended } = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stream stalled: ${text}`)), ms))]);
    if (ended) break;
    text += decoder.decode(value);
  }
  return { text, reader };
}

describe('notification stream', () => {
  it('pushes a new notification to the recipient\'s open stream and unsubscribes on close', async () => {
    const c = await tp.as('funing.staff');
    const res = await tp.app.request('http://localhost/api/v1/notifications/stream', { headers: { cookie: c.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const opened = await readStream(res, (t) => t.includes(': connected'));
    const hub = tp.platform.deps.hub;
    expect(hub.listeners()).toBe(1);
    await notify({ userIds: [wang.userId!], title: 'not yours' });
    await notify({ userIds: [staff.userId!], title: 'live one', data: { ticket: 'T1' } });
    let text = '';
    while (!text.includes('live one')) {
      const { value } = await opened.reader.read();
      text += new TextDecoder().decode(value);
    }
    expect(text).not.toContain('not yours');
    const event = /event: notification\ndata: (.*)\n/.exec(text)!;
    expect(JSON.parse(event[1])).toMatchObject({ title: 'live one', kind: 'case.transferred', data: { ticket: 'T1' }, readAt: null, tenantId: staff.tenantId });
    await opened.reader.cancel();
    await eventually(async () => hub.listeners() === 0, 5000, 'the stream to unsubscribe');
  });

  it('does not push a notification whose transaction rolled back', async () => {
    const c = await tp.as('funing.staff');
    const res = await tp.app.request('http://localhost/api/v1/notifications/stream', { headers: { cookie: c.cookie } });
    const opened = await readStream(res, (t) => t.includes(': connected'));
    await withContext(tp.platform.deps.handle, staff, async (tx) => {
      await notifyUsers(tx, tp.platform.deps, { tenantId: staff.tenantId!, userIds: [staff.userId!], kind: 'k', title: 'rolled back', body: '', link: '/', channels: ['inapp'] });
      throw new Error('undo');
    }).catch(() => {});
    await notify({ userIds: [staff.userId!], title: 'committed' });
    let text = '';
    while (!text.includes('committed')) text += new TextDecoder().decode((await opened.reader.read()).value);
    expect(text).not.toContain('rolled back');
    await opened.reader.cancel();
  });

  // Two API instances share Postgres and Redis: the push crosses through Redis pub/sub.
  it.runIf(realRedis)('delivers a notification written through one instance to a stream opened on another', async () => {
    const shared2 = await createRedisShared(process.env.REDIS_URL!, tp.redisPrefix);
    const hub2 = await createLiveHub(shared2);
    const app2 = createApp({ ...tp.platform.deps, shared: shared2, hub: hub2 });
    try {
      const login = await tp.as('funing.staff');
      const on2 = new Client(app2);
      on2.cookie = login.cookie;
      expect((await on2.get('/api/v1/me')).status).toBe(200);
      const res = await app2.request('http://localhost/api/v1/notifications/stream', { headers: { cookie: login.cookie } });
      const opened = await readStream(res, (t) => t.includes(': connected'));
      await notify({ userIds: [staff.userId!], title: 'across instances' });
      let text = '';
      while (!text.includes('across instances')) text += new TextDecoder().decode((await opened.reader.read()).value);
      expect(text).toContain('event: notification');
      await opened.reader.cancel();
      await eventually(async () => hub2.listeners() === 0, 5000, 'the stream on instance 2 to unsubscribe');
    } finally {
      await shared2.close();
    }
  });
});

describe('notifications isolation', () => {
  const other = () => `/api/v1/notifications/${foreignId}/read`;
  let foreignId = '';
  beforeAll(async () => {
    [foreignId] = await idsOf('deputy.wang');
  });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/notifications' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/notifications/unread-count' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/notifications/stream' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/notifications/read-all' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read', foreign: { login: 'funing.staff', path: other } });
});
