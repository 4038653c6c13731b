import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { AccountImport, MembershipQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, tenantTx } from '../../platform/context.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { input } from '../../platform/validate.ts';
import { listMemberships } from './accounts.queries.ts';
import { importAccounts } from './import.service.ts';

export const membershipRoutes = new Hono<AppEnv>();
export const importRoutes = new Hono<AppEnv>();

// GET /api/v1/memberships — accounts of the active subtree, phones masked above the owning tier
membershipRoutes.get('/', describeRoute({ tags: ['accounts'], summary: 'List memberships' }), input('query', MembershipQuery), async (c) => {
  authorize(c, 'read', 'Membership');
  const { q, tenantId, cursor, limit } = c.req.valid('query');
  const rows = await tenantTx(c, (tx) => listMemberships(tx, { q, tenantId, after: (decodeCursor(cursor, 1)?.[0] as string) ?? null, limit }));
  const p = page(rows, limit, (r) => [r.id]);
  return c.json({
    items: p.items.map((r) => ({
      id: r.id, tenantId: r.tenantId, tenant: { name: r.tenantName, code: r.tenantCode }, roles: r.roles, status: r.status,
      user: { id: r.userId, username: r.username, displayName: r.displayName, phone: r.phone },
    })),
    nextCursor: p.nextCursor,
  });
});

// POST /api/v1/imports/accounts — bulk import from CSV; dry run first, per-row report
importRoutes.post('/accounts', describeRoute({ tags: ['accounts'], summary: 'Import accounts from CSV' }), input('json', AccountImport), async (c) => {
  const { csv, dryRun } = c.req.valid('json');
  return c.json(await importAccounts(c, csv, dryRun));
});
