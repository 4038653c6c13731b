import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { eventClock } from '../src/modules/duties/events.clock.ts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;
const ids = { wang: '', li: '', zhang: '', chen: '', zhao: '', wangCity: '', gouDun: '', yiLin: '', heDe: '' };
let event = ''; // created by the first test, invites 沟墩代表小组 (wang, li) and chen
let isolationEvent = '';

const realClock = eventClock.now;
afterEach(() => { eventClock.now = realClock; });

async function owner<T>(query: ReturnType<typeof sql>): Promise<T[]> {
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

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
const draft = (extra: Record<string, unknown> = {}) => ({
  kind: 'inspection', activityKind: 'inspection', title: '视察沟墩镇农村公路建设', startsAt: inDays(3), endsAt: inDays(3, 3),
  place: '沟墩镇', description: '实地查看在建公路质量', ...extra,
});

beforeAll(async () => {
  tp = await startTestPlatform();
  const seats = await owner<{ code: string; id: string }>(sql`select public_code as code, id from deputies`);
  const seat = (code: string) => seats.find((s) => s.code === code)!.id;
  Object.assign(ids, { wang: seat('FNWANG23'), li: seat('FNLXY234'), zhang: seat('FNZHW234'), chen: seat('FNCHJ234'), zhao: seat('SYZHT234'), wangCity: seat('YCWANG23') });
  const groups = await owner<{ name: string; id: string }>(sql`select name, id from delegation_groups`);
  const group = (name: string) => groups.find((g) => g.name === name)!.id;
  Object.assign(ids, { gouDun: group('沟墩代表小组'), yiLin: group('益林代表小组'), heDe: group('合德代表小组') });
  const staff = await tp.as('funing.staff');
  isolationEvent = (await staff.post('/api/v1/events', draft({ title: '隔离测试活动', deputyIds: [ids.li] }))).body.id;
});
afterAll(async () => { await tp?.close(); });

describe('events: staff organise', () => {
  it('creates an event inviting a group and a seat, and never shows the check-in secret', async () => {
    const staff = await tp.as('funing.staff');
    const res = await staff.post('/api/v1/events', draft({ groupIds: [ids.gouDun], deputyIds: [ids.chen, ids.wang] }));
    expect(res.status).toBe(201);
    event = res.body.id;
    expect(res.body).toMatchObject({ kind: 'inspection', activityKind: 'inspection', state: 'scheduled', counts: { invited: 3, accepted: 0, declined: 0, checkedIn: 0 } });
    expect(res.body.invitations.map((i: any) => i.displayName).sort()).toEqual(['李秀英', '王建国', '陈静'].sort());
    expect(res.body.invitations.every((i: any) => i.response === 'pending' && !i.walkIn)).toBe(true);
    const detail = await staff.get(`/api/v1/events/${event}`);
    for (const body of [res.body, detail.body]) expect(JSON.stringify(body)).not.toMatch(/secret/i);
    const list = await staff.get('/api/v1/events');
    expect(JSON.stringify(list.body)).not.toMatch(/secret/i);
    expect(list.body.items.find((e: any) => e.id === event)).toMatchObject({ counts: { invited: 3 } });
    const [row] = await owner<{ n: number }>(sql`select octet_length(checkin_secret) as n from events where id = ${event}`);
    expect(row.n).toBe(32);
    const audit = await owner<{ action: string }>(sql`select action from audit_log where subject_id = ${event}`);
    expect(audit.map((a) => a.action)).toContain('event.create');
  });

  it('refuses seats and groups that are not serving in the own congress, field by field', async () => {
    const staff = await tp.as('funing.staff');
    for (const [field, value] of [['deputyIds', ids.zhao], ['deputyIds', ids.wangCity], ['deputyIds', crypto.randomUUID()], ['groupIds', ids.heDe], ['groupIds', crypto.randomUUID()]]) {
      const res = await staff.post('/api/v1/events', draft({ [field]: [value] }), { 'accept-language': 'en' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe(field);
      expect(res.body.errors[0].message).toContain(value);
    }
    // A seat that has left is no longer invited.
    await owner(sql`update deputies set status = 'resigned', left_on = '2026-01-01' where id = ${ids.zhang}`);
    const resigned = await staff.post('/api/v1/events', draft({ deputyIds: [ids.zhang] }));
    await owner(sql`update deputies set status = 'serving', left_on = null where id = ${ids.zhang}`);
    expect(resigned.status).toBe(422);
  });

  it('validates title, times and activity kind with localized messages', async () => {
    const staff = await tp.as('funing.staff');
    const short = await staff.post('/api/v1/events', draft({ title: '视' }));
    expect(short.status).toBe(422);
    expect(short.body.errors[0]).toMatchObject({ path: 'title' });
    expect(short.body.errors[0].message).toMatch(/2/);
    const backwards = await staff.post('/api/v1/events', draft({ startsAt: inDays(3, 2), endsAt: inDays(3) }));
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].path).toBe('endsAt');
    expect(backwards.body.detail).toBe('结束时间不能早于开始时间。');
    const english = await staff.post('/api/v1/events', draft({ activityKind: 'custom:代表接待日' }), { 'accept-language': 'en' });
    expect(english.status).toBe(422);
    expect(english.body.errors[0]).toMatchObject({ path: 'activityKind' });
    expect(english.body.detail).toMatch(/not available/);
    expect((await staff.post('/api/v1/events', draft({ kind: 'party' }))).status).toBe(422);
  });

  it('accepts a custom activity kind once the congress configures it', async () => {
    const admin = await tp.as('funing.admin');
    expect((await admin.put('/api/v1/modules/duties/config', { config: { customActivityKinds: ['代表接待日'] } })).status).toBe(200);
    const res = await admin.post('/api/v1/events', draft({ kind: 'constituents', activityKind: 'custom:代表接待日', title: '代表接待日' }));
    expect(res.status).toBe(201);
    expect(res.body.activityKind).toBe('custom:代表接待日');
    await admin.put('/api/v1/modules/duties/config', { config: {} });
  });

  it('lists upcoming events soonest first and past ones latest first, a page at a time', async () => {
    const staff = await tp.as('sheyang.staff'); // a congress with no events yet
    const starts = [-20, -5, -1, 2, 6, 9];
    for (const d of starts) {
      expect((await staff.post('/api/v1/events', draft({ title: `活动 ${d}`, startsAt: inDays(d), endsAt: inDays(d, 2) }))).status).toBe(201);
    }
    const walk = async (when: string) => {
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await staff.get(`/api/v1/events?when=${when}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        titles.push(...res.body.items.map((e: any) => e.title));
        cursor = res.body.nextCursor;
      } while (cursor);
      return titles;
    };
    expect(await walk('upcoming')).toEqual(['活动 2', '活动 6', '活动 9']);
    expect(await walk('past')).toEqual(['活动 -1', '活动 -5', '活动 -20']);
    expect((await staff.get('/api/v1/events?when=later')).status).toBe(422);
  });

  it('changes, invites to and cancels a scheduled event; a cancelled one can no longer change', async () => {
    const staff = await tp.as('funing.staff');
    const id = (await staff.post('/api/v1/events', draft({ deputyIds: [ids.li] }))).body.id;
    const changed = await staff.patch(`/api/v1/events/${id}`, { title: '视察沟墩镇农村公路养护', place: '沟墩镇王庄村' });
    expect(changed.body).toMatchObject({ title: '视察沟墩镇农村公路养护', place: '沟墩镇王庄村' });
    expect((await staff.patch(`/api/v1/events/${id}`, { endsAt: inDays(2) })).status).toBe(422);
    expect((await staff.patch(`/api/v1/events/${id}`, { checkinSecret: 'x' })).status).toBe(422);
    const invited = await staff.post(`/api/v1/events/${id}/invitations`, { groupIds: [ids.yiLin], deputyIds: [ids.li] });
    expect(invited.body.counts.invited).toBe(3); // li once, plus zhang and chen
    expect((await staff.post(`/api/v1/events/${id}/invitations`, { deputyIds: [ids.zhao] })).status).toBe(422);
    const cancelled = await staff.post(`/api/v1/events/${id}/cancel`);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await staff.post(`/api/v1/events/${id}/cancel`)).status).toBe(409);
    expect((await staff.patch(`/api/v1/events/${id}`, { title: '改期' })).status).toBe(409);
    expect((await staff.post(`/api/v1/events/${id}/invitations`, { deputyIds: [ids.wang] })).status).toBe(409);
    const actions = (await owner<{ action: string }>(sql`select action from audit_log where subject_id = ${id} order by id`)).map((a) => a.action);
    expect(actions).toEqual(['event.create', 'event.update', 'event.invite', 'event.cancel']);
  });

  it('lets the city read a county event in its roll-up but not change it; the sibling county gets 404', async () => {
    const city = await tp.as('yancheng.staff');
    expect((await city.get(`/api/v1/events/${event}`)).status).toBe(200);
    expect((await city.patch(`/api/v1/events/${event}`, { title: '市里改的标题' })).status).toBe(403);
    expect((await city.get(`/api/v1/events/${event}/checkin-code`)).status).toBe(403);
    const sibling = await tp.as('sheyang.staff');
    for (const path of [`/api/v1/events/${event}`, `/api/v1/events/${event}/checkin-code`]) expect((await sibling.get(path)).status).toBe(404);
    expect((await sibling.patch(`/api/v1/events/${event}`, { title: '射阳改的标题' })).status).toBe(404);
    expect((await sibling.get('/api/v1/events')).body.items.some((e: any) => e.id === event)).toBe(false);
  });

  it('answers 404 when the congress turns the duties module off', async () => {
    const admin = await tp.as('funing.admin');
    await admin.put('/api/v1/modules/duties', { state: 'off' });
    const res = await (await tp.as('funing.staff')).get('/api/v1/events');
    await admin.put('/api/v1/modules/duties', { state: 'inherit' });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('https://renda.dev/problems/module-disabled');
  });
});

describe('events: deputies answer', () => {
  it('shows an invited deputy the event in his list with his own answer only', async () => {
    const wang = await actingIn('deputy.wang', '320923');
    const list = await wang.get('/api/v1/events');
    const mine = list.body.items.find((e: any) => e.id === event);
    expect(mine.mine).toEqual({ response: 'pending', checkedInAt: null });
    expect(list.body.items.every((e: any) => e.mine)).toBe(true);
    expect(list.body.items.some((e: any) => e.id === isolationEvent)).toBe(false); // li is invited there, not wang
    const detail = await wang.get(`/api/v1/events/${event}`);
    expect(detail.body.invitations).toHaveLength(1);
    expect(detail.body.invitations[0]).toMatchObject({ deputyId: ids.wang, displayName: '王建国' });
    // In his city membership the county's event is not among his invitations.
    const city = await tp.as('deputy.wang');
    expect((await city.get('/api/v1/events')).body.items.some((e: any) => e.id === event)).toBe(false);
  });

  it('records an answer, lets him change it, and audits each', async () => {
    const wang = await actingIn('deputy.wang', '320923');
    const yes = await wang.post(`/api/v1/events/${event}/respond`, { response: 'accepted', note: '准时参加' });
    expect(yes.status).toBe(200);
    expect(yes.body.mine.response).toBe('accepted');
    expect(yes.body.counts.accepted).toBe(1);
    const no = await wang.post(`/api/v1/events/${event}/respond`, { response: 'declined' });
    expect(no.body).toMatchObject({ mine: { response: 'declined' }, counts: { accepted: 0, declined: 1 } });
    const staffView = (await (await tp.as('funing.staff')).get(`/api/v1/events/${event}`)).body;
    expect(staffView.invitations.find((i: any) => i.deputyId === ids.wang)).toMatchObject({ response: 'declined' });
    expect(staffView.invitations.find((i: any) => i.deputyId === ids.wang).respondedAt).toBeTruthy();
    const audits = await owner<{ action: string }>(sql`select action from audit_log where subject_id = ${event} and action = 'event.respond'`);
    expect(audits).toHaveLength(2);
    expect((await wang.post(`/api/v1/events/${event}/respond`, { response: 'maybe' })).status).toBe(422);
  });

  it('hides the event from a deputy who is not invited', async () => {
    const zhang = await tp.as('deputy.zhang');
    expect((await zhang.get(`/api/v1/events/${event}`)).status).toBe(404);
    expect((await zhang.post(`/api/v1/events/${event}/respond`, { response: 'accepted' })).status).toBe(404);
    expect((await zhang.get('/api/v1/events')).body.items.some((e: any) => e.id === event)).toBe(false);
  });

  it('closes answers once the event has ended or was cancelled', async () => {
    const staff = await tp.as('funing.staff');
    const id = (await staff.post('/api/v1/events', draft({ deputyIds: [ids.li] }))).body.id;
    const li = await tp.as('deputy.li');
    eventClock.now = () => new Date(Date.parse(inDays(3, 4)));
    const late = await li.post(`/api/v1/events/${id}/respond`, { response: 'accepted' });
    expect(late.status).toBe(409);
    eventClock.now = realClock;
    expect((await li.post(`/api/v1/events/${id}/respond`, { response: 'accepted' })).status).toBe(200);
    await staff.post(`/api/v1/events/${id}/cancel`);
    expect((await li.post(`/api/v1/events/${id}/respond`, { response: 'declined' })).status).toBe(409);
    expect((await li.get(`/api/v1/events/${id}`)).body).toMatchObject({ state: 'cancelled', mine: { response: 'accepted' } });
  });
});

describe('events: route isolation', () => {
  const some = '00000000-0000-4000-8000-000000000000';
  const valid = draft();
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/events', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/events', body: valid, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/events/${some}`, forbiddenFor: 'unit.water', foreign: { login: 'sheyang.staff', path: () => `/api/v1/events/${isolationEvent}` } });
  routeIsolation(() => tp, { method: 'PATCH', path: `/api/v1/events/${some}`, body: { title: '新的标题' }, forbiddenFor: 'deputy.wang', foreign: { login: 'sheyang.staff', path: () => `/api/v1/events/${isolationEvent}` } });
  routeIsolation(() => tp, { method: 'POST', path: `/api/v1/events/${some}/cancel`, forbiddenFor: 'deputy.wang', foreign: { login: 'sheyang.staff', path: () => `/api/v1/events/${isolationEvent}/cancel` } });
  routeIsolation(() => tp, { method: 'POST', path: `/api/v1/events/${some}/invitations`, body: { deputyIds: [] }, forbiddenFor: 'deputy.wang', foreign: { login: 'sheyang.staff', path: () => `/api/v1/events/${isolationEvent}/invitations` } });
  routeIsolation(() => tp, { method: 'POST', path: `/api/v1/events/${some}/respond`, body: { response: 'accepted' }, forbiddenFor: 'funing.staff', foreign: { login: 'deputy.zhao', path: () => `/api/v1/events/${isolationEvent}/respond` } });
  routeIsolation(() => tp, { method: 'GET', path: `/api/v1/events/${some}/checkin-code`, forbiddenFor: 'deputy.wang', foreign: { login: 'sheyang.staff', path: () => `/api/v1/events/${isolationEvent}/checkin-code` } });

  it('left the isolation event untouched', async () => {
    const detail = (await (await tp.as('funing.staff')).get(`/api/v1/events/${isolationEvent}`)).body;
    expect(detail).toMatchObject({ title: '隔离测试活动', state: 'scheduled', counts: { invited: 1, accepted: 0 } });
  });
});
