import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';
import {
  addWorkingDays, chinaDay, deadlineIn, endOfChinaDay, isWorkingDay, nthWorkingDayAfter, resolveExceptions, type DayKind,
} from '../src/modules/cases/calendar.service.ts';
import { holidays2026 } from '../src/modules/cases/holidays.ts';

/** The province's national schedule, as the pure functions see it after loading. */
const national = resolveExceptions(holidays2026.map((d) => ({ day: d.day, kind: d.kind, depth: 1 })));
/** The national schedule with a county's own days on top (depth 3 beats the province's 1). */
const withCounty = (days: [string, DayKind][]) =>
  resolveExceptions([...holidays2026.map((d) => ({ day: d.day, kind: d.kind, depth: 1 })), ...days.map(([day, kind]) => ({ day, kind, depth: 3 }))]);

describe('working days (pure)', () => {
  it('skips weekends: Friday plus one working day is Monday', () => {
    expect(nthWorkingDayAfter(national, '2026-11-20', 1)).toBe('2026-11-23');
    expect(nthWorkingDayAfter(national, '2026-11-21', 1)).toBe('2026-11-23');
    expect(nthWorkingDayAfter(national, '2026-11-23', 5)).toBe('2026-11-30');
    expect(nthWorkingDayAfter(national, '2026-11-20', 0)).toBe('2026-11-20');
  });

  it('skips the whole Spring Festival run and counts its make-up Saturdays', () => {
    expect(isWorkingDay(national, '2026-02-14')).toBe(true); // Saturday worked before the festival
    expect(isWorkingDay(national, '2026-02-16')).toBe(false); // Monday inside the run
    expect(isWorkingDay(national, '2026-02-28')).toBe(true); // Saturday worked after it
    expect(nthWorkingDayAfter(national, '2026-02-13', 1)).toBe('2026-02-14');
    expect(nthWorkingDayAfter(national, '2026-02-14', 1)).toBe('2026-02-24');
    expect(nthWorkingDayAfter(national, '2026-02-24', 4)).toBe('2026-02-28');
  });

  it('carries a deadline over the National Day holidays onto the make-up days', () => {
    expect(nthWorkingDayAfter(national, '2026-09-30', 1)).toBe('2026-10-08');
    expect(nthWorkingDayAfter(national, '2026-09-30', 3)).toBe('2026-10-10'); // a Saturday worked
    expect(nthWorkingDayAfter(national, '2026-09-19', 1)).toBe('2026-09-20'); // a Sunday worked
    expect(deadlineIn(national, new Date('2026-09-30T02:00:00Z'), { amount: 1, unit: 'workingDays' }).toISOString()).toBe('2026-10-08T15:59:59.000Z');
  });

  it('lets a county add a local holiday and keep a day the province gave off', () => {
    expect(nthWorkingDayAfter(withCounty([['2026-10-08', 'holiday']]), '2026-09-30', 1)).toBe('2026-10-09');
    expect(nthWorkingDayAfter(withCounty([['2026-10-07', 'workday']]), '2026-09-30', 1)).toBe('2026-10-07');
    // The deepest congress wins whatever order the rows come in.
    const reversed = resolveExceptions([{ day: '2026-10-07', kind: 'workday', depth: 3 }, { day: '2026-10-07', kind: 'holiday', depth: 1 }]);
    expect(reversed.get('2026-10-07')).toBe('workday');
  });

  it('counts days in China time and hours by the clock', () => {
    expect(chinaDay(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02-01');
    expect(chinaDay(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01-31');
    expect(endOfChinaDay('2026-11-23').toISOString()).toBe('2026-11-23T15:59:59.000Z');
    // Friday 23:30 in China is already Friday's day: one working day ends Monday night.
    expect(deadlineIn(national, new Date('2026-11-20T15:30:00Z'), { amount: 1, unit: 'workingDays' }).toISOString()).toBe('2026-11-23T15:59:59.000Z');
    expect(deadlineIn(national, new Date('2026-02-15T02:00:00Z'), { amount: 24, unit: 'hours' }).toISOString()).toBe('2026-02-16T02:00:00.000Z');
  });

  it('holds the 2026 national schedule as announced', () => {
    const holidays = holidays2026.filter((d) => d.kind === 'holiday');
    const workdays = holidays2026.filter((d) => d.kind === 'workday').map((d) => d.day);
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    // Every make-up workday is a weekend day; every listed holiday run starts where the notice says.
    for (const day of workdays) expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
    expect(holidays.filter((d) => d.name === '春节').map((d) => d.day).at(0)).toBe('2026-02-15');
    expect(holidays.filter((d) => d.name === '国庆节').map((d) => d.day).at(-1)).toBe('2026-10-07');
  });
});

let tp: TestPlatform;
const as: Record<string, Client> = {};
beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'sheyang.staff', 'deputy.li', 'unit.water']) as[login] = await tp.as(login);
});
afterAll(async () => { await tp?.close(); });

async function tenantOf(code: string) {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; path: string }>(await tx.execute(sql`select id, path::text from tenants where code = ${code}`)))
    .then((r) => r[0]);
}

