import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type ReplyCategory, type SuggestionDueStep, type SuggestionKind, type SuggestionState, type Tx } from '@renda/db';
import type { Locale } from '../../platform/i18n.ts';
import { numberLabel } from './suggestions.view.ts';

/** A motion or suggestion as the queries return it; the `*UserIds` and `filed` fields feed the ability check. */
export interface SuggestionRow {
  id: string;
  tenantId: string;
  tenantPath: string;
  tenantName: string;
  kind: SuggestionKind;
  number: number | null;
  sessionId: string | null;
  sessionName: string | null;
  title: string;
  body: string;
  categoryId: string | null;
  categoryName: string | null;
  urgent: boolean;
  key: boolean;
  supervisorKind: 'committee' | 'leader' | null;
  supervisorUserId: string | null;
  supervisorName: string;
  state: SuggestionState;
  source: 'scratch' | 'case' | 'group';
  sourceCaseId: string | null;
  sourceTicket: string | null;
  groupId: string | null;
  groupName: string | null;
  createdBy: string;
  leadAuthorName: string;
  leadDeputyId: string | null;
  round: number;
  dueStep: SuggestionDueStep | null;
  dueAt: Date | string | null;
  remindedAt: Date | string | null;
  escalateAt: Date | string | null;
  escalatedAt: Date | string | null;
  replyCategory: ReplyCategory | null;
  rating: number | null;
  publicAgreed: boolean;
  publishedAt: Date | string | null;
  mergedInto: string | null;
  keywords: string[];
  eventSeq: number;
  signerCount: number;
  leadUnitId: string | null;
  leadUnitName: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
  submittedAt: Date | string | null;
  acceptedAt: Date | string | null;
  assignedAt: Date | string | null;
  repliedAt: Date | string | null;
  closedAt: Date | string | null;
  /** Timestamps with microseconds, for keyset cursors (a JS Date keeps only milliseconds). */
  createdKey: string;
  submittedKey: string | null;
  dueKey: string | null;
  /** Signed authors; everyone with a signer row (invited, signed or declined); those still invited. */
  authorUserIds: string[];
  signerUserIds: string[];
  invitedUserIds: string[];
  /** Officers of the units of the current round still assigned. */
  officerUserIds: string[];
}

const micro = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Joins carry tenant_id so that a distributed database can keep a congress's rows together.
// Categories may be an ancestor's (the province's tree), so they join on the id alone.
const columns = sql`s.id, s.tenant_id as "tenantId", s.tenant_path::text as "tenantPath", t.name as "tenantName", s.kind, s.number,
  s.session_id as "sessionId", se.name as "sessionName", s.title, s.body, s.category_id as "categoryId", cat.name as "categoryName",
  s.urgent, s.key, s.supervisor_kind as "supervisorKind", s.supervisor_user_id as "supervisorUserId", s.supervisor_name as "supervisorName",
  s.state, s.source, s.source_case_id as "sourceCaseId", sc.ticket as "sourceTicket", s.group_id as "groupId", g.name as "groupName",
  s.created_by as "createdBy", coalesce(cu.display_name, '') as "leadAuthorName", s.lead_deputy_id as "leadDeputyId", s.round,
  s.due_step as "dueStep", s.due_at as "dueAt", s.reminded_at as "remindedAt", s.escalate_at as "escalateAt", s.escalated_at as "escalatedAt",
  s.reply_category as "replyCategory", s.rating, s.public_agreed as "publicAgreed", s.published_at as "publishedAt",
  s.merged_into as "mergedInto", s.keywords, s.event_seq as "eventSeq",
  sg.signed as "signerCount",
  lu.id as "leadUnitId", lu.name as "leadUnitName",
  s.created_at as "createdAt", s.updated_at as "updatedAt", s.submitted_at as "submittedAt", s.accepted_at as "acceptedAt",
  s.assigned_at as "assignedAt", s.replied_at as "repliedAt", s.closed_at as "closedAt",
  ${micro(sql`s.created_at`)} as "createdKey", ${micro(sql`s.submitted_at`)} as "submittedKey", ${micro(sql`s.due_at`)} as "dueKey",
  sg.authors as "authorUserIds", sg.everyone as "signerUserIds", sg.invited as "invitedUserIds",
  array(select distinct o.user_id::text from suggestion_assignments a
        join unit_officers o on o.tenant_id = a.tenant_id and o.unit_id = a.unit_id
        where a.tenant_id = s.tenant_id and a.suggestion_id = s.id and a.round = s.round and a.state <> 'withdrawn') as "officerUserIds"`;
