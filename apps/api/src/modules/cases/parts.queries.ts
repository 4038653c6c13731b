import { sql } from 'drizzle-orm';
import { rowsOf, type AssignmentState, type CaseActorKind, type Tx } from '@renda/db';

/** The parts of a case beside its row: timeline, assignments, files and the submitter's contact. */

export interface CaseEventRow {
  seq: number;
  kind: string;
  actorKind: CaseActorKind;
  actorName: string;
  note: string;
  data: Record<string, unknown>;
  public: boolean;
  createdAt: Date | string;
}

export interface AssignmentRow {
  unitId: string;
  unitName: string;
  round: number;
  role: 'lead' | 'co';
  state: AssignmentState;
  assignedAt: Date | string;
  signDueAt: Date | string | null;
  signedAt: Date | string | null;
  replyDueAt: Date | string | null;
  repliedAt: Date | string | null;
  reply: string | null;
}

export interface CaseFileRow {
  id: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  originalName: string;
  stage: 'submission' | 'reply';
  hasThumb: boolean;
}

/** The timeline of a case, in order. */
export async function eventsOf(tx: Tx, tenantId: string, caseId: string): Promise<CaseEventRow[]> {
  return rowsOf<CaseEventRow>(await tx.execute(sql`select seq, kind, actor_kind as "actorKind", actor_name as "actorName", note, data,
      public, created_at as "createdAt"
    from case_events where tenant_id = ${tenantId} and case_id = ${caseId} order by seq`));
}

/** Every round's assignments of a case, round by round, lead first. */
export async function assignmentsOf(tx: Tx, tenantId: string, caseId: string): Promise<AssignmentRow[]> {
  return rowsOf<AssignmentRow>(await tx.execute(sql`select a.unit_id as "unitId", u.name as "unitName", a.round, a.role, a.state,
      a.assigned_at as "assignedAt", a.sign_due_at as "signDueAt", a.signed_at as "signedAt", a.reply_due_at as "replyDueAt",
      a.replied_at as "repliedAt", a.reply
    from case_assignments a join units u on u.tenant_id = a.tenant_id and u.id = a.unit_id
    where a.tenant_id = ${tenantId} and a.case_id = ${caseId}
    order by a.round, a.role desc, a.assigned_at, u.name`));
}

/** The units of a congress that a person serves as an officer. */
export async function unitsOfOfficer(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
  return rowsOf<{ unitId: string }>(await tx.execute(sql`select unit_id as "unitId" from unit_officers where tenant_id = ${tenantId} and user_id = ${userId}`))
    .map((r) => r.unitId);
}

/** Files of a case: the submission's first, then the replies', each in order. */
export async function filesOfCase(tx: Tx, tenantId: string, caseId: string): Promise<CaseFileRow[]> {
  return rowsOf<CaseFileRow>(await tx.execute(sql`select f.id, f.content_type as "contentType", f.size, f.width, f.height,
      f.original_name as "originalName", cf.stage, f.thumb_key is not null as "hasThumb"
    from case_files cf join files f on f.tenant_id = cf.tenant_id and f.id = cf.file_id
    where cf.tenant_id = ${tenantId} and cf.case_id = ${caseId}
    order by cf.stage desc, cf.position`));
}

/** The submitter's contact; the policy returns it only inside the owning congress. */
export async function contactOf(tx: Tx, tenantId: string, caseId: string): Promise<{ name: string; phone: string | null; phoneVerified: boolean } | null> {
  return rowsOf<{ name: string; phone: string | null; phoneVerified: boolean }>(await tx.execute(sql`
    select name, phone, phone_verified as "phoneVerified" from case_contacts where tenant_id = ${tenantId} and case_id = ${caseId}`))[0] ?? null;
}

/** Which of `fileIds` are files of `tenantId` visible to the transaction. */
export async function usableFiles(tx: Tx, tenantId: string, fileIds: readonly string[]): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from files where tenant_id = ${tenantId} and id = any(${`{${fileIds.join(',')}}`}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}

/** Attach files to a case after the ones it has at that stage. */
export async function attachFiles(tx: Tx, tenantId: string, caseId: string, fileIds: readonly string[], stage: 'submission' | 'reply'): Promise<void> {
  if (fileIds.length === 0) return;
  const values = fileIds.map((f, i) => sql`(${f}::uuid, ${i}::int)`);
  await tx.execute(sql`insert into case_files (tenant_id, tenant_path, case_id, file_id, stage, position)
    select ${tenantId}::uuid, '', ${caseId}::uuid, v.file_id, ${stage},
      v.position + coalesce((select max(x.position) + 1 from case_files x where x.tenant_id = ${tenantId} and x.case_id = ${caseId}), 0)
    from (values ${sql.join(values, sql`, `)}) as v(file_id, position)
    on conflict do nothing`);
}
