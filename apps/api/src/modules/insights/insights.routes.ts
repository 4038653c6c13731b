import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@renda/db';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, requireAuth, tenantTx } from '../../platform/context.ts';
import { requireModule } from '../flags/gate.ts';

export const insightRoutes = new Hono<AppEnv>();
insightRoutes.use('*', requireModule('insights'));

// GET /api/v1/insights/adoption — registration and activity rates per child tenant (应注尽注、应活尽活)
insightRoutes.get('/adoption', describeRoute({ tags: ['insights'], summary: 'Adoption per child tenant' }), async (c) => {
  authorize(c, 'read', 'Insights');
  const auth = requireAuth(c);
  const flags = await c.get('deps').flags.resolve(auth.membership.tenantPath);
  const windowDays = Number(flags.insights.config.activityWindowDays ?? 30);
  const rows = await tenantTx(c, async (tx) => rowsOf<{ tenantId: string; name: string; level: string; code: string; accounts: number; registered: number; active: number }>(await tx.execute(sql`
    select t.id as "tenantId", t.name, t.level, t.code,
      count(m.id)::int as accounts,
      count(m.activated_at)::int as registered,
      count(*) filter (where m.last_active_at > now() - make_interval(days => ${windowDays}))::int as active
    from tenants t left join memberships m on m.tenant_path <@ t.path and m.status = 'active'
    where t.parent_id = ${auth.membership.tenantId} and t.status = 'active'
    group by t.id order by t.code`)));
  const rate = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 10);
  return c.json({
    tenant: { id: auth.membership.tenantId, name: auth.membership.tenantName, level: auth.membership.tenantLevel },
    windowDays,
    rows: rows.map((r) => ({ ...r, active30d: r.active, registrationRate: rate(r.registered, r.accounts), activityRate: rate(r.active, r.accounts) })),
  });
});
