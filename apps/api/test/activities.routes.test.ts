import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { moveState } from '../src/modules/duties/activities.writes.ts';
import { verificationQueue } from '../src/modules/duties/activities.queries.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const seats: Record<string, string> = {};
let funingFile: string;
let funingThumbFile: string;
let sheyangFile: string;
let zhaoSubmitted: string;

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['deputy.li', 'deputy.wang', 'deputy.zhao', 'funing.staff', 'funing.admin', 'sheyang.staff', 'yancheng.staff']) {
    as[login] = await tp.as(login);
  }
  for (const [key, username, code] of [['li', 'deputy.li', '320923'], ['zhang', 'deputy.zhang', '320923'], ['chen', 'deputy.chen', '320923'],
    ['wang', 'deputy.wang', '320923'], ['wangTown', 'deputy.wang', '320923100'], ['zhao', 'deputy.zhao', '320924']]) {
    seats[key] = (await owner<{ id: string }>(sql`select d.id from deputies d join users u on u.id = d.user_id
      join tenants t on t.id = d.tenant_id where u.username = ${username} and t.code = ${code}`))[0].id;
  }
  funingFile = await fileIn('320923', null);
  funingThumbFile = await fileIn('320923', 'thumbs/x.webp');
  sheyangFile = await fileIn('320924', null);
  zhaoSubmitted = (await as['deputy.zhao'].post('/api/v1/activities', { kind: 'inspection', title: '射阳的视察', occurredOn: '2026-07-01', submit: true })).body.id;
});
afterAll(async () => { await tp?.close(); });

/** Rows read as the owner (no RLS): the test's view of the truth. */
async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

/** An uploaded file's row in a congress (the bytes do not matter here). */
async function fileIn(code: string, thumbKey: string | null): Promise<string> {
  const [row] = await owner<{ id: string }>(sql`insert into files (tenant_id, tenant_path, storage_key, thumb_key, content_type, size, sha256, original_name)
    select id, '', 'test/evidence.jpg', ${thumbKey}, 'image/jpeg', 2048, 'abc', '现场照片.jpg' from tenants where code = ${code} returning id`);
  return row.id;
}

const record = (extra: Record<string, unknown> = {}) => ({ kind: 'constituents', title: '走访选民', occurredOn: '2026-09-01', ...extra });

/** A new draft of deputy.li's. */
async function liDraft(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await as['deputy.li'].post('/api/v1/activities', record(extra));
  expect(res.status).toBe(201);
  return res.body.id;
}

async function auditTrail(id: string): Promise<string[]> {
  return (await owner<{ action: string }>(sql`select action from audit_log where subject_id = ${id} order by id`)).map((r) => r.action);
}

async function setDutiesConfig(config: Record<string, unknown>) {
  const res = await as['funing.admin'].put('/api/v1/modules/duties/config', { config });
  expect(res.status).toBe(200);
}

describe('activity kinds', () => {
  it('lists the five standard kinds with their labels in both languages', async () => {
    const res = await as['deputy.li'].get('/api/v1/activity-kinds');
    expect(res.status).toBe(200);
    expect(res.body.items.map((k: any) => k.key)).toEqual(['meeting', 'inspection', 'suggestion', 'constituents', 'group']);
    expect(res.body.items[0]).toEqual({ key: 'meeting', label: { 'zh-CN': '出席会议', en: 'attending meetings' }, custom: false });
  });

  it('adds the custom kinds of the congress configuration, accepts them and refuses others', async () => {
    await setDutiesConfig({ customActivityKinds: ['代表接待日'] });
    const kinds = (await as['deputy.li'].get('/api/v1/activity-kinds')).body.items;
    expect(kinds.at(-1)).toEqual({ key: 'custom:代表接待日', label: { 'zh-CN': '代表接待日', en: '代表接待日' }, custom: true });
    expect((await as['deputy.li'].post('/api/v1/activities', record({ kind: 'custom:代表接待日' }))).status).toBe(201);
    const refused = await as['deputy.li'].post('/api/v1/activities', record({ kind: 'custom:茶话会' }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'kind', message: '本级人大未启用活动类型“custom:茶话会”。' }]);
  });

  it('refuses a custom kind in a congress that did not configure it', async () => {
    const res = await as['deputy.zhao'].post('/api/v1/activities', record({ kind: 'custom:代表接待日' }));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('kind');
  });
});

