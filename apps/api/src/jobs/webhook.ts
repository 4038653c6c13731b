import { and, eq, sql } from 'drizzle-orm';
import { tenants, webhookDeliveries, webhookEndpoints, withContext } from '@renda/db';
import type { Deps } from '../platform/env-types.ts';
import { JOB, jobIdFor } from '../platform/queue.ts';
import { errorText } from '../modules/notify/channels.ts';
import { signatureHeader } from '../modules/notify/signature.ts';
import { outboxContext, type OutboxJob } from './deliver.ts';

const TIMEOUT_MS = 10_000;

interface Attempt {
  status: number | null;
  error: string | null;
}

/** POST the signed envelope; any answer but 2xx, and any network error, is a failed try. */
async function post(url: string, secret: string, event: string, deliveryId: string, body: string): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'user-agent': 'Renda-Webhooks/1',
        'x-renda-event': event, 'x-renda-delivery': deliveryId, 'x-renda-signature': signatureHeader(secret, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => {});
    return { status: res.status, error: res.status >= 200 && res.status <= 299 ? null : `HTTP ${res.status}` };
  } catch (error) {
    return { status: null, error: errorText(error) };
  }
}

/**
 * Deliver one webhook (job `webhook.deliver`). Retries follow the documented schedule rather than
 * pg-boss's jittered backoff: after the n-th failed try the row gets `next_attempt_at` = now +
 * base·2^(n-1) and the job for try n+1 is queued in the same transaction, with an id made from
 * the delivery and the try, so the sweeper can never queue a second one. A try is recorded when
 * it ends; one cut short by a crash is retried by pg-boss under the same job id.
 */
export async function deliverWebhook(deps: Deps, data: OutboxJob): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const { baseDelaySeconds, maxAttempts } = deps.jobs.settings.webhook;
  const ctx = outboxContext(data, JOB.webhook);
  const loaded = await withContext(deps.handle, ctx, async (tx) => {
    const [row] = await tx.select({
      id: webhookDeliveries.id, event: webhookDeliveries.event, payload: webhookDeliveries.payload, status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts, createdAt: webhookDeliveries.createdAt,
      url: webhookEndpoints.url, secret: webhookEndpoints.secret, active: webhookEndpoints.active,
    }).from(webhookDeliveries)
      .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.tenantId, webhookDeliveries.tenantId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)))
      .where(eq(webhookDeliveries.id, data.deliveryId));
    const [tenant] = await tx.select({ id: tenants.id, code: tenants.code, name: tenants.name }).from(tenants).where(eq(tenants.id, data.tenantId));
    return row && tenant ? { row, tenant } : null;
  });
  if (!loaded || loaded.row.status !== 'pending') return 'skipped';
  const { row, tenant } = loaded;
  const attempt: Attempt = row.active
    ? await post(row.url, row.secret, row.event, row.id, JSON.stringify({ id: row.id, event: row.event, createdAt: row.createdAt.toISOString(), tenant, data: row.payload }))
    : { status: null, error: 'endpoint disabled' };
  const attempts = row.attempts + 1;
  const outcome = attempt.error === null ? 'delivered' : !row.active || attempts >= maxAttempts ? 'failed' : 'retry';
  const nextAt = outcome === 'retry' ? new Date(Date.now() + baseDelaySeconds * 1000 * 2 ** (attempts - 1)) : null;
  await withContext(deps.handle, ctx, async (tx) => {
    const changed = await tx.update(webhookDeliveries).set({
      attempts, lastStatus: attempt.status, lastError: attempt.error, nextAttemptAt: nextAt,
      status: outcome === 'retry' ? 'pending' : outcome, ...(outcome === 'delivered' ? { deliveredAt: sql`now()` } : {}),
    }).where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.attempts, row.attempts)))
      .returning({ id: webhookDeliveries.id });
    // Only the try that recorded itself queues the next one.
    if (changed.length && nextAt) {
      await deps.jobs.enqueue(tx, JOB.webhook, data, { id: jobIdFor(`${row.id}:${attempts + 1}`), startAfter: nextAt });
    }
  });
  return outcome;
}
