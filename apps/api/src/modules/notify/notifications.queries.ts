import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications, type Tx } from '@renda/db';

// Every query names the person: the policy already limits rows to them, and the explicit
// condition lets `notifications_user_idx (user_id, created_at)` serve the page.
const columns = {
  id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link,
  data: notifications.data, readAt: notifications.readAt, createdAt: notifications.createdAt, tenantId: notifications.tenantId,
  key: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

/** The person's notifications, newest first, keyset on (created_at, id). */
export async function listNotifications(tx: Tx, q: { userId: string; unread?: boolean; after: [string, string] | null; limit: number }) {
  return tx.select(columns).from(notifications).where(and(
    eq(notifications.userId, q.userId),
    q.unread === true ? isNull(notifications.readAt) : q.unread === false ? sql`${notifications.readAt} is not null` : undefined,
    q.after ? sql`(${notifications.createdAt}, ${notifications.id}) < (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)` : undefined,
  )).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(q.limit + 1);
}

export async function unreadCount(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Mark one read (keeping the first reading time); null when it is not the person's. */
export async function markRead(tx: Tx, userId: string, id: string) {
  const [row] = await tx.update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id))).returning(columns);
  return row ?? null;
}

export async function markAllRead(tx: Tx, userId: string): Promise<number> {
  const rows = await tx.update(notifications).set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).returning({ id: notifications.id });
  return rows.length;
}