describe('recording', () => {
  it('lets a deputy record their own draft with evidence in the order given', async () => {
    const res = await as['deputy.li'].post('/api/v1/activities', record({ fileIds: [funingThumbFile, funingFile], place: '沟墩镇' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ deputyId: seats.li, deputyName: '李秀英', groupName: '沟墩代表小组', state: 'draft', source: 'self', place: '沟墩镇', submittedAt: null });
    expect(res.body.files).toEqual([
      { id: funingThumbFile, tenantId: res.body.tenantId, contentType: 'image/jpeg', size: 2048, width: null, height: null, originalName: '现场照片.jpg',
        url: `/api/v1/files/${funingThumbFile}`, thumbUrl: `/api/v1/files/${funingThumbFile}/thumb` },
      expect.objectContaining({ id: funingFile, thumbUrl: null }),
    ]);
    expect(res.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await auditTrail(res.body.id)).toEqual(['activity.create']);
  });

  it('submits at once when asked', async () => {
    const res = await as['deputy.li'].post('/api/v1/activities', record({ submit: true }));
    expect(res.body).toMatchObject({ state: 'submitted' });
    expect(res.body.submittedAt).not.toBeNull();
    expect(await auditTrail(res.body.id)).toEqual(['activity.create', 'activity.submit']);
  });

  it('refuses evidence of another congress', async () => {
    const res = await as['deputy.li'].post('/api/v1/activities', record({ fileIds: [funingFile, sheyangFile] }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'fileIds.1', message: '附件不存在，或不属于本级人大。' }]);
  });

  it('refuses a day that has not come yet and a day that does not exist', async () => {
    const future = await as['deputy.li'].post('/api/v1/activities', record({ occurredOn: '2099-01-01' }));
    expect(future.status).toBe(422);
    expect(future.body.errors[0].path).toBe('occurredOn');
    expect((await as['deputy.li'].post('/api/v1/activities', record({ occurredOn: '2026-02-30' }))).status).toBe(422);
  });

  it('answers 403 with a clear message to staff recording for themselves without a seat', async () => {
    const res = await as['funing.staff'].post('/api/v1/activities', record());
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('您在本级人大没有代表席位，不能登记本人的履职活动。');
  });

  it('lets staff record for a deputy of their congress, and for several at once under one batch', async () => {
    const one = await as['funing.staff'].post('/api/v1/activities', record({ deputyId: seats.li }));
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ deputyId: seats.li, source: 'staff', state: 'draft' });
    const many = await as['funing.staff'].post('/api/v1/activities', record({ deputyIds: [seats.li, seats.zhang, seats.chen], kind: 'group', submit: true }));
    expect(many.status).toBe(201);
    expect(many.body.items.map((a: any) => a.deputyId).sort()).toEqual([seats.li, seats.zhang, seats.chen].sort());
    expect(many.body.items.every((a: any) => a.source === 'staff' && a.state === 'submitted')).toBe(true);
    const batches = await owner<{ batch_id: string | null }>(sql`select distinct batch_id from activities
      where id = any(${`{${many.body.items.map((a: any) => a.id).join(',')}}`}::uuid[])`);
    expect(batches).toHaveLength(1);
    expect(batches[0].batch_id).not.toBeNull();
  });

  it('refuses to record for a seat outside the roll-up (404), of a township below (403) or of another deputy (403)', async () => {
    expect((await as['sheyang.staff'].post('/api/v1/activities', record({ deputyId: seats.li }))).status).toBe(404);
    expect((await as['funing.staff'].post('/api/v1/activities', record({ deputyId: seats.zhao }))).status).toBe(404);
    expect((await as['funing.staff'].post('/api/v1/activities', record({ deputyId: seats.wangTown }))).status).toBe(403);
    expect((await as['deputy.li'].post('/api/v1/activities', record({ deputyId: seats.zhang }))).status).toBe(403);
  });
});

