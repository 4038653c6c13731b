import type { TimeLimit } from '@renda/contracts';
import type { CaseState, Tx } from '@renda/db';
import { dueAfter } from './calendar.service.ts';
import type { CaseSnapshot, DueStep } from './cases.queries.ts';

/**
 * Which step a case in a state owes, and under which limit of the scenario:
 * submitted → accept (the handler takes it up); accepted → reply (the handler answers or routes
 * it); transferred → sign (the units sign for it); signed → reply (the lead unit replies);
 * replied → close (the handler reviews and closes); closed → rate (the submitter's window to
 * rate, when the scenario rates). Rated and merged cases owe nothing.
 */
export function stepOf(state: CaseState, snapshot: Pick<CaseSnapshot, 'ratingEnabled'>): DueStep | null {
  switch (state) {
    case 'submitted':
      return 'accept';
    case 'accepted':
    case 'signed':
      return 'reply';
    case 'transferred':
      return 'sign';
    case 'replied':
      return 'close';
    case 'closed':
      return snapshot.ratingEnabled ? 'rate' : null;
    default:
      return null;
  }
}

/** A step's limit from the snapshot; a step without one has no deadline. */
export function limitOf(snapshot: Pick<CaseSnapshot, 'deadlines'>, step: DueStep): TimeLimit | null {
  return snapshot.deadlines[step] ?? null;
}

export interface Due {
  dueStep: DueStep | null;
  dueAt: Date | null;
  remindedAt: null;
  escalatedAt: null;
}

/**
 * The deadline of the step a case owes once it is in `state`, counted from `now` by the
 * congress's calendar. A new step clears the reminder and the escalation of the previous one.
 */
export async function dueFor(tx: Tx, tenantId: string, snapshot: CaseSnapshot, state: CaseState, now: Date): Promise<Due> {
  const step = stepOf(state, snapshot);
  const limit = step ? limitOf(snapshot, step) : null;
  const dueAt = limit ? await dueAfter(tx, tenantId, now, limit) : null;
  return { dueStep: step, dueAt, remindedAt: null, escalatedAt: null };
}

/**
 * Whether the step a case owed was done in time, for the timeline entry that completes it (the
 * on-time rate counts these). Null when the step had no deadline; the rating window is the
 * submitter's choice, not a duty, and is never counted.
 */
export function timeliness(row: { dueStep: DueStep | null; dueAt: Date | string | null }, now: Date): { dueStep: DueStep; dueAt: string; onTime: boolean } | null {
  if (!row.dueStep || !row.dueAt || row.dueStep === 'rate') return null;
  const dueAt = new Date(row.dueAt);
  return { dueStep: row.dueStep, dueAt: dueAt.toISOString(), onTime: now.getTime() <= dueAt.getTime() };
}
