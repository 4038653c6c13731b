import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation } from './support/isolation.ts';
import { itemsByIds } from '../src/modules/suggestions/suggestions.queries.ts';
import { numberLabel } from '../src/modules/suggestions/suggestions.view.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const user: Record<string, string> = {};
const unit: Record<string, string> = {};
/** Demo rows by title. */
const demo: Record<string, string> = {};
let sheyangRow: string;
let wangDraft: string;

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

async function actingIn(login: string, code: string): Promise<Client> {
  const c = await tp.as(login);
  const me = (await c.get('/api/v1/me')).body;
  const membership = me.memberships.find((m: any) => m.tenant.code === code);
  expect((await c.post('/api/v1/auth/switch', { membershipId: membership.id })).status).toBe(200);
  return c;
}

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'yancheng.staff', 'sheyang.staff', 'province.admin', 'deputy.li', 'deputy.zhang', 'deputy.chen', 'deputy.zhao', 'unit.water', 'unit.housing', 'funing.committee']) {
    as[login] = await tp.as(login);
  }
  as['deputy.wang'] = await actingIn('deputy.wang', '320923');
  for (const r of await owner<{ username: string; id: string }>(sql`select username, id from users`)) user[r.username] = r.id;
  for (const r of await owner<{ code: string; id: string }>(sql`select u.code, u.id from units u join tenants t on t.id = u.tenant_id where t.code = '320923'`)) unit[r.code] = r.id;
  for (const r of await owner<{ title: string; id: string; code: string }>(sql`select s.title, s.id, t.code from suggestions s join tenants t on t.id = s.tenant_id`)) {
    demo[r.title] = r.id;
    if (r.code === '320924') sheyangRow = r.id;
  }
  wangDraft = demo['关于在沟墩镇增设老年人助餐点的建议'];
});
afterAll(async () => { await tp?.close(); });

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((s) => s.id);

