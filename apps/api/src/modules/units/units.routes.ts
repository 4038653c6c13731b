import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { sql } from 'drizzle-orm';
import { rowsOf, units } from '@renda/db';
import { UnitCreate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import type { AppEnv } from '../../platform/env-types.ts';
import { audit, authorize, requireAuth, tenantTx } from '../../platform/context.ts';
import { decodeCursor, page, PageQuery } from '../../platform/pagination.ts';
import { conflict } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';

export const unitRoutes = new Hono<AppEnv>();

// GET /api/v1/units — handling units of the active subtree with their officer counts
unitRoutes.get('/', describeRoute({ tags: ['units'], summary: 'List units' }), input('query', PageQuery), async (c) => {
  authorize(c, 'read', 'Unit');
  const { cursor, limit } = c.req.valid('query');
  const after = (decodeCursor(cursor, 1)?.[0] as string) ?? null;
  const rows = await tenantTx(c, async (tx) => rowsOf<{ id: string; tenantId: string; code: string; name: string; officers: number }>(await tx.execute(sql`
    select u.id, u.tenant_id as "tenantId", u.code, u.name,
      (select count(*)::int from unit_officers o where o.tenant_id = u.tenant_id and o.unit_id = u.id) as officers
    from units u where u.tenant_path <@ (select app_scope()) ${after ? sql`and u.id > ${after}` : sql``}
    order by u.id limit ${limit + 1}`)));
  return c.json(page(rows, limit, (r) => [r.id]));
});

// POST /api/v1/units — register a handling unit of the active tenant
unitRoutes.post('/', describeRoute({ tags: ['units'], summary: 'Create a unit' }), input('json', UnitCreate), async (c) => {
  const auth = requireAuth(c);
  authorize(c, 'create', subjectOf('Unit', { tenantId: auth.membership.tenantId }));
  const body = c.req.valid('json');
  const unit = await tenantTx(c, async (tx) => {
    const [row] = await tx.insert(units).values({ tenantId: auth.membership.tenantId, tenantPath: '', ...body }).onConflictDoNothing()
      .returning({ id: units.id, tenantId: units.tenantId, code: units.code, name: units.name });
    if (!row) throw conflict('unit.codeTaken', { code: body.code });
    await audit(tx, c, { action: 'unit.create', subjectType: 'Unit', subjectId: row.id, detail: body });
    return { ...row, officers: 0 };
  });
  return c.json(unit, 201);
});
