import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { sql } from 'drizzle-orm';
import { CalendarAddQuery, CalendarDaySet, CalendarQuery, IsoDay } from '@renda/contracts';
import { rowsOf } from '@renda/db';
import { subjectOf } from '@renda/policy';
import type { AppEnv } from '../../platform/env-types.ts';
import { audit, authorize, requireAuth, tenantTx } from '../../platform/context.ts';
import { notFound } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { addWorkingDays, chinaDay } from './calendar.service.ts';

const tags = ['cases'];
const DayParam = v.object({ day: IsoDay });

interface CalendarDayJson {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  tenantId: string;
  tenantName: string;
  own: boolean;
}

export const calendarRoutes = new Hono<AppEnv>();
calendarRoutes.use('*', requireModule('cases'));

// GET /api/v1/calendar?year= — the active congress's exceptions to Monday–Friday, with its ancestors'
calendarRoutes.get('/', describeRoute({ tags, summary: 'Working-day calendar of a year' }), input('query', CalendarQuery), async (c) => {
  authorize(c, 'read', 'Calendar');
  const { year } = c.req.valid('query');
  // The policy lets a congress read its ancestors' days; for one date the deepest congress wins.
  const days = await tenantTx(c, async (tx) => rowsOf<CalendarDayJson>(await tx.execute(sql`
    select distinct on (cd.day) cd.day::text as day, cd.kind, cd.name, cd.tenant_id as "tenantId", t.name as "tenantName",
      cd.tenant_id = (select app_tenant()) as own
    from calendar_days cd join tenants t on t.id = cd.tenant_id
    where cd.tenant_path @> (select app_scope()) and cd.day >= make_date(${year}, 1, 1) and cd.day < make_date(${year + 1}, 1, 1)
    order by cd.day, nlevel(cd.tenant_path) desc`)));
  return c.json({ year, days });
});

// GET /api/v1/calendar/add?from=&days= — preview a deadline: the N-th working day after a date
calendarRoutes.get('/add', describeRoute({ tags, summary: 'Add working days to a date' }), input('query', CalendarAddQuery), async (c) => {
  authorize(c, 'read', 'Calendar');
  const { from, days } = c.req.valid('query');
  const due = await tenantTx(c, (tx, auth) => addWorkingDays(tx, auth.membership.tenantId, new Date(`${from}T12:00:00+08:00`), days));
  return c.json({ from, days, due: chinaDay(due) });
});

// PUT /api/v1/calendar/days/:day — make a date of the own congress a holiday or a workday
calendarRoutes.put('/days/:day', describeRoute({ tags, summary: 'Set a calendar exception' }), input('param', DayParam), input('json', CalendarDaySet), async (c) => {
  const auth = requireAuth(c);
  authorize(c, 'update', subjectOf('Calendar', { tenantId: auth.membership.tenantId }));
  const { day } = c.req.valid('param');
  const body = c.req.valid('json');
  const row = await tenantTx(c, async (tx) => {
    await tx.execute(sql`insert into calendar_days (tenant_id, tenant_path, day, kind, name)
      values (${auth.membership.tenantId}, '', ${day}::date, ${body.kind}, ${body.name})
      on conflict (tenant_id, day) do update set kind = excluded.kind, name = excluded.name`);
    await audit(tx, c, { action: 'calendar.set', subjectType: 'Calendar', detail: { day, ...body } });
    return { day, kind: body.kind, name: body.name, tenantId: auth.membership.tenantId, tenantName: auth.membership.tenantName, own: true };
  });
  return c.json(row);
});

// DELETE /api/v1/calendar/days/:day — drop the own congress's exception for a date
calendarRoutes.delete('/days/:day', describeRoute({ tags, summary: 'Remove a calendar exception' }), input('param', DayParam), async (c) => {
  const auth = requireAuth(c);
  authorize(c, 'update', subjectOf('Calendar', { tenantId: auth.membership.tenantId }));
  const { day } = c.req.valid('param');
  await tenantTx(c, async (tx) => {
    const gone = rowsOf(await tx.execute(sql`delete from calendar_days where tenant_id = ${auth.membership.tenantId} and day = ${day}::date returning day`));
    if (gone.length === 0) throw notFound('calendar.dayNotFound');
    await audit(tx, c, { action: 'calendar.delete', subjectType: 'Calendar', detail: { day } });
  });
  return c.body(null, 204);
});