describe('the demo', () => {
  it('seeds 阜宁县 suggestions in every state, one overdue for sign-for and one under a committee member', async () => {
    const rows = await owner<{ state: string; n: number }>(sql`select s.state, count(*)::int as n from suggestions s join tenants t on t.id = s.tenant_id
      where t.code = '320923' group by s.state order by s.state`);
    expect(Object.fromEntries(rows.map((r) => [r.state, r.n]))).toEqual({ accepted: 1, assigned: 2, closed: 1, draft: 1, replied: 1, signed: 1, submitted: 1 });
    const overdue = (await as['funing.staff'].get('/api/v1/suggestions?view=overdue')).body.items;
    expect(overdue.map((s: any) => [s.title, s.dueStep, s.overdue])).toEqual([['关于加快农村饮用水管网改造的建议', 'sign', true]]);
    const supervised = (await as['funing.committee'].get('/api/v1/suggestions?view=supervised')).body.items;
    expect(supervised.map((s: any) => s.title)).toEqual(['关于实施农村河道综合整治的建议']);
    const published = await owner<{ title: string }>(sql`select title from public_suggestions('320923', null, null, 10)`);
    expect(published.map((r) => r.title)).toEqual(['关于加强城区垃圾分类设施建设的建议']);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestion_keyword_months k join tenants t on t.id = k.tenant_id where t.code = '320923'`);
    expect(n).toBeGreaterThan(0);
  });
});

describe('lists', () => {
  it('shows each person their views: mine, invited, review, unit, all', async () => {
    const mine = await as['deputy.wang'].get('/api/v1/suggestions?view=mine');
    expect(mine.status).toBe(200);
    expect(ids(mine)).toContain(wangDraft);
    expect(mine.body.items.every((s: any) => s.leadAuthor.userId === user['deputy.wang'] || s.signerCount >= 1)).toBe(true);
    expect(ids(await as['deputy.li'].get('/api/v1/suggestions?view=invited'))).toEqual([wangDraft]);
    expect(ids(await as['deputy.zhang'].get('/api/v1/suggestions?view=invited'))).toEqual([]);
    expect(ids(await as['funing.staff'].get('/api/v1/suggestions?view=review'))).toEqual([demo['关于加快推进城区老旧小区改造的建议']]);
    const water = (await as['unit.water'].get('/api/v1/suggestions?view=unit')).body.items.map((s: any) => s.title).sort();
    expect(water).toEqual(['关于加快农村饮用水管网改造的建议', '关于实施农村河道综合整治的建议', '关于提升城区防汛排涝能力的建议'].sort());
    // A unit officer's "all" is still only their units' work.
    expect((await as['unit.housing'].get('/api/v1/suggestions?view=all')).body.items.map((s: any) => s.title).sort())
      .toEqual(['关于实施农村河道综合整治的建议', '关于改善沟墩镇农村公路通行条件的建议', '关于提升城区防汛排涝能力的建议'].sort());
  });

  it('shows staff every submitted row of their subtree but no draft; deputies filed ones and their own', async () => {
    const staff = ids(await as['funing.staff'].get('/api/v1/suggestions?view=all&limit=100'));
    expect(staff).toHaveLength(7);
    expect(staff).not.toContain(wangDraft);
    const zhang = (await as['deputy.zhang'].get('/api/v1/suggestions?view=all&limit=100')).body.items;
    expect(zhang.every((s: any) => s.number !== null || s.leadAuthor.userId === user['deputy.zhang'])).toBe(true);
    expect(zhang.map((s: any) => s.id)).not.toContain(demo['关于加快推进城区老旧小区改造的建议']);
    expect(zhang.map((s: any) => s.id)).toContain(demo['关于加强农村饮用水安全保障的建议']);
  });

  it('pages with a keyset cursor, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await as['yancheng.staff'].get(`/api/v1/suggestions?view=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(8);
    const all = (await as['yancheng.staff'].get('/api/v1/suggestions?view=all&limit=100')).body.items;
    expect(all.map((s: any) => s.id)).toEqual(seen);
    const times = all.map((s: any) => new Date(s.submittedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await as['yancheng.staff'].get('/api/v1/suggestions?cursor=bm9wZQ')).status).toBe(400);
  });

  it('narrows the roll-up to one congress of the subtree with tenantId, and filters by state and kind', async () => {
    const [funing] = await owner<{ id: string }>(sql`select id from tenants where code = '320923'`);
    const [sheyang] = await owner<{ id: string }>(sql`select id from tenants where code = '320924'`);
    const onlyFuning = (await as['yancheng.staff'].get(`/api/v1/suggestions?tenantId=${funing.id}&limit=100`)).body.items;
    expect(onlyFuning).toHaveLength(7);
    expect(onlyFuning.every((s: any) => s.tenantId === funing.id)).toBe(true);
    expect(ids(await as['yancheng.staff'].get(`/api/v1/suggestions?tenantId=${sheyang.id}`))).toEqual([sheyangRow]);
    expect(ids(await as['funing.staff'].get(`/api/v1/suggestions?tenantId=${sheyang.id}`))).toEqual([]);
    const assigned = (await as['funing.staff'].get('/api/v1/suggestions?state=assigned')).body.items;
    expect(assigned).toHaveLength(2);
    expect((await as['funing.staff'].get('/api/v1/suggestions?kind=motion')).body.items).toHaveLength(0);
  });

  it('answers list items in the documented shape', async () => {
    const item = (await as['funing.staff'].get('/api/v1/suggestions?state=replied')).body.items[0];
    expect(Object.keys(item).sort()).toEqual(['categoryId', 'categoryName', 'createdAt', 'dueAt', 'dueStep', 'id', 'key', 'kind', 'leadAuthor', 'leadUnit',
      'number', 'numberLabel', 'overdue', 'rating', 'replyCategory', 'round', 'sessionId', 'sessionName', 'signerCount', 'state', 'submittedAt', 'tenantId',
      'tenantName', 'title', 'updatedAt', 'urgent'].sort());
    expect(item).toMatchObject({ title: '关于改善沟墩镇农村公路通行条件的建议', categoryName: '交通出行', leadUnit: { name: '阜宁县住房和城乡建设局' },
      replyCategory: 'B', dueStep: 'rate', overdue: false, sessionName: '阜宁县第十八届人民代表大会第五次会议', leadAuthor: { name: '王建国' } });
    expect(item.numberLabel).toBe(numberLabel('suggestion', item.number, 'zh-CN'));
  });
});

describe('itemsByIds (for the search)', () => {
  it('answers visible items in the order of the ids, without the rows the context cannot see', async () => {
    const ctx = await contextOf(tp, 'funing.staff');
    const order = [demo['关于实施农村河道综合整治的建议'], sheyangRow, wangDraft, demo['关于加强农村饮用水安全保障的建议']];
    const items = await withContext(tp.platform.deps.handle, ctx, (tx) => itemsByIds(tx, order, 'en'));
    expect(items.map((i) => i.id)).toEqual([order[0], order[3]]);
    expect(items[0].numberLabel).toMatch(/^No\. \d+$/);
    expect(items[0].leadUnit?.name).toBe('阜宁县水利局');
  });
});

