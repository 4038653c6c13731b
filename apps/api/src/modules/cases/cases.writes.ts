import { and, eq, inArray, sql } from 'drizzle-orm';
import { caseAssignments, caseEvents, cases, rowsOf, type AssignmentState, type CaseActorKind, type Tx } from '@renda/db';

/** How someone or something acted on a case, as the timeline records it. */
export interface Actor {
  kind: CaseActorKind;
  id: string | null;
  name: string;
}

/** One entry of the timeline, written with the change it records. */
export interface StepEvent {
  kind: string;
  actor: Actor;
  note?: string;
  data?: Record<string, unknown>;
  /** Shown on the submitter's ticket page. */
  public: boolean;
}

export type CaseChanges = Partial<Omit<typeof cases.$inferInsert, 'id' | 'tenantId' | 'tenantPath' | 'eventSeq' | 'updatedAt'>>;

/**
 * Apply a change to a locked case and append its timeline entry. The entry's number comes from
 * `cases.event_seq`, incremented by the same update, so entries are gapless and ordered even
 * when two steps race (the row lock serializes them).
 */
export async function commitStep(tx: Tx, target: { id: string; tenantId: string }, changes: CaseChanges, event: StepEvent): Promise<number> {
  const [row] = await tx.update(cases)
    .set({ ...changes, eventSeq: sql`${cases.eventSeq} + 1`, updatedAt: new Date() })
    .where(eq(cases.id, target.id))
    .returning({ seq: cases.eventSeq });
  if (!row) throw new Error(`case ${target.id} vanished under its lock`);
  await tx.insert(caseEvents).values({
    tenantId: target.tenantId, tenantPath: '', caseId: target.id, seq: row.seq, kind: event.kind,
    actorKind: event.actor.kind, actorId: event.actor.kind === 'public' ? null : event.actor.id, actorName: event.actor.name,
    note: event.note ?? '', data: event.data ?? {}, public: event.public,
  });
  return row.seq;
}

export interface NewCase {
  tenantId: string;
  scenarioId: string;
  snapshot: Record<string, unknown>;
  source: 'public' | 'deputy';
  deputyId: string | null;
  stationId: string | null;
  submittedBy: string | null;
  category: string;
  title: string;
  body: string;
  fields: Record<string, string | number>;
  location: string;
  lat: number | null;
  lng: number | null;
  phoneMasked: string | null;
  submitKey: string | null;
  submitHash: string | null;
}

/**
 * Insert a new case (state submitted, no timeline yet) with the next ticket number: `C`, the
 * two-digit year in China, and a global sequence, e.g. `C260000123`.
 */
export async function insertCase(tx: Tx, c: NewCase): Promise<{ id: string; ticket: string; createdAt: string }> {
  const [row] = rowsOf<{ id: string; ticket: string; createdAt: Date | string }>(await tx.execute(sql`
    insert into cases (tenant_id, tenant_path, ticket, scenario_id, scenario_snapshot, source, deputy_id, station_id, submitted_by,
      category, title, body, fields, location, lat, lng, phone_masked, submit_key, submit_hash)
    values (${c.tenantId}, '', 'C' || to_char(now() at time zone 'Asia/Shanghai', 'YY') || lpad(nextval('case_ticket_seq')::text, 7, '0'),
      ${c.scenarioId}, ${JSON.stringify(c.snapshot)}::jsonb, ${c.source}, ${c.deputyId}, ${c.stationId}, ${c.submittedBy},
      ${c.category}, ${c.title}, ${c.body}, ${JSON.stringify(c.fields)}::jsonb, ${c.location}, ${c.lat}, ${c.lng}, ${c.phoneMasked},
      ${c.submitKey}, ${c.submitHash})
    returning id, ticket, created_at as "createdAt"`));
  return { id: row.id, ticket: row.ticket, createdAt: new Date(row.createdAt).toISOString() };
}

export async function insertContact(tx: Tx, tenantId: string, caseId: string, contact: { name: string; phone: string | null; phoneVerified: boolean }): Promise<void> {
  await tx.execute(sql`insert into case_contacts (tenant_id, tenant_path, case_id, name, phone, phone_verified)
    values (${tenantId}, '', ${caseId}, ${contact.name}, ${contact.phone}, ${contact.phoneVerified})`);
}

export interface NewAssignment {
  unitId: string;
  role: 'lead' | 'co';
}

/**
 * Assign units for a round, all due to sign by `signDueAt`. A unit that returned the case (or
 * was withdrawn) earlier in the same round may be assigned again: its row starts over.
 */
export async function insertAssignments(tx: Tx, target: { id: string; tenantId: string }, round: number, units: NewAssignment[], signDueAt: Date | null, now: Date): Promise<void> {
  await tx.insert(caseAssignments).values(units.map((u) => ({
    tenantId: target.tenantId, tenantPath: '', caseId: target.id, unitId: u.unitId, round, role: u.role, state: 'assigned' as const,
    assignedAt: now, signDueAt,
  }))).onConflictDoUpdate({
    target: [caseAssignments.caseId, caseAssignments.unitId, caseAssignments.round],
    set: {
      role: sql`excluded.role`, state: 'assigned', assignedAt: now, signDueAt, signedAt: null, signedBy: null, replyDueAt: null,
      repliedAt: null, repliedBy: null, reply: null,
    },
  });
}

/** Change one unit's assignment of a round. */
export async function updateAssignment(tx: Tx, target: { id: string; tenantId: string }, round: number, unitId: string, changes: Partial<typeof caseAssignments.$inferInsert>): Promise<void> {
  await tx.update(caseAssignments).set(changes).where(and(
    eq(caseAssignments.tenantId, target.tenantId), eq(caseAssignments.caseId, target.id), eq(caseAssignments.round, round), eq(caseAssignments.unitId, unitId)));
}

/** Move every assignment of a round still in one of `from` to `to` (a return, a merge). */
export async function settleAssignments(tx: Tx, target: { id: string; tenantId: string }, round: number, from: AssignmentState[], to: AssignmentState): Promise<void> {
  await tx.update(caseAssignments).set({ state: to }).where(and(
    eq(caseAssignments.tenantId, target.tenantId), eq(caseAssignments.caseId, target.id), eq(caseAssignments.round, round),
    inArray(caseAssignments.state, from)));
}
