import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type RequestContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';
import { applyCaseAction, findScenario, openCase, suggestionDraftOf, type CaseAction } from '../src/modules/cases/cases.flow.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
let wang: Client; // deputy.wang acting in 阜宁县
let funing: RequestContext & { id: string };
const scenario: Record<string, string> = {};
const unit: Record<string, string> = {};
const seat: Record<string, string> = {};
let phoneSeq = 0;

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

/** A client of `login` acting in its membership of the congress with division code `code`. */
async function actingIn(login: string, code: string): Promise<Client> {
  const c = await tp.as(login);
  const me = (await c.get('/api/v1/me')).body;
  const membership = me.memberships.find((m: any) => m.tenant.code === code);
  expect((await c.post('/api/v1/auth/switch', { membershipId: membership.id })).status).toBe(200);
  return c;
}

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff', 'deputy.li', 'deputy.zhang', 'deputy.zhao', 'unit.water', 'unit.housing', 'province.admin']) {
    as[login] = await tp.as(login);
  }
  wang = await actingIn('deputy.wang', '320923');
  const [t] = await owner<{ id: string; path: string }>(sql`select id, path::text from tenants where code = '320923'`);
  funing = { id: t.id, tenantId: t.id, scopePath: t.path };
  for (const r of await owner<{ key: string; id: string }>(sql`select s.key, s.id from case_scenarios s join tenants t on t.id = s.tenant_id where t.code = '32'`)) scenario[r.key] = r.id;
  for (const r of await owner<{ code: string; id: string }>(sql`select code, id from units where tenant_id = ${t.id}`)) unit[r.code] = r.id;
  for (const r of await owner<{ code: string; id: string }>(sql`select public_code as code, id from deputies`)) seat[r.code] = r.id;
});
afterAll(async () => { await tp?.close(); });

const publicActor = { kind: 'public' as const, id: null, name: '群众' };

/** A 民生码上见 case from the public through deputy.wang's county code (what the public route does). */
async function publicCase(title: string, extra: { category?: string; phone?: string; deputy?: string } = {}) {
  const phone = extra.phone ?? `1390000${String(++phoneSeq).padStart(4, '0')}`;
  return withContext(tp.platform.deps.handle, funing, async (tx) => openCase(tx, tp.platform.deps, {
    tenantId: funing.id, scenario: (await findScenario(tx, scenario.people))!, source: 'public', deputyId: seat[extra.deputy ?? 'FNWANG23'], actor: publicActor,
    content: { category: extra.category ?? 'water', title, body: '村里的自来水三天两头停，老人取水困难。', fields: { village: '王庄村' }, location: '沟墩镇王庄村', lat: null, lng: null, fileIds: [] },
    contact: { name: '赵女士', phone, phoneVerified: true },
  }));
}

/** The public submitter rates through the ticket link (what the public route does). */
const publicRate = (id: string, rating: 1 | 2 | 3, comment = '') =>
  withContext(tp.platform.deps.handle, funing, (tx) => applyCaseAction(tx, tp.platform.deps, id, 'rate', publicActor, { rating, comment }));

