import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, webhookDeliveries, withContext } from '@renda/db';
import type { Deps } from '../platform/env-types.ts';
import { JOB, jobIdFor, type JobName } from '../platform/queue.ts';
import { outboxContext, type OutboxJob } from './deliver.ts';

/**
 * Queue the job of a row again. With the job's own id this is a no-op while that job still
 * exists; a job that ended while its row stayed pending (its worker died on the last try) is
 * replaced by a fresh one, and the row's own try count bounds how often that can happen.
 */
async function requeue(deps: Deps, name: JobName, data: OutboxJob, id: string): Promise<boolean> {
  if (await deps.jobs.dispatch(name, data, { id })) return true;
  const state = await deps.jobs.state(name, id);
  if (state === 'waiting' || state === 'active') return false;
  return deps.jobs.dispatch(name, data, { id: randomUUID() });
}

/**
 * Find outbox rows still pending after `olderThanMs` (their job lost, or, on the embedded start,
 * their process restarted) and queue them again. Job `outbox.sweep`, every minute on the worker;
 * every 30 s in the embedded start, where it is also how failed sends are retried.
 */
export async function sweepOutbox(deps: Deps, olderThanMs: number): Promise<{ queued: number }> {
  const before = new Date(Date.now() - olderThanMs);
  const rows = await withContext(deps.handle, {}, async (tx) => rowsOf<{ id: string; kind: 'delivery' | 'webhook'; tenant_id: string; tenant_path: string }>(
    await tx.execute(sql`select * from deliveries_pending(${before.toISOString()}::timestamptz, 200)`)));
  let queued = 0;
  for (const row of rows) {
    const data: OutboxJob = { deliveryId: row.id, tenantId: row.tenant_id, tenantPath: row.tenant_path };
    if (row.kind === 'delivery') {
      if (await requeue(deps, JOB.deliver, data, row.id)) queued++;
      continue;
    }
    const [hook] = await withContext(deps.handle, outboxContext(data, JOB.sweep), (tx) => tx.select({ attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries).where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, 'pending'))));
    if (hook && (await requeue(deps, JOB.webhook, data, jobIdFor(`${row.id}:${hook.attempts + 1}`)))) queued++;
  }
  return { queued };
}
