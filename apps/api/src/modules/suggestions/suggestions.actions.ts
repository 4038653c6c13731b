import { sql } from 'drizzle-orm';
import { rowsOf } from '@renda/db';
import { t } from '../../platform/i18n.ts';
import { conflict, invalid, notFound, Problem } from '../../platform/problem.ts';
import { staffUserIds } from './suggestions.notices.ts';
import { categoryUsable, servingSeats, sessionOf, signersOf } from './suggestions.parts.ts';
import type { SuggestionRow } from './suggestions.queries.ts';
import { due, step, tell, type StepContext } from './suggestions.steps.ts';
import { commitStep, insertSigners, nextNumber, openSessionOf } from './suggestions.writes.ts';

/** The authors' and the reviewing staff's steps; the flow has locked the row and checked its state. */

const userIdOf = (ctx: StepContext) => ctx.actor.id;

/** Invite deputies of the congress to sign as authors (联名) or co-signers (附议). */
export async function invite(ctx: StepContext, body: { role: 'author' | 'cosigner'; userIds: string[] }) {
  const seats = new Map((await servingSeats(ctx.tx, ctx.row.tenantId, body.userIds)).map((s) => [s.userId, s]));
  const existing = new Set(ctx.row.signerUserIds);
  const errors = body.userIds.flatMap((id, i) => {
    if (existing.has(id)) return [{ path: `userIds.${i}`, message: t(ctx.locale, 'suggestion.alreadySigner') }];
    return seats.has(id) ? [] : [{ path: `userIds.${i}`, message: t(ctx.locale, 'suggestion.notServingDeputy') }];
  });
  if (errors.length) throw invalid(errors);
  const invited = body.userIds.map((id) => seats.get(id)!);
  await insertSigners(ctx.tx, ctx.row, invited, body.role);
  await step(ctx, {}, { kind: 'invited', data: { role: body.role, userIds: body.userIds, names: invited.map((s) => s.name) } });
  await tell(ctx, 'invited', body.userIds, false);
}

/** Drop an invitation not yet answered (DELETE /:id/signers/:userId). */
export async function uninvite(ctx: StepContext, body: { userId: string }) {
  const signer = (await signersOf(ctx.tx, ctx.row.tenantId, ctx.row.id)).find((s) => s.userId === body.userId);
  if (!signer) throw notFound('suggestion.signerNotFound');
  if (signer.state !== 'invited') throw conflict('suggestion.invitationAnswered');
  await ctx.tx.execute(sql`delete from suggestion_signers where tenant_id = ${ctx.row.tenantId} and suggestion_id = ${ctx.row.id} and user_id = ${body.userId}`);
  await step(ctx, {}, { kind: 'uninvited', data: { userId: body.userId, name: signer.name } });
  await tell(ctx, 'uninvited', [body.userId], false);
}

/** An invited deputy signs or declines. */
export async function cosign(ctx: StepContext, body: { decision: 'sign' | 'decline'; note: string }) {
  const me = (await signersOf(ctx.tx, ctx.row.tenantId, ctx.row.id)).find((s) => s.userId === userIdOf(ctx));
  if (!me || me.state !== 'invited') throw conflict('suggestion.invitationAnswered');
  const state = body.decision === 'sign' ? 'signed' : 'declined';
  await ctx.tx.execute(sql`update suggestion_signers set state = ${state}, responded_at = ${ctx.now.toISOString()}::timestamptz
    where tenant_id = ${ctx.row.tenantId} and suggestion_id = ${ctx.row.id} and user_id = ${me.userId}`);
  const kind = state === 'signed' ? 'cosigned' : 'declined';
  await step(ctx, {}, { kind, note: body.note, data: { role: me.role } });
  await tell(ctx, kind, [ctx.row.createdBy], true);
}

/** Submit (draft or returned → submitted): a motion needs its minimum of signatures. */
export async function submit(ctx: StepContext, body: { note: string }) {
  const { row } = ctx;
  if (row.kind === 'motion') {
    const count = (await signersOf(ctx.tx, row.tenantId, row.id)).filter((s) => s.state === 'signed').length;
    const minimum = ctx.settings.motionCoSignerMinimum;
    if (count < minimum) {
      const params = { minimum, count };
      throw new Problem(422, 'validation', 'suggestion.tooFewSigners', params, { errors: [{ path: 'signers', message: t(ctx.locale, 'suggestion.tooFewSigners', params) }] });
    }
  }
  // The first submission fixes the month the keyword counts file it under; a resubmission keeps it.
  await step(ctx, { state: 'submitted', submittedAt: row.submittedAt ? new Date(row.submittedAt) : ctx.now, ...due(null, null) },
    { kind: 'submitted', note: body.note, data: { resubmitted: row.state === 'returned' } });
  await tell(ctx, 'submitted', await staffUserIds(ctx.tx, row.tenantId));
}

