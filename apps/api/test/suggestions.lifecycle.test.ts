import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { chinaDay, shiftDay } from '../src/modules/cases/calendar.service.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const user: Record<string, string> = {};
const unit: Record<string, string> = {};
let openSession: { id: string; name: string };

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
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff', 'deputy.li', 'deputy.zhang', 'deputy.chen', 'unit.water', 'unit.housing', 'funing.committee']) {
    as[login] = await tp.as(login);
  }
  as['deputy.wang'] = await actingIn('deputy.wang', '320923');
  as.staff2 = await tp.as('funing.staff');
  for (const r of await owner<{ username: string; id: string }>(sql`select username, id from users`)) user[r.username] = r.id;
  for (const r of await owner<{ code: string; id: string }>(sql`select u.code, u.id from units u join tenants t on t.id = u.tenant_id where t.code = '320923'`)) unit[r.code] = r.id;
  [openSession] = await owner<{ id: string; name: string }>(sql`select s.id, s.name from suggestion_sessions s join tenants t on t.id = s.tenant_id
    where t.code = '320923' and s.state = 'open'`);
});
afterAll(async () => { await tp?.close(); });

async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}, status = 200) {
  const res = await c.post(`/api/v1/suggestions/${id}/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function draft(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/v1/suggestions', { kind: 'suggestion', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A submitted suggestion of `login` (acting in 阜宁县). */
async function submitted(c: Client, title: string, extra: Record<string, unknown> = {}) {
  const made = await draft(c, { title, body: `${title}。具体情况如下。`, ...extra });
  return act(c, made.id, 'submit');
}

async function notices(username: string, suggestionId: string): Promise<string[]> {
  return (await owner<{ kind: string }>(sql`select n.kind from notifications n where n.user_id = ${user[username]}
    and n.data->>'suggestionId' = ${suggestionId} order by n.created_at, n.kind`)).map((r) => r.kind);
}

async function sms(username: string, suggestionId: string): Promise<number> {
  const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from deliveries d join user_private p on p.phone = d.recipient
    where p.user_id = ${user[username]} and d.channel = 'sms' and d.kind like 'suggestion.%'
      and d.created_at >= (select created_at from suggestions where id = ${suggestionId})`);
  return n;
}

