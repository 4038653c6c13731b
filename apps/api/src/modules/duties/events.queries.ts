import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { EventCreate, EventUpdate } from '@renda/contracts';

/** An event as the API shows it (`mine` only for an invited deputy). */
export interface EventView {
  id: string;
  tenantId: string;
  kind: string;
  activityKind: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  description: string;
  state: 'scheduled' | 'cancelled' | 'closed';
  counts: { invited: number; accepted: number; declined: number; checkedIn: number };
  mine?: { response: string; checkedInAt: string | null };
}

export interface InvitationView {
  deputyId: string;
  displayName: string;
  groupName: string | null;
  response: string;
  respondedAt: string | null;
  checkedInAt: string | null;
  walkIn: boolean;
}

interface EventRow extends Omit<EventView, 'counts' | 'mine' | 'startsAt' | 'endsAt'> {
  startsAt: Date | string;
  endsAt: Date | string;
  startsKey: string;
  invited: number;
  accepted: number;
  declined: number;
  checkedIn: number;
  mineResponse?: string | null;
  mineCheckedInAt?: Date | string | null;
  invitedUserIds?: string[];
}

const iso = (value: Date | string | null | undefined) => (value == null ? null : new Date(value).toISOString());

const columns = sql`e.id, e.tenant_id as "tenantId", e.kind, e.activity_kind as "activityKind", e.title,
  e.starts_at as "startsAt", e.ends_at as "endsAt", e.place, e.description, e.state, e.starts_at::text as "startsKey",
  n.invited, n.accepted, n.declined, n.checked_in as "checkedIn"`;
// Walk-ins are not counted as invited; everyone who scanned is counted as checked in.
const counts = sql`left join lateral (
  select count(*) filter (where not i.walk_in)::int as invited,
    count(*) filter (where i.response = 'accepted')::int as accepted,
    count(*) filter (where i.response = 'declined')::int as declined,
    count(i.checked_in_at)::int as checked_in
  from event_invitations i where i.tenant_id = e.tenant_id and i.event_id = e.id) n on true`;
// The caller's own invitation (through any of their seats in the event's congress).
const mine = (userId: string) => sql`left join lateral (
  select i.response, i.checked_in_at from event_invitations i
  join deputies d on d.tenant_id = i.tenant_id and d.id = i.deputy_id
  where i.tenant_id = e.tenant_id and i.event_id = e.id and d.user_id = ${userId} limit 1) m on true`;

function toView(row: EventRow, withMine: boolean): EventView {
  const view: EventView = {
    id: row.id, tenantId: row.tenantId, kind: row.kind, activityKind: row.activityKind, title: row.title,
    startsAt: iso(row.startsAt)!, endsAt: iso(row.endsAt)!, place: row.place, description: row.description, state: row.state,
    counts: { invited: row.invited, accepted: row.accepted, declined: row.declined, checkedIn: row.checkedIn },
  };
  if (withMine && row.mineResponse) view.mine = { response: row.mineResponse, checkedInAt: iso(row.mineCheckedInAt) };
  return view;
}

export interface ListOptions {
  tenantId: string;
  when: 'upcoming' | 'past';
  now: Date;
  after: [string, string] | null;
  limit: number;
  /** Set for a deputy: only events where one of this person's seats is invited, with `mine`. */
  invitedUserId: string | null;
}

/**
 * Events of one congress a page at a time: upcoming (not yet ended) soonest first, past latest
 * first, keyset on (starts_at, id) so the tenant/starts index serves both directions.
 */
export async function listEvents(tx: Tx, o: ListOptions): Promise<{ items: EventView[]; lastKey: [string, string] | null; more: boolean }> {
  const upcoming = o.when === 'upcoming';
  const keyset = o.after
    ? (upcoming ? sql`and (e.starts_at, e.id) > (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)` : sql`and (e.starts_at, e.id) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)`)
    : sql``;
  const rows = rowsOf<EventRow>(await tx.execute(sql`
    select ${columns} ${o.invitedUserId ? sql`, m.response as "mineResponse", m.checked_in_at as "mineCheckedInAt"` : sql``}
    from events e ${counts} ${o.invitedUserId ? mine(o.invitedUserId) : sql``}
    where e.tenant_id = ${o.tenantId}
      and ${upcoming ? sql`e.ends_at >= ${o.now.toISOString()}::timestamptz` : sql`e.ends_at < ${o.now.toISOString()}::timestamptz`}
      ${o.invitedUserId ? sql`and m.response is not null` : sql``}
      ${keyset}
    order by ${upcoming ? sql`e.starts_at, e.id` : sql`e.starts_at desc, e.id desc`}
    limit ${o.limit + 1}`));
  const items = rows.slice(0, o.limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => toView(r, Boolean(o.invitedUserId))), lastKey: last ? [last.startsKey, last.id] : null, more: rows.length > o.limit };
}

/** A visible event with the user ids of its invited seats (for CASL) and the caller's invitation. */
export async function findEvent(tx: Tx, id: string, userId: string): Promise<(EventView & { invitedUserIds: string[] }) | null> {
  const [row] = rowsOf<EventRow>(await tx.execute(sql`
    select ${columns}, m.response as "mineResponse", m.checked_in_at as "mineCheckedInAt",
      array(select d.user_id::text from event_invitations i join deputies d on d.tenant_id = i.tenant_id and d.id = i.deputy_id
            where i.tenant_id = e.tenant_id and i.event_id = e.id) as "invitedUserIds"
    from events e ${counts} ${mine(userId)}
    where e.id = ${id}`));
  return row ? { ...toView(row, true), invitedUserIds: row.invitedUserIds ?? [] } : null;
}

