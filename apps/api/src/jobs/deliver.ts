import { and, eq, sql } from 'drizzle-orm';
import { deliveries, withContext } from '@renda/db';
import type { Deps } from '../platform/env-types.ts';
import { JOB } from '../platform/queue.ts';
import { CHANNEL_NOT_CONFIGURED, errorText } from '../modules/notify/channels.ts';

/** What a delivery job carries: the outbox row and the congress whose context reads it. */
export interface OutboxJob {
  deliveryId: string;
  tenantId: string;
  tenantPath: string;
}

export const outboxContext = (data: OutboxJob, job: string) => ({ tenantId: data.tenantId, scopePath: data.tenantPath, principal: `job:${job}` });

type Outcome = 'sent' | 'skipped' | 'failed';

async function finish(deps: Deps, data: OutboxJob, change: { status: 'sent' | 'pending' | 'failed'; lastError: string | null }) {
  await withContext(deps.handle, outboxContext(data, JOB.deliver), (tx) => tx.update(deliveries)
    .set({ status: change.status, lastError: change.lastError, ...(change.status === 'sent' ? { sentAt: sql`now()` } : {}) })
    .where(and(eq(deliveries.id, data.deliveryId), eq(deliveries.status, 'pending'))));
}

/**
 * Send one outbox row (job `notify.deliver`). The try is counted on the row before anything
 * leaves, so a try cut short by a crash still counts towards the limit; a row already sent or
 * failed is skipped, so a retry never sends twice from our side, and the gateway gets the same
 * delivery id each time to drop a duplicate of a send whose answer was lost. A failure is
 * recorded and rethrown for pg-boss to retry with backoff, until the last try marks it failed.
 * An unconfigured channel fails at once, visibly.
 */
export async function deliverMessage(deps: Deps, data: OutboxJob, attempt: { retryCount: number }): Promise<Outcome> {
  const policy = deps.jobs.settings.policies[JOB.deliver];
  const maxAttempts = policy.retryLimit + 1;
  const [row] = await withContext(deps.handle, outboxContext(data, JOB.deliver), (tx) => tx.update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1` })
    .where(and(eq(deliveries.id, data.deliveryId), eq(deliveries.status, 'pending')))
    .returning());
  if (!row) return 'skipped';
  if (row.attempts > maxAttempts) {
    await finish(deps, data, { status: 'failed', lastError: row.lastError ?? `gave up after ${maxAttempts} tries` });
    return 'failed';
  }
  if (!deps.channels.configured(row.channel)) {
    await finish(deps, data, { status: 'failed', lastError: CHANNEL_NOT_CONFIGURED });
    return 'failed';
  }
  try {
    await deps.channels.send({ id: row.id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body });
  } catch (error) {
    const final = row.attempts >= maxAttempts || attempt.retryCount >= policy.retryLimit;
    const message = errorText(error);
    await finish(deps, data, { status: final ? 'failed' : 'pending', lastError: message });
    if (final) return 'failed';
    throw error;
  }
  await finish(deps, data, { status: 'sent', lastError: null });
  return 'sent';
}
