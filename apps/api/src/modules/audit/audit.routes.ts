import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@renda/db';
import { AuditQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, tenantTx } from '../../platform/context.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { input } from '../../platform/validate.ts';

export const auditRoutes = new Hono<AppEnv>();

interface AuditRow {
  id: number; at: string; tenantId: string; tenantName: string; action: string; subjectType: string; subjectId: string | null;
  userId: string | null; userName: string | null; membershipId: string | null; requestId: string | null; detail: unknown;
}

// GET /api/v1/audit — the audit log of the active subtree, newest first
auditRoutes.get('/', describeRoute({ tags: ['audit'], summary: 'Read the audit log' }), input('query', AuditQuery), async (c) => {
  authorize(c, 'read', 'AuditLog');
  const { action, cursor, limit } = c.req.valid('query');
  const before = decodeCursor(cursor, 1)?.[0] as number | undefined;
  const rows = await tenantTx(c, async (tx) => rowsOf<AuditRow>(await tx.execute(sql`
    select a.id, a.at, a.tenant_id as "tenantId", t.name as "tenantName", a.action, a.subject_type as "subjectType",
      a.subject_id as "subjectId", a.user_id as "userId", u.display_name as "userName", a.membership_id as "membershipId",
      a.request_id as "requestId", a.detail
    from audit_log a join tenants t on t.id = a.tenant_id left join users u on u.id = a.user_id
    where a.tenant_path <@ (select app_scope())
      ${action ? sql`and a.action like ${action.replace(/[\\%_]/g, (m) => `\\${m}`) + '%'}` : sql``}
      ${before !== undefined ? sql`and a.id < ${before}` : sql``}
    order by a.id desc limit ${limit + 1}`)));
  const p = page(rows, limit, (r) => [Number(r.id)]);
  return c.json({ items: p.items.map((r) => ({ ...r, id: Number(r.id), tenant: { name: r.tenantName } })), nextCursor: p.nextCursor });
});
