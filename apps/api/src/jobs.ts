import type { DatabaseHandle } from '@renda/db';
import { purgeExpired } from '@renda/worker';

/**
 * The embedded start's stand-in for the worker (pg-boss needs a PostgreSQL server): the same
 * maintenance job, on a timer in this process.
 */
export function startEmbeddedJobs(handle: DatabaseHandle) {
  const timer = setInterval(() => void purgeExpired(handle).catch(() => {}), 15 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
