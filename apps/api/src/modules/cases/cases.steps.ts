import type { Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { conflict, invalid } from '../../platform/problem.ts';
import { dueAfter } from './calendar.service.ts';
import type { CaseRow } from './cases.queries.ts';
import { announce, handlerUserIds, holderUserIds } from './cases.notices.ts';
import { commitStep, insertAssignments, settleAssignments, type Actor, type CaseChanges, type NewAssignment, type StepEvent } from './cases.writes.ts';
import { dueFor, limitOf, timeliness } from './due.ts';
import { assignmentsOf, usableFiles, type AssignmentRow } from './parts.queries.ts';
import { officersOf, unitsOfTenant, type UnitRef } from './routing.queries.ts';

/** What every step works with: the locked case, who acts, and when. */
export interface StepContext {
  tx: Tx;
  deps: Deps;
  row: CaseRow;
  actor: Actor;
  now: Date;
  /** The unit a unit officer (or an integration key) acts for. */
  unitId: string | null;
  locale: Locale;
}

/**
 * Commit a change with its timeline entry. When the step completes what the case owed, the entry
 * records whether it was done in time (the on-time rate counts these); the platform's own
 * instant routing is not a handler's work and is not counted.
 */
export async function step(ctx: StepContext, changes: CaseChanges, event: Omit<StepEvent, 'actor'>, completes = true): Promise<number> {
  const due = completes && ctx.actor.kind !== 'system' ? timeliness(ctx.row, ctx.now) : null;
  return commitStep(ctx.tx, ctx.row, changes, { ...event, actor: ctx.actor, data: { ...(event.data ?? {}), ...(due ? { due } : {}) } });
}

/** The deadline fields of the state a step leads to. */
export const dueOf = (ctx: StepContext, state: CaseRow['state']) => dueFor(ctx.tx, ctx.row.tenantId, ctx.row.snapshot, state, ctx.now);

/** 422 unless every file is a visible file of the case's congress. */
export async function checkFiles(ctx: StepContext, fileIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(fileIds)];
  const usable = await usableFiles(ctx.tx, ctx.row.tenantId, unique);
  const errors = fileIds.flatMap((id, i) => (usable.has(id) ? [] : [{ path: `fileIds.${i}`, message: t(ctx.locale, 'case.fileNotUsable') }]));
  if (errors.length) throw invalid(errors);
  return unique;
}

/** The current round's assignments of the case. */
export async function currentAssignments(ctx: StepContext): Promise<AssignmentRow[]> {
  return (await assignmentsOf(ctx.tx, ctx.row.tenantId, ctx.row.id)).filter((a) => a.round === ctx.row.round);
}

/**
 * The acting unit's assignment of the current round, in one of `states` and (when given) with
 * `role`; 409 otherwise: the unit was not assigned, already acted, or the step is the other
 * role's.
 */
export async function ownAssignment(ctx: StepContext, states: AssignmentRow['state'][], role?: 'lead' | 'co'): Promise<AssignmentRow> {
  const mine = (await currentAssignments(ctx)).find((a) => a.unitId === ctx.unitId);
  if (!mine || mine.state === 'returned' || mine.state === 'withdrawn') throw conflict('case.notAssigned');
  if (role && mine.role !== role) throw conflict(role === 'lead' ? 'case.leadOnly' : 'case.coOnly');
  if (!states.includes(mine.state)) throw conflict('case.assignmentDone', { state: t(ctx.locale, `case.assignment.${mine.state}`) });
  return mine;
}

/** 422 unless the units are units of the case's congress; returns them in the order given. */
export async function unitsOfCase(ctx: StepContext, lead: string, co: readonly string[]): Promise<{ lead: UnitRef; co: UnitRef[] }> {
  const found = new Map((await unitsOfTenant(ctx.tx, ctx.row.tenantId, [lead, ...co])).map((u) => [u.id, u]));
  const message = t(ctx.locale, 'case.unitNotFound');
  const errors = [...(found.has(lead) ? [] : [{ path: 'leadUnitId', message }]),
    ...co.flatMap((id, i) => (found.has(id) ? [] : [{ path: `coUnitIds.${i}`, message }]))];
  if (errors.length) throw invalid(errors);
  return { lead: found.get(lead)!, co: co.map((id) => found.get(id)!) };
}

/**
 * Hand the case to a lead unit and co-handling units for the current (or a new) round: state
 * transferred, the sign-for deadline on each assignment and on the case, the units' officers told.
 * `kind` is `transferred`, or `reopened` for round 2 after an unsatisfied rating.
 */
export async function assignUnits(ctx: StepContext, units: { lead: UnitRef; co: UnitRef[] }, o: {
  kind: 'transferred' | 'reopened'; round: number; note?: string; changes?: CaseChanges; data?: Record<string, unknown>;
}): Promise<void> {
  const limit = limitOf(ctx.row.snapshot, 'sign');
  const signDueAt = limit ? await dueAfter(ctx.tx, ctx.row.tenantId, ctx.now, limit) : null;
  const all: NewAssignment[] = [{ unitId: units.lead.id, role: 'lead' }, ...units.co.map((u) => ({ unitId: u.id, role: 'co' as const }))];
  await insertAssignments(ctx.tx, ctx.row, o.round, all, signDueAt, ctx.now);
  const data = { ...(o.data ?? {}), round: o.round, lead: { unitId: units.lead.id, unitName: units.lead.name }, co: units.co.map((u) => ({ unitId: u.id, unitName: u.name })) };
  const seq = await step(ctx, {
    ...(o.changes ?? {}), state: 'transferred', round: o.round, dueStep: 'sign', dueAt: signDueAt, remindedAt: null, escalatedAt: null,
  }, { kind: o.kind, note: o.note, data, public: true }, o.kind === 'transferred');
  await announce(ctx.tx, ctx.deps, ctx.row.id, {
    kind: o.kind, seq, actor: ctx.actor, note: o.note, data, units: [units.lead.name, ...units.co.map((u) => u.name)],
    userIds: await officersOf(ctx.tx, ctx.row.tenantId, all.map((a) => a.unitId)),
  });
}

/** Tell the handler of the case (its deputy, or the congress's staff). */
export async function toHandler(ctx: StepContext, kind: string, seq: number, extra: { note?: string; data?: Record<string, unknown>; units?: string[]; also?: string[] } = {}) {
  const userIds = [...(await handlerUserIds(ctx.tx, ctx.row)), ...(extra.also ?? [])];
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind, seq, actor: ctx.actor, note: extra.note, data: extra.data, units: extra.units, userIds });
}

/** Tell whoever owes the current step (after an urge or an overdue notice). */
export async function toHolder(ctx: StepContext, kind: string, seq: number, note?: string) {
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind, seq, actor: ctx.actor, note, userIds: await holderUserIds(ctx.tx, ctx.row) });
}

/** Withdraw the current round's assignments still in `from` (a return withdraws the co-handling units, a merge every open one). */
export async function withdrawUnits(ctx: StepContext, from: AssignmentRow['state'][]): Promise<void> {
  await settleAssignments(ctx.tx, ctx.row, ctx.row.round, from, 'withdrawn');
}

