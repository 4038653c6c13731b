import { sql, type SQL } from 'drizzle-orm';
import { activities, rowsOf, type ActivitySource, type ActivityState, type Tx } from '@renda/db';
import { uuidArray } from './activities.queries.ts';

export interface NewActivity {
  id: string;
  tenantId: string;
  deputyId: string;
  kind: string;
  title: string;
  occurredOn: string;
  place: string;
  description: string;
  participants: string;
  source: ActivitySource;
  batchId: string | null;
  submit: boolean;
  createdBy: string;
}

/**
 * Insert activities of the caller's own congress. Ids come from the caller: INSERT … RETURNING
 * would fail under RLS for a row the writer could not read back.
 */
export async function insertActivities(tx: Tx, rows: readonly NewActivity[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(activities).values(rows.map(({ submit, ...r }) => ({
    ...r,
    tenantPath: '', // filled by the trigger from tenant_id
    state: (submit ? 'submitted' : 'draft') as ActivityState,
    submittedAt: submit ? sql`now()` : null,
  })));
}

export interface ActivityChanges {
  kind?: string;
  title?: string;
  occurredOn?: string;
  place?: string;
  description?: string;
  participants?: string;
}

/** Change the fields of an activity still in `state`; false when it moved meanwhile. */
export async function updateFields(tx: Tx, id: string, state: ActivityState, changes: ActivityChanges): Promise<boolean> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (changes.kind !== undefined) sets.push(sql`kind = ${changes.kind}`);
  if (changes.title !== undefined) sets.push(sql`title = ${changes.title}`);
  if (changes.occurredOn !== undefined) sets.push(sql`occurred_on = ${changes.occurredOn}::date`);
  if (changes.place !== undefined) sets.push(sql`place = ${changes.place}`);
  if (changes.description !== undefined) sets.push(sql`description = ${changes.description}`);
  if (changes.participants !== undefined) sets.push(sql`participants = ${changes.participants}`);
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`update activities set ${sql.join(sets, sql`, `)}
    where id = ${id} and state = ${state} returning id`));
  return rows.length === 1;
}

export interface StateChange {
  id: string;
  from: ActivityState;
  to: ActivityState;
  /** Set for a reviewer's act (verify, return, publish). */
  reviewerId: string | null;
  returnReason?: string;
}

/**
 * Move one activity from `from` to `to`, stamping the time of the move. The `state = from`
 * condition makes two racing reviewers safe: the second update finds the row changed (Postgres
 * re-checks the condition after the first commits) and touches nothing, so its caller answers 409.
 */
export async function moveState(tx: Tx, change: StateChange): Promise<boolean> {
  const { id, from, to, reviewerId } = change;
  const sets: SQL[] = [sql`state = ${to}`, sql`updated_at = now()`];
  if (to === 'submitted') sets.push(sql`submitted_at = now()`, sql`return_reason = null`);
  if (reviewerId) sets.push(sql`reviewed_at = now()`, sql`reviewed_by = ${reviewerId}`);
  if (to === 'returned') sets.push(sql`return_reason = ${change.returnReason ?? ''}`);
  if (to === 'published') sets.push(sql`published_at = now()`);
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`update activities set ${sql.join(sets, sql`, `)}
    where id = ${id} and state = ${from} returning id`));
  return rows.length === 1;
}

/** Delete an activity that is still a draft; false when it is gone or moved meanwhile. */
export async function deleteDraft(tx: Tx, id: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`delete from activities where id = ${id} and state = 'draft' returning id`));
  return rows.length === 1;
}

/**
 * Verify the submitted activities among `ids` of one congress at once (the queue's batch
 * action), leaving out the reviewer's own records. Returns the ids that moved.
 */
export async function verifyMany(tx: Tx, tenantId: string, ids: readonly string[], to: ActivityState, reviewerId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    update activities a set state = ${to}, updated_at = now(), reviewed_at = now(), reviewed_by = ${reviewerId},
      published_at = case when ${to} = 'published' then now() else a.published_at end
    where a.tenant_id = ${tenantId} and a.state = 'submitted' and a.id = any(${uuidArray(ids)}::uuid[])
      and not exists (select 1 from deputies d where d.tenant_id = a.tenant_id and d.id = a.deputy_id and d.user_id = ${reviewerId})
    returning a.id`));
  return rows.map((r) => r.id);
}
