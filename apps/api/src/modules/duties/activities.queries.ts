import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type ActivitySource, type ActivityState, type Tx } from '@renda/db';

/** An activity as the queries return it; `deputyUserId` is for the ability check, never sent. */
export interface ActivityRow {
  id: string;
  tenantId: string;
  deputyId: string;
  deputyUserId: string;
  deputyName: string | null;
  groupName: string | null;
  kind: string;
  title: string;
  occurredOn: string;
  place: string;
  description: string;
  participants: string;
  source: ActivitySource;
  eventId: string | null;
  state: ActivityState;
  returnReason: string | null;
  submittedAt: Date | string | null;
  reviewedAt: Date | string | null;
  publishedAt: Date | string | null;
  createdAt: Date | string;
  fileCount: number;
}

export interface ActivityFile {
  id: string;
  tenantId: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  originalName: string;
  url: string;
  thumbUrl: string | null;
}

// Joins carry tenant_id so that a distributed database can keep a deputy and their records together.
const columns = sql`a.id, a.tenant_id as "tenantId", a.deputy_id as "deputyId", d.user_id as "deputyUserId",
  u.display_name as "deputyName", g.name as "groupName", a.kind, a.title, a.occurred_on::text as "occurredOn",
  a.place, a.description, a.participants, a.source, a.event_id as "eventId", a.state, a.return_reason as "returnReason",
  a.submitted_at as "submittedAt", a.reviewed_at as "reviewedAt", a.published_at as "publishedAt", a.created_at as "createdAt",
  (select count(*)::int from activity_files af where af.tenant_id = a.tenant_id and af.activity_id = a.id) as "fileCount"`;
const seatJoins = sql`join deputies d on d.tenant_id = a.tenant_id and d.id = a.deputy_id
  left join users u on u.id = d.user_id
  left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id`;
const joins = sql`from activities a ${seatJoins}`;

/** A visible activity by id, or null. */
export async function findActivity(tx: Tx, id: string): Promise<ActivityRow | null> {
  return rowsOf<ActivityRow>(await tx.execute(sql`select ${columns} ${joins} where a.id = ${id}`))[0] ?? null;
}