describe('the lifecycle: draft → co-sign → submit → accept → assign → handle → rate → round 2 → closed', () => {
  let id: string;
  let number: number;

  it('drafts with an invited co-signer, who is told; the draft is its signers\' alone', async () => {
    const made = await draft(as['deputy.wang'], {
      title: '关于加强沟墩镇农村饮水安全的建议', body: '沟墩镇部分村庄供水水压不足、水质浑浊，建议改造镇级水厂并公开水质检测结果。', cosignerUserIds: [user['deputy.li']],
    });
    id = made.id;
    expect(made).toMatchObject({
      state: 'draft', number: null, numberLabel: null, leadAuthor: { userId: user['deputy.wang'], name: '王建国' }, signerCount: 1, round: 1,
      source: 'scratch', can: { update: true, submit: true, withdraw: true, invite: true, cosign: false, review: false },
    });
    expect(made.keywords.length).toBeGreaterThan(0);
    expect(made.signers.map((s: any) => [s.name, s.role, s.state])).toEqual([['王建国', 'author', 'signed'], ['李秀英', 'cosigner', 'invited']]);
    expect(made.events.map((e: any) => e.kind)).toEqual(['created']);
    expect(await notices('deputy.li', id)).toEqual(['suggestion.invited']);
    expect(await sms('deputy.li', id)).toBeGreaterThanOrEqual(1);
    expect((await as['deputy.li'].get(`/api/v1/suggestions/${id}`)).body.can).toMatchObject({ cosign: true, update: false });
    expect((await as['funing.staff'].get(`/api/v1/suggestions/${id}`)).status).toBe(404);
    expect((await as['deputy.zhang'].get(`/api/v1/suggestions/${id}`)).status).toBe(404);
  });

  it('co-signs, submits (staff and the co-signer are told), and staff see it in the review queue', async () => {
    const signed = await act(as['deputy.li'], id, 'cosign', { decision: 'sign', note: '赞同' });
    expect(signed.signers[1]).toMatchObject({ state: 'signed', respondedAt: expect.any(String) });
    expect(signed.signerCount).toBe(2);
    expect(await notices('deputy.wang', id)).toEqual(['suggestion.cosigned']);
    await act(as['deputy.li'], id, 'cosign', { decision: 'sign' }, 403);
    const sent = await act(as['deputy.wang'], id, 'submit', { note: '' });
    expect(sent).toMatchObject({ state: 'submitted', submittedAt: expect.any(String), dueStep: null, can: { update: false, withdraw: true } });
    expect(await notices('funing.staff', id)).toEqual(['suggestion.submitted']);
    expect(await notices('deputy.li', id)).toEqual(['suggestion.invited', 'suggestion.submitted']);
    expect(await notices('deputy.wang', id)).toEqual(['suggestion.cosigned']);
    const queue = (await as['funing.staff'].get('/api/v1/suggestions?view=review')).body.items;
    expect(queue.map((s: any) => s.id)).toContain(id);
    const one = (await as['funing.staff'].get(`/api/v1/suggestions/${id}`)).body;
    expect(one.can).toMatchObject({ review: true, assign: false, update: false });
  });

  it('accepts and numbers it under the open session', async () => {
    const [{ seq }] = await owner<{ seq: number }>(sql`select suggestion_seq as seq from suggestion_sessions where id = ${openSession.id}`);
    const accepted = await act(as['funing.staff'], id, 'accept', { note: '符合要求，予以立案' });
    number = accepted.number;
    expect(accepted).toMatchObject({ state: 'accepted', number: seq + 1, numberLabel: `第${seq + 1}号`, sessionId: openSession.id, sessionName: openSession.name });
    const en = await as['funing.staff'].get(`/api/v1/suggestions/${id}`, { 'accept-language': 'en' });
    expect(en.body.numberLabel).toBe(`No. ${seq + 1}`);
    expect(await notices('deputy.wang', id)).toEqual(['suggestion.cosigned', 'suggestion.accepted']);
    await act(as['funing.staff'], id, 'accept', {}, 409);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'suggestion.accept' and subject_id = ${id}`);
    expect(n).toBe(1);
  });

  it('assigns the water bureau as lead and housing as co: sign-for in working days, reply in 90 calendar days to 23:59:59 China time', async () => {
    const before = new Date();
    const moved = await act(as['funing.staff'], id, 'assign', { leadUnitId: unit.water, coUnitIds: [unit.housing], note: '请水利局主办、住建局会办' });
    expect(moved).toMatchObject({ state: 'assigned', dueStep: 'sign', leadUnit: { id: unit.water, name: '阜宁县水利局' } });
    expect(moved.assignments.map((a: any) => [a.unitName, a.role, a.state, a.round])).toEqual([['阜宁县水利局', 'lead', 'assigned', 1], ['阜宁县住房和城乡建设局', 'co', 'assigned', 1]]);
    const [lead] = moved.assignments;
    expect(lead.signDueAt).toBe(moved.dueAt);
    const replyDue = new Date(lead.replyDueAt);
    expect(chinaDay(replyDue)).toBe(shiftDay(chinaDay(before), 90));
    expect(new Date(replyDue.getTime() + 8 * 3600_000).toISOString().slice(11, 19)).toBe('23:59:59');
    // Five working days: at least a week of calendar time minus the weekend, never less than five days.
    expect(new Date(lead.signDueAt).getTime() - before.getTime()).toBeGreaterThan(5 * 24 * 3600_000 - 24 * 3600_000);
    expect(await notices('unit.water', id)).toEqual(['suggestion.assigned']);
    expect(await notices('unit.housing', id)).toEqual(['suggestion.assigned']);
    expect(await notices('deputy.li', id)).toContain('suggestion.assigned');
    const queue = (await as['unit.water'].get('/api/v1/suggestions?view=unit')).body.items;
    expect(queue.map((s: any) => s.id)).toContain(id);
    const seen = (await as['unit.water'].get(`/api/v1/suggestions/${id}`)).body;
    expect(seen.can).toMatchObject({ process: true, unitIds: [unit.water], review: false, rate: false });
  });

  it('lets both units sign (the lead moves it to signed), the co unit give its opinion, and only the lead reply', async () => {
    const co = await act(as['unit.housing'], id, 'sign', { note: '已签收' });
    expect(co.state).toBe('assigned');
    await act(as['unit.housing'], id, 'sign', {}, 409);
    // Naming a unit the officer does not serve is refused.
    await act(as['unit.housing'], id, 'sign', { unitId: unit.water }, 403);
    const signed = await act(as['unit.water'], id, 'sign', {});
    expect(signed).toMatchObject({ state: 'signed', dueStep: 'reply' });
    expect(signed.dueAt).toBe(signed.assignments[0].replyDueAt);
    const opinion = await act(as['unit.housing'], id, 'opinion', { opinion: '沟墩镇供水管网改造已列入住建局计划，可同步实施。' });
    expect(opinion.assignments[1]).toMatchObject({ state: 'replied', reply: '沟墩镇供水管网改造已列入住建局计划，可同步实施。' });
    expect(await notices('unit.water', id)).toEqual(['suggestion.assigned', 'suggestion.opinion']);
    const wrong = await act(as['unit.housing'], id, 'reply', { reply: '不是主办', category: 'A' }, 409);
    expect(wrong.type).toMatch(/conflict/);
    const replied = await act(as['unit.water'], id, 'reply', { reply: '已完成沟墩镇水厂提标改造方案，年内实施。', category: 'B', publicAgreed: true });
    expect(replied).toMatchObject({ state: 'replied', replyCategory: 'B', dueStep: 'rate' });
    expect(chinaDay(new Date(replied.dueAt))).toBe(shiftDay(chinaDay(new Date()), 30));
    expect(await notices('funing.staff', id)).toEqual(['suggestion.submitted', 'suggestion.replied']);
    expect(await notices('deputy.wang', id)).toContain('suggestion.replied');
    expect((await as['deputy.wang'].get(`/api/v1/suggestions/${id}`)).body.can.rate).toBe(true);
  });

  it('rates per unit that answered: the co-signer may not rate, and every answering unit must be rated', async () => {
    await act(as['deputy.li'], id, 'rate', { ratings: [{ unitId: unit.water, rating: 1 }] }, 403);
    const partial = await act(as['deputy.wang'], id, 'rate', { ratings: [{ unitId: unit.water, rating: 3 }] }, 422);
    expect(partial.errors[0].message).toMatch(/住房和城乡建设局/);
  });

  it('sends an unsatisfied round 1 back to the same lead unit for round 2 with a new reply deadline', async () => {
    const before = (await as['deputy.wang'].get(`/api/v1/suggestions/${id}`)).body;
    const again = await act(as['deputy.wang'], id, 'rate', {
      ratings: [{ unitId: unit.water, rating: 3, comment: '方案没有明确时间' }, { unitId: unit.housing, rating: 1 }],
    });
    expect(again).toMatchObject({ state: 'assigned', round: 2, dueStep: 'sign', rating: null });
    const round1 = again.assignments.filter((a: any) => a.round === 1);
    expect(round1.map((a: any) => [a.unitName, a.rating])).toEqual([['阜宁县水利局', 3], ['阜宁县住房和城乡建设局', 1]]);
    const round2 = again.assignments.filter((a: any) => a.round === 2);
    expect(round2.map((a: any) => [a.unitName, a.role, a.state])).toEqual([['阜宁县水利局', 'lead', 'assigned']]);
    expect(new Date(round2[0].assignedAt).getTime()).toBeGreaterThan(new Date(before.assignments[0].assignedAt).getTime());
    expect(round2[0].replyDueAt).not.toBeNull();
    expect(new Date(round2[0].replyDueAt).getTime()).toBeGreaterThanOrEqual(new Date(before.assignments[0].replyDueAt).getTime());
    expect(await notices('unit.water', id)).toContain('suggestion.reopened');
    expect(await notices('unit.housing', id)).not.toContain('suggestion.reopened');
    // The co unit is not part of round 2.
    expect((await as['unit.housing'].get(`/api/v1/suggestions/${id}`)).status).toBe(404);
  });

  it('closes after the round-2 reply is rated, whatever the rating; the summary is the lead unit\'s', async () => {
    await act(as['unit.water'], id, 'sign', {});
    await act(as['unit.water'], id, 'reply', { reply: '水厂改造已于本月开工，预计9月底完工。', category: 'A', publicAgreed: true });
    await act(as['deputy.wang'], id, 'publish', { publish: true }, 403);
    await act(as['funing.staff'], id, 'publish', { publish: true }, 409);
    const closed = await act(as['deputy.wang'], id, 'rate', { ratings: [{ unitId: unit.water, rating: 2 }], publicAgreed: true });
    expect(closed).toMatchObject({ state: 'closed', rating: 2, replyCategory: 'A', round: 2, dueStep: null, dueAt: null, publicAgreed: true, number });
    expect(closed.events.map((e: any) => e.kind)).toEqual([
      'created', 'cosigned', 'submitted', 'accepted', 'assigned', 'signed', 'signed', 'opinion', 'replied', 'rated', 'reopened', 'signed', 'replied', 'rated', 'closed',
    ]);
    expect(closed.events.map((e: any) => e.seq)).toEqual(closed.events.map((_: any, i: number) => i + 1));
    expect(await notices('deputy.li', id)).toContain('suggestion.closed');
    await act(as['deputy.wang'], id, 'rate', { ratings: [{ unitId: unit.water, rating: 1 }] }, 409);
    const published = await act(as['funing.staff'], id, 'publish', { publish: true });
    expect(published.publishedAt).not.toBeNull();
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestion_events where suggestion_id = ${id}`);
    expect(n).toBe(16);
  });
});