describe('the calendar of a congress (database)', () => {
  it('gives every new province the national schedule, read by every congress below', async () => {
    const res = await as['funing.staff'].get('/api/v1/calendar?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(holidays2026.length);
    expect(res.body.days.find((d: any) => d.day === '2026-02-14')).toMatchObject({ kind: 'workday', tenantName: '江苏省', own: false });
    expect((await as['funing.staff'].get('/api/v1/calendar?year=2027')).body.days).toEqual([]);
  });

  it('adds working days by the congress calendar, a county day overriding the province', async () => {
    const funing = await tenantOf('320923');
    const add = (from: string) => withContext(tp.platform.deps.handle, { tenantId: funing.id, scopePath: funing.path }, (tx) =>
      addWorkingDays(tx, funing.id, new Date(`${from}T10:00:00+08:00`), 1));
    expect((await add('2026-09-30')).toISOString()).toBe(endOfChinaDay('2026-10-08').toISOString());

    expect((await as['funing.staff'].put('/api/v1/calendar/days/2026-10-08', { kind: 'holiday', name: '县庆' })).status).toBe(200);
    expect((await add('2026-09-30')).toISOString()).toBe(endOfChinaDay('2026-10-09').toISOString());
    expect((await as['funing.staff'].get('/api/v1/calendar/add?from=2026-09-30&days=1')).body).toEqual({ from: '2026-09-30', days: 1, due: '2026-10-09' });
    // The city, above the county, keeps the national schedule.
    expect((await as['yancheng.staff'].get('/api/v1/calendar/add?from=2026-09-30&days=1')).body.due).toBe('2026-10-08');

    const year = (await as['funing.staff'].get('/api/v1/calendar?year=2026')).body.days;
    expect(year.find((d: any) => d.day === '2026-10-08')).toEqual({ day: '2026-10-08', kind: 'holiday', name: '县庆', tenantId: funing.id, tenantName: '阜宁县', own: true });

    expect((await as['funing.staff'].put('/api/v1/calendar/days/2026-10-07', { kind: 'workday', name: '县里照常上班' })).status).toBe(200);
    expect((await as['funing.staff'].get('/api/v1/calendar/add?from=2026-09-30&days=1')).body.due).toBe('2026-10-07');
    expect((await as['funing.staff'].get('/api/v1/calendar?year=2026')).body.days.find((d: any) => d.day === '2026-10-07')).toMatchObject({ kind: 'workday', own: true });

    expect((await as['funing.staff'].delete('/api/v1/calendar/days/2026-10-07')).status).toBe(204);
    expect((await as['funing.staff'].delete('/api/v1/calendar/days/2026-10-07')).status).toBe(404);
    expect((await as['funing.staff'].delete('/api/v1/calendar/days/2026-10-08')).status).toBe(204);
    expect((await as['funing.staff'].get('/api/v1/calendar/add?from=2026-09-30&days=1')).body.due).toBe('2026-10-08');
  });

  it('keeps a county\'s days to itself: a sibling county is not affected', async () => {
    expect((await as['sheyang.staff'].put('/api/v1/calendar/days/2026-12-01', { kind: 'holiday', name: '射阳县庆' })).status).toBe(200);
    expect((await as['funing.staff'].get('/api/v1/calendar/add?from=2026-11-30&days=1')).body.due).toBe('2026-12-01');
    expect((await as['sheyang.staff'].get('/api/v1/calendar/add?from=2026-11-30&days=1')).body.due).toBe('2026-12-02');
    const audit = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ action: string }>(await tx.execute(sql`
      select action from audit_log where action like 'calendar.%' and detail->>'day' = '2026-12-01'`)));
    expect(audit.map((a) => a.action)).toEqual(['calendar.set']);
  });

  it('refuses a date that does not exist and a bad kind', async () => {
    expect((await as['funing.staff'].put('/api/v1/calendar/days/2026-02-30', { kind: 'holiday' })).status).toBe(422);
    expect((await as['funing.staff'].put('/api/v1/calendar/days/2026-03-02', { kind: 'weekend' })).status).toBe(422);
    expect((await as['funing.staff'].get('/api/v1/calendar/add?from=2026-09-30&days=999')).status).toBe(422);
  });

  it('lets deputies read the calendar but not change it', async () => {
    expect((await as['deputy.li'].get('/api/v1/calendar?year=2026')).status).toBe(200);
    expect((await as['deputy.li'].put('/api/v1/calendar/days/2026-03-02', { kind: 'holiday' })).status).toBe(403);
  });
});

describe('calendar routes isolation', () => {
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/calendar?year=2026', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/calendar/add?from=2026-09-30&days=1', forbiddenFor: 'unit.water' });
  routeIsolation(() => tp, { method: 'PUT', path: '/api/v1/calendar/days/2026-03-02', body: { kind: 'holiday' }, forbiddenFor: 'deputy.wang' });
  routeIsolation(() => tp, { method: 'DELETE', path: '/api/v1/calendar/days/2026-03-02', forbiddenFor: 'deputy.wang' });
});
