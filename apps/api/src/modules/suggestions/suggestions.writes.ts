import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, suggestionAssignments, suggestionEvents, suggestions, type SuggestionAssignmentState, type SuggestionKind, type Tx } from '@renda/db';
import type { SeatRef } from './suggestions.parts.ts';

/** How someone or something acted, as the timeline records it. */
export interface Actor {
  kind: 'user' | 'system';
  id: string | null;
  name: string;
}

/** One entry of the timeline, written with the change it records. */
export interface StepEvent {
  kind: string;
  actor: Actor;
  note?: string;
  data?: Record<string, unknown>;
}

export type SuggestionChanges = Partial<Omit<typeof suggestions.$inferInsert, 'id' | 'tenantId' | 'tenantPath' | 'eventSeq' | 'updatedAt' | 'createdBy'>>;

/**
 * Apply a change to a locked suggestion and append its timeline entry. The entry's number comes
 * from `suggestions.event_seq`, incremented by the same update, so entries are gapless and
 * ordered even when two steps race (the row lock serializes them).
 */
export async function commitStep(tx: Tx, target: { id: string; tenantId: string }, changes: SuggestionChanges, event: StepEvent): Promise<number> {
  const [row] = await tx.update(suggestions)
    .set({ ...changes, eventSeq: sql`${suggestions.eventSeq} + 1`, updatedAt: new Date() })
    .where(eq(suggestions.id, target.id))
    .returning({ seq: suggestions.eventSeq });
  if (!row) throw new Error(`suggestion ${target.id} vanished under its lock`);
  await tx.insert(suggestionEvents).values({
    tenantId: target.tenantId, tenantPath: '', suggestionId: target.id, seq: row.seq, kind: event.kind,
    actorKind: event.actor.kind, actorId: event.actor.id, actorName: event.actor.name, note: event.note ?? '', data: event.data ?? {},
  });
  return row.seq;
}

/**
 * The next number of a session for a kind. The increment takes the session row's lock, so two
 * concurrent acceptances under one session wait for each other and get distinct numbers.
 */
export async function nextNumber(tx: Tx, tenantId: string, sessionId: string, kind: SuggestionKind): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await tx.execute(kind === 'motion'
    ? sql`update suggestion_sessions set motion_seq = motion_seq + 1 where tenant_id = ${tenantId} and id = ${sessionId} returning motion_seq as n`
    : sql`update suggestion_sessions set suggestion_seq = suggestion_seq + 1 where tenant_id = ${tenantId} and id = ${sessionId} returning suggestion_seq as n`));
  if (!row) throw new Error(`session ${sessionId} vanished`);
  return row.n;
}

/** The open session of a congress (the newest when several are open), or null. */
export async function openSessionOf(tx: Tx, tenantId: string): Promise<string | null> {
  return rowsOf<{ id: string }>(await tx.execute(sql`select id from suggestion_sessions where tenant_id = ${tenantId} and state = 'open'
    order by starts_on desc, created_at desc limit 1`))[0]?.id ?? null;
}

/** Invite deputies (after the signers already there); the lead author is inserted signed by `createSuggestion`. */
export async function insertSigners(tx: Tx, target: { id: string; tenantId: string }, seats: readonly SeatRef[], role: 'author' | 'cosigner', state: 'invited' | 'signed' = 'invited', now?: Date): Promise<void> {
  if (seats.length === 0) return;
  const values = seats.map((s, i) => sql`(${s.userId}::uuid, ${s.deputyId}::uuid, ${i}::int)`);
  await tx.execute(sql`insert into suggestion_signers (tenant_id, tenant_path, suggestion_id, user_id, deputy_id, role, state, position, responded_at)
    select ${target.tenantId}::uuid, '', ${target.id}::uuid, v.user_id, v.deputy_id, ${role}, ${state},
      v.position + coalesce((select max(x.position) + 1 from suggestion_signers x where x.tenant_id = ${target.tenantId} and x.suggestion_id = ${target.id}), 0),
      ${state === 'invited' ? null : (now ?? new Date()).toISOString()}::timestamptz
    from (values ${sql.join(values, sql`, `)}) as v(user_id, deputy_id, position)
    on conflict do nothing`);
}

export interface NewAssignment {
  unitId: string;
  role: 'lead' | 'co';
  signDueAt: Date | null;
  replyDueAt: Date | null;
}

/**
 * Assign units for a round. A unit withdrawn earlier in the same round may be assigned again:
 * its row starts over.
 */
export async function insertAssignments(tx: Tx, target: { id: string; tenantId: string }, round: number, units: NewAssignment[], now: Date): Promise<void> {
  if (units.length === 0) return;
  await tx.insert(suggestionAssignments).values(units.map((u) => ({
    tenantId: target.tenantId, tenantPath: '', suggestionId: target.id, unitId: u.unitId, round, role: u.role, state: 'assigned' as const,
    assignedAt: now, signDueAt: u.signDueAt, replyDueAt: u.replyDueAt,
  }))).onConflictDoUpdate({
    target: [suggestionAssignments.suggestionId, suggestionAssignments.unitId, suggestionAssignments.round],
    set: {
      role: sql`excluded.role`, state: 'assigned', assignedAt: now, signDueAt: sql`excluded.sign_due_at`, replyDueAt: sql`excluded.reply_due_at`,
      signedAt: null, signedBy: null, repliedAt: null, repliedBy: null, reply: null, replyCategory: null, reassignReason: null,
      publicAgreed: false, rating: null, ratingComment: null, ratedAt: null,
    },
  });
}

/** Change one unit's assignment of a round. */
export async function updateAssignment(tx: Tx, target: { id: string; tenantId: string }, round: number, unitId: string, changes: Partial<typeof suggestionAssignments.$inferInsert>): Promise<void> {
  await tx.update(suggestionAssignments).set(changes).where(and(
    eq(suggestionAssignments.tenantId, target.tenantId), eq(suggestionAssignments.suggestionId, target.id),
    eq(suggestionAssignments.round, round), eq(suggestionAssignments.unitId, unitId)));
}

/** Move every assignment of a round still in one of `from` to `to`. */
export async function settleAssignments(tx: Tx, target: { id: string; tenantId: string }, round: number, from: SuggestionAssignmentState[], to: SuggestionAssignmentState): Promise<void> {
  await tx.update(suggestionAssignments).set({ state: to }).where(and(
    eq(suggestionAssignments.tenantId, target.tenantId), eq(suggestionAssignments.suggestionId, target.id),
    eq(suggestionAssignments.round, round), inArray(suggestionAssignments.state, from)));
}
