import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type DatabaseHandle } from '@renda/db';

/** Remove expired sessions and day-old idempotency records (one narrow database function). */
export async function purgeExpired(handle: DatabaseHandle): Promise<{ sessions: number; keys: number }> {
  const [row] = await withContext(handle, {}, async (tx) => rowsOf<{ sessions: string; keys: string }>(await tx.execute(sql`select * from purge_expired()`)));
  return { sessions: Number(row.sessions), keys: Number(row.keys) };
}
