import { sql } from 'drizzle-orm';
import type { SuggestionAssign, SuggestionRate, SuggestionReassign, SuggestionReply, SuggestionSupervise } from '@renda/contracts';
import { rowsOf } from '@renda/db';
import { t } from '../../platform/i18n.ts';
import { conflict, invalid } from '../../platform/problem.ts';
import { unitsOfTenant, type UnitRef } from '../cases/routing.queries.ts';
import { announce, holderUserIds, officersOf, staffUserIds } from './suggestions.notices.ts';
import { assignmentsOf, attachFiles } from './suggestions.parts.ts';
import {
  calendarDaysAfter, checkFiles, currentAssignments, due, ownAssignment, replyDueOf, signDueOf, step, tell, type StepContext,
} from './suggestions.steps.ts';
import { insertAssignments, updateAssignment, type NewAssignment } from './suggestions.writes.ts';

/** Assignment, the units' handling, the authors' rating, and staff's supervision; the flow has locked the row. */

const unitRef = (u: { unitId: string; unitName: string }) => ({ unitId: u.unitId, unitName: u.unitName });

async function unitsOf(ctx: StepContext, ids: string[], paths: string[]): Promise<UnitRef[]> {
  const found = new Map((await unitsOfTenant(ctx.tx, ctx.row.tenantId, ids)).map((u) => [u.id, u]));
  const errors = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: paths[i], message: t(ctx.locale, 'suggestion.unitNotFound') }]));
  if (errors.length) throw invalid(errors);
  return ids.map((id) => found.get(id)!);
}

/**
 * Hand units a round: the lead and co-handling units sign for it within `signForDays` working
 * days and reply by the reply deadline; the suggestion owes the sign-for step.
 */
async function handOut(ctx: StepContext, o: { kind: 'assigned' | 'reopened'; round: number; lead: UnitRef; co: UnitRef[]; replyDays: number | null; note?: string; changes?: Record<string, unknown> }) {
  const signDueAt = await signDueOf(ctx);
  const replyDueAt = replyDueOf(ctx, o.replyDays);
  const units: NewAssignment[] = [{ unitId: o.lead.id, role: 'lead', signDueAt, replyDueAt }, ...o.co.map((u) => ({ unitId: u.id, role: 'co' as const, signDueAt, replyDueAt }))];
  await insertAssignments(ctx.tx, ctx.row, o.round, units, ctx.now);
  const data = {
    round: o.round, lead: { unitId: o.lead.id, unitName: o.lead.name }, co: o.co.map((u) => ({ unitId: u.id, unitName: u.name })),
    signDueAt: signDueAt.toISOString(), replyDueAt: replyDueAt.toISOString(),
  };
  await step(ctx, { ...(o.changes ?? {}), state: 'assigned', round: o.round, assignedAt: ctx.now, ...due('sign', signDueAt) }, { kind: o.kind, note: o.note, data });
  await tell(ctx, o.kind, await officersOf(ctx.tx, ctx.row.tenantId, units.map((u) => u.unitId)));
}

export async function assign(ctx: StepContext, body: SuggestionAssign) {
  const [lead, ...co] = await unitsOf(ctx, [body.leadUnitId, ...body.coUnitIds], ['leadUnitId', ...body.coUnitIds.map((_, i) => `coUnitIds.${i}`)]);
  await handOut(ctx, { kind: 'assigned', round: ctx.row.round, lead, co, replyDays: body.replyDays, note: body.note });
}

/**
 * Replace a unit of the current round (usually one that asked): the new unit takes its role and
 * reply deadline with a new sign-for deadline. Without a new unit a co-handling unit is withdrawn.
 */
export async function reassign(ctx: StepContext, body: SuggestionReassign) {
  const current = await currentAssignments(ctx);
  const old = current.find((a) => a.unitId === body.unitId);
  if (!old) throw invalid([{ path: 'unitId', message: t(ctx.locale, 'suggestion.notAssigned') }]);
  if (old.role === 'lead' && !body.newUnitId) throw invalid([{ path: 'newUnitId', message: t(ctx.locale, 'suggestion.leadNeedsReplacement') }]);
  const [fresh] = body.newUnitId ? await unitsOf(ctx, [body.newUnitId], ['newUnitId']) : [];
  if (fresh && current.some((a) => a.unitId === fresh.id)) throw invalid([{ path: 'newUnitId', message: t(ctx.locale, 'suggestion.unitAlreadyAssigned') }]);
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, old.unitId, { state: 'withdrawn' });
  const signDueAt = fresh ? await signDueOf(ctx) : null;
  if (fresh) {
    const replyDueAt = old.replyDueAt ? new Date(old.replyDueAt) : replyDueOf(ctx, null);
    await insertAssignments(ctx.tx, ctx.row, ctx.row.round, [{ unitId: fresh.id, role: old.role, signDueAt, replyDueAt }], ctx.now);
  }
  // A new lead unit signs for it first: the suggestion is back to awaiting the sign-for.
  const changes = old.role === 'lead' ? { state: 'assigned' as const, ...due('sign', signDueAt) } : {};
  const data = { role: old.role, from: unitRef(old), to: fresh ? { unitId: fresh.id, unitName: fresh.name } : null, reason: old.reassignReason };
  await step(ctx, changes, { kind: 'reassigned', note: body.note, data });
  await tell(ctx, 'reassigned', await officersOf(ctx.tx, ctx.row.tenantId, [old.unitId, ...(fresh ? [fresh.id] : [])]));
}

