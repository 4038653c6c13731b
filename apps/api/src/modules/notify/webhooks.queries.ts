import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, webhookDeliveries, webhookEndpoints, type Tx } from '@renda/db';

const endpointColumns = {
  id: webhookEndpoints.id, tenantId: webhookEndpoints.tenantId, name: webhookEndpoints.name, url: webhookEndpoints.url,
  events: webhookEndpoints.events, active: webhookEndpoints.active, createdAt: webhookEndpoints.createdAt,
};

type Stats = { delivered: number; failed: number; pending: number };

/** The congress's endpoints with their delivery counts (policy: own congress only). */
export async function listEndpoints(tx: Tx, tenantId: string) {
  const rows = await tx.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, tenantId)).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  const counts = rowsOf<{ endpoint_id: string; status: keyof Stats; n: number }>(await tx.execute(sql`
    select endpoint_id, status, count(*)::int as n from webhook_deliveries where tenant_id = ${tenantId} group by endpoint_id, status`));
  return rows.map((r) => {
    const stats: Stats = { delivered: 0, failed: 0, pending: 0 };
    for (const c of counts) if (c.endpoint_id === r.id) stats[c.status] = c.n;
    return { ...r, stats };
  });
}

export async function findEndpoint(tx: Tx, id: string) {
  const [row] = await tx.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

export async function insertEndpoint(tx: Tx, values: { tenantId: string; name: string; url: string; secret: string; events: string[]; createdBy: string }) {
  const [row] = await tx.insert(webhookEndpoints).values({ ...values, tenantPath: '' }).returning(endpointColumns);
  return row;
}

export async function updateEndpoint(tx: Tx, id: string, patch: { name?: string; url?: string; events?: string[]; active?: boolean }) {
  const [row] = await tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).returning(endpointColumns);
  return row ?? null;
}

export async function deleteEndpoint(tx: Tx, id: string): Promise<boolean> {
  return (await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id })).length > 0;
}

const deliveryColumns = {
  id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, event: webhookDeliveries.event, status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts, lastStatus: webhookDeliveries.lastStatus, lastError: webhookDeliveries.lastError,
  nextAttemptAt: webhookDeliveries.nextAttemptAt, deliveredAt: webhookDeliveries.deliveredAt, replayOf: webhookDeliveries.replayOf,
  createdAt: webhookDeliveries.createdAt,
};

/** The creation time with microseconds, for cursors (a JS Date keeps milliseconds and would skip or repeat rows). */
export const microKey = (column: typeof webhookDeliveries.createdAt) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Newest first, keyset on (created_at, id). */
export async function listDeliveries(tx: Tx, q: { tenantId: string; endpointId?: string; status?: 'pending' | 'delivered' | 'failed'; after: [string, string] | null; limit: number }) {
  return tx.select({ ...deliveryColumns, key: microKey(webhookDeliveries.createdAt) }).from(webhookDeliveries).where(and(
    eq(webhookDeliveries.tenantId, q.tenantId),
    q.endpointId ? eq(webhookDeliveries.endpointId, q.endpointId) : undefined,
    q.status ? eq(webhookDeliveries.status, q.status) : undefined,
    q.after ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)` : undefined,
  )).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(q.limit + 1);
}

export async function findDelivery(tx: Tx, id: string) {
  const [row] = await tx.select({ ...deliveryColumns, tenantId: webhookDeliveries.tenantId, payload: webhookDeliveries.payload })
    .from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}

export async function findDeliveryView(tx: Tx, id: string) {
  const [row] = await tx.select(deliveryColumns).from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}
