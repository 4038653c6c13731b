import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { afterCommit, deliveries, notifications, rowsOf, userPrivate, webhookDeliveries, webhookEndpoints, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { JOB, jobIdFor } from '../../platform/queue.ts';

export interface UserNotice {
  /** Congress of the change (must equal the transaction's app.tenant_id). */
  tenantId: string;
  /** Recipients; duplicates ignored. */
  userIds: string[];
  /** e.g. 'case.transferred' (also the web's i18n key: notify_kind_case_transferred). */
  kind: string;
  /** zh-CN text (SMS/WeChat/email body, and the fallback in-app text). */
  title: string;
  body: string;
  /** Web path, e.g. `/cases/<id>`. */
  link: string;
  data?: Record<string, unknown>;
  /** From the scenario; inapp is always written. */
  channels: readonly ('inapp' | 'sms' | 'wechat' | 'email')[];
}

export interface ExternalMessage {
  tenantId: string;
  channel: 'sms' | 'wechat' | 'email';
  recipient: string;
  subject?: string;
  body: string;
  kind: string;
  caseId?: string | null;
}

export interface WebhookEvent {
  tenantId: string;
  name: string;
  payload: Record<string, unknown>;
}

/** The API shape of one notification. */
export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  data: unknown;
  readAt: string | null;
  createdAt: string;
  tenantId: string;
}

type Contact = { phone: string | null; email: string | null };

/**
 * Phones and addresses of the recipients. `user_private` shows a person's row to the congresses
 * they are a member of, and everyone told about a congress's case (its deputy, its units'
 * officers, its staff) is a member there; anyone else is not reachable outside the app.
 */
async function contactsOf(tx: Tx, userIds: string[]): Promise<Map<string, Contact>> {
  const rows = await tx.select({ userId: userPrivate.userId, phone: userPrivate.phone, email: userPrivate.email })
    .from(userPrivate).where(inArray(userPrivate.userId, userIds));
  return new Map<string, Contact>(rows.map((r) => [r.userId, { phone: r.phone, email: r.email }]));
}

/**
 * Tell people about a change, in the transaction of the change: one in-app notification each,
 * one outbox row per external channel they can be reached on (phone for SMS and WeChat, email
 * address for email), the jobs that send them, and a live push once the transaction commits.
 * @example await notifyUsers(tx, deps, { tenantId, userIds: [deputyUserId], kind: 'case.submitted', title, body, link: `/cases/${id}`, channels: ['inapp', 'sms'] });
 */
export async function notifyUsers(tx: Tx, deps: Deps, notice: UserNotice): Promise<void> {
  const userIds = [...new Set(notice.userIds.filter(Boolean))];
  if (!userIds.length) return;
  // No RETURNING: the rows belong to their recipients, whose read policy the actor does not pass.
  const [{ now }] = rowsOf<{ now: string | Date }>(await tx.execute(sql`select now() as now`));
  const createdAt = new Date(now);
  const rows = userIds.map((userId) => ({
    id: randomUUID(), tenantId: notice.tenantId, tenantPath: '', userId, kind: notice.kind, title: notice.title,
    body: notice.body, link: notice.link, data: notice.data ?? {}, createdAt,
  }));
  await tx.insert(notifications).values(rows);
  afterCommit(async () => {
    await Promise.all(rows.map((r) => deps.hub.publish(r.userId, { type: 'notification', data: notificationOf({ ...r, readAt: null }) })));
  });

  const external = [...new Set(notice.channels)].filter((c): c is ExternalMessage['channel'] => c !== 'inapp');
  if (!external.length) return;
  const contacts = await contactsOf(tx, userIds);
  for (const userId of userIds) {
    const contact = contacts.get(userId);
    for (const channel of external) {
      const recipient = channel === 'email' ? contact?.email : contact?.phone;
      if (!recipient) continue;
      await sendMessage(tx, deps, {
        tenantId: notice.tenantId, channel, recipient, subject: notice.title, body: notice.body, kind: notice.kind,
        caseId: typeof notice.data?.caseId === 'string' ? notice.data.caseId : null,
      });
    }
  }
}

/**
 * Queue one SMS, WeChat message or email: the outbox row and its job, in the caller's transaction.
 * @example await sendMessage(tx, deps, { tenantId, channel: 'sms', recipient: phone, body: renderTemplate(t, { ticket }), kind: 'case.replied', caseId });
 */
export async function sendMessage(tx: Tx, deps: Deps, message: ExternalMessage): Promise<void> {
  if (!message.recipient.trim()) throw new Error('sendMessage: empty recipient');
  const [row] = await tx.insert(deliveries).values({
    tenantId: message.tenantId, tenantPath: '', channel: message.channel, recipient: message.recipient.trim(),
    subject: message.subject ?? '', body: message.body, kind: message.kind, caseId: message.caseId ?? null,
  }).returning({ id: deliveries.id, tenantPath: deliveries.tenantPath });
  // The job id is the delivery id: whoever queues it again (the sweeper) cannot make a second one.
  await deps.jobs.enqueue(tx, JOB.deliver, { deliveryId: row.id, tenantId: message.tenantId, tenantPath: row.tenantPath }, { id: row.id });
}

/** Queue one webhook delivery of an event to one endpoint (new event, test ping or replay). */
export async function queueWebhookDelivery(tx: Tx, deps: Deps, input: { tenantId: string; endpointId: string; event: string; payload: unknown; replayOf?: string | null }): Promise<string> {
  const [row] = await tx.insert(webhookDeliveries).values({
    tenantId: input.tenantId, tenantPath: '', endpointId: input.endpointId, event: input.event,
    payload: input.payload, replayOf: input.replayOf ?? null,
  }).returning({ id: webhookDeliveries.id, tenantPath: webhookDeliveries.tenantPath });
  await deps.jobs.enqueue(tx, JOB.webhook, { deliveryId: row.id, tenantId: input.tenantId, tenantPath: row.tenantPath }, { id: jobIdFor(`${row.id}:1`) });
  return row.id;
}

/**
 * Tell the congress's external systems: one delivery per active endpoint subscribed to the event
 * (by name or by its family, `case.*`), each with its job, in the caller's transaction.
 * @example await emitWebhook(tx, deps, { tenantId, name: 'case.replied', payload: { ticket, state } });
 */
export async function emitWebhook(tx: Tx, deps: Deps, event: WebhookEvent): Promise<void> {
  const family = `${event.name.split('.')[0]}.*`;
  const endpoints = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(
    eq(webhookEndpoints.tenantId, event.tenantId), eq(webhookEndpoints.active, true),
    or(sql`${webhookEndpoints.events} @> jsonb_build_array(${event.name}::text)`, sql`${webhookEndpoints.events} @> jsonb_build_array(${family}::text)`),
  ));
  for (const endpoint of endpoints) {
    await queueWebhookDelivery(tx, deps, { tenantId: event.tenantId, endpointId: endpoint.id, event: event.name, payload: event.payload });
  }
}

/**
 * Fill `{name}` placeholders; an unknown placeholder stays as written, so a typo in a scenario's
 * template shows instead of vanishing.
 * @example renderTemplate('您的诉求 {ticket} 已答复', { ticket: 'A123' }) // '您的诉求 A123 已答复'
 */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name] : whole));
}

/** A notifications row in the API's shape. */
export function notificationOf(row: { id: string; kind: string; title: string; body: string; link: string; data: unknown; readAt: Date | string | null; createdAt: Date | string; tenantId: string }): Notification {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, data: row.data ?? {},
    readAt: row.readAt ? iso(row.readAt) : null, createdAt: iso(row.createdAt), tenantId: row.tenantId,
  };
}