describe('detail', () => {
  it('answers a draft to its signers only (404 for staff, the city and other deputies)', async () => {
    expect((await as['deputy.wang'].get(`/api/v1/suggestions/${wangDraft}`)).status).toBe(200);
    expect((await as['deputy.li'].get(`/api/v1/suggestions/${wangDraft}`)).status).toBe(200);
    for (const login of ['funing.staff', 'yancheng.staff', 'province.admin', 'deputy.zhang', 'funing.committee', 'unit.water']) {
      expect((await as[login].get(`/api/v1/suggestions/${wangDraft}`)).status, login).toBe(404);
    }
  });

  it('answers the full detail with what the caller may do', async () => {
    const one = (await as['unit.water'].get(`/api/v1/suggestions/${demo['关于实施农村河道综合整治的建议']}`)).body;
    expect(one).toMatchObject({
      body: expect.stringContaining('益林镇'), source: 'scratch', supervisor: { kind: 'committee', name: '阜宁县人大常委会委员' }, key: true,
      signers: [expect.objectContaining({ name: '张伟', role: 'author', state: 'signed' }), expect.anything(), expect.anything()],
      can: { process: true, unitIds: [unit.water], update: false, review: false, assign: false, urge: false, note: true },
    });
    expect(one.assignments.map((a: any) => a.unitName)).toEqual(['阜宁县水利局', '阜宁县住房和城乡建设局']);
    const staff = (await as['funing.staff'].get(`/api/v1/suggestions/${demo['关于实施农村河道综合整治的建议']}`)).body.can;
    expect(staff).toMatchObject({ review: false, assign: false, reassign: true, supervise: true, urge: true, note: true, process: false, publish: false });
    const closed = (await as['funing.staff'].get(`/api/v1/suggestions/${demo['关于加强城区垃圾分类设施建设的建议']}`)).body;
    expect(closed).toMatchObject({ state: 'closed', rating: 1, publishedAt: expect.any(String), can: { publish: true, urge: false } });
    const wang = (await as['deputy.wang'].get(`/api/v1/suggestions/${demo['关于改善沟墩镇农村公路通行条件的建议']}`)).body.can;
    expect(wang).toMatchObject({ rate: true, update: false, withdraw: false });
  });
});

