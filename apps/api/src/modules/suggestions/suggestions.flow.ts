import * as v from 'valibot';
import {
  SuggestionAccept, SuggestionAssign, SuggestionConvert, SuggestionCosign, SuggestionInvite, SuggestionMerge, SuggestionNote, SuggestionOpinion,
  SuggestionPublish, SuggestionRate, SuggestionReassign, SuggestionReply, SuggestionRequestReassign, SuggestionReturn, SuggestionSign,
  SuggestionSubmit, SuggestionSupervise, SuggestionUpdate, SuggestionUrge, SuggestionWithdraw,
} from '@renda/contracts';
import { suggestionStates, type SuggestionState, type Tx } from '@renda/db';
import type { Action } from '@renda/policy';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { conflict, invalid, notFound } from '../../platform/problem.ts';
import { check } from '../../platform/validate.ts';
import * as authors from './suggestions.actions.ts';
import { edit } from './suggestions.drafts.ts';
import * as handling from './suggestions.handling.ts';
import { findSuggestion, lockSuggestion, lockSuggestions, type SuggestionRow } from './suggestions.queries.ts';
import type { StepContext, SuggestionSettings } from './suggestions.steps.ts';
import type { Actor } from './suggestions.writes.ts';

export type SuggestionAction = 'update' | 'invite' | 'uninvite' | 'cosign' | 'submit' | 'withdraw' | 'accept' | 'return' | 'merge' | 'convert'
  | 'assign' | 'reassign' | 'sign' | 'request-reassign' | 'opinion' | 'reply' | 'rate' | 'supervise' | 'publish' | 'urge' | 'note';

const filed: readonly SuggestionState[] = ['accepted', 'assigned', 'signed', 'replied', 'closed'];
const owing: readonly SuggestionState[] = ['submitted', 'accepted', 'assigned', 'signed', 'replied'];
const Uninvite = v.strictObject({ userId: v.pipe(v.string(), v.uuid()) });

/**
 * The state machine: the states each action starts from (any other answers 409), the ability it
 * needs (`note` is for those who take part, see suggestions.view.ts) and the input it takes.
 *
 * | action           | from                          | to                                              |
 * | update, invite, uninvite | draft, returned       | same                                            |
 * | cosign           | draft, submitted, returned    | same (the invitation answered)                  |
 * | submit           | draft, returned               | submitted                                       |
 * | withdraw         | draft, submitted, returned    | withdrawn                                       |
 * | accept           | submitted                     | accepted (numbered per session and kind)        |
 * | return           | submitted                     | returned                                        |
 * | merge            | submitted, accepted           | merged (signers join the target)                |
 * | convert          | submitted                     | same (a motion becomes a suggestion)            |
 * | assign           | accepted                      | assigned (lead + co units)                      |
 * | reassign         | assigned, signed              | assigned when the lead is replaced, else same   |
 * | sign             | assigned, signed              | signed when the lead unit signs, else same      |
 * | request-reassign, opinion | assigned, signed     | same                                            |
 * | reply            | signed                        | replied (lead unit)                             |
 * | rate             | replied                       | closed; unsatisfied in round 1: assigned, round 2 |
 * | supervise        | accepted … closed             | same                                            |
 * | publish          | closed                        | same                                            |
 * | urge             | submitted … replied           | same                                            |
 * | note             | any but draft                 | same                                            |
 */
export const machine: Record<SuggestionAction, { from: readonly SuggestionState[]; need: Action | 'note'; input: v.GenericSchema }> = {
  update: { from: ['draft', 'returned'], need: 'update', input: SuggestionUpdate },
  invite: { from: ['draft', 'returned'], need: 'update', input: SuggestionInvite },
  uninvite: { from: ['draft', 'returned'], need: 'update', input: Uninvite },
  cosign: { from: ['draft', 'submitted', 'returned'], need: 'cosign', input: SuggestionCosign },
  submit: { from: ['draft', 'returned'], need: 'submit', input: SuggestionSubmit },
  withdraw: { from: ['draft', 'submitted', 'returned'], need: 'delete', input: SuggestionWithdraw },
  accept: { from: ['submitted'], need: 'review', input: SuggestionAccept },
  return: { from: ['submitted'], need: 'review', input: SuggestionReturn },
  merge: { from: ['submitted', 'accepted'], need: 'review', input: SuggestionMerge },
  convert: { from: ['submitted'], need: 'review', input: SuggestionConvert },
  assign: { from: ['accepted'], need: 'assign', input: SuggestionAssign },
  reassign: { from: ['assigned', 'signed'], need: 'assign', input: SuggestionReassign },
  sign: { from: ['assigned', 'signed'], need: 'process', input: SuggestionSign },
  'request-reassign': { from: ['assigned', 'signed'], need: 'process', input: SuggestionRequestReassign },
  opinion: { from: ['assigned', 'signed'], need: 'process', input: SuggestionOpinion },
  reply: { from: ['signed'], need: 'process', input: SuggestionReply },
  rate: { from: ['replied'], need: 'rate', input: SuggestionRate },
  supervise: { from: filed, need: 'supervise', input: SuggestionSupervise },
  publish: { from: ['closed'], need: 'publish', input: SuggestionPublish },
  urge: { from: owing, need: 'urge', input: SuggestionUrge },
  note: { from: suggestionStates.filter((s) => s !== 'draft'), need: 'note', input: SuggestionNote },
};