/** Visible activities by id, in the order of `ids`. */
export async function activitiesByIds(tx: Tx, ids: readonly string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<ActivityRow>(await tx.execute(sql`select ${columns} ${joins} where a.id = any(${uuidArray(ids)}::uuid[])`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ActivityRow => Boolean(r));
}

export interface ActivityFilter {
  /** One seat's activities (its tenant too, for the index on tenant_id, deputy_id, occurred_on). */
  deputy?: { id: string; tenantId: string };
  /** Only the activities of this person's seats (a deputy reads only their own). */
  ownerUserId?: string;
  state?: ActivityState;
  kind?: string;
  year?: number;
  /** Only verified and published ones (the archive timeline). */
  countedOnly?: boolean;
  after: { occurredOn: string; id: string } | null;
  limit: number;
  /**
   * The scope is a province or a city. The policy alone then filters the subtree: repeating its
   * `tenant_path <@ …` here makes the planner multiply two default estimates, expect ~100 rows
   * and sort a city's 125,000 records (350 ms); without it, it walks `activities_recent_idx`
   * backwards and stops after a page (5 ms). Small scopes keep the condition, where the bitmap
   * scan of the subtree is the faster plan (a township: 3.5 ms against 160 ms).
   */
  wideScope?: boolean;
}

/**
 * Activities of the caller's subtree, newest first (keyset on occurred_on, id); fetches limit + 1.
 * As in the queue, the page is cut on `activities` alone and only its rows are joined: a flat
 * join made the planner join a city's 120,000 records to seats and people before sorting.
 */
export async function listActivities(tx: Tx, f: ActivityFilter): Promise<ActivityRow[]> {
  const where: SQL[] = f.wideScope && !f.deputy ? [sql`true`] : [sql`q.tenant_path <@ (select app_scope())`];
  if (f.deputy) where.push(sql`q.tenant_id = ${f.deputy.tenantId} and q.deputy_id = ${f.deputy.id}`);
  if (f.ownerUserId) where.push(sql`(q.tenant_id, q.deputy_id) in (select o.tenant_id, o.id from deputies o where o.user_id = ${f.ownerUserId})`);
  if (f.state) where.push(sql`q.state = ${f.state}`);
  if (f.countedOnly) where.push(sql`q.state in ('verified', 'published')`);
  if (f.kind) where.push(sql`q.kind = ${f.kind}`);
  if (f.year) where.push(sql`q.occurred_on >= make_date(${f.year}, 1, 1) and q.occurred_on < make_date(${f.year + 1}, 1, 1)`);
  if (f.after) where.push(sql`(q.occurred_on, q.id) < (${f.after.occurredOn}::date, ${f.after.id}::uuid)`);
  return rowsOf<ActivityRow>(await tx.execute(sql`select ${columns}
    from (select q.* from activities q where ${sql.join(where, sql` and `)} order by q.occurred_on desc, q.id desc limit ${f.limit + 1}) a
    ${seatJoins}
    order by a.occurred_on desc, a.id desc`));
}

/**
 * The verification queue: submitted activities of one congress, oldest submission first, a page
 * at a time after the key (submitted_at, id) of the previous page's last row; fetches limit + 1.
 *
 * The page is cut in a subquery on `activities` alone, through the partial index
 * `activities_queue_idx (tenant_id, submitted_at) where state = 'submitted'` (the explicit
 * tenant and state select it; the key is spelled `submitted_at >= t and (submitted_at > t or
 * id > i)` so its first half is an index condition), and only the page's rows are joined to
 * their seat, person and group by primary key with tenant_id. Written as one flat join, the
 * planner under RLS, which cannot estimate the policy's `tenant_path <@ app_scope()`, started
 * from the congress's seats and probed every seat's activities: 5–10× slower than the owner on
 * a county of a 150,000-seat province, where this form runs as fast under RLS as without.
 * `submittedKey` is the timestamp with microseconds, for the next cursor (a JS Date keeps only
 * milliseconds and would skip or repeat rows).
 */
export async function verificationQueue(tx: Tx, tenantId: string, after: { submittedAt: string; id: string } | null, limit: number) {
  const key = after
    ? sql`and q.submitted_at >= ${after.submittedAt}::timestamptz
        and (q.submitted_at > ${after.submittedAt}::timestamptz or q.id > ${after.id}::uuid)`
    : sql``;
  return rowsOf<ActivityRow & { submittedKey: string }>(await tx.execute(sql`
    select ${columns},
      to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "submittedKey"
    from (
      select q.* from activities q
      where q.tenant_id = ${tenantId} and q.state = 'submitted' ${key}
      order by q.submitted_at, q.id
      limit ${limit + 1}
    ) a
    ${seatJoins}
    order by a.submitted_at, a.id`));
}

/** Evidence of one activity, in display order. */
export async function filesOf(tx: Tx, tenantId: string, activityId: string): Promise<ActivityFile[]> {
  const rows = rowsOf<Omit<ActivityFile, 'url' | 'thumbUrl'> & { hasThumb: boolean }>(await tx.execute(sql`
    select f.id, f.tenant_id as "tenantId", f.content_type as "contentType", f.size, f.width, f.height, f.original_name as "originalName",
      f.thumb_key is not null as "hasThumb"
    from activity_files af join files f on f.tenant_id = af.tenant_id and f.id = af.file_id
    where af.tenant_id = ${tenantId} and af.activity_id = ${activityId}
    order by af.position`));
  return rows.map(({ hasThumb, ...f }) => ({ ...f, url: `/api/v1/files/${f.id}`, thumbUrl: hasThumb ? `/api/v1/files/${f.id}/thumb` : null }));
}

/** Which of `fileIds` are files of `tenantId` that the caller can see. */
export async function usableFileIds(tx: Tx, tenantId: string, fileIds: readonly string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from files where tenant_id = ${tenantId} and id = any(${uuidArray(fileIds)}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}

/** Replace the evidence of some activities with `fileIds`, in that order. */
export async function setFiles(tx: Tx, tenantId: string, activityIds: readonly string[], fileIds: readonly string[]): Promise<void> {
  if (activityIds.length === 0) return;
  await tx.execute(sql`delete from activity_files where tenant_id = ${tenantId} and activity_id = any(${uuidArray(activityIds)}::uuid[])`);
  if (fileIds.length === 0) return;
  const values = activityIds.flatMap((a) => fileIds.map((f, i) => sql`(${tenantId}, '', ${a}, ${f}, ${i})`));
  await tx.execute(sql`insert into activity_files (tenant_id, tenant_path, activity_id, file_id, position) values ${sql.join(values, sql`, `)}`);
}

/** A Postgres array literal of uuids (validated upstream), bound as one parameter. */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