const joins = sql`join tenants t on t.id = s.tenant_id
  left join suggestion_sessions se on se.tenant_id = s.tenant_id and se.id = s.session_id
  left join suggestion_categories cat on cat.id = s.category_id
  left join cases sc on sc.tenant_id = s.tenant_id and sc.id = s.source_case_id
  left join delegation_groups g on g.tenant_id = s.tenant_id and g.id = s.group_id
  left join users cu on cu.id = s.created_by
  cross join lateral (select count(*) filter (where x.state = 'signed')::int as signed,
      coalesce(array_agg(x.user_id::text) filter (where x.role = 'author' and x.state = 'signed'), '{}') as authors,
      coalesce(array_agg(x.user_id::text), '{}') as everyone,
      coalesce(array_agg(x.user_id::text) filter (where x.state = 'invited'), '{}') as invited
    from suggestion_signers x where x.tenant_id = s.tenant_id and x.suggestion_id = s.id) sg
  left join lateral (select u.id, u.name from suggestion_assignments a join units u on u.tenant_id = a.tenant_id and u.id = a.unit_id
    where a.tenant_id = s.tenant_id and a.suggestion_id = s.id and a.round = s.round and a.role = 'lead' and a.state <> 'withdrawn'
    order by a.assigned_at desc limit 1) lu on true`;

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** A visible motion or suggestion by id, or null. */
export async function findSuggestion(tx: Tx, id: string): Promise<SuggestionRow | null> {
  return rowsOf<SuggestionRow>(await tx.execute(sql`select ${columns} from suggestions s ${joins} where s.id = ${id}`))[0] ?? null;
}

/** Visible motions and suggestions among `ids`, in no particular order. */
export async function findSuggestions(tx: Tx, ids: readonly string[]): Promise<SuggestionRow[]> {
  if (ids.length === 0) return [];
  return rowsOf<SuggestionRow>(await tx.execute(sql`select ${columns} from suggestions s ${joins} where s.id = any(${uuids(ids)}::uuid[])`));
}

/**
 * Lock a suggestion for a step (`select … for update`): a second writer waits here and then
 * reads the winner's committed state, so the loser of a race sees the new state and gets 409.
 * The update policy applies to the lock, so only the owning congress's context can take it.
 */
export async function lockSuggestion(tx: Tx, id: string): Promise<SuggestionRow | null> {
  const locked = rowsOf(await tx.execute(sql`select s.id from suggestions s where s.id = ${id} for update`));
  return locked.length ? findSuggestion(tx, id) : null;
}

/** Lock several suggestions in id order, so two merges in opposite directions cannot deadlock. */
export async function lockSuggestions(tx: Tx, ids: string[]): Promise<void> {
  await tx.execute(sql`select s.id from suggestions s where s.id = any(${uuids(ids)}::uuid[]) order by s.id for update`);
}

// ---------------------------------------------------------------------------------------------
// List items

const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString());
/** States in which a step is owed, so a past deadline makes the item overdue. */
export const openStates: readonly SuggestionState[] = ['submitted', 'accepted', 'assigned', 'signed', 'replied'];

