import type { CaseRate, CaseTransfer } from '@renda/contracts';
import { conflict } from '../../platform/problem.ts';
import { announce } from './cases.notices.ts';
import type { CaseRow } from './cases.queries.ts';
import { commitStep, updateAssignment } from './cases.writes.ts';
import {
  assignUnits, checkFiles, currentAssignments, dueOf, ownAssignment, step, toHandler, toHolder, unitsOfCase, withdrawUnits,
  type StepContext,
} from './cases.steps.ts';
import { attachFiles } from './parts.queries.ts';
import { officersOf } from './routing.queries.ts';

/** The steps of the state machine, one function each; the flow has locked the case and checked its state. */

const submitterOf = (row: CaseRow) => (row.submittedBy ? [row.submittedBy] : []);
const userIdOf = (ctx: StepContext) => (ctx.actor.kind === 'user' ? ctx.actor.id : null);

export async function accept(ctx: StepContext, body: { note: string }) {
  const seq = await step(ctx, { state: 'accepted', acceptedAt: ctx.now, ...(await dueOf(ctx, 'accepted')) }, { kind: 'accepted', note: body.note, public: true });
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'accepted', seq, actor: ctx.actor, note: body.note });
}

/** Answer directly (accepted → closed): the submitter is told, and may rate. */
export async function answer(ctx: StepContext, body: { answer: string; fileIds: string[] }) {
  const fileIds = await checkFiles(ctx, body.fileIds);
  await attachFiles(ctx.tx, ctx.row.tenantId, ctx.row.id, fileIds, 'reply');
  const seq = await step(ctx, { state: 'closed', answer: body.answer, resolution: 'answered', closedAt: ctx.now, ...(await dueOf(ctx, 'closed')) },
    { kind: 'answered', note: body.answer, data: { fileIds }, public: true });
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'answered', seq, actor: ctx.actor, note: body.answer, userIds: submitterOf(ctx.row), smsSubmitter: true });
}

export async function transfer(ctx: StepContext, body: CaseTransfer) {
  const units = await unitsOfCase(ctx, body.leadUnitId, body.coUnitIds);
  await assignUnits(ctx, units, { kind: 'transferred', round: ctx.row.round, note: body.note });
}

/** A unit signs for its assignment; the lead unit's signature moves the case to signed and starts the reply deadline. */
export async function sign(ctx: StepContext, body: { note: string }) {
  const mine = await ownAssignment(ctx, ['assigned']);
  const lead = mine.role === 'lead';
  const due = lead ? await dueOf(ctx, 'signed') : null;
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, { state: 'signed', signedAt: ctx.now, signedBy: userIdOf(ctx), replyDueAt: due?.dueAt ?? null });
  const data = { unitId: mine.unitId, unitName: mine.unitName, role: mine.role };
  const seq = await step(ctx, lead ? { state: 'signed', ...due } : {}, { kind: 'signed', note: body.note, data, public: true }, lead);
  await toHandler(ctx, 'signed', seq, { note: body.note, data, units: [mine.unitName] });
}

/** The lead unit replies (signed → replied); the handler reviews and closes. */
export async function reply(ctx: StepContext, body: { reply: string; fileIds: string[] }) {
  const mine = await ownAssignment(ctx, ['signed'], 'lead');
  const fileIds = await checkFiles(ctx, body.fileIds);
  await attachFiles(ctx.tx, ctx.row.tenantId, ctx.row.id, fileIds, 'reply');
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, { state: 'replied', repliedAt: ctx.now, repliedBy: userIdOf(ctx), reply: body.reply });
  const data = { unitId: mine.unitId, unitName: mine.unitName, fileIds };
  const seq = await step(ctx, { state: 'replied', answer: body.reply, ...(await dueOf(ctx, 'replied')) }, { kind: 'replied', note: body.reply, data, public: true });
  await toHandler(ctx, 'replied', seq, { note: body.reply, data, units: [mine.unitName] });
}

/** A co-handling unit gives its opinion to the lead unit (internal to the handling). */
export async function opinion(ctx: StepContext, body: { opinion: string }) {
  const mine = await ownAssignment(ctx, ['assigned', 'signed'], 'co');
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, {
    state: 'replied', signedAt: mine.signedAt ? new Date(mine.signedAt) : ctx.now, repliedAt: ctx.now, repliedBy: userIdOf(ctx), reply: body.opinion,
  });
  const data = { unitId: mine.unitId, unitName: mine.unitName };
  const seq = await step(ctx, {}, { kind: 'opinion', note: body.opinion, data, public: false }, false);
  const lead = (await currentAssignments(ctx)).find((a) => a.role === 'lead' && a.state !== 'returned' && a.state !== 'withdrawn');
  await toHandler(ctx, 'opinion', seq, { note: body.opinion, data, units: [mine.unitName], also: lead ? await officersOf(ctx.tx, ctx.row.tenantId, [lead.unitId]) : [] });
}

/** The lead unit asks for reassignment: back to accepted with the reason, co-handling units withdrawn. */
export async function giveBack(ctx: StepContext, body: { reason: string }) {
  const mine = await ownAssignment(ctx, ['assigned', 'signed'], 'lead');
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, { state: 'returned' });
  await withdrawUnits(ctx, ['assigned', 'signed', 'replied']);
  const data = { unitId: mine.unitId, unitName: mine.unitName };
  const seq = await step(ctx, { state: 'accepted', ...(await dueOf(ctx, 'accepted')) }, { kind: 'returned', note: body.reason, data, public: false }, false);
  await toHandler(ctx, 'returned', seq, { note: body.reason, data, units: [mine.unitName] });
}