export interface ActOptions {
  unitId?: string | null;
  locale?: Locale;
  settings: SuggestionSettings;
  /** Checked on the locked row once its state fits (the caller's permission on it). */
  guard?: (row: SuggestionRow) => void;
}

/** Lock the row (and, for a merge, the target, in id order); 404 when invisible or not writable here. */
async function lockFor(tx: Tx, id: string, action: SuggestionAction, body: { intoId?: string }, locale: Locale) {
  if (action !== 'merge') {
    const row = await lockSuggestion(tx, id);
    if (!row) throw notFound('suggestion.notFound');
    return { row, target: null };
  }
  const peek = await findSuggestion(tx, id);
  if (!peek) throw notFound('suggestion.notFound');
  const targetId = body.intoId && body.intoId !== id ? await authors.suggestionOfTenant({ tx }, peek.tenantId, body.intoId) : null;
  if (!targetId) throw invalid([{ path: 'intoId', message: t(locale, 'suggestion.mergeTargetNotFound') }]);
  await lockSuggestions(tx, [id, targetId]);
  const [row, target] = await Promise.all([findSuggestion(tx, id), findSuggestion(tx, targetId)]);
  if (!row) throw notFound('suggestion.notFound');
  if (!target) throw invalid([{ path: 'intoId', message: t(locale, 'suggestion.mergeTargetNotFound') }]);
  return { row, target };
}

/**
 * Apply one action: validate the input, lock the row (`select … for update`), check the state
 * (409 `conflict`, also for the loser of a race, who reads the winner's state after the lock),
 * then the caller's guard, and write the change with its immutable timeline entry, deadline and
 * notices, all in `tx`, which must run in the suggestion's congress.
 * @example await applySuggestionAction(tx, deps, id, 'accept', actor, { note: '' }, { settings })
 */
export async function applySuggestionAction(tx: Tx, deps: Deps, id: string, action: SuggestionAction, actor: Actor, input: Record<string, unknown>, options: ActOptions): Promise<void> {
  const locale = options.locale ?? 'zh-CN';
  const parsed = check(machine[action].input, input, locale);
  if (!parsed.ok) throw invalid(parsed.errors);
  const body = parsed.value as never;
  const { row, target } = await lockFor(tx, id, action, body, locale);
  if (!machine[action].from.includes(row.state)) {
    throw conflict('suggestion.wrongState', { action: t(locale, `suggestion.action.${action}`), state: t(locale, `suggestion.state.${row.state}`) });
  }
  options.guard?.(row);
  const ctx: StepContext = { tx, deps, row, actor, now: new Date(), unitId: options.unitId ?? null, locale, settings: options.settings };
  if (action === 'merge') return authors.merge(ctx, body, target!);
  const run: Record<Exclude<SuggestionAction, 'merge'>, (ctx: StepContext, body: never) => Promise<void>> = {
    update: edit, invite: authors.invite, uninvite: authors.uninvite, cosign: authors.cosign, submit: authors.submit, withdraw: authors.withdraw,
    accept: authors.accept, return: authors.giveBack, convert: authors.convert, assign: handling.assign, reassign: handling.reassign,
    sign: handling.sign, 'request-reassign': handling.requestReassign, opinion: handling.opinion, reply: handling.reply, rate: handling.rate,
    supervise: handling.supervise, publish: handling.publish, urge: handling.urge, note: handling.note,
  };
  await run[action](ctx, body);
}