/** The invitations of an event, by name; `userId` narrows them to one person's own. */
export async function invitationsOf(tx: Tx, event: { id: string; tenantId: string }, userId: string | null): Promise<InvitationView[]> {
  const rows = rowsOf<InvitationView & { respondedAt: Date | null; checkedInAt: Date | null }>(await tx.execute(sql`
    select i.deputy_id as "deputyId", u.display_name as "displayName", g.name as "groupName", i.response,
      i.responded_at as "respondedAt", i.checked_in_at as "checkedInAt", i.walk_in as "walkIn"
    from event_invitations i
    join deputies d on d.tenant_id = i.tenant_id and d.id = i.deputy_id
    join users u on u.id = d.user_id
    left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id
    where i.tenant_id = ${event.tenantId} and i.event_id = ${event.id} ${userId ? sql`and d.user_id = ${userId}` : sql``}
    order by g.name nulls last, u.display_name, i.deputy_id`));
  return rows.map((r) => ({ ...r, respondedAt: iso(r.respondedAt), checkedInAt: iso(r.checkedInAt) }));
}

/** Ids among `ids` that are delegation groups of the congress. */
export async function groupsOfTenant(tx: Tx, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from delegation_groups
    where tenant_id = ${tenantId} and id = any(${`{${ids.join(',')}}`}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}

/** Insert an event with a fresh 32-byte check-in secret; returns its id. */
export async function insertEvent(tx: Tx, tenantId: string, userId: string, e: Omit<EventCreate, 'deputyIds' | 'groupIds'>): Promise<string> {
  // The id is made here: under RLS, INSERT … RETURNING needs a policy-visible row anyway, and
  // the secret never leaves this statement.
  const id = randomUUID();
  await tx.execute(sql`insert into events (id, tenant_id, tenant_path, kind, activity_kind, title, starts_at, ends_at, place, description, checkin_secret, created_by)
    values (${id}, ${tenantId}, '', ${e.kind}, ${e.activityKind}, ${e.title}, ${e.startsAt}::timestamptz, ${e.endsAt}::timestamptz,
      ${e.place}, ${e.description}, decode(${randomBytes(32).toString('hex')}, 'hex'), ${userId})`);
  return id;
}

/** Invite seats; those already invited are left as they are. Returns how many were added. */
export async function insertInvitations(tx: Tx, tenantId: string, eventId: string, deputyIds: readonly string[]): Promise<number> {
  if (deputyIds.length === 0) return 0;
  const rows = rowsOf<{ deputyId: string }>(await tx.execute(sql`
    insert into event_invitations (tenant_id, tenant_path, event_id, deputy_id)
    select ${tenantId}, '', ${eventId}, d from unnest(${`{${deputyIds.join(',')}}`}::uuid[]) d
    on conflict (event_id, deputy_id) do nothing
    returning deputy_id as "deputyId"`));
  return rows.length;
}

/** Change the given fields of an event. */
export async function updateEventRow(tx: Tx, id: string, patch: EventUpdate): Promise<void> {
  const sets = [
    patch.kind !== undefined ? sql`kind = ${patch.kind}` : null,
    patch.activityKind !== undefined ? sql`activity_kind = ${patch.activityKind}` : null,
    patch.title !== undefined ? sql`title = ${patch.title}` : null,
    patch.startsAt !== undefined ? sql`starts_at = ${patch.startsAt}::timestamptz` : null,
    patch.endsAt !== undefined ? sql`ends_at = ${patch.endsAt}::timestamptz` : null,
    patch.place !== undefined ? sql`place = ${patch.place}` : null,
    patch.description !== undefined ? sql`description = ${patch.description}` : null,
  ].filter((s) => s !== null);
  if (sets.length === 0) return;
  await tx.execute(sql`update events set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

/** Record a deputy's answer on their own invitation; returns the seat that answered, or null. */
export async function setResponse(tx: Tx, event: { id: string; tenantId: string }, userId: string, answer: { response: string; note: string }, now: Date): Promise<string | null> {
  const [row] = rowsOf<{ deputyId: string }>(await tx.execute(sql`
    update event_invitations i set response = ${answer.response}, note = ${answer.note}, responded_at = ${now.toISOString()}::timestamptz
    from deputies d
    where d.tenant_id = i.tenant_id and d.id = i.deputy_id and d.user_id = ${userId}
      and i.tenant_id = ${event.tenantId} and i.event_id = ${event.id}
    returning i.deputy_id as "deputyId"`));
  return row?.deputyId ?? null;
}

/** Move an event to another state (cancel, close). */
export async function updateEventState(tx: Tx, id: string, state: 'cancelled' | 'closed'): Promise<void> {
  await tx.execute(sql`update events set state = ${state} where id = ${id}`);
}

/** The check-in secret of a visible event; it never leaves the API. */
export async function secretOf(tx: Tx, id: string): Promise<Buffer> {
  const [row] = rowsOf<{ hex: string }>(await tx.execute(sql`select encode(checkin_secret, 'hex') as hex from events where id = ${id}`));
  return Buffer.from(row.hex, 'hex');
}