describe('the flow', () => {
  it('goes draft → submitted → returned → submitted → published, stamping and auditing each step', async () => {
    const id = await liDraft();
    const li = as['deputy.li'];
    const staff = as['funing.staff'];
    expect((await li.patch(`/api/v1/activities/${id}`, { title: '走访沟墩镇选民' })).body.title).toBe('走访沟墩镇选民');
    const submitted = (await li.post(`/api/v1/activities/${id}/submit`)).body;
    expect(submitted).toMatchObject({ state: 'submitted', returnReason: null });
    const returned = await staff.post(`/api/v1/activities/${id}/return`, { reason: '请补充现场照片' });
    expect(returned.body).toMatchObject({ state: 'returned', returnReason: '请补充现场照片' });
    expect(returned.body.reviewedAt).not.toBeNull();
    const fixed = await li.patch(`/api/v1/activities/${id}`, { fileIds: [funingFile], submit: true });
    expect(fixed.body).toMatchObject({ state: 'submitted', returnReason: null, files: [expect.objectContaining({ id: funingFile })] });
    const verified = await staff.post(`/api/v1/activities/${id}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('published');
    expect(verified.body.publishedAt).not.toBeNull();
    expect(await auditTrail(id)).toEqual(['activity.create', 'activity.update', 'activity.submit', 'activity.return',
      'activity.update', 'activity.submit', 'activity.verify']);
    const [row] = await owner<{ reviewed_by: string; updated_at: string; created_at: string }>(sql`
      select reviewed_by, updated_at, created_at from activities where id = ${id}`);
    const me = (await staff.get('/api/v1/me')).body;
    expect(row.reviewed_by).toBe(me.user.id);
    expect(new Date(row.updated_at) > new Date(row.created_at)).toBe(true);
  });

  it('answers 409 with a localized message from a state that does not allow the move', async () => {
    const id = await liDraft({ submit: true });
    await as['funing.staff'].post(`/api/v1/activities/${id}/verify`);
    const li = as['deputy.li'];
    const staff = as['funing.staff'];
    expect((await li.patch(`/api/v1/activities/${id}`, { title: 'x' })).status).toBe(409);
    expect((await li.delete(`/api/v1/activities/${id}`)).status).toBe(409);
    expect((await li.post(`/api/v1/activities/${id}/submit`)).status).toBe(409);
    expect((await staff.post(`/api/v1/activities/${id}/return`, { reason: '不对' })).status).toBe(409);
    expect((await staff.post(`/api/v1/activities/${id}/publish`)).status).toBe(409);
    const again = await staff.post(`/api/v1/activities/${id}/verify`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('只有待审核的活动可以审核通过，该活动当前为“已公开”。');
    const en = await staff.post(`/api/v1/activities/${id}/verify`, {}, { 'accept-language': 'en' });
    expect(en.body.detail).toBe('Only a submitted activity can be verified; this one is published.');
  });

  it('verifies without publishing when the congress turned publishOnVerify off, and then publishes', async () => {
    await setDutiesConfig({ customActivityKinds: ['代表接待日'], publishOnVerify: false });
    try {
      const id = await liDraft({ submit: true });
      const verified = await as['funing.staff'].post(`/api/v1/activities/${id}/verify`);
      expect(verified.body).toMatchObject({ state: 'verified', publishedAt: null });
      expect((await as['deputy.li'].post(`/api/v1/activities/${id}/publish`)).status).toBe(403);
      const published = await as['funing.staff'].post(`/api/v1/activities/${id}/publish`);
      expect(published.body.state).toBe('published');
      expect(await auditTrail(id)).toEqual(['activity.create', 'activity.submit', 'activity.verify', 'activity.publish']);
    } finally {
      await setDutiesConfig({ customActivityKinds: ['代表接待日'] });
    }
  });

  it('refuses a return without a reason or with one over 500 characters, in the caller\'s language', async () => {
    const id = await liDraft({ submit: true });
    const blank = await as['funing.staff'].post(`/api/v1/activities/${id}/return`, { reason: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([{ path: 'reason', message: '长度至少为 1' }]);
    const en = await as['funing.staff'].post(`/api/v1/activities/${id}/return`, { reason: '' }, { 'accept-language': 'en' });
    expect(en.body.errors[0].path).toBe('reason');
    expect(en.body.errors[0].message).not.toBe('长度至少为 1');
    expect(en.body.title).not.toBe(blank.body.title);
    expect((await as['funing.staff'].post(`/api/v1/activities/${id}/return`, { reason: '长'.repeat(501) })).status).toBe(422);
    expect((await as['funing.staff'].get(`/api/v1/activities/${id}`)).body.state).toBe('submitted');
  });

  it('deletes a draft and refuses to delete anything submitted', async () => {
    const draft = await liDraft({ fileIds: [funingFile] });
    expect((await as['deputy.li'].delete(`/api/v1/activities/${draft}`)).status).toBe(204);
    expect((await as['deputy.li'].get(`/api/v1/activities/${draft}`)).status).toBe(404);
    expect(await auditTrail(draft)).toEqual(['activity.create', 'activity.delete']);
    const submitted = await liDraft({ submit: true });
    const res = await as['deputy.li'].delete(`/api/v1/activities/${submitted}`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('只有草稿可以删除，该活动当前为“待审核”。');
  });

  it('does not let a deputy verify, return or publish, not even their own record', async () => {
    const id = await liDraft({ submit: true });
    expect((await as['deputy.li'].post(`/api/v1/activities/${id}/verify`)).status).toBe(403);
    expect((await as['deputy.li'].post(`/api/v1/activities/${id}/return`, { reason: '自己退回' })).status).toBe(403);
    expect((await as['deputy.li'].post('/api/v1/activities/verify', { ids: [id] })).status).toBe(403);
    expect((await as['funing.staff'].get(`/api/v1/activities/${id}`)).body.state).toBe('submitted');
  });

  it('lets only one of two racing reviewers act; the other gets 409', async () => {
    const id = await liDraft({ submit: true });
    const results = await Promise.all([
      as['funing.staff'].post(`/api/v1/activities/${id}/verify`),
      as['funing.admin'].post(`/api/v1/activities/${id}/return`, { reason: '材料不全' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const trail = await auditTrail(id);
    expect(trail.filter((a) => a === 'activity.verify' || a === 'activity.return')).toHaveLength(1);
  });

  it('moves a row only from the state the reviewer saw, so a stale second update changes nothing', async () => {
    const id = await liDraft({ submit: true });
    const ctx = await contextOf(tp, 'funing.staff');
    const reviewer = ctx.userId!;
    const first = await withContext(tp.platform.deps.handle, ctx, (tx) => moveState(tx, { id, from: 'submitted', to: 'published', reviewerId: reviewer }));
    const second = await withContext(tp.platform.deps.handle, ctx, (tx) => moveState(tx, { id, from: 'submitted', to: 'returned', reviewerId: reviewer, returnReason: '晚了' }));
    expect([first, second]).toEqual([true, false]);
    expect((await owner<{ state: string }>(sql`select state from activities where id = ${id}`))[0].state).toBe('published');
  });
});

describe('reading', () => {
  it('shows a deputy only their own activities: another deputy\'s answers 404 at every tier', async () => {
    const id = await liDraft();
    expect((await as['deputy.li'].get(`/api/v1/activities/${id}`)).status).toBe(200);
    const wang = as['deputy.wang'];
    expect((await wang.get(`/api/v1/activities/${id}`)).status).toBe(404);
    expect((await wang.get(`/api/v1/activities?deputyId=${seats.li}`)).status).toBe(404);
    const wangSeats = (await owner<{ id: string }>(sql`select d.id from deputies d join users u on u.id = d.user_id where u.username = 'deputy.wang'`)).map((r) => r.id);
    const list = (await wang.get('/api/v1/activities?limit=100')).body.items;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a: any) => wangSeats.includes(a.deputyId))).toBe(true);
    const county = await tp.as('deputy.wang');
    const me = (await county.get('/api/v1/me')).body;
    await county.post('/api/v1/auth/switch', { membershipId: me.memberships.find((m: any) => m.tenant.code === '320923').id });
    expect((await county.get(`/api/v1/activities/${id}`)).status).toBe(404);
  });

  it('lists the subtree for staff with filters, newest first, page by page', async () => {
    const staff = as['funing.staff'];
    const published = (await staff.get(`/api/v1/activities?deputyId=${seats.li}&state=published&limit=100`)).body.items;
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((a: any) => a.deputyId === seats.li && a.state === 'published' && typeof a.fileCount === 'number' && !('files' in a))).toBe(true);
    expect((await staff.get('/api/v1/activities?year=2025')).body.items).toEqual([]);
    expect((await staff.get('/api/v1/activities?kind=meeting&limit=100')).body.items.every((a: any) => a.kind === 'meeting')).toBe(true);
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = (await staff.get(`/api/v1/activities?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...res.items);
      cursor = res.nextCursor;
    } while (cursor);
    const all = (await staff.get('/api/v1/activities?limit=100')).body.items;
    expect(seen.map((a) => a.id)).toEqual(all.map((a: any) => a.id));
    const days = seen.map((a) => a.occurredOn);
    expect(days).toEqual([...days].sort().reverse());
    expect((await staff.get('/api/v1/activities?cursor=bm9wZQ')).status).toBe(400);
  });

  it('answers 404 to staff of a sibling county, who can neither read nor verify', async () => {
    const id = await liDraft({ submit: true });
    expect((await as['sheyang.staff'].get(`/api/v1/activities/${id}`)).status).toBe(404);
    expect((await as['sheyang.staff'].post(`/api/v1/activities/${id}/verify`)).status).toBe(404);
    expect((await as['funing.staff'].get(`/api/v1/activities/${id}`)).body.state).toBe('submitted');
  });

  it('lets city staff read a county activity but not verify it (403)', async () => {
    const id = await liDraft({ submit: true });
    expect((await as['yancheng.staff'].get(`/api/v1/activities/${id}`)).status).toBe(200);
    expect((await as['yancheng.staff'].post(`/api/v1/activities/${id}/verify`)).status).toBe(403);
    expect((await as['yancheng.staff'].post('/api/v1/activities/verify', { ids: [id] })).body).toEqual({ verified: 0 });
  });
});

