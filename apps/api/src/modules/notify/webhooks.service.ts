import { randomBytes } from 'node:crypto';
import type { WebhookCreate, WebhookDeliveryQuery, WebhookUpdate } from '@renda/contracts';
import type * as v from 'valibot';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { notFound } from '../../platform/problem.ts';
import { queueWebhookDelivery } from './notify.ts';
import * as q from './webhooks.queries.ts';

type Endpoint = NonNullable<Awaited<ReturnType<typeof q.findEndpoint>>>;
type Delivery = NonNullable<Awaited<ReturnType<typeof q.findDeliveryView>>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const endpointView = (e: Endpoint) => ({ ...e, createdAt: e.createdAt.toISOString() });
export const deliveryView = ({ key: _, ...d }: Delivery & { key?: string }) => ({
  ...d, nextAttemptAt: iso(d.nextAttemptAt), deliveredAt: iso(d.deliveredAt), createdAt: d.createdAt.toISOString(),
});

/** Webhooks belong to the active congress; its admins manage them (ability `Webhook`, own tenant). */
function allow(c: Ctx, action: 'read' | 'create' | 'update' | 'delete') {
  const auth = requireAuth(c);
  authorize(c, action, subjectOf('Webhook', { tenantId: auth.membership.tenantId }));
  return auth.membership.tenantId;
}

/** The signing secret: shown once, kept to sign every delivery. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listWebhooks(c: Ctx) {
  const tenantId = allow(c, 'read');
  const rows = await tenantTx(c, (tx) => q.listEndpoints(tx, tenantId));
  return { items: rows.map((r) => ({ ...endpointView(r), stats: r.stats })) };
}

export async function createWebhook(c: Ctx, body: v.InferOutput<typeof WebhookCreate>) {
  const tenantId = allow(c, 'create');
  return tenantTx(c, async (tx, auth) => {
    const secret = newSecret();
    const row = await q.insertEndpoint(tx, { tenantId, name: body.name, url: body.url, events: [...new Set(body.events)], secret, createdBy: auth.userId });
    await audit(tx, c, { action: 'webhook.create', subjectType: 'Webhook', subjectId: row.id, detail: { name: body.name, url: body.url, events: body.events } });
    return { ...endpointView(row), secret };
  });
}

/** An endpoint of the active congress; another congress's (invisible under the policy) is 404. */
async function ownEndpoint(tx: Parameters<typeof q.findEndpoint>[0], id: string): Promise<Endpoint> {
  const row = await q.findEndpoint(tx, id);
  if (!row) throw notFound('notify.webhookNotFound');
  return row;
}

export async function updateWebhook(c: Ctx, id: string, patch: v.InferOutput<typeof WebhookUpdate>) {
  allow(c, 'update');
  return tenantTx(c, async (tx) => {
    await ownEndpoint(tx, id);
    const row = await q.updateEndpoint(tx, id, { ...patch, ...(patch.events ? { events: [...new Set(patch.events)] } : {}) });
    if (!row) throw notFound('notify.webhookNotFound');
    await audit(tx, c, { action: 'webhook.update', subjectType: 'Webhook', subjectId: id, detail: patch });
    return endpointView(row);
  });
}

export async function deleteWebhook(c: Ctx, id: string) {
  allow(c, 'delete');
  await tenantTx(c, async (tx) => {
    const row = await ownEndpoint(tx, id);
    await q.deleteEndpoint(tx, id);
    await audit(tx, c, { action: 'webhook.delete', subjectType: 'Webhook', subjectId: id, detail: { name: row.name, url: row.url } });
  });
}

/** A `ping` delivery to one endpoint, whatever it subscribes to. */
export async function pingWebhook(c: Ctx, id: string) {
  const tenantId = allow(c, 'update');
  const deps = c.get('deps');
  return tenantTx(c, async (tx) => {
    await ownEndpoint(tx, id);
    const deliveryId = await queueWebhookDelivery(tx, deps, { tenantId, endpointId: id, event: 'ping', payload: { message: 'ping' } });
    await audit(tx, c, { action: 'webhook.test', subjectType: 'Webhook', subjectId: id, detail: { deliveryId } });
    return deliveryView((await q.findDeliveryView(tx, deliveryId))!);
  });
}

export async function listWebhookDeliveries(c: Ctx, query: v.InferOutput<typeof WebhookDeliveryQuery>) {
  const tenantId = allow(c, 'read');
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await tenantTx(c, (tx) => q.listDeliveries(tx, { tenantId, endpointId: query.endpointId, status: query.status, after, limit: query.limit }));
  const result = page(rows, query.limit, (r) => [r.key, r.id]);
  return { items: result.items.map(deliveryView), nextCursor: result.nextCursor };
}

/** Send a delivery's payload again as a new delivery (`replayOf`), to the same endpoint. */
export async function replayWebhookDelivery(c: Ctx, id: string) {
  const tenantId = allow(c, 'update');
  const deps = c.get('deps');
  return tenantTx(c, async (tx) => {
    const original = await q.findDelivery(tx, id);
    if (!original || original.tenantId !== tenantId) throw notFound('notify.deliveryNotFound');
    const deliveryId = await queueWebhookDelivery(tx, deps, { tenantId, endpointId: original.endpointId, event: original.event, payload: original.payload, replayOf: original.id });
    await audit(tx, c, { action: 'webhook.replay', subjectType: 'Webhook', subjectId: original.endpointId, detail: { deliveryId, replayOf: original.id } });
    return deliveryView((await q.findDeliveryView(tx, deliveryId))!);
  });
}
