import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** What a check-in needs of an event, secret included. */
export interface CheckinEvent {
  id: string;
  tenantId: string;
  tenantName: string;
  activityKind: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  description: string;
  state: string;
  secret: Buffer;
}

/** The congress that owns an event, whatever the caller's context (a definer function). */
export async function eventTenant(tx: Tx, eventId: string): Promise<{ id: string; name: string; path: string } | null> {
  const [row] = rowsOf<{ id: string; name: string; path: string }>(await tx.execute(sql`
    select t.id, t.name, t.path::text as path from tenants t where t.id = event_tenant(${eventId}::uuid)`));
  return row ?? null;
}

/** A visible event with its secret. */
export async function eventWithSecret(tx: Tx, id: string): Promise<CheckinEvent | null> {
  const [row] = rowsOf<Omit<CheckinEvent, 'secret' | 'startsAt' | 'endsAt'> & { startsAt: Date | string; endsAt: Date | string; hex: string }>(await tx.execute(sql`
    select e.id, e.tenant_id as "tenantId", t.name as "tenantName", e.activity_kind as "activityKind", e.title,
      e.starts_at as "startsAt", e.ends_at as "endsAt", e.place, e.description, e.state, encode(e.checkin_secret, 'hex') as hex
    from events e join tenants t on t.id = e.tenant_id where e.id = ${id}`));
  if (!row) return null;
  const { hex, ...rest } = row;
  return { ...rest, startsAt: new Date(row.startsAt).toISOString(), endsAt: new Date(row.endsAt).toISOString(), secret: Buffer.from(hex, 'hex') };
}

/** The calendar day of a moment in China (UTC+8 all year; no daylight saving since 1991). */
export function shanghaiDate(at: string): string {
  return new Date(Date.parse(at) + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * Create the deputy's activity for the event unless it exists. The unique index on
 * (event_id, deputy_id) is the arbiter: of two concurrent scans one inserts, the other waits
 * for it and inserts nothing. Returns whether this call created it.
 */
export async function insertEventActivity(tx: Tx, e: CheckinEvent, deputyId: string, userId: string, state: 'published' | 'verified', now: Date): Promise<boolean> {
  const at = now.toISOString();
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into activities (id, tenant_id, tenant_path, deputy_id, kind, title, occurred_on, place, description, source, event_id,
      state, submitted_at, reviewed_at, published_at, created_by)
    values (${randomUUID()}, ${e.tenantId}, '', ${deputyId}, ${e.activityKind}, ${e.title}, ${shanghaiDate(e.startsAt)}::date, ${e.place},
      ${e.description}, 'event', ${e.id}, ${state}, ${at}::timestamptz, ${at}::timestamptz,
      ${state === 'published' ? sql`${at}::timestamptz` : sql`null`}, ${userId})
    on conflict (event_id, deputy_id) where event_id is not null do nothing
    returning id`));
  return rows.length === 1;
}

/** The id of the deputy's activity for the event. */
export async function eventActivityId(tx: Tx, e: CheckinEvent, deputyId: string): Promise<string> {
  const [row] = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from activities where tenant_id = ${e.tenantId} and event_id = ${e.id} and deputy_id = ${deputyId}`));
  return row.id;
}

/**
 * Mark the seat as checked in: its invitation, or a new walk-in one. The first check-in time
 * and activity stay; a later scan changes nothing. Returns whether the seat walked in.
 */
export async function markCheckedIn(tx: Tx, e: CheckinEvent, deputyId: string, activityId: string, now: Date): Promise<boolean> {
  const [row] = rowsOf<{ walkIn: boolean }>(await tx.execute(sql`
    insert into event_invitations (tenant_id, tenant_path, event_id, deputy_id, walk_in, checked_in_at, activity_id)
    values (${e.tenantId}, '', ${e.id}, ${deputyId}, true, ${now.toISOString()}::timestamptz, ${activityId})
    on conflict (event_id, deputy_id) do update
      set checked_in_at = coalesce(event_invitations.checked_in_at, excluded.checked_in_at),
          activity_id = coalesce(event_invitations.activity_id, excluded.activity_id)
    returning walk_in as "walkIn"`));
  return row.walkIn;
}