/** The list item of docs/api.md (`Suggestion`). */
export interface SuggestionItemJson {
  id: string;
  tenantId: string;
  tenantName: string;
  kind: SuggestionKind;
  number: number | null;
  numberLabel: string | null;
  sessionId: string | null;
  sessionName: string | null;
  title: string;
  categoryId: string | null;
  categoryName: string | null;
  urgent: boolean;
  key: boolean;
  state: SuggestionState;
  round: number;
  dueStep: SuggestionDueStep | null;
  dueAt: string | null;
  overdue: boolean;
  replyCategory: ReplyCategory | null;
  rating: number | null;
  leadAuthor: { userId: string; name: string };
  signerCount: number;
  leadUnit: { id: string; name: string } | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row as a list item. */
export function itemOf(row: SuggestionRow, locale: Locale = 'zh-CN', now = new Date()): SuggestionItemJson {
  return {
    id: row.id, tenantId: row.tenantId, tenantName: row.tenantName, kind: row.kind, number: row.number,
    numberLabel: row.number == null ? null : numberLabel(row.kind, row.number, locale),
    sessionId: row.sessionId, sessionName: row.sessionName, title: row.title, categoryId: row.categoryId, categoryName: row.categoryName,
    urgent: row.urgent, key: row.key, state: row.state, round: row.round, dueStep: row.dueStep, dueAt: iso(row.dueAt),
    overdue: openStates.includes(row.state) && row.dueAt != null && new Date(row.dueAt).getTime() < now.getTime(),
    replyCategory: row.replyCategory, rating: row.rating, leadAuthor: { userId: row.createdBy, name: row.leadAuthorName },
    signerCount: row.signerCount, leadUnit: row.leadUnitId ? { id: row.leadUnitId, name: row.leadUnitName ?? '' } : null,
    submittedAt: iso(row.submittedAt), createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!,
  };
}

/**
 * List items of the visible motions and suggestions among `ids`, in the order of `ids` (ids
 * the transaction cannot see are left out). Part B's search returns its hits through this.
 * @example const items = await itemsByIds(tx, hits.map((h) => h.id), 'en');
 */
export async function itemsByIds(tx: Tx, ids: string[], locale: Locale = 'zh-CN'): Promise<SuggestionItemJson[]> {
  const rows = new Map((await findSuggestions(tx, ids)).map((r) => [r.id, r]));
  const now = new Date();
  return ids.flatMap((id) => {
    const row = rows.get(id);
    return row ? [itemOf(row, locale, now)] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Lists

export type SuggestionView = 'mine' | 'invited' | 'review' | 'unit' | 'supervised' | 'overdue' | 'all';

export interface SuggestionListFilter {
  view: SuggestionView;
  userId: string;
  /** The active congress (the review queue is of this congress). */
  tenantId: string;
  /** The caller reads every visible row (staff, committee members, upper tiers); else only filed ones and their own. */
  readsAll: boolean;
  /** The caller is a unit officer only: they read what their units were assigned. */
  unitOnly: boolean;
  state?: SuggestionState;
  kind?: SuggestionKind;
  sessionId?: string;
  inTenantId?: string;
  after: [string | null, string] | null;
  limit: number;
  now: Date;
  /** A province or city scope: the policy alone filters the subtree (see listActivities). */
  wideScope: boolean;
}

const signerOf = (userId: string, states?: string) => sql`q.id in (select x.suggestion_id from suggestion_signers x
  where x.user_id = ${userId}${states ? sql` and x.state = ${states}` : sql``})`;
/** `userId` is an officer of a unit assigned in the row's current round (from the person's units). */
const officerOf = (userId: string) => sql`(q.tenant_id, q.id, q.round) in (select a.tenant_id, a.suggestion_id, a.round from unit_officers o
  join suggestion_assignments a on a.tenant_id = o.tenant_id and a.unit_id = o.unit_id
  where o.user_id = ${userId} and a.state <> 'withdrawn')`;
/** Views of one's own (drafts included) order by creation; the others by submission. */
const personal = (view: SuggestionView) => view === 'mine' || view === 'invited';

function listWhere(f: SuggestionListFilter): SQL[] {
  const where: SQL[] = f.wideScope && !f.inTenantId ? [sql`true`] : [sql`q.tenant_path <@ (select app_scope())`];
  if (f.unitOnly) where.push(officerOf(f.userId));
  else if (!f.readsAll) where.push(sql`(q.number is not null or ${signerOf(f.userId)})`);
  // Rows that were never submitted (drafts, withdrawn drafts) belong to their signers' own views.
  if (!personal(f.view)) where.push(sql`q.submitted_at is not null`);
  if (f.view === 'mine') where.push(sql`(q.created_by = ${f.userId} or ${signerOf(f.userId)})`);
  if (f.view === 'invited') where.push(sql`${signerOf(f.userId, 'invited')} and q.state in ('draft', 'submitted', 'returned')`);
  if (f.view === 'review') where.push(sql`q.tenant_id = ${f.tenantId} and q.state = 'submitted'`);
  if (f.view === 'unit') where.push(officerOf(f.userId));
  if (f.view === 'supervised') where.push(sql`q.supervisor_user_id = ${f.userId}`);
  if (f.view === 'overdue') where.push(sql`q.due_at is not null and q.due_at < ${f.now.toISOString()}::timestamptz`);
  if (f.state) where.push(sql`q.state = ${f.state}`);
  if (f.kind) where.push(sql`q.kind = ${f.kind}`);
  if (f.sessionId) where.push(sql`q.session_id = ${f.sessionId}`);
  if (f.inTenantId) where.push(sql`q.tenant_id = ${f.inTenantId}`);
  return where;
}

/**
 * A page of visible motions and suggestions (limit + 1 rows). One's own views newest first on
 * (created_at, id); the others on (submitted_at, id), which walks `suggestions_recent_idx`; the
 * overdue board most overdue first on (due_at, id) through `suggestions_due_idx`. The page is
 * cut on `suggestions` alone and only its rows are joined.
 */
export async function listSuggestions(tx: Tx, f: SuggestionListFilter): Promise<SuggestionRow[]> {
  const where = listWhere(f);
  const key = f.view === 'overdue' ? 'due_at' : personal(f.view) ? 'created_at' : 'submitted_at';
  const column = sql.raw(`q.${key}`);
  if (f.after) {
    where.push(f.view === 'overdue'
      ? sql`(${column}, q.id) > (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`
      : sql`(${column}, q.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  }
  const dir = f.view === 'overdue' ? sql`` : sql` desc`;
  return rowsOf<SuggestionRow>(await tx.execute(sql`select ${columns}
    from (select q.* from suggestions q where ${sql.join(where, sql` and `)} order by ${column}${dir}, q.id${dir} limit ${f.limit + 1}) s
    ${joins}
    order by ${sql.raw(`s.${key}`)}${dir}, s.id${dir}`));
}
