import type { SuggestionDueStep, Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { conflict, invalid } from '../../platform/problem.ts';
import { addWorkingDays, chinaDay, endOfChinaDay, shiftDay } from '../cases/calendar.service.ts';
import { announce, signedUserIds } from './suggestions.notices.ts';
import { assignmentsOf, usableFiles, type AssignmentRow } from './suggestions.parts.ts';
import type { SuggestionRow } from './suggestions.queries.ts';
import { commitStep, type Actor, type SuggestionChanges } from './suggestions.writes.ts';

/** The module settings a step needs (docs/api.md: module settings). */
export interface SuggestionSettings {
  replyDeadlineDays: number;
  urgentReplyDeadlineDays: number;
  signForDays: number;
  motionCoSignerMinimum: number;
  rateWithinDays: number;
  escalateAfterWorkingDays: number;
}

/** The settings from a resolved module configuration, with the documented defaults. */
export function settingsOf(config: Record<string, unknown> | null | undefined): SuggestionSettings {
  const n = (key: string, fallback: number) => {
    const value = Number(config?.[key]);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    replyDeadlineDays: n('replyDeadlineDays', 90), urgentReplyDeadlineDays: n('urgentReplyDeadlineDays', 30), signForDays: n('signForDays', 5),
    motionCoSignerMinimum: n('motionCoSignerMinimum', 10), rateWithinDays: n('rateWithinDays', 30), escalateAfterWorkingDays: n('escalateAfterWorkingDays', 3),
  };
}

/** What every step works with: the locked row, who acts, when, and the module's settings. */
export interface StepContext {
  tx: Tx;
  deps: Deps;
  row: SuggestionRow;
  actor: Actor;
  now: Date;
  /** The unit a unit officer acts for. */
  unitId: string | null;
  locale: Locale;
  settings: SuggestionSettings;
}

/** Commit a change with its timeline entry; returns the entry's number. */
export function step(ctx: StepContext, changes: SuggestionChanges, event: { kind: string; note?: string; data?: Record<string, unknown> }): Promise<number> {
  return commitStep(ctx.tx, ctx.row, changes, { ...event, actor: ctx.actor });
}

/** The deadline fields of a new step: the reminder and escalation of the previous one are cleared. */
export function due(dueStep: SuggestionDueStep | null, dueAt: Date | null): SuggestionChanges {
  return { dueStep: dueAt ? dueStep : null, dueAt, remindedAt: null, escalateAt: null, escalatedAt: null };
}

/** The end (23:59:59 China time) of the day `days` calendar days after `now`'s China day. */
export function calendarDaysAfter(now: Date, days: number): Date {
  return endOfChinaDay(shiftDay(chinaDay(now), days));
}

/** Sign-for in `signForDays` working days of the congress's calendar. */
export function signDueOf(ctx: StepContext): Promise<Date> {
  return addWorkingDays(ctx.tx, ctx.row.tenantId, ctx.now, ctx.settings.signForDays);
}

/** Reply in `replyDays`, else the module's days (the urgent limit for an urgent one), in calendar days. */
export function replyDueOf(ctx: StepContext, replyDays: number | null): Date {
  const days = replyDays ?? (ctx.row.urgent ? ctx.settings.urgentReplyDeadlineDays : ctx.settings.replyDeadlineDays);
  return calendarDaysAfter(ctx.now, days);
}

/** Tell the signed authors and co-signers, and `also`, of a step. */
export async function tell(ctx: StepContext, kind: string, also: string[] = [], signers = true, unit?: string): Promise<void> {
  const userIds = [...(signers ? await signedUserIds(ctx.tx, ctx.row) : []), ...also];
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind, actorId: ctx.actor.id, userIds, unit });
}

/** 422 unless every file is a visible file of the suggestion's congress. */
export async function checkFiles(ctx: StepContext, fileIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(fileIds)];
  const usable = await usableFiles(ctx.tx, ctx.row.tenantId, unique);
  const errors = fileIds.flatMap((id, i) => (usable.has(id) ? [] : [{ path: `fileIds.${i}`, message: t(ctx.locale, 'suggestion.fileNotUsable') }]));
  if (errors.length) throw invalid(errors);
  return unique;
}

/** The current round's assignments still standing (not withdrawn). */
export async function currentAssignments(ctx: StepContext): Promise<AssignmentRow[]> {
  return (await assignmentsOf(ctx.tx, ctx.row.tenantId, ctx.row.id)).filter((a) => a.round === ctx.row.round && a.state !== 'withdrawn');
}

/**
 * The acting unit's assignment of the current round, in one of `states` and (when given) with
 * `role`; 409 otherwise: the unit was not assigned, already acted, or the step is the other role's.
 */
export async function ownAssignment(ctx: StepContext, states: AssignmentRow['state'][], role?: 'lead' | 'co'): Promise<AssignmentRow> {
  const mine = (await currentAssignments(ctx)).find((a) => a.unitId === ctx.unitId);
  if (!mine) throw conflict('suggestion.notAssigned');
  if (role && mine.role !== role) throw conflict(role === 'lead' ? 'suggestion.leadOnly' : 'suggestion.coOnly');
  if (!states.includes(mine.state)) throw conflict('suggestion.assignmentDone', { state: t(ctx.locale, `suggestion.assignment.${mine.state}`) });
  return mine;
}