/** A unit signs for its assignment; the lead unit's signature moves it to signed and starts the reply step. */
export async function sign(ctx: StepContext, body: { note: string }) {
  const mine = await ownAssignment(ctx, ['assigned']);
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, { state: 'signed', signedAt: ctx.now, signedBy: ctx.actor.id });
  const lead = mine.role === 'lead';
  const changes = lead ? { state: 'signed' as const, ...due('reply', mine.replyDueAt ? new Date(mine.replyDueAt) : null) } : {};
  await step(ctx, changes, { kind: 'signed', note: body.note, data: { ...unitRef(mine), role: mine.role } });
  await tell(ctx, 'signed', [], true, mine.unitName);
}

/** A unit asks staff to give it to another unit, with its reason. */
export async function requestReassign(ctx: StepContext, body: { reason: string }) {
  const mine = await ownAssignment(ctx, ['assigned', 'signed']);
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, { state: 'reassign', reassignReason: body.reason });
  await step(ctx, {}, { kind: 'reassignRequested', note: body.reason, data: { ...unitRef(mine), role: mine.role } });
  await tell(ctx, 'reassignRequested', await staffUserIds(ctx.tx, ctx.row.tenantId), true, mine.unitName);
}

/** A co-handling unit sends its opinion to the lead unit (its part of the round is done). */
export async function opinion(ctx: StepContext, body: { opinion: string; fileIds: string[] }) {
  const mine = await ownAssignment(ctx, ['assigned', 'signed'], 'co');
  const fileIds = await checkFiles(ctx, body.fileIds);
  await attachFiles(ctx.tx, ctx.row.tenantId, ctx.row.id, fileIds, 'reply', mine.unitId);
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, {
    state: 'replied', signedAt: mine.signedAt ? new Date(mine.signedAt) : ctx.now, repliedAt: ctx.now, repliedBy: ctx.actor.id, reply: body.opinion,
  });
  await step(ctx, {}, { kind: 'opinion', note: body.opinion, data: { ...unitRef(mine), fileIds } });
  const lead = (await currentAssignments(ctx)).find((a) => a.role === 'lead');
  await tell(ctx, 'opinion', lead ? await officersOf(ctx.tx, ctx.row.tenantId, [lead.unitId]) : [], true, mine.unitName);
}

/** The lead unit replies with a category (signed → replied); the authors rate within `rateWithinDays`. */
export async function reply(ctx: StepContext, body: SuggestionReply) {
  const mine = await ownAssignment(ctx, ['signed'], 'lead');
  const fileIds = await checkFiles(ctx, body.fileIds);
  await attachFiles(ctx.tx, ctx.row.tenantId, ctx.row.id, fileIds, 'reply', mine.unitId);
  await updateAssignment(ctx.tx, ctx.row, ctx.row.round, mine.unitId, {
    state: 'replied', repliedAt: ctx.now, repliedBy: ctx.actor.id, reply: body.reply, replyCategory: body.category, publicAgreed: body.publicAgreed,
  });
  const rateBy = calendarDaysAfter(ctx.now, ctx.settings.rateWithinDays);
  await step(ctx, { state: 'replied', replyCategory: body.category, repliedAt: ctx.now, ...due('rate', rateBy) },
    { kind: 'replied', note: body.reply, data: { ...unitRef(mine), category: body.category, fileIds } });
  await tell(ctx, 'replied', await staffUserIds(ctx.tx, ctx.row.tenantId), true, mine.unitName);
}

/**
 * The authors rate every unit that answered this round. Any unsatisfied rating (3) in round 1
 * sends it back for round 2 to the same lead unit and the co-handling units rated unsatisfied;
 * otherwise (and always in round 2) it is closed. The summary rating is the lead unit's.
 */