export async function close(ctx: StepContext, body: { note: string }) {
  const seq = await step(ctx, { state: 'closed', resolution: 'handled', closedAt: ctx.now, ...(await dueOf(ctx, 'closed')) }, { kind: 'closed', note: body.note, public: true });
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'closed', seq, actor: ctx.actor, note: body.note, userIds: submitterOf(ctx.row), smsSubmitter: true });
}

/** End a duplicate: it points to the case it duplicates, whose timeline records the merge. */
export async function merge(ctx: StepContext, body: { note: string }, target: CaseRow) {
  if (target.state === 'merged') throw conflict('case.mergeIntoMerged', { ticket: target.ticket });
  await withdrawUnits(ctx, ['assigned', 'signed']);
  const data = { intoId: target.id, intoTicket: target.ticket };
  const seq = await step(ctx, { state: 'merged', mergedInto: target.id, resolution: 'merged', closedAt: ctx.now, dueStep: null, dueAt: null, remindedAt: null, escalatedAt: null },
    { kind: 'merged', note: body.note, data, public: true }, false);
  await commitStep(ctx.tx, target, {}, { kind: 'note', actor: ctx.actor, note: body.note, data: { mergedFrom: { id: ctx.row.id, ticket: ctx.row.ticket } }, public: false });
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'merged', seq, actor: ctx.actor, note: body.note, data });
}

/**
 * Keep a suggestion draft on the case for the suggestions module, and close it with resolution
 * `suggestion` (a closed or rated case keeps its state).
 */
export async function convert(ctx: StepContext, body: { title?: string; body?: string; note: string }) {
  const { row } = ctx;
  if (row.suggestionDraft) throw conflict('case.alreadyConverted');
  const draft = { title: body.title || row.title, body: body.body || [row.body, row.answer].filter(Boolean).join('\n\n'), sourceCaseId: row.id, ticket: row.ticket, category: row.category };
  const closing = row.state === 'accepted' ? { state: 'closed' as const, closedAt: ctx.now, ...(await dueOf(ctx, 'closed')) } : {};
  const seq = await step(ctx, { ...closing, resolution: 'suggestion', suggestionDraft: draft }, { kind: 'converted', note: body.note, data: { title: draft.title }, public: true }, row.state === 'accepted');
  await announce(ctx.tx, ctx.deps, row.id, { kind: 'converted', seq, actor: ctx.actor, note: body.note, userIds: submitterOf(row) });
}

export async function urge(ctx: StepContext, body: { note: string }) {
  const data = { dueStep: ctx.row.dueStep, dueAt: ctx.row.dueAt ? new Date(ctx.row.dueAt).toISOString() : null };
  const seq = await step(ctx, {}, { kind: 'urged', note: body.note, data, public: false }, false);
  await toHolder(ctx, 'urged', seq, body.note);
}

export async function note(ctx: StepContext, body: { note: string }) {
  const seq = await step(ctx, {}, { kind: 'note', note: body.note, public: false }, false);
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'note', seq, actor: ctx.actor, note: body.note });
}

/**
 * The submitter rates the outcome. Unsatisfied in round 1 reopens the case as round 2: back to
 * the same units (transferred) when units handled it, else back to accepted. Any other rating,
 * and any rating in round 2, is final.
 */
export async function rate(ctx: StepContext, body: CaseRate) {
  const { row } = ctx;
  if (!row.snapshot.ratingEnabled) throw conflict('case.ratingDisabled');
  if (row.dueStep !== 'rate' || (row.dueAt && new Date(row.dueAt).getTime() < ctx.now.getTime())) throw conflict('case.rateWindowClosed');
  const data = { rating: body.rating, round: row.round };
  if (body.rating !== 3 || row.round >= 2) {
    const seq = await step(ctx, { state: 'rated', rating: body.rating, ratingComment: body.comment, ratedAt: ctx.now, dueStep: null, dueAt: null, remindedAt: null, escalatedAt: null },
      { kind: 'rated', note: body.comment, data, public: true }, false);
    await toHandler(ctx, 'rated', seq, { note: body.comment, data });
    return;
  }
  const seq = await step(ctx, {}, { kind: 'rated', note: body.comment, data, public: true }, false);
  await announce(ctx.tx, ctx.deps, row.id, { kind: 'rated', seq, actor: ctx.actor, note: body.comment, data });
  await reopen(ctx);
}

async function reopen(ctx: StepContext) {
  const reset = { resolution: null, closedAt: null, answer: null };
  const last = (await currentAssignments(ctx)).filter((a) => a.state !== 'returned' && a.state !== 'withdrawn');
  const lead = last.find((a) => a.role === 'lead');
  if (ctx.row.resolution === 'handled' && lead) {
    const units = { lead: { id: lead.unitId, code: '', name: lead.unitName }, co: last.filter((a) => a.role === 'co').map((a) => ({ id: a.unitId, code: '', name: a.unitName })) };
    await assignUnits(ctx, units, { kind: 'reopened', round: 2, changes: reset });
    return;
  }
  const seq = await step(ctx, { ...reset, state: 'accepted', round: 2, ...(await dueOf(ctx, 'accepted')) }, { kind: 'reopened', data: { round: 2 }, public: true }, false);
  await toHandler(ctx, 'reopened', seq, { data: { round: 2 } });
}
