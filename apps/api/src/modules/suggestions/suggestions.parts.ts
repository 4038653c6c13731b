import { sql } from 'drizzle-orm';
import { rowsOf, type ReplyCategory, type SuggestionAssignmentState, type Tx } from '@renda/db';

/** The parts of a motion or suggestion beside its row: signers, assignments, files, timeline. */

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

export interface SignerRow {
  userId: string;
  deputyId: string | null;
  name: string;
  role: 'author' | 'cosigner';
  state: 'invited' | 'signed' | 'declined';
  respondedAt: Date | string | null;
}

export interface AssignmentRow {
  unitId: string;
  unitName: string;
  round: number;
  role: 'lead' | 'co';
  state: SuggestionAssignmentState;
  assignedAt: Date | string;
  signDueAt: Date | string | null;
  signedAt: Date | string | null;
  replyDueAt: Date | string | null;
  repliedAt: Date | string | null;
  reply: string | null;
  replyCategory: ReplyCategory | null;
  reassignReason: string | null;
  publicAgreed: boolean;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | string | null;
}

export interface EventRow {
  seq: number;
  kind: string;
  actorName: string;
  note: string;
  data: Record<string, unknown>;
  createdAt: Date | string;
}

export interface FileRow {
  id: string;
  name: string;
  contentType: string;
  size: number;
  stage: 'draft' | 'reply';
  unitId: string | null;
  hasThumb: boolean;
}

/** Signers in order: authors first (the lead author at position 0), then co-signers. */
export async function signersOf(tx: Tx, tenantId: string, suggestionId: string): Promise<SignerRow[]> {
  return rowsOf<SignerRow>(await tx.execute(sql`select g.user_id as "userId", g.deputy_id as "deputyId", u.display_name as name, g.role, g.state,
      g.responded_at as "respondedAt"
    from suggestion_signers g join users u on u.id = g.user_id
    where g.tenant_id = ${tenantId} and g.suggestion_id = ${suggestionId}
    order by g.role, g.position, g.created_at`));
}

/** Every round's assignments, round by round, lead first. */
export async function assignmentsOf(tx: Tx, tenantId: string, suggestionId: string): Promise<AssignmentRow[]> {
  return rowsOf<AssignmentRow>(await tx.execute(sql`select a.unit_id as "unitId", u.name as "unitName", a.round, a.role, a.state,
      a.assigned_at as "assignedAt", a.sign_due_at as "signDueAt", a.signed_at as "signedAt", a.reply_due_at as "replyDueAt",
      a.replied_at as "repliedAt", a.reply, a.reply_category as "replyCategory", a.reassign_reason as "reassignReason",
      a.public_agreed as "publicAgreed", a.rating, a.rating_comment as "ratingComment", a.rated_at as "ratedAt"
    from suggestion_assignments a join units u on u.tenant_id = a.tenant_id and u.id = a.unit_id
    where a.tenant_id = ${tenantId} and a.suggestion_id = ${suggestionId}
    order by a.round, a.role desc, a.assigned_at, u.name`));
}

/** The timeline, in order. */
export async function eventsOf(tx: Tx, tenantId: string, suggestionId: string): Promise<EventRow[]> {
  return rowsOf<EventRow>(await tx.execute(sql`select seq, kind, actor_name as "actorName", note, data, created_at as "createdAt"
    from suggestion_events where tenant_id = ${tenantId} and suggestion_id = ${suggestionId} order by seq`));
}

/** Files: the authors' first, then the units', each in order. */
export async function filesOf(tx: Tx, tenantId: string, suggestionId: string): Promise<FileRow[]> {
  return rowsOf<FileRow>(await tx.execute(sql`select f.id, f.original_name as name, f.content_type as "contentType", f.size,
      sf.stage, sf.unit_id as "unitId", f.thumb_key is not null as "hasThumb"
    from suggestion_files sf join files f on f.tenant_id = sf.tenant_id and f.id = sf.file_id
    where sf.tenant_id = ${tenantId} and sf.suggestion_id = ${suggestionId}
    order by sf.stage, sf.position`));
}