describe('motions, returns, merges, conversions and withdrawals', () => {
  let motion: string;

  it('refuses to submit a motion without the minimum of signatures (422 suggestion.tooFewSigners), then takes it once they signed', async () => {
    const made = await draft(as['deputy.wang'], {
      kind: 'motion', title: '关于制定阜宁县农村人居环境整治条例的议案', body: '建议制定地方性法规。', authorUserIds: [user['deputy.li']], cosignerUserIds: [user['deputy.zhang']],
    });
    motion = made.id;
    const refused = await act(as['deputy.wang'], motion, 'submit', {}, 422);
    expect(refused.detail).toMatch(/10/);
    expect(refused.detail).toMatch(/1/);
    const config = await as['funing.admin'].put('/api/v1/modules/suggestions/config', { config: { motionCoSignerMinimum: 3 } });
    expect(config.status, JSON.stringify(config.body)).toBe(200);
    await act(as['deputy.wang'], motion, 'submit', {}, 422);
    await act(as['deputy.li'], motion, 'cosign', { decision: 'sign' });
    await act(as['deputy.zhang'], motion, 'cosign', { decision: 'sign' });
    const sent = await act(as['deputy.wang'], motion, 'submit', {});
    expect(sent).toMatchObject({ state: 'submitted', kind: 'motion', signerCount: 3 });
    // A signed author may edit only while it is a draft or returned.
    expect((await as['deputy.li'].patch(`/api/v1/suggestions/${motion}`, { title: '改' })).status).toBe(409);
  });

  it('converts a submitted motion into a suggestion (a suggestion cannot be converted)', async () => {
    const converted = await act(as['funing.staff'], motion, 'convert', { reason: '属于建议事项' });
    expect(converted).toMatchObject({ kind: 'suggestion', state: 'submitted' });
    expect(converted.events.at(-1)).toMatchObject({ kind: 'converted', note: '属于建议事项', actorName: '阜宁县人大工作人员' });
    await act(as['funing.staff'], motion, 'convert', { reason: '再次' }, 409);
    expect(await notices('deputy.zhang', motion)).toContain('suggestion.converted');
  });

  it('returns one for revision; the authors edit and resubmit it, keeping the first submission time', async () => {
    const sent = await submitted(as['deputy.wang'], '关于沟墩镇增设路灯的建议');
    const back = await act(as['funing.staff'], sent.id, 'return', { reason: '请补充具体路段' });
    expect(back).toMatchObject({ state: 'returned' });
    expect(await notices('deputy.wang', sent.id)).toEqual(['suggestion.returned']);
    await act(as['funing.staff'], sent.id, 'accept', {}, 409);
    const edited = await as['deputy.wang'].patch(`/api/v1/suggestions/${sent.id}`, { title: '关于沟墩镇人民路增设路灯的建议', body: '人民路菜市场至卫生院段没有路灯，夜间出行不安全。' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.title).toBe('关于沟墩镇人民路增设路灯的建议');
    expect(edited.body.keywords).toContain('路灯');
    const [{ found }] = await owner<{ found: boolean }>(sql`select search @@ plainto_tsquery('simple', '菜市场') as found from suggestions where id = ${sent.id}`);
    expect(found).toBe(true);
    const again = await act(as['deputy.wang'], sent.id, 'submit', {});
    expect(again.state).toBe('submitted');
    expect(again.submittedAt).toBe(sent.submittedAt);
  });

  it('merges a duplicate into another: its signers join as co-signers and both timelines record it', async () => {
    const into = await submitted(as['deputy.zhang'], '关于整治益林镇河道黑臭水体的建议');
    const dup = await submitted(as['deputy.li'], '关于治理益林镇黑臭河道的建议', { cosignerUserIds: [user['deputy.chen']] });
    await act(as['deputy.chen'], dup.id, 'cosign', { decision: 'sign' });
    await act(as['funing.staff'], dup.id, 'merge', { intoId: dup.id }, 422);
    const [{ id: sheyangRow }] = await owner<{ id: string }>(sql`select s.id from suggestions s join tenants t on t.id = s.tenant_id where t.code = '320924' limit 1`);
    await act(as['funing.staff'], dup.id, 'merge', { intoId: sheyangRow }, 422);
    const merged = await act(as['funing.staff'], dup.id, 'merge', { intoId: into.id, note: '内容重复' });
    expect(merged).toMatchObject({ state: 'merged', mergedInto: into.id });
    const target = (await as['funing.staff'].get(`/api/v1/suggestions/${into.id}`)).body;
    expect(target.signers.map((s: any) => [s.name, s.role, s.state])).toEqual([
      ['张伟', 'author', 'signed'], ['李秀英', 'cosigner', 'signed'], ['陈静', 'cosigner', 'signed'],
    ]);
    expect(target.events.at(-1)).toMatchObject({ kind: 'mergedFrom', data: { fromId: dup.id } });
    expect(await notices('deputy.chen', dup.id)).toContain('suggestion.merged');
    await act(as['funing.staff'], dup.id, 'merge', { intoId: into.id }, 409);
  });

  it('lets the authors withdraw a submission (staff are told) and answers 409 after', async () => {
    const sent = await submitted(as['deputy.chen'], '关于规范城区电动车停放的建议');
    const gone = await act(as['deputy.chen'], sent.id, 'withdraw', { reason: '已由其他代表提出' });
    expect(gone.state).toBe('withdrawn');
    expect(await notices('funing.staff', sent.id)).toEqual(['suggestion.submitted', 'suggestion.withdrawn']);
    await act(as['deputy.chen'], sent.id, 'withdraw', { reason: '再次' }, 409);
    // Staff may not withdraw for the authors.
    await act(as['funing.staff'], sent.id, 'withdraw', { reason: 'x' }, 403);
  });
});

describe('races', () => {
  it('gives two concurrent acceptances under one session distinct, consecutive numbers', async () => {
    const a = await submitted(as['deputy.li'], '关于加强校园周边交通安全的建议');
    const b = await submitted(as['deputy.zhang'], '关于完善农村养老服务体系的建议');
    const [x, y] = await Promise.all([as['funing.staff'].post(`/api/v1/suggestions/${a.id}/accept`, {}), as.staff2.post(`/api/v1/suggestions/${b.id}/accept`, {})]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.number).not.toBe(y.body.number);
    expect(Math.abs(x.body.number - y.body.number)).toBe(1);
    const [{ seq }] = await owner<{ seq: number }>(sql`select suggestion_seq as seq from suggestion_sessions where id = ${openSession.id}`);
    expect(Math.max(x.body.number, y.body.number)).toBe(seq);
  });

  it('lets one of two concurrent identical steps through and answers the other 409', async () => {
    const s = await submitted(as['deputy.li'], '关于增加城区公共停车位的建议');
    const results = await Promise.all([as['funing.staff'].post(`/api/v1/suggestions/${s.id}/accept`, {}), as.staff2.post(`/api/v1/suggestions/${s.id}/accept`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from suggestion_events where suggestion_id = ${s.id} and kind = 'accepted'`);
    expect(n).toBe(1);
  });
});

describe('roles and the roll-up', () => {
  let filed: { id: string };

  beforeAll(async () => {
    const s = await submitted(as['deputy.zhang'], '关于扶持益林镇农机合作社发展的建议');
    await act(as['funing.staff'], s.id, 'accept', {});
    filed = await act(as['funing.staff'], s.id, 'assign', { leadUnitId: unit.water });
  });

  it('answers 404 to 射阳县 staff for every 阜宁县 suggestion', async () => {
    const rows = await owner<{ id: string }>(sql`select s.id from suggestions s join tenants t on t.id = s.tenant_id where t.code = '320923'`);
    expect(rows.length).toBeGreaterThan(8);
    for (const { id } of rows) {
      expect((await as['sheyang.staff'].get(`/api/v1/suggestions/${id}`)).status, id).toBe(404);
      expect((await as['sheyang.staff'].post(`/api/v1/suggestions/${id}/urge`, {})).status, id).toBe(404);
      expect((await as['sheyang.staff'].post(`/api/v1/suggestions/${id}/accept`, {})).status, id).toBe(404);
    }
    expect((await as['sheyang.staff'].get('/api/v1/suggestions?view=all&limit=100')).body.items.every((s: any) => s.tenantName.includes('射阳'))).toBe(true);
  });

  it('lets the city read 阜宁县\'s suggestions (roll-up) but not review or assign them (403); it may urge', async () => {
    const seen = await as['yancheng.staff'].get(`/api/v1/suggestions/${filed.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.can).toMatchObject({ review: false, assign: false, reassign: false, urge: true, note: false });
    const s = await submitted(as['deputy.chen'], '关于加强农贸市场食品安全监管的建议');
    await act(as['yancheng.staff'], s.id, 'accept', {}, 403);
    await act(as['yancheng.staff'], filed.id, 'reassign', { unitId: unit.water, newUnitId: unit.housing }, 403);
    const urged = await act(as['yancheng.staff'], filed.id, 'urge', { note: '请抓紧签收' });
    expect(urged.events.at(-1)).toMatchObject({ kind: 'urged', actorName: '盐城市人大工作人员', note: '请抓紧签收' });
    expect(await notices('unit.water', filed.id)).toEqual(['suggestion.assigned', 'suggestion.urged']);
    const [{ tenant }] = await owner<{ tenant: string }>(sql`select t.code as tenant from audit_log a join tenants t on t.id = a.tenant_id
      where a.action = 'suggestion.urge' and a.subject_id = ${filed.id}`);
    expect(tenant).toBe('320923');
  });

  it('refuses unit officers another unit\'s suggestion (404) and staff steps (403)', async () => {
    expect((await as['unit.housing'].get(`/api/v1/suggestions/${filed.id}`)).status).toBe(404);
    await act(as['unit.housing'], filed.id, 'sign', {}, 404);
    await act(as['unit.water'], filed.id, 'accept', {}, 403);
    await act(as['unit.water'], filed.id, 'reply', { reply: '未签收先答复', category: 'A' }, 409);
  });

  it('puts a key suggestion under a committee member, who sees it, is told, and may urge but not review', async () => {
    const supervised = await act(as['funing.staff'], filed.id, 'supervise', { key: true, supervisorKind: 'committee', supervisorUserId: user['funing.committee'], note: '重点督办' });
    expect(supervised).toMatchObject({ key: true, supervisor: { kind: 'committee', userId: user['funing.committee'], name: '阜宁县人大常委会委员' } });
    expect(await notices('funing.committee', filed.id)).toEqual(['suggestion.supervised']);
    const mine = (await as['funing.committee'].get('/api/v1/suggestions?view=supervised')).body.items.map((s: any) => s.id);
    expect(mine).toContain(filed.id);
    const one = (await as['funing.committee'].get(`/api/v1/suggestions/${filed.id}`)).body;
    expect(one.can).toMatchObject({ urge: true, review: false, note: true });
    await act(as['funing.committee'], filed.id, 'urge', { note: '请水利局抓紧办理' });
    await act(as['funing.committee'], filed.id, 'accept', {}, 403);
    await act(as['funing.staff'], filed.id, 'supervise', { key: true, supervisorKind: 'committee', supervisorUserId: user['unit.water'] }, 422);
  });

  it('keeps notes to those who take part: staff and the authors, not other deputies', async () => {
    const noted = await act(as['funing.staff'], filed.id, 'note', { note: '已电话联系水利局' });
    expect(noted.events.at(-1)).toMatchObject({ kind: 'note', note: '已电话联系水利局' });
    await act(as['deputy.zhang'], filed.id, 'note', { note: '感谢' });
    await act(as['deputy.li'], filed.id, 'note', { note: '我不是作者' }, 403);
  });

  it('replaces the lead unit on its request: the new lead signs for it afresh', async () => {
    await act(as['unit.water'], filed.id, 'request-reassign', { reason: '属于农业农村部门职责' });
    expect(await notices('funing.staff', filed.id)).toContain('suggestion.reassignRequested');
    await act(as['funing.staff'], filed.id, 'reassign', { unitId: unit.water }, 422);
    const moved = await act(as['funing.staff'], filed.id, 'reassign', { unitId: unit.water, newUnitId: unit.env, note: '改由生态环境局主办' });
    expect(moved).toMatchObject({ state: 'assigned', dueStep: 'sign', leadUnit: { id: unit.env } });
    expect(moved.assignments.map((a: any) => [a.unitId, a.state, a.reassignReason])).toEqual([
      [unit.water, 'withdrawn', '属于农业农村部门职责'], [unit.env, 'assigned', null],
    ]);
    expect((await as['unit.water'].get(`/api/v1/suggestions/${filed.id}`)).status).toBe(404);
  });
});
