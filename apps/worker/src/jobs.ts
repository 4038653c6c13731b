import type { PgBoss } from 'pg-boss';
import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type DatabaseHandle } from '@renda/db';

export const PURGE_QUEUE = 'maintenance.purge-expired';

/** Remove expired sessions and day-old idempotency records (one narrow database function). */
export async function purgeExpired(handle: DatabaseHandle): Promise<{ sessions: number; keys: number }> {
  const [row] = await withContext(handle, {}, async (tx) => rowsOf<{ sessions: string; keys: string }>(await tx.execute(sql`select * from purge_expired()`)));
  return { sessions: Number(row.sessions), keys: Number(row.keys) };
}

/** Register the worker's queues, handlers and schedules. */
export async function registerJobs(boss: PgBoss, handle: DatabaseHandle, log: (line: object) => void) {
  await boss.createQueue(PURGE_QUEUE);
  await boss.schedule(PURGE_QUEUE, '*/15 * * * *');
  await boss.work(PURGE_QUEUE, async () => {
    const result = await purgeExpired(handle);
    log({ msg: 'purged expired rows', ...result });
    return result;
  });
}
