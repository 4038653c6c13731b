import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { Ctx } from '../../platform/context.ts';

/**
 * Cached session state carries the active tenant's settings; after a tenant changes, drop the
 * cache of every session active in it. The app role cannot read other people's sessions, so the
 * ids come from a narrow lookup by membership.
 */
export async function forgetSessionsOfTenant(c: Ctx, tx: Tx, tenantId: string) {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from sessions_of_tenant(${tenantId})`));
  await c.get('deps').shared.del(...rows.map((r) => `sess:${r.id}`));
}