/** The authors withdraw it (draft, submitted or returned → withdrawn). */
export async function withdraw(ctx: StepContext, body: { reason: string }) {
  await step(ctx, { state: 'withdrawn', ...due(null, null) }, { kind: 'withdrawn', note: body.reason, data: { from: ctx.row.state } });
  await tell(ctx, 'withdrawn', ctx.row.state === 'submitted' ? await staffUserIds(ctx.tx, ctx.row.tenantId) : []);
}

/**
 * Accept and number it: the next number of its session and kind (the session defaults to the
 * congress's open one; 422 when there is none).
 */
export async function accept(ctx: StepContext, body: { sessionId?: string; categoryId?: string | null; urgent?: boolean; note: string }) {
  const { row } = ctx;
  const sessionId = body.sessionId ?? row.sessionId ?? (await openSessionOf(ctx.tx, row.tenantId));
  if (!sessionId) throw new Problem(422, 'validation', 'suggestion.noOpenSession', {}, { errors: [{ path: 'sessionId', message: t(ctx.locale, 'suggestion.noOpenSession') }] });
  if (!(await sessionOf(ctx.tx, row.tenantId, sessionId))) throw invalid([{ path: 'sessionId', message: t(ctx.locale, 'suggestion.sessionNotFound') }]);
  if (body.categoryId && !(await categoryUsable(ctx.tx, row.tenantId, body.categoryId))) {
    throw invalid([{ path: 'categoryId', message: t(ctx.locale, 'suggestion.categoryNotFound') }]);
  }
  const number = await nextNumber(ctx.tx, row.tenantId, sessionId, row.kind);
  await step(ctx, {
    state: 'accepted', number, sessionId, acceptedAt: ctx.now, ...due(null, null),
    ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}), ...(body.urgent !== undefined ? { urgent: body.urgent } : {}),
  }, { kind: 'accepted', note: body.note, data: { number, sessionId } });
  await tell(ctx, 'accepted');
}

/** Return it to the authors for revision (submitted → returned). */
export async function giveBack(ctx: StepContext, body: { reason: string }) {
  await step(ctx, { state: 'returned', ...due(null, null) }, { kind: 'returned', note: body.reason });
  await tell(ctx, 'returned');
}

/** A motion that does not qualify becomes a suggestion. */
export async function convert(ctx: StepContext, body: { reason: string }) {
  if (ctx.row.kind !== 'motion') throw conflict('suggestion.convertMotionOnly');
  await step(ctx, { kind: 'suggestion' }, { kind: 'converted', note: body.reason });
  await tell(ctx, 'converted');
}

const mergeable = new Set(['submitted', 'accepted', 'assigned', 'signed', 'replied']);

/**
 * End a duplicate: it points to the one it duplicates, whose timeline records the merge, and
 * its signers join that one as co-signers (those not already on it).
 */
export async function merge(ctx: StepContext, body: { note: string }, target: SuggestionRow) {
  if (!mergeable.has(target.state)) throw conflict('suggestion.mergeTargetClosed');
  const signed = (await signersOf(ctx.tx, ctx.row.tenantId, ctx.row.id)).filter((s) => s.state === 'signed' && s.deputyId);
  const joining = signed.filter((s) => !target.signerUserIds.includes(s.userId)).map((s) => ({ userId: s.userId, deputyId: s.deputyId!, name: s.name }));
  await insertSigners(ctx.tx, target, joining, 'cosigner', 'signed', ctx.now);
  await step(ctx, { state: 'merged', mergedInto: target.id, ...due(null, null) },
    { kind: 'merged', note: body.note, data: { intoId: target.id, intoTitle: target.title } });
  await commitStep(ctx.tx, target, {}, {
    kind: 'mergedFrom', actor: ctx.actor, note: body.note, data: { fromId: ctx.row.id, fromTitle: ctx.row.title, joined: joining.map((s) => s.name) },
  });
  await tell(ctx, 'merged');
}

/** The id of a suggestion of a congress, or null (the merge target is checked before locking). */
export async function suggestionOfTenant(ctx: Pick<StepContext, 'tx'>, tenantId: string, id: string): Promise<string | null> {
  return rowsOf<{ id: string }>(await ctx.tx.execute(sql`select id from suggestions where tenant_id = ${tenantId} and id = ${id}`))[0]?.id ?? null;
}
