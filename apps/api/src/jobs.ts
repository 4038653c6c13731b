import { sql } from 'drizzle-orm';
import { withContext, type DatabaseHandle } from '@renda/db';

/**
 * Maintenance that the worker runs on a schedule: expired sessions and day-old idempotency
 * records are removed. Exposed as one database function so the app role needs no broad grant.
 */
export async function purgeExpired(handle: DatabaseHandle): Promise<{ sessions: number; keys: number }> {
  const result = await withContext(handle, {}, (tx) => tx.execute(sql`select * from purge_expired()`));
  const row = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as { sessions: number; keys: number };
  return { sessions: Number(row.sessions), keys: Number(row.keys) };
}

/** The embedded start's stand-in for the worker: the same job on a timer in this process. */
export function startEmbeddedJobs(handle: DatabaseHandle) {
  const timer = setInterval(() => void purgeExpired(handle).catch(() => {}), 15 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