export async function rate(ctx: StepContext, body: SuggestionRate) {
  const answered = (await currentAssignments(ctx)).filter((a) => a.state === 'replied');
  const given = new Map(body.ratings.map((r) => [r.unitId, r]));
  if (answered.length !== given.size || answered.some((a) => !given.has(a.unitId))) {
    throw invalid([{ path: 'ratings', message: t(ctx.locale, 'suggestion.ratingsMismatch', { units: answered.map((a) => a.unitName).join('、') }) }]);
  }
  for (const a of answered) {
    const r = given.get(a.unitId)!;
    await updateAssignment(ctx.tx, ctx.row, ctx.row.round, a.unitId, { rating: r.rating, ratingComment: r.comment, ratedAt: ctx.now });
  }
  const lead = answered.find((a) => a.role === 'lead')!;
  const leadRating = given.get(lead.unitId)!.rating;
  const agreed = body.publicAgreed !== undefined ? { publicAgreed: body.publicAgreed } : {};
  const data = { round: ctx.row.round, ratings: answered.map((a) => ({ ...unitRef(a), rating: given.get(a.unitId)!.rating })) };
  const unsatisfied = answered.filter((a) => given.get(a.unitId)!.rating === 3);
  const officers = await officersOf(ctx.tx, ctx.row.tenantId, answered.map((a) => a.unitId));
  if (ctx.row.round === 1 && unsatisfied.length > 0) {
    await step(ctx, { ...agreed, rating: leadRating }, { kind: 'rated', data });
    await tell(ctx, 'rated', [...officers, ...(await staffUserIds(ctx.tx, ctx.row.tenantId))]);
    const co = unsatisfied.filter((a) => a.role === 'co').map((a) => ({ id: a.unitId, code: '', name: a.unitName }));
    await handOut(ctx, {
      kind: 'reopened', round: 2, lead: { id: lead.unitId, code: '', name: lead.unitName }, co, replyDays: null,
      changes: { rating: null, replyCategory: null, repliedAt: null },
    });
    return;
  }
  await step(ctx, { ...agreed, rating: leadRating, replyCategory: lead.replyCategory }, { kind: 'rated', data });
  await step(ctx, { state: 'closed', closedAt: ctx.now, ...due(null, null) }, { kind: 'closed', data: { round: ctx.row.round } });
  await tell(ctx, 'closed', [...officers, ...(await staffUserIds(ctx.tx, ctx.row.tenantId))]);
}

/** A person who may supervise: a committee member or staff of the congress; null otherwise. */
async function supervisorName(ctx: StepContext, userId: string): Promise<string | null> {
  return rowsOf<{ name: string }>(await ctx.tx.execute(sql`select u.display_name as name from memberships m join users u on u.id = m.user_id
    where m.tenant_id = ${ctx.row.tenantId} and m.user_id = ${userId} and m.status = 'active'
      and (m.roles && '{committee_member,staff}'::text[])`))[0]?.name ?? null;
}

/** Make it a key suggestion under a committee's or leader's supervision, or take it off. */
export async function supervise(ctx: StepContext, body: SuggestionSupervise) {
  let name = body.supervisorName;
  if (body.key && body.supervisorUserId) {
    const found = await supervisorName(ctx, body.supervisorUserId);
    if (found == null) throw invalid([{ path: 'supervisorUserId', message: t(ctx.locale, 'suggestion.supervisorNotFound') }]);
    name ||= found;
  }
  const changes = body.key
    ? { key: true, supervisorKind: body.supervisorKind, supervisorUserId: body.supervisorUserId, supervisorName: name }
    : { key: false, supervisorKind: null, supervisorUserId: null, supervisorName: '' };
  await step(ctx, changes, { kind: 'supervised', note: body.note, data: { key: body.key, supervisorKind: changes.supervisorKind, supervisorName: changes.supervisorName } });
  await tell(ctx, 'supervised', body.key && body.supervisorUserId ? [body.supervisorUserId] : []);
}

/** Publish the reply on the portal: closed, with the authors' and the lead unit's consent. */
export async function publish(ctx: StepContext, body: { publish: boolean }) {
  if (body.publish) {
    const lead = (await assignmentsOf(ctx.tx, ctx.row.tenantId, ctx.row.id))
      .filter((a) => a.role === 'lead' && a.state === 'replied').sort((a, b) => b.round - a.round)[0];
    if (!ctx.row.publicAgreed || !lead?.publicAgreed) throw conflict('suggestion.publishNotAgreed');
  }
  const kind = body.publish ? 'published' : 'unpublished';
  await step(ctx, { publishedAt: body.publish ? ctx.now : null }, { kind });
  await tell(ctx, kind);
}

/** Remind whoever owes the current step. */
export async function urge(ctx: StepContext, body: { note: string }) {
  const data = { dueStep: ctx.row.dueStep, dueAt: ctx.row.dueAt ? new Date(ctx.row.dueAt).toISOString() : null };
  await step(ctx, {}, { kind: 'urged', note: body.note, data });
  await announce(ctx.tx, ctx.deps, ctx.row.id, { kind: 'urged', actorId: ctx.actor.id, userIds: await holderUserIds(ctx.tx, ctx.row) });
}

/** An internal note on the timeline (nobody is notified). */
export async function note(ctx: StepContext, body: { note: string }) {
  await step(ctx, {}, { kind: 'note', note: body.note });
}