/** Which of `fileIds` are files of `tenantId` visible to the transaction. */
export async function usableFiles(tx: Tx, tenantId: string, fileIds: readonly string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from files where tenant_id = ${tenantId} and id = any(${uuids(fileIds)}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}

/** Attach files after the ones already there (a file already attached is skipped). */
export async function attachFiles(tx: Tx, tenantId: string, suggestionId: string, fileIds: readonly string[], stage: 'draft' | 'reply', unitId: string | null = null): Promise<void> {
  if (fileIds.length === 0) return;
  const values = fileIds.map((f, i) => sql`(${f}::uuid, ${i}::int)`);
  await tx.execute(sql`insert into suggestion_files (tenant_id, tenant_path, suggestion_id, file_id, stage, unit_id, position)
    select ${tenantId}::uuid, '', ${suggestionId}::uuid, v.file_id, ${stage}, ${unitId}::uuid,
      v.position + coalesce((select max(x.position) + 1 from suggestion_files x where x.tenant_id = ${tenantId} and x.suggestion_id = ${suggestionId}), 0)
    from (values ${sql.join(values, sql`, `)}) as v(file_id, position)
    on conflict do nothing`);
}

/** Replace the authors' files of a draft with `fileIds`, in that order. */
export async function replaceDraftFiles(tx: Tx, tenantId: string, suggestionId: string, fileIds: readonly string[]): Promise<void> {
  await tx.execute(sql`delete from suggestion_files where tenant_id = ${tenantId} and suggestion_id = ${suggestionId} and stage = 'draft'`);
  await attachFiles(tx, tenantId, suggestionId, fileIds, 'draft');
}

export interface SeatRef {
  userId: string;
  deputyId: string;
  name: string;
}

/** Serving deputies of a congress among the people `userIds` (others are left out). */
export async function servingSeats(tx: Tx, tenantId: string, userIds: readonly string[]): Promise<SeatRef[]> {
  if (userIds.length === 0) return [];
  return rowsOf<SeatRef>(await tx.execute(sql`select distinct on (d.user_id) d.user_id::text as "userId", d.id::text as "deputyId", u.display_name as name
    from deputies d join users u on u.id = d.user_id join terms tm on tm.tenant_id = d.tenant_id and tm.id = d.term_id
    where d.tenant_id = ${tenantId} and d.status = 'serving' and d.user_id = any(${uuids(userIds)}::uuid[])
    order by d.user_id, tm.number desc`));
}

/** Serving deputies of a delegation group of a congress; null when the group is not one of it. */
export async function groupSeats(tx: Tx, tenantId: string, groupId: string): Promise<SeatRef[] | null> {
  const [group] = rowsOf<{ id: string }>(await tx.execute(sql`select id from delegation_groups where tenant_id = ${tenantId} and id = ${groupId}`));
  if (!group) return null;
  return rowsOf<SeatRef>(await tx.execute(sql`select d.user_id::text as "userId", d.id::text as "deputyId", u.display_name as name
    from deputies d join users u on u.id = d.user_id
    where d.tenant_id = ${tenantId} and d.group_id = ${groupId} and d.status = 'serving' order by u.display_name`));
}

/** A session of one congress by id, or null. */
export async function sessionOf(tx: Tx, tenantId: string, id: string): Promise<{ id: string; state: 'open' | 'closed' } | null> {
  return rowsOf<{ id: string; state: 'open' | 'closed' }>(await tx.execute(sql`select id, state from suggestion_sessions where tenant_id = ${tenantId} and id = ${id}`))[0] ?? null;
}

/** A category the congress files under: its own or an ancestor's. */
export async function categoryUsable(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const rows = rowsOf(await tx.execute(sql`select 1 from suggestion_categories c
    where c.id = ${id} and c.tenant_path @> (select t.path from tenants t where t.id = ${tenantId})`));
  return rows.length > 0;
}

/** The units of a congress a person acts for. */
export async function unitsOfOfficer(tx: Tx, tenantId: string, userId: string): Promise<Set<string>> {
  return new Set(rowsOf<{ unitId: string }>(await tx.execute(sql`select unit_id::text as "unitId" from unit_officers
    where tenant_id = ${tenantId} and user_id = ${userId}`)).map((r) => r.unitId));
}