describe('drafting', () => {
  it('refuses a draft to staff (403) and to a deputy without a seat in the active congress (403 suggestion.noSeat)', async () => {
    expect((await as['funing.staff'].post('/api/v1/suggestions', { kind: 'suggestion', title: 'x' })).status).toBe(403);
    const [sheyang] = await owner<{ id: string }>(sql`select id from tenants where code = '320924'`);
    await owner(sql`insert into memberships (tenant_id, tenant_path, user_id, roles) values (${sheyang.id}, '', ${user['deputy.chen']}, '{deputy}')`);
    const chen = await actingIn('deputy.chen', '320924');
    const res = await chen.post('/api/v1/suggestions', { kind: 'suggestion', title: '关于射阳的建议' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/在任代表/);
  });

  it('invites only serving deputies of the congress (422 per entry) and refuses unknown sessions and categories', async () => {
    const res = await as['deputy.wang'].post('/api/v1/suggestions', {
      kind: 'suggestion', title: '关于某事的建议', cosignerUserIds: [user['deputy.li'], user['deputy.zhao'], user['funing.staff']],
      sessionId: '00000000-0000-4000-8000-000000000000', categoryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['categoryId', 'cosignerUserIds.1', 'cosignerUserIds.2', 'sessionId']);
  });

  it('drafts from a case\'s suggestion draft, once', async () => {
    const [caseRow] = await owner<{ id: string }>(sql`select id from cases where title = '咨询城乡居民医保缴费标准'`);
    const converted = await as['deputy.zhang'].post(`/api/v1/cases/${caseRow.id}/convert`, { title: '关于优化城乡居民医保缴费服务的建议', note: '共性问题' });
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    const made = await as['deputy.zhang'].post('/api/v1/suggestions', { kind: 'suggestion', source: 'case', sourceCaseId: caseRow.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ title: '关于优化城乡居民医保缴费服务的建议', source: 'case', sourceCaseId: caseRow.id, sourceTicket: expect.stringMatching(/^C\d{9}$/) });
    expect(made.body.body).toContain('医保');
    expect((await as['deputy.zhang'].post('/api/v1/suggestions', { kind: 'suggestion', source: 'case', sourceCaseId: caseRow.id })).status).toBe(409);
    const [other] = await owner<{ id: string }>(sql`select id from cases where title = '沟墩镇人民路路灯不亮'`);
    expect((await as['deputy.zhang'].post('/api/v1/suggestions', { kind: 'suggestion', source: 'case', sourceCaseId: other.id })).status).toBe(422);
  });

  it('drafts for a delegation group: its serving deputies are invited as co-authors', async () => {
    const [group] = await owner<{ id: string }>(sql`select g.id from delegation_groups g join tenants t on t.id = g.tenant_id where t.code = '320923' and g.name = '益林代表小组'`);
    const made = await as['deputy.chen'].post('/api/v1/suggestions', { kind: 'suggestion', title: '关于益林镇农机合作社用地保障的建议', source: 'group', groupId: group.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ source: 'group', groupId: group.id, groupName: '益林代表小组' });
    expect(made.body.signers.map((s: any) => [s.name, s.role, s.state])).toEqual([['陈静', 'author', 'signed'], ['张伟', 'author', 'invited']]);
    const [foreign] = await owner<{ id: string }>(sql`select g.id from delegation_groups g join tenants t on t.id = g.tenant_id where t.code = '320924'`);
    expect((await as['deputy.chen'].post('/api/v1/suggestions', { kind: 'suggestion', title: 'x', source: 'group', groupId: foreign.id })).status).toBe(422);
  });

  it('honours an Idempotency-Key: a retry replays the first draft', async () => {
    const body = { kind: 'suggestion', title: '关于加强农村留守儿童关爱服务的建议' };
    const first = await as['deputy.li'].post('/api/v1/suggestions', body, { 'idempotency-key': 'draft-once-1' });
    const again = await as['deputy.li'].post('/api/v1/suggestions', body, { 'idempotency-key': 'draft-once-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestions where title = ${body.title}`);
    expect(n).toBe(1);
  });

  it('invites more signers and drops an unanswered invitation; an answered one stays (409)', async () => {
    const made = (await as['deputy.wang'].post('/api/v1/suggestions', { kind: 'suggestion', title: '关于加快沟墩镇污水管网建设的建议' })).body;
    const invited = await as['deputy.wang'].post(`/api/v1/suggestions/${made.id}/invite`, { role: 'cosigner', userIds: [user['deputy.li'], user['deputy.zhang']] });
    expect(invited.status).toBe(200);
    expect(invited.body.signers).toHaveLength(3);
    expect((await as['deputy.wang'].post(`/api/v1/suggestions/${made.id}/invite`, { role: 'cosigner', userIds: [user['deputy.li']] })).status).toBe(422);
    expect((await as['deputy.wang'].post(`/api/v1/suggestions/${made.id}/invite`, { role: 'author', userIds: [user['deputy.zhao']] })).status).toBe(422);
    const dropped = await as['deputy.wang'].delete(`/api/v1/suggestions/${made.id}/signers/${user['deputy.zhang']}`);
    expect(dropped.status).toBe(200);
    expect(dropped.body.signers.map((s: any) => s.name)).toEqual(['王建国', '李秀英']);
    expect((await as['deputy.zhang'].get(`/api/v1/suggestions/${made.id}`)).status).toBe(404);
    expect((await as['deputy.li'].post(`/api/v1/suggestions/${made.id}/cosign`, { decision: 'decline' })).status).toBe(200);
    expect((await as['deputy.wang'].delete(`/api/v1/suggestions/${made.id}/signers/${user['deputy.li']}`)).status).toBe(409);
    expect((await as['deputy.wang'].delete(`/api/v1/suggestions/${made.id}/signers/${user['deputy.chen']}`)).status).toBe(404);
    // Only the authors edit: an invited co-signer may not.
    expect((await as['deputy.li'].patch(`/api/v1/suggestions/${made.id}`, { title: '改' })).status).toBe(403);
  });
});

describe('route isolation', () => {
  const accepted = () => demo['关于加强农村饮用水安全保障的建议'];
  const anyUuid = '00000000-0000-4000-8000-000000000000';
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestions' });
  it('GET /api/v1/suggestions lists nothing of 阜宁县 for 射阳县', async () => {
    expect((await as['sheyang.staff'].get('/api/v1/suggestions?limit=100')).body.items.map((s: any) => s.id)).toEqual([sheyangRow]);
  });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/suggestions/${anyUuid}`, foreign: { login: 'sheyang.staff', path: () => `/api/v1/suggestions/${accepted()}` } });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/suggestions', body: { kind: 'suggestion', title: '关于某事的建议' }, forbiddenFor: 'funing.staff' });
  routeIsolation(() => tp, {
    method: 'PATCH', path: `/api/v1/suggestions/${anyUuid}`, body: { title: '改' }, forbiddenFor: 'funing.staff',
    foreign: { login: 'deputy.zhao', path: () => `/api/v1/suggestions/${wangDraft}` },
  });
  routeIsolation(() => tp, {
    method: 'DELETE', path: `/api/v1/suggestions/${anyUuid}/signers/${anyUuid}`, forbiddenFor: 'funing.staff',
    foreign: { login: 'deputy.zhao', path: () => `/api/v1/suggestions/${wangDraft}/signers/${user['deputy.li']}` },
  });
  const authorSteps: [string, Record<string, unknown>][] = [
    ['invite', { role: 'cosigner', userIds: [anyUuid] }], ['cosign', { decision: 'sign' }], ['submit', {}], ['withdraw', { reason: '不再需要' }],
    ['rate', { ratings: [{ unitId: anyUuid, rating: 1 }] }],
  ];
  for (const [action, body] of authorSteps) {
    routeIsolation(() => tp, {
      method: 'POST', path: `/api/v1/suggestions/${anyUuid}/${action}`, body, forbiddenFor: 'funing.staff',
      foreign: { login: 'deputy.zhao', path: () => `/api/v1/suggestions/${wangDraft}/${action}` },
    });
  }
  const staffSteps: [string, Record<string, unknown>][] = [
    ['accept', {}], ['return', { reason: '请补充' }], ['merge', { intoId: anyUuid }], ['convert', { reason: '属于建议' }],
    ['assign', { leadUnitId: anyUuid }], ['reassign', { unitId: anyUuid }], ['supervise', { key: false }], ['publish', { publish: false }], ['urge', {}],
  ];
  for (const [action, body] of staffSteps) {
    routeIsolation(() => tp, {
      method: 'POST', path: `/api/v1/suggestions/${anyUuid}/${action}`, body, forbiddenFor: 'deputy.li',
      foreign: { login: 'sheyang.staff', path: () => `/api/v1/suggestions/${accepted()}/${action}` },
    });
  }
  const unitSteps: [string, Record<string, unknown>][] = [
    ['sign', {}], ['request-reassign', { reason: '不属于本单位职责' }], ['opinion', { opinion: '同意' }], ['reply', { reply: '已办理', category: 'A' }],
  ];
  for (const [action, body] of unitSteps) {
    routeIsolation(() => tp, {
      method: 'POST', path: `/api/v1/suggestions/${anyUuid}/${action}`, body, forbiddenFor: 'funing.staff',
      foreign: { login: 'unit.water', path: () => `/api/v1/suggestions/${sheyangRow}/${action}` },
    });
  }
  // Notes are for those who take part: a deputy who is not a signer reads a filed one but may not note it.
  routeIsolation(() => tp, { method: 'POST', path: `/api/v1/suggestions/${anyUuid}/note`, body: { note: '备注' } });
  it('POST /api/v1/suggestions/:id/note answers 403 to a reader who takes no part, 404 outside the roll-up', async () => {
    expect((await as['deputy.zhang'].post(`/api/v1/suggestions/${accepted()}/note`, { note: '备注' })).status).toBe(403);
    expect((await as['sheyang.staff'].post(`/api/v1/suggestions/${accepted()}/note`, { note: '备注' })).status).toBe(404);
  });
});

describe('the deputy\'s archive', () => {
  it('counts the motions and suggestions a seat authored that were filed', async () => {
    const [seat] = await owner<{ id: string }>(sql`select id from deputies where public_code = 'FNWANG23'`);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestion_signers g join suggestions s on s.id = g.suggestion_id
      where g.deputy_id = ${seat.id} and g.role = 'author' and g.state = 'signed' and s.number is not null`);
    expect(n).toBe(2);
    const count = async () => (await as['funing.staff'].get(`/api/v1/archives/${seat.id}`)).body.contributions.find((x: any) => x.module === 'suggestions');
    expect(await count()).toEqual({ module: 'suggestions', label: { 'zh-CN': '提出议案建议', en: 'Motions and suggestions filed' }, count: 2 });
    const made = (await as['deputy.wang'].post('/api/v1/suggestions', { kind: 'suggestion', title: '关于建设沟墩镇农贸市场的建议' })).body;
    expect((await as['deputy.wang'].post(`/api/v1/suggestions/${made.id}/submit`, {})).status).toBe(200);
    expect((await count()).count).toBe(2);
    expect((await as['funing.staff'].post(`/api/v1/suggestions/${made.id}/accept`, {})).status).toBe(200);
    expect((await count()).count).toBe(3);
  });
});
