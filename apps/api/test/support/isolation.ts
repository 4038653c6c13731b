import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type RequestContext } from '@renda/db';
import type { TestPlatform } from './platform.ts';

/** The demo accounts, each acting in its first (default) membership. */
export const demoLogins = ['province.admin', 'yancheng.staff', 'funing.admin', 'funing.staff', 'sheyang.staff', 'deputy.wang', 'unit.water'];

/** The database context a demo account's requests run under. */
export async function contextOf(tp: TestPlatform, username: string): Promise<RequestContext & { path: string }> {
  const me = (await (await tp.as(username)).get('/api/v1/me')).body;
  return {
    tenantId: me.tenant.id, scopePath: me.tenant.path, userId: me.user.id,
    platform: me.roles.includes('platform_admin'), path: me.tenant.path,
  };
}

/** Rows of `table` the app role sees under `ctx`, and the rows it should see by the roll-up rule. */
export async function visibleVersusExpected(tp: TestPlatform, table: string, ctx: RequestContext, broadcast = false) {
  const { handle } = tp.platform.deps;
  const seen = await withContext(handle, ctx, async (tx) =>
    rowsOf<{ tenant_path: string }>(await tx.execute(sql`select tenant_path::text from ${sql.identifier(table)}`)));
  const expected = await asOwner(tp.platform.owner!, async (tx) =>
    rowsOf<{ tenant_path: string }>(await tx.execute(sql`select tenant_path::text from ${sql.identifier(table)}
      where tenant_path <@ ${ctx.scopePath}::ltree ${broadcast ? sql`or tenant_path @> ${ctx.scopePath}::ltree` : sql``}`)));
  return { seen: seen.map((r) => r.tenant_path).sort(), expected: expected.map((r) => r.tenant_path).sort() };
}

/**
 * The checks every routes test runs for its endpoints (copy the suite, not the repetition):
 * no session → 401; a role without the permission → 403; a row of a tenant outside the caller's
 * roll-up → 404.
 */
export function routeIsolation(getTp: () => TestPlatform, spec: {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** A login whose role lacks the permission. */
  forbiddenFor?: string;
  /** A login and a path naming a row outside that login's roll-up. */
  foreign?: { login: string; path: () => string };
}) {
  it(`${spec.method} ${spec.path} answers 401 without a session`, async () => {
    const res = await getTp().client().request(spec.method, spec.path, spec.method === 'GET' ? undefined : (spec.body ?? {}));
    expect(res.status).toBe(401);
  });
  if (spec.forbiddenFor) {
    it(`${spec.method} ${spec.path} answers 403 for ${spec.forbiddenFor}`, async () => {
      const c = await getTp().as(spec.forbiddenFor!);
      const res = await c.request(spec.method, spec.path, spec.method === 'GET' ? undefined : (spec.body ?? {}));
      expect(res.status).toBe(403);
    });
  }
  if (spec.foreign) {
    it(`${spec.method} ${spec.path} answers 404 for a row outside the roll-up of ${spec.foreign.login}`, async () => {
      const c = await getTp().as(spec.foreign!.login);
      const res = await c.request(spec.method, spec.foreign!.path(), spec.method === 'GET' ? undefined : (spec.body ?? {}));
      expect(res.status).toBe(404);
    });
  }
}
