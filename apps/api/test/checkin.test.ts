import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { eventClock } from '../src/modules/duties/events.clock.ts';
import { WINDOW_SECONDS } from '../src/modules/duties/checkin.token.ts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

// Time is the test's: every request reads `eventClock.now()`, which returns `now` below.
let tp: TestPlatform;
let now = 0;
const realClock = eventClock.now;
const setNow = (ms: number) => { now = ms; };
// The start of a 30-second window, an hour from the real time, so boundaries are exact.
const T0 = (Math.floor(Date.now() / 1000 / WINDOW_SECONDS) + 120) * WINDOW_SECONDS * 1000;
const at = (minutes: number, seconds = 0) => T0 + minutes * 60_000 + seconds * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

const ids = { wang: '', li: '', chen: '', zhang: '', county: '' };
let inspection = ''; // starts at T0, ends at T0 + 2 h; invites wang and li
let staff: Client;
const isolationBody = { token: '' };

async function owner<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

async function createEvent(extra: Record<string, unknown>): Promise<string> {
  const res = await staff.post('/api/v1/events', {
    kind: 'inspection', activityKind: 'inspection', title: '视察全县河长制落实情况', startsAt: iso(T0), endsAt: iso(at(120)),
    place: '阜宁县射阳河大桥', description: '检查河道保洁', ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function codeOf(eventId: string): Promise<string> {
  const res = await staff.get(`/api/v1/events/${eventId}/checkin-code`);
  expect(res.status).toBe(200);
  return res.body.token;
}

const activitiesOf = (eventId: string) =>
  owner<{ id: string; deputy_id: string; state: string; tenant_id: string }>(sql`select id, deputy_id, state, tenant_id from activities where event_id = ${eventId}`);

beforeAll(async () => {
  tp = await startTestPlatform();
  eventClock.now = () => new Date(now);
  setNow(at(0));
  const seats = await owner<{ code: string; id: string }>(sql`select public_code as code, id from deputies`);
  const seat = (code: string) => seats.find((s) => s.code === code)!.id;
  Object.assign(ids, { wang: seat('FNWANG23'), li: seat('FNLXY234'), chen: seat('FNCHJ234'), zhang: seat('FNZHW234') });
  ids.county = (await owner<{ id: string }>(sql`select id from tenants where code = '320923'`))[0].id;
  staff = await tp.as('funing.staff');
  inspection = await createEvent({ deputyIds: [ids.wang, ids.li] });
  isolationBody.token = await codeOf(inspection);
});
afterAll(async () => {
  eventClock.now = realClock;
  await tp?.close();
});

describe('check-in codes', () => {
  it('draws a short-lived code for the staff screen', async () => {
    setNow(at(0, 10));
    const res = await staff.get(`/api/v1/events/${inspection}/checkin-code`);
    expect(res.body).toEqual({ token: expect.any(String), url: `/checkin/${res.body.token}`, expiresAt: iso(at(1)), refreshSeconds: 15 });
    // The next window draws another code.
    setNow(at(0, 31));
    expect(await codeOf(inspection)).not.toBe(res.body.token);
  });

  it('draws codes only from two hours before the start to two hours after the end', async () => {
    const later = await createEvent({ startsAt: iso(at(300)), endsAt: iso(at(360)) });
    const closed = async () => {
      const res = await staff.get(`/api/v1/events/${later}/checkin-code`);
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('https://renda.dev/problems/checkin-closed');
    };
    setNow(at(179, 59));
    await closed();
    setNow(at(180));
    await codeOf(later);
    setNow(at(480));
    await codeOf(later);
    // A code drawn just before the close is refused when scanned after it.
    setNow(at(480, 1));
    await closed();
    setNow(at(479, 50));
    const token = await codeOf(later);
    setNow(at(480, 5));
    const scan = await (await tp.as('deputy.li')).post('/api/v1/checkin', { token });
    expect(scan.status).toBe(409);
    expect(scan.body.type).toBe('https://renda.dev/problems/checkin-closed');
  });
});

describe('check-in', () => {
  it('checks in a deputy acting as a city deputy and records a published activity in the county', async () => {
    setNow(at(5));
    const wang = await tp.as('deputy.wang');
    expect((await wang.get('/api/v1/me')).body.tenant.code).toBe('3209');
    const res = await wang.post('/api/v1/checkin', { token: await codeOf(inspection) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      event: { id: inspection, title: '视察全县河长制落实情况', tenantName: '阜宁县' },
      activity: {
        kind: 'inspection', title: '视察全县河长制落实情况', place: '阜宁县射阳河大桥', description: '检查河道保洁', state: 'published',
        deputyId: ids.wang, deputyName: '王建国', tenantId: ids.county, source: 'event', eventId: inspection, files: [],
      },
      alreadyCheckedIn: false,
    });
    expect(res.body.activity.occurredOn).toBe(iso(T0 + 8 * 3_600_000).slice(0, 10));
    const [activity] = await activitiesOf(inspection);
    expect(activity).toMatchObject({ id: res.body.activity.id, tenant_id: ids.county, state: 'published' });
    const [invitation] = await owner<{ checked_in_at: Date | null; walk_in: boolean; activity_id: string }>(sql`
      select checked_in_at, walk_in, activity_id from event_invitations where event_id = ${inspection} and deputy_id = ${ids.wang}`);
    expect(invitation).toMatchObject({ walk_in: false, activity_id: activity.id });
    expect(new Date(invitation.checked_in_at!).getTime()).toBe(at(5));
    // The audit row is the county's, naming his county membership rather than the active city one.
    const [audit] = await owner<{ tenant_id: string; code: string }>(sql`
      select a.tenant_id, t.code from audit_log a join memberships m on m.id = a.membership_id join tenants t on t.id = m.tenant_id
      where a.action = 'event.checkin' and a.subject_id = ${inspection}`);
    expect(audit).toEqual({ tenant_id: ids.county, code: '320923' });
    // County staff find it among the deputy's records.
    const listed = await staff.get(`/api/v1/activities?deputyId=${ids.wang}`);
    expect(listed.body.items.find((a: any) => a.id === activity.id)).toMatchObject({ source: 'event', eventId: inspection, state: 'published' });
    // It shows in his invitation, read in his county membership.
    const county = await tp.as('deputy.wang');
    const me = (await county.get('/api/v1/me')).body;
    await county.post('/api/v1/auth/switch', { membershipId: me.memberships.find((m: any) => m.tenant.code === '320923').id });
    expect((await county.get(`/api/v1/events/${inspection}`)).body.mine.checkedInAt).toBe(iso(at(5)));
  });

  it('returns the same activity on a second scan', async () => {
    setNow(at(6));
    const wang = await tp.as('deputy.wang');
    const res = await wang.post('/api/v1/checkin', { token: await codeOf(inspection) });
    expect(res.body.alreadyCheckedIn).toBe(true);
    const activities = await activitiesOf(inspection);
    expect(activities.filter((a) => a.deputy_id === ids.wang)).toHaveLength(1);
    expect(res.body.activity.id).toBe(activities.find((a) => a.deputy_id === ids.wang)!.id);
    const [invitation] = await owner<{ checked_in_at: Date }>(sql`select checked_in_at from event_invitations where event_id = ${inspection} and deputy_id = ${ids.wang}`);
    expect(new Date(invitation.checked_in_at).getTime()).toBe(at(5)); // the first scan's time stays
    expect(await owner(sql`select 1 from audit_log where action = 'event.checkin' and subject_id = ${inspection} and detail->>'deputyId' = ${ids.wang}`)).toHaveLength(1);
  });

  it('creates one activity for two scans at the same moment', async () => {
    setNow(at(7));
    const token = await codeOf(inspection);
    const [a, b] = await Promise.all([(await tp.as('deputy.li')).post('/api/v1/checkin', { token }), (await tp.as('deputy.li')).post('/api/v1/checkin', { token })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.alreadyCheckedIn, b.body.alreadyCheckedIn].sort()).toEqual([false, true]);
    expect(a.body.activity.id).toBe(b.body.activity.id);
    expect((await activitiesOf(inspection)).filter((x) => x.deputy_id === ids.li)).toHaveLength(1);
    const [stats] = await owner<{ counted: number }>(sql`select counted from deputy_year_stats
      where deputy_id = ${ids.li} and kind = 'inspection' and year = ${new Date(T0 + 8 * 3_600_000).getUTCFullYear()}`);
    expect(stats.counted).toBe(1);
  });

  it('records a deputy who was not invited as a walk-in', async () => {
    setNow(at(10));
    const res = await (await tp.as('deputy.chen')).post('/api/v1/checkin', { token: await codeOf(inspection) });
    expect(res.status).toBe(200);
    const detail = (await staff.get(`/api/v1/events/${inspection}`)).body;
    expect(detail.invitations.find((i: any) => i.deputyId === ids.chen)).toMatchObject({ walkIn: true, response: 'pending', checkedInAt: iso(at(10)) });
    expect(detail.invitations.find((i: any) => i.deputyId === ids.wang)).toMatchObject({ walkIn: false });
    expect(detail.counts).toEqual({ invited: 2, accepted: 0, declined: 0, checkedIn: 3 });
  });

  it('refuses a code photographed more than a window ago, telling the person to scan again', async () => {
    setNow(at(20, 1));
    const token = await codeOf(inspection);
    const zhang = await tp.as('deputy.zhang');
    // Still good in the next window (li was checked in already) …
    setNow(at(20, 59));
    expect((await (await tp.as('deputy.li')).post('/api/v1/checkin', { token })).body.alreadyCheckedIn).toBe(true);
    // … and dead in the one after.
    setNow(at(21));
    const res = await zhang.post('/api/v1/checkin', { token }, { 'accept-language': 'en' });
    expect(res.status).toBe(410);
    expect(res.body.type).toBe('https://renda.dev/problems/checkin-expired');
    expect(res.body.title).toBe('Expired');
    expect(res.body.detail).toMatch(/scan the live code/i);
    expect(await activitiesOf(inspection)).toHaveLength(3);
  });

  it('answers 404 for a forged or malformed code', async () => {
    setNow(at(22));
    const token = await codeOf(inspection);
    const [payload, mac] = token.split('.');
    const flipped = `${payload}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`;
    const zhang = await tp.as('deputy.zhang');
    for (const bad of [flipped, `${payload}.${mac}x`, 'not-a-code', `${Buffer.from(crypto.randomUUID().replace(/-/g, '') + '00000000', 'hex').toString('base64url')}.${mac}`]) {
      const res = await zhang.post('/api/v1/checkin', { token: bad });
      expect(res.status).toBe(404);
    }
    expect((await activitiesOf(inspection)).some((a) => a.deputy_id === ids.zhang)).toBe(false);
  });

  it('refuses a code of a cancelled event', async () => {
    setNow(at(23));
    const event = await createEvent({ title: '视察县城污水处理厂', deputyIds: [ids.zhang] });
    const token = await codeOf(event);
    expect((await staff.post(`/api/v1/events/${event}/cancel`)).status).toBe(200);
    const res = await (await tp.as('deputy.zhang')).post('/api/v1/checkin', { token });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('https://renda.dev/problems/checkin-closed');
    expect((await staff.get(`/api/v1/events/${event}/checkin-code`)).status).toBe(409);
    expect(await activitiesOf(event)).toHaveLength(0);
  });

  it('refuses a person who holds no seat in the event\'s congress', async () => {
    setNow(at(24));
    const token = await codeOf(inspection);
    const zhao = await (await tp.as('deputy.zhao')).post('/api/v1/checkin', { token });
    expect(zhao.status).toBe(403);
    expect(zhao.body.detail).toContain('阜宁县');
    const unit = await (await tp.as('unit.water')).post('/api/v1/checkin', { token });
    expect(unit.status).toBe(403);
    expect(await activitiesOf(inspection)).toHaveLength(3);
  });

  it('records a verified activity, dated in China, when the congress does not publish on verify', async () => {
    const admin = await tp.as('funing.admin');
    await admin.put('/api/v1/modules/duties/config', { config: { publishOnVerify: false } });
    // 17:30 UTC on 30 September is already 1 October in Shanghai.
    const start = Date.parse('2026-09-30T17:30:00Z');
    const event = await createEvent({ title: '国庆前夜安全生产检查', startsAt: iso(start), endsAt: iso(start + 3_600_000) });
    setNow(start + 60_000);
    const res = await (await tp.as('deputy.zhang')).post('/api/v1/checkin', { token: await codeOf(event) });
    await admin.put('/api/v1/modules/duties/config', { config: {} });
    expect(res.body.activity).toMatchObject({ state: 'verified', occurredOn: '2026-10-01' });
    const [row] = await owner<{ reviewed_at: Date; published_at: Date | null; source: string }>(sql`select reviewed_at, published_at, source from activities where id = ${res.body.activity.id}`);
    expect(row).toMatchObject({ published_at: null, source: 'event' });
    expect(new Date(row.reviewed_at).getTime()).toBe(start + 60_000);
  });

  it('answers 404 when the event\'s congress has the duties module off', async () => {
    setNow(at(25));
    const token = await codeOf(inspection);
    const admin = await tp.as('funing.admin');
    await admin.put('/api/v1/modules/duties', { state: 'off' });
    const res = await (await tp.as('deputy.li')).post('/api/v1/checkin', { token });
    await admin.put('/api/v1/modules/duties', { state: 'inherit' });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('https://renda.dev/problems/module-disabled');
  });
});

describe('check-in: route isolation', () => {
  it('hides the event from the sibling county', async () => {
    expect((await (await tp.as('sheyang.staff')).get(`/api/v1/events/${inspection}`)).status).toBe(404);
  });
  // The clock goes back to the window the body's code was drawn in, so the code is live.
  beforeAll(() => setNow(at(0)));
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/checkin', body: isolationBody, forbiddenFor: 'funing.staff' });
});