describe('the verification queue', () => {
  it('lists submitted activities of the congress, oldest first, with names and file counts, page by page', async () => {
    await liDraft({ submit: true, fileIds: [funingFile, funingThumbFile] });
    const staff = as['funing.staff'];
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = (await staff.get(`/api/v1/activities/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...res.items);
      cursor = res.nextCursor;
    } while (cursor);
    const expected = await owner<{ id: string }>(sql`select a.id from activities a join tenants t on t.id = a.tenant_id
      where t.code = '320923' and a.state = 'submitted' order by a.submitted_at, a.id`);
    expect(seen.map((a) => a.id)).toEqual(expected.map((r) => r.id));
    expect(seen.every((a) => a.state === 'submitted' && a.deputyName && 'groupName' in a)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ deputyName: '李秀英', groupName: '沟墩代表小组', fileCount: 2 });
    expect(seen.some((a) => a.id === zhaoSubmitted)).toBe(false);
  });

  it('finds no row of another congress when the queue query runs under a foreign scope', async () => {
    const [sheyang] = await owner<{ id: string }>(sql`select id from tenants where code = '320924'`);
    const bare = await asOwner(tp.platform.owner!, (tx) => verificationQueue(tx, sheyang.id, null, 50));
    expect(bare.map((r) => r.id)).toContain(zhaoSubmitted);
    const funing = await contextOf(tp, 'funing.staff');
    expect(await withContext(tp.platform.deps.handle, funing, (tx) => verificationQueue(tx, sheyang.id, null, 50))).toEqual([]);
  });

  it('verifies a batch from the queue and skips ids of other congresses', async () => {
    const staff = as['funing.staff'];
    const queue = (await staff.get('/api/v1/activities/queue?limit=100')).body.items.map((a: any) => a.id);
    expect(queue.length).toBeGreaterThan(1);
    const res = await staff.post('/api/v1/activities/verify', { ids: [...queue, zhaoSubmitted] });
    expect(res.body).toEqual({ verified: queue.length });
    expect((await staff.get('/api/v1/activities/queue')).body.items).toEqual([]);
    expect((await as['sheyang.staff'].get(`/api/v1/activities/${zhaoSubmitted}`)).body.state).toBe('submitted');
    expect(await auditTrail(queue[0])).toContain('activity.verify');
  });

  it('does not let staff who also sit as deputies review their own records', async () => {
    await owner(sql`update memberships set roles = array['deputy', 'staff'] where user_id = (select id from users where username = 'deputy.li')`);
    try {
      const li = await tp.as('deputy.li');
      const id = (await li.post('/api/v1/activities', record({ submit: true }))).body.id;
      const res = await li.post(`/api/v1/activities/${id}/verify`);
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe('不能审核本人的履职活动。');
      expect((await li.post('/api/v1/activities/verify', { ids: [id] })).body).toEqual({ verified: 0 });
    } finally {
      await owner(sql`update memberships set roles = array['deputy'] where user_id = (select id from users where username = 'deputy.li')`);
    }
  });
});

describe('the module gate', () => {
  it('answers 404 module-disabled on every duties route while the module is off for the congress', async () => {
    expect((await as['funing.admin'].put('/api/v1/modules/duties', { state: 'off' })).status).toBe(200);
    try {
      for (const path of ['/api/v1/activity-kinds', '/api/v1/activities', '/api/v1/activities/queue', '/api/v1/archives/mine', '/api/v1/evaluation']) {
        const res = await as['funing.staff'].get(path);
        expect([path, res.status, res.body.type]).toEqual([path, 404, 'https://renda.dev/problems/module-disabled']);
      }
      expect((await as['deputy.li'].post('/api/v1/activities', record())).status).toBe(404);
      expect((await as['sheyang.staff'].get('/api/v1/activities')).status).toBe(200);
    } finally {
      expect((await as['funing.admin'].put('/api/v1/modules/duties', { state: 'inherit' })).status).toBe(200);
    }
  });
});

describe('isolation of every endpoint', () => {
  const id = '00000000-0000-4000-8000-000000000000';
  const foreign = () => zhaoSubmitted;
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/activity-kinds', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/activities', forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/activities?deputyId=${seats.zhao}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/activities/queue', forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/activities/verify', body: { ids: [id] }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/activities', body: record(), forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/activities/${id}`, forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/activities/${foreign()}` } });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/activities/${id}`, body: { title: '改' }, forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/activities/${foreign()}` } });
  routeIsolation(() => tp, { method: 'DELETE', path: `/api/v1/activities/${id}`, forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/activities/${foreign()}` } });
  for (const move of ['submit', 'verify', 'publish']) {
    routeIsolation(() => tp, { method: 'POST', path: `/api/v1/activities/${id}/${move}`, forbiddenFor: 'unit.water',
      foreign: { login: 'funing.staff', path: () => `/api/v1/activities/${foreign()}/${move}` } });
  }
  routeIsolation(() => tp, { method: 'POST', path: `/api/v1/activities/${id}/return`, body: { reason: '退回' }, forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/activities/${foreign()}/return` } });
});