async function act(c: Client, id: string, action: CaseAction, body: Record<string, unknown> = {}, status = 200) {
  const res = await c.post(`/api/v1/cases/${id}/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function notices(username: string, caseId: string): Promise<string[]> {
  return (await owner<{ kind: string }>(sql`select n.kind from notifications n join users u on u.id = n.user_id
    where u.username = ${username} and n.data->>'caseId' = ${caseId} order by n.created_at, n.kind`)).map((r) => r.kind);
}

describe('民生码上见: the public → deputy → unit → public loop', () => {
  let id: string;
  let ticket: string;

  it('opens a public case addressed to deputy.wang, who is told and finds it in the inbox', async () => {
    const opened = await publicCase('王庄村自来水经常停水', { phone: '13900001234' });
    ({ id, ticket } = opened);
    expect(opened.state).toBe('submitted');
    expect(ticket).toMatch(/^C\d{9}$/);
    expect(await notices('deputy.wang', id)).toEqual(['case.submitted']);
    const inbox = await wang.get('/api/v1/cases?view=inbox');
    expect(inbox.body.items.map((c: any) => c.id)).toContain(id);
    const one = (await wang.get(`/api/v1/cases/${id}`)).body;
    expect(one).toMatchObject({ state: 'submitted', dueStep: 'accept', deputy: { displayName: '王建国' }, categoryName: '供水用水', phoneMasked: '139****1234',
      contact: { name: '赵女士', phone: '13900001234', phoneVerified: true }, can: { handle: true, process: false, readContact: true } });
    // 民生码上见 gives 24 clock hours to accept.
    expect(new Date(one.dueAt).getTime() - new Date(one.createdAt).getTime()).toBeCloseTo(24 * 3600_000, -4);
    expect(one.events).toEqual([expect.objectContaining({ seq: 1, kind: 'submitted', actorKind: 'public', actorName: '群众', public: true })]);
    // The staff inbox leaves a deputy's case to the deputy.
    expect((await as['funing.staff'].get('/api/v1/cases?view=inbox')).body.items.map((c: any) => c.id)).not.toContain(id);
  });

  it('accepts and transfers to a lead and a co-handling unit, whose officers are told', async () => {
    expect((await act(wang, id, 'accept', { note: '马上联系水利局' })).state).toBe('accepted');
    const moved = await act(wang, id, 'transfer', { leadUnitId: unit.water, coUnitIds: [unit.housing], note: '请水利局牵头，住建局配合' });
    expect(moved).toMatchObject({ state: 'transferred', dueStep: 'sign' });
    expect(moved.assignments.map((a: any) => [a.unitName, a.role, a.state, a.round])).toEqual([['阜宁县水利局', 'lead', 'assigned', 1], ['阜宁县住房和城乡建设局', 'co', 'assigned', 1]]);
    expect(moved.assignments[0].signDueAt).toBe(moved.dueAt);
    expect(await notices('unit.water', id)).toEqual(['case.transferred']);
    expect(await notices('unit.housing', id)).toEqual(['case.transferred']);
    const queue = (await as['unit.water'].get('/api/v1/cases?view=unit')).body.items;
    expect(queue.map((c: any) => c.id)).toContain(id);
    expect(queue.find((c: any) => c.id === id).can).toMatchObject({ process: true, handle: false });
  });

  it('lets the lead sign (case signed), the co unit give its opinion, the lead reply', async () => {
    const signed = await act(as['unit.water'], id, 'sign', { note: '已签收' });
    expect(signed).toMatchObject({ state: 'signed', dueStep: 'reply' });
    expect(signed.assignments[0]).toMatchObject({ state: 'signed', replyDueAt: signed.dueAt });
    const opinion = await act(as['unit.housing'], id, 'opinion', { opinion: '管网改造已列入计划，可一并实施' });
    expect(opinion.state).toBe('signed');
    expect(opinion.assignments[1]).toMatchObject({ state: 'replied', reply: '管网改造已列入计划，可一并实施' });
    expect(await notices('unit.water', id)).toContain('case.opinion');
    await act(as['unit.housing'], id, 'reply', { reply: '不是主办' }, 409);
    const replied = await act(as['unit.water'], id, 'reply', { reply: '已更换王庄村供水主管，恢复正常供水。' });
    expect(replied).toMatchObject({ state: 'replied', answer: '已更换王庄村供水主管，恢复正常供水。', dueStep: 'close' });
    expect(await notices('deputy.wang', id)).toEqual(['case.submitted', 'case.signed', 'case.opinion', 'case.replied']);
  });

  it('closes it and texts the submitter the ticket link; the public rating ends the loop', async () => {
    const closed = await act(wang, id, 'close', { note: '经回访，已恢复供水' });
    expect(closed).toMatchObject({ state: 'closed', resolution: 'handled', dueStep: 'rate' });
    const [sms] = await owner<{ recipient: string; body: string; channel: string }>(sql`select recipient, body, channel from deliveries where case_id = ${id} and kind = 'case.closed'`);
    expect(sms).toMatchObject({ recipient: '13900001234', channel: 'sms' });
    expect(sms.body).toContain(`/t/${ticket}?k=`);
    await publicRate(id, 1, '很满意');
    const rated = (await wang.get(`/api/v1/cases/${id}`)).body;
    expect(rated).toMatchObject({ state: 'rated', rating: 1, ratingComment: '很满意', dueStep: null });
    expect(rated.events.map((e: any) => [e.seq, e.kind, e.public])).toEqual([
      [1, 'submitted', true], [2, 'accepted', true], [3, 'transferred', true], [4, 'signed', true], [5, 'opinion', false],
      [6, 'replied', true], [7, 'closed', true], [8, 'rated', true],
    ]);
    // Steps done before their deadline are recorded as such, for the on-time rate.
    expect(rated.events[1].data.due).toMatchObject({ dueStep: 'accept', onTime: true });
    expect(rated.events.filter((e: any) => e.data.due).map((e: any) => e.data.due.dueStep)).toEqual(['accept', 'reply', 'sign', 'reply', 'close']);
  });

  it('writes the timeline as the app role could never change it', async () => {
    const failure = await withContext(tp.platform.deps.handle, funing, (tx) => tx.execute(sql`update case_events set note = 'x' where case_id = ${id}`)).then(() => 'no error', (e) => String(e.cause?.message ?? e.message));
    expect(failure).toMatch(/permission denied/);
  });
});

describe('re-handling after an unsatisfied rating', () => {
  it('sends a transferred case back to the same units as round 2, and a second unsatisfied rating is final', async () => {
    const { id } = await publicCase('机井出水量不足');
    await act(wang, id, 'accept');
    await act(wang, id, 'transfer', { leadUnitId: unit.water, coUnitIds: [unit.housing] });
    await act(as['unit.water'], id, 'sign');
    await act(as['unit.water'], id, 'reply', { reply: '已清淤' });
    await act(wang, id, 'close');
    await publicRate(id, 3, '还是不出水');
    const reopened = (await wang.get(`/api/v1/cases/${id}`)).body;
    expect(reopened).toMatchObject({ state: 'transferred', round: 2, rating: null, resolution: null, closedAt: null, dueStep: 'sign' });
    expect(reopened.assignments.filter((a: any) => a.round === 2).map((a: any) => [a.unitName, a.role, a.state]))
      .toEqual([['阜宁县水利局', 'lead', 'assigned'], ['阜宁县住房和城乡建设局', 'co', 'assigned']]);
    expect(reopened.events.slice(-2).map((e: any) => [e.kind, e.data.rating ?? e.data.round])).toEqual([['rated', 3], ['reopened', 2]]);
    expect((await notices('unit.water', id)).filter((k) => k === 'case.reopened')).toHaveLength(1);
    await act(as['unit.water'], id, 'sign');
    await act(as['unit.water'], id, 'reply', { reply: '已重新打井' });
    await act(wang, id, 'close');
    await publicRate(id, 3, '仍不满意');
    expect((await wang.get(`/api/v1/cases/${id}`)).body).toMatchObject({ state: 'rated', round: 2, rating: 3 });
    await expect(publicRate(id, 1)).rejects.toMatchObject({ status: 409 });
  });

  it('sends a directly answered case back to accepted', async () => {
    const { id } = await publicCase('咨询自来水费标准', { category: 'consult' });
    await act(wang, id, 'accept');
    expect((await act(wang, id, 'answer', { answer: '居民用水 2.6 元/吨' })).state).toBe('closed');
    await publicRate(id, 3);
    expect((await wang.get(`/api/v1/cases/${id}`)).body).toMatchObject({ state: 'accepted', round: 2, dueStep: 'reply', answer: null });
    await act(wang, id, 'answer', { answer: '居民用水 2.6 元/吨，低保户减免 5 吨' });
    await publicRate(id, 2);
    expect((await wang.get(`/api/v1/cases/${id}`)).body).toMatchObject({ state: 'rated', round: 2, rating: 2 });
  });
});

describe('随手拍: a deputy\'s photo report routed by category', () => {
  it('routes a housing report to the housing bureau at once, as the system', async () => {
    const res = await as['deputy.li'].post('/api/v1/cases', { scenarioId: scenario.snapshot, category: 'housing', title: '沟墩镇老街违建', body: '占用人行道', location: '沟墩镇老街' });
    expect(res.status).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({ state: 'transferred', source: 'deputy', deputy: { displayName: '李秀英' }, contact: null, phoneMasked: null, can: { rate: true, handle: false } });
    expect(c.events.map((e: any) => [e.kind, e.actorKind])).toEqual([['submitted', 'user'], ['accepted', 'system'], ['transferred', 'system']]);
    expect(c.events[2].data.due).toBeUndefined();
    expect(c.assignments.map((a: any) => a.unitName)).toEqual(['阜宁县住房和城乡建设局']);
    expect(await notices('unit.housing', c.id)).toEqual(['case.transferred']);
    await act(as['unit.housing'], c.id, 'sign');
    await act(as['unit.housing'], c.id, 'reply', { reply: '已拆除' });
    // Triage auto: the congress's staff handle it, not the deputy who raised it.
    await act(as['deputy.li'], c.id, 'close', {}, 403);
    await act(as['funing.staff'], c.id, 'close');
    await act(as['deputy.zhang'], c.id, 'rate', { rating: 1 }, 404);
    expect((await act(as['deputy.li'], c.id, 'rate', { rating: 1, comment: '处理及时' })).state).toBe('rated');
    expect((await as['deputy.li'].get('/api/v1/cases?view=mine')).body.items.map((x: any) => x.id)).toContain(c.id);
  });

  it('leaves a category without a unit to staff, and checks the form against the scenario', async () => {
    const res = await as['deputy.li'].post('/api/v1/cases', { scenarioId: scenario.snapshot, category: 'other', title: '路边广告牌松动', location: '沟墩镇' });
    expect(res.body.state).toBe('submitted');
    expect((await as['funing.staff'].get('/api/v1/cases?view=inbox')).body.items.map((x: any) => x.id)).toContain(res.body.id);
    expect(await notices('funing.staff', res.body.id)).toEqual(['case.submitted']);
    const bad = await as['deputy.li'].post('/api/v1/cases', { scenarioId: scenario.snapshot, category: 'nope', title: '无位置', fields: { color: 'red' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['category', 'fields.color', 'location']);
    const publicOne = await as['deputy.li'].post('/api/v1/cases', { scenarioId: scenario.people, category: 'water', title: '代表不能用群众场景' });
    expect(publicOne.status).toBe(422);
    expect(publicOne.body.errors[0].path).toBe('scenarioId');
    // Units and staff of upper tiers may not raise a deputy's report here.
    expect((await as['unit.water'].post('/api/v1/cases', { scenarioId: scenario.snapshot, category: 'other', title: 'x', location: 'y' })).status).toBe(403);
  });
});

describe('代表督事: a deputy supervises, staff route it', () => {
  it('runs through staff and the housing bureau, and keeps the unit the deputy named as a hint', async () => {
    const res = await as['deputy.zhang'].post('/api/v1/cases', {
      scenarioId: scenario.supervise, category: 'housing', title: '督办益林镇安置房延期交付', fields: { basis: '视察调研', expectedBy: '2026-12-31' }, unitId: unit.housing,
    });
    expect(res.status).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({ state: 'submitted', fields: { basis: '视察调研', expectedBy: '2026-12-31' } });
    expect(c.events[0].data.suggestedUnit).toEqual({ unitId: unit.housing, unitName: '阜宁县住房和城乡建设局' });
    await act(as['deputy.zhang'], c.id, 'accept', {}, 403);
    await act(as['funing.staff'], c.id, 'accept');
    await act(as['funing.staff'], c.id, 'transfer', { leadUnitId: unit.housing });
    await act(as['unit.housing'], c.id, 'sign');
    await act(as['unit.housing'], c.id, 'reply', { reply: '已督促开发商于 12 月底前交付' });
    expect(await notices('funing.staff', c.id)).toEqual(expect.arrayContaining(['case.submitted', 'case.signed', 'case.replied']));
    await act(as['funing.admin'], c.id, 'close');
    expect((await act(as['deputy.zhang'], c.id, 'rate', { rating: 2 })).rating).toBe(2);
    const missing = await as['deputy.zhang'].post('/api/v1/cases', { scenarioId: scenario.supervise, category: 'housing', title: '缺少依据', fields: { expectedBy: '2026-13-01' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: any) => e.path).sort()).toEqual(['fields.basis', 'fields.expectedBy']);
  });
});

describe('merging, converting, returning', () => {
  it('merges a duplicate into another case of the congress by ticket', async () => {
    const first = await publicCase('王庄村停水（第一次反映）');
    const dup = await publicCase('王庄村又停水了');
    await act(wang, dup.id, 'merge', { intoTicket: dup.ticket }, 422);
    const merged = await act(wang, dup.id, 'merge', { intoTicket: first.ticket, note: '同一问题' });
    expect(merged).toMatchObject({ state: 'merged', resolution: 'merged', mergedInto: { id: first.id, ticket: first.ticket }, dueStep: null });
    const target = (await wang.get(`/api/v1/cases/${first.id}`)).body;
    expect(target.events.at(-1)).toMatchObject({ kind: 'note', public: false, data: { mergedFrom: { id: dup.id, ticket: dup.ticket } } });
    await act(wang, dup.id, 'accept', {}, 409);
    const third = await publicCase('第三次反映');
    await act(wang, third.id, 'merge', { intoTicket: dup.ticket }, 409);
    await act(wang, third.id, 'merge', { intoTicket: 'C269999999' }, 422);
  });

  it('converts an accepted case into a suggestion draft kept on the case', async () => {
    const { id, ticket } = await publicCase('多个村反映饮水安全问题');
    await act(wang, id, 'convert', {}, 409);
    await act(wang, id, 'accept');
    const converted = await act(wang, id, 'convert', { title: '关于加快农村饮水安全工程建设的建议', note: '共性问题' });
    expect(converted).toMatchObject({ state: 'closed', resolution: 'suggestion' });
    expect(converted.events.at(-1)).toMatchObject({ kind: 'converted', public: true });
    const draft = await withContext(tp.platform.deps.handle, funing, (tx) => suggestionDraftOf(tx, id));
    expect(draft).toEqual({ title: '关于加快农村饮水安全工程建设的建议', body: '村里的自来水三天两头停，老人取水困难。', sourceCaseId: id, ticket, category: 'water' });
    await act(wang, id, 'convert', {}, 409);
  });

  it('lets the lead unit return a case for reassignment, after which it can be transferred again', async () => {
    const { id } = await publicCase('王庄村水塔漏水');
    await act(wang, id, 'accept');
    await act(wang, id, 'transfer', { leadUnitId: unit.water, coUnitIds: [unit.housing] });
    await act(as['unit.housing'], id, 'return', { reason: '不是主办' }, 409);
    const back = await act(as['unit.water'], id, 'return', { reason: '水塔属村集体资产，应由镇政府处理' });
    expect(back).toMatchObject({ state: 'accepted', dueStep: 'reply' });
    expect(back.assignments.map((a: any) => a.state)).toEqual(['returned', 'withdrawn']);
    expect(back.events.at(-1)).toMatchObject({ kind: 'returned', note: '水塔属村集体资产，应由镇政府处理', public: false });
    expect(await notices('deputy.wang', id)).toContain('case.returned');
    await act(as['unit.water'], id, 'sign', {}, 409);
    const again = await act(wang, id, 'transfer', { leadUnitId: unit.water });
    expect(again.assignments.map((a: any) => [a.unitName, a.state])).toEqual([['阜宁县水利局', 'assigned'], ['阜宁县住房和城乡建设局', 'withdrawn']]);
    await act(wang, id, 'transfer', { leadUnitId: '00000000-0000-4000-8000-000000000000' }, 409);
  });

  it('refuses a transfer to a unit of another congress, field by field', async () => {
    const { id } = await publicCase('跨县交办');
    await act(wang, id, 'accept');
    const [sheyangWater] = await owner<{ id: string }>(sql`select u.id from units u join tenants t on t.id = u.tenant_id where t.code = '320924' and u.code = 'water'`);
    const res = await wang.post(`/api/v1/cases/${id}/transfer`, { leadUnitId: unit.water, coUnitIds: [sheyangWater.id] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.path)).toEqual(['coUnitIds.0']);
    expect((await wang.get(`/api/v1/cases/${id}`)).body.assignments).toEqual([]);
  });
});

describe('races', () => {
  it('lets one of two concurrent accepts win and answers the other 409', async () => {
    const { id } = await publicCase('并发受理');
    const [a, b] = await Promise.all([wang.post(`/api/v1/cases/${id}/accept`, {}), as['funing.staff'].post(`/api/v1/cases/${id}/accept`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.type).toMatch(/conflict$/);
    const events = (await wang.get(`/api/v1/cases/${id}`)).body.events;
    expect(events.map((e: any) => e.kind)).toEqual(['submitted', 'accepted']);
  });
});

describe('who sees what', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await publicCase('沟墩镇停水', { phone: '13900005678' }));
    await act(wang, id, 'accept');
    await act(wang, id, 'transfer', { leadUnitId: unit.water });
  });

  it('shows the city the county case with the phone masked, and the county the phone', async () => {
    const all = (await as['yancheng.staff'].get('/api/v1/cases?view=all&limit=100')).body.items;
    expect(all.map((c: any) => c.id)).toContain(id);
    const city = (await as['yancheng.staff'].get(`/api/v1/cases/${id}`)).body;
    expect(city).toMatchObject({ contact: null, phoneMasked: '139****5678', tenantName: '阜宁县', can: { handle: false, urge: true, readContact: false } });
    expect(JSON.stringify(city)).not.toContain('13900005678');
    const county = (await as['funing.staff'].get(`/api/v1/cases/${id}`)).body;
    expect(county.contact).toEqual({ name: '赵女士', phone: '13900005678', phoneVerified: true });
    expect((await as['yancheng.staff'].get(`/api/v1/cases?view=all&tenantId=${funing.id}&limit=100`)).body.items.every((c: any) => c.tenantId === funing.id)).toBe(true);
  });

  it('hides it from a sibling county, a deputy of another county and an officer of another unit', async () => {
    expect((await as['sheyang.staff'].get(`/api/v1/cases/${id}`)).status).toBe(404);
    expect((await as['sheyang.staff'].get('/api/v1/cases?view=all&limit=100')).body.items).toEqual([]);
    await act(as['deputy.zhao'], id, 'accept', {}, 404);
    await act(as['deputy.li'], id, 'note', { note: '看看' }, 404);
    expect((await as['unit.housing'].get(`/api/v1/cases/${id}`)).status).toBe(404);
    await act(as['unit.housing'], id, 'sign', {}, 404);
    expect((await as['unit.housing'].get('/api/v1/cases?view=unit&limit=100')).body.items.map((c: any) => c.id)).not.toContain(id);
    // The web hook carries the masked phone only.
    await owner(sql`insert into webhook_endpoints (tenant_id, tenant_path, name, url, secret) values (${funing.id}, '', '网格平台', 'http://127.0.0.1:9/hook', 's')`);
    await act(as['unit.water'], id, 'sign');
    const [delivery] = await owner<{ payload: any }>(sql`select payload from webhook_deliveries where event = 'case.signed' and payload->'case'->>'id' = ${id}`);
    expect(delivery.payload.case.phoneMasked).toBe('139****5678');
    expect(JSON.stringify(delivery.payload)).not.toContain('13900005678');
  });

  it('lets city staff urge the holder; the entry lands in the county\'s timeline', async () => {
    const urged = await act(as['yancheng.staff'], id, 'urge', { note: '请加快办理' });
    expect(urged.events.at(-1)).toMatchObject({ kind: 'urged', actorKind: 'user', actorName: '盐城市人大工作人员', note: '请加快办理', public: false });
    expect(await notices('unit.water', id)).toContain('case.urged');
    await act(as['sheyang.staff'], id, 'urge', {}, 404);
    await act(wang, id, 'urge', {}, 403);
    const [audit] = await owner<{ tenant: string }>(sql`select t.code as tenant from audit_log a join tenants t on t.id = a.tenant_id where a.action = 'case.urge' and a.subject_id = ${id}`);
    expect(audit.tenant).toBe('320923');
  });

  it('counts the congress and each child subtree in the statistics', async () => {
    const county = (await as['funing.staff'].get('/api/v1/cases/stats')).body;
    expect(county.tenants[0]).toMatchObject({ name: '阜宁县', level: 'county' });
    expect(county.tenants[0].total).toBeGreaterThan(5);
    expect(county.tenants[0].onTimeRate).toBeGreaterThan(0);
    expect(county.tenants[0].satisfactionRate).toBeGreaterThan(0);
    expect(county.byScenario.map((s: any) => s.key)).toEqual(expect.arrayContaining(['people', 'snapshot', 'supervise']));
    const city = (await as['yancheng.staff'].get('/api/v1/cases/stats')).body;
    expect(city.tenants[0]).toMatchObject({ name: '盐城市', total: 0 });
    const fn = city.tenants.find((t: any) => t.name === '阜宁县');
    expect(fn).toMatchObject({ total: county.tenants.reduce((n: number, t: any) => n + t.total, 0), overdue: county.tenants[0].overdue });
    expect(city.tenants.find((t: any) => t.name === '射阳县').total).toBe(0);
    expect(Object.values(city.byState as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(fn.total);
    expect((await wang.get('/api/v1/cases/stats')).status).toBe(403);
  });

  it('pages the roll-up newest first and the overdue board most overdue first', async () => {
    const first = (await as['funing.staff'].get('/api/v1/cases?view=all&limit=3')).body;
    const second = (await as['funing.staff'].get(`/api/v1/cases?view=all&limit=3&cursor=${first.nextCursor}`)).body;
    const times = [...first.items, ...second.items].map((c: any) => c.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set([...first.items, ...second.items].map((c: any) => c.id)).size).toBe(6);
    const overdue = (await as['funing.staff'].get('/api/v1/cases?view=overdue')).body.items;
    expect(overdue.map((c: any) => c.title)).toContain('益林镇老街违章搭建占用消防通道');
    expect(overdue.every((c: any) => c.overdue)).toBe(true);
    expect((await as['funing.staff'].get('/api/v1/cases?cursor=bogus')).status).toBe(400);
  });
});

describe('the scenario snapshot', () => {
  it('keeps a running case on the rules it opened with', async () => {
    const { id } = await publicCase('快照');
    expect((await as['province.admin'].patch(`/api/v1/case-scenarios/${scenario.people}`, { deadlines: { accept: { amount: 3, unit: 'workingDays' } } })).status).toBe(200);
    const accepted = await act(wang, id, 'accept');
    const reply = await owner<{ snap: any }>(sql`select scenario_snapshot as snap from cases where id = ${id}`);
    expect(reply[0].snap.deadlines.accept).toEqual({ amount: 24, unit: 'hours' });
    expect(accepted.dueStep).toBe('reply');
  });
});

describe('case routes isolation', () => {
  let caseId = '';
  beforeAll(async () => { caseId = (await publicCase('隔离测试')).id; });
  const path = (suffix = '') => () => `/api/v1/cases/${caseId}${suffix}`;
  const ghost = '/api/v1/cases/00000000-0000-4000-8000-000000000000';
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/cases' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/cases/stats', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: ghost, foreign: { login: 'sheyang.staff', path: path() } });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/cases', body: { scenarioId: '00000000-0000-4000-8000-000000000000', title: 'x' }, forbiddenFor: 'unit.water' });
  const handled: [CaseAction, Record<string, unknown>][] = [
    ['accept', {}], ['answer', { answer: '答' }], ['transfer', { leadUnitId: '00000000-0000-4000-8000-000000000000' }], ['close', {}],
    ['merge', { intoTicket: 'C260000001' }], ['convert', {}], ['note', { note: '备注' }], ['urge', {}],
  ];
  for (const [action, body] of handled) {
    routeIsolation(() => tp, { method: 'POST', path: `${ghost}/${action}`, body, forbiddenFor: 'unit.water', foreign: { login: 'sheyang.staff', path: path(`/${action}`) } });
  }
  const processed: [CaseAction, Record<string, unknown>][] = [['sign', {}], ['reply', { reply: '答复' }], ['opinion', { opinion: '意见' }], ['return', { reason: '理由' }]];
  for (const [action, body] of processed) {
    routeIsolation(() => tp, { method: 'POST', path: `${ghost}/${action}`, body, forbiddenFor: 'funing.staff', foreign: { login: 'unit.housing', path: path(`/${action}`) } });
  }
  routeIsolation(() => tp, { method: 'POST', path: `${ghost}/rate`, body: { rating: 1 }, forbiddenFor: 'funing.staff', foreign: { login: 'deputy.zhao', path: path('/rate') } });
});
