import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import {
  CaseAccept, CaseAnswer, CaseClose, CaseConvert, CaseMerge, CaseNote, CaseOpinion, CaseRate, CaseReply, CaseReturn, CaseSign, CaseTransfer, CaseUrge,
} from '@renda/contracts';
import { caseStates, rowsOf, type CaseState, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { conflict, invalid, notFound } from '../../platform/problem.ts';
import { check } from '../../platform/validate.ts';
import * as actions from './cases.actions.ts';
import { caseIdByTicket, findCase, lockCase, lockCases, type CaseRow } from './cases.queries.ts';
import type { StepContext } from './cases.steps.ts';
import type { Actor } from './cases.writes.ts';
import { findScenarioRow, listPublicScenarios, type ScenarioRow } from './scenarios.queries.ts';

export { openCase, type OpenCaseInput } from './cases.open.ts';
export type { Actor } from './cases.writes.ts';
export type { ScenarioRow } from './scenarios.queries.ts';
export type { CaseState } from '@renda/db';

export type CaseAction = 'accept' | 'answer' | 'transfer' | 'sign' | 'reply' | 'opinion' | 'return' | 'close' | 'merge' | 'convert' | 'urge' | 'note' | 'rate';

const open: readonly CaseState[] = ['submitted', 'accepted', 'transferred', 'signed', 'replied'];

/**
 * The state machine: the states each action starts from (any other answers 409) and the input
 * it takes. Where each leads is in cases.actions.ts.
 *
 * | action   | from                          | to                                            |
 * | accept   | submitted                     | accepted                                      |
 * | answer   | accepted                      | closed (resolution answered)                  |
 * | transfer | accepted                      | transferred (lead + co units, this round)     |
 * | sign     | transferred, signed           | signed when the lead unit signs, else same    |
 * | reply    | signed                        | replied (lead unit)                           |
 * | opinion  | transferred, signed           | same (co-handling unit's opinion)             |
 * | return   | transferred, signed           | accepted (lead unit asks for reassignment)    |
 * | close    | replied                       | closed (resolution handled)                   |
 * | merge    | any open state                | merged (into another case of the congress)    |
 * | convert  | accepted, closed, rated       | closed (resolution suggestion; draft kept)    |
 * | urge     | any open state                | same (the holder is reminded)                 |
 * | note     | any                           | same                                          |
 * | rate     | closed                        | rated; unsatisfied in round 1: round 2, transferred or accepted |
 */
export const machine: Record<CaseAction, { from: readonly CaseState[]; input: v.GenericSchema }> = {
  accept: { from: ['submitted'], input: CaseAccept },
  answer: { from: ['accepted'], input: CaseAnswer },
  transfer: { from: ['accepted'], input: CaseTransfer },
  sign: { from: ['transferred', 'signed'], input: CaseSign },
  reply: { from: ['signed'], input: CaseReply },
  opinion: { from: ['transferred', 'signed'], input: CaseOpinion },
  return: { from: ['transferred', 'signed'], input: CaseReturn },
  close: { from: ['replied'], input: CaseClose },
  merge: { from: open, input: CaseMerge },
  convert: { from: ['accepted', 'closed', 'rated'], input: CaseConvert },
  urge: { from: open, input: CaseUrge },
  note: { from: caseStates, input: CaseNote },
  rate: { from: ['closed'], input: CaseRate },
};

/** Lock the case (and, for a merge, the case it merges into, in id order); 404 when invisible or not writable here. */
async function lockFor(tx: Tx, caseId: string, action: CaseAction, input: { intoTicket?: string }, locale: Locale): Promise<{ row: CaseRow; target: CaseRow | null }> {
  if (action !== 'merge') {
    const row = await lockCase(tx, caseId);
    if (!row) throw notFound('case.notFound');
    return { row, target: null };
  }
  const peek = await findCase(tx, caseId);
  if (!peek) throw notFound('case.notFound');
  const targetId = await caseIdByTicket(tx, peek.tenantId, input.intoTicket ?? '');
  if (!targetId || targetId === caseId) throw invalid([{ path: 'intoTicket', message: t(locale, 'case.mergeTargetNotFound') }]);
  await lockCases(tx, [caseId, targetId]);
  const [row, target] = await Promise.all([findCase(tx, caseId), findCase(tx, targetId)]);
  if (!row || !target) throw notFound('case.notFound');
  return { row, target };
}

/**
 * Apply one action to a case: validate the input, lock the row (`select … for update`), check
 * the state (409 `conflict`, also for the loser of a race, who reads the winner's state after
 * the lock), write the change with its immutable timeline entry, recompute the deadline, notify
 * and emit the webhook, all in `tx`. Permission checks are the caller's: routes check the ability,
 * the public and integration callers pass their own actor. `tx` must run in the case's congress.
 * @example await applyCaseAction(tx, deps, id, 'accept', { kind: 'user', id: userId, name: '王建国' }, { note: '' })
 */
export async function applyCaseAction(
  tx: Tx, deps: Deps, caseId: string, action: CaseAction, actor: Actor, input: Record<string, unknown>,
  options: { unitId?: string | null; locale?: Locale } = {},
): Promise<void> {
  const locale = options.locale ?? 'zh-CN';
  const parsed = check(machine[action].input, input, locale);
  if (!parsed.ok) throw invalid(parsed.errors);
  const body = parsed.value as never;
  const { row, target } = await lockFor(tx, caseId, action, body, locale);
  if (!machine[action].from.includes(row.state)) {
    throw conflict('case.wrongState', { action: t(locale, `case.action.${action}`), state: t(locale, `case.state.${row.state}`) });
  }
  const ctx: StepContext = { tx, deps, row, actor, now: new Date(), unitId: options.unitId ?? null, locale };
  if (action === 'merge') return actions.merge(ctx, body, target!);
  const run = {
    accept: actions.accept, answer: actions.answer, transfer: actions.transfer, sign: actions.sign, reply: actions.reply,
    opinion: actions.opinion, return: actions.giveBack, close: actions.close, convert: actions.convert, urge: actions.urge,
    note: actions.note, rate: actions.rate,
  }[action];
  await run(ctx, body);
}

/** A scenario visible under the transaction's scope (own, inherited or a descendant's), or null. */
export function findScenario(tx: Tx, scenarioId: string): Promise<ScenarioRow | null> {
  return findScenarioRow(tx, scenarioId);
}

/** Active public scenarios the transaction's congress can use (an own one shadows an inherited one with its key). */
export function publicScenarios(tx: Tx): Promise<ScenarioRow[]> {
  return listPublicScenarios(tx);
}

export interface SuggestionDraft {
  title: string;
  body: string;
  sourceCaseId: string;
  ticket: string;
  category: string;
}

/** The suggestion draft a case was converted into, for the suggestions module; null when none. */
export async function suggestionDraftOf(tx: Tx, caseId: string): Promise<SuggestionDraft | null> {
  return rowsOf<{ draft: SuggestionDraft | null }>(await tx.execute(sql`select suggestion_draft as draft from cases where id = ${caseId}`))[0]?.draft ?? null;
}
