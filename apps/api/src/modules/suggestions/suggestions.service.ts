import type { SuggestionCreate, SuggestionQuery } from '@renda/contracts';
import { withContext, type Tx } from '@renda/db';
import { readsAll, subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { conflict, forbidden, invalid } from '../../platform/problem.ts';
import { t } from '../../platform/i18n.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { displayNameOf } from '../cases/routing.queries.ts';
import { findDeputyOfUser } from '../deputies/deputies.lookup.ts';
import { detailJson, loadDetail } from './suggestions.detail.ts';
import { createDraft } from './suggestions.drafts.ts';
import { applySuggestionAction, machine, type SuggestionAction } from './suggestions.flow.ts';
import { assignmentsOf, unitsOfOfficer } from './suggestions.parts.ts';
import { findSuggestion, itemOf, listSuggestions, type SuggestionRow } from './suggestions.queries.ts';
import { settingsOf, type SuggestionSettings } from './suggestions.steps.ts';
import { allowedIn, assertReadable, suggestionCursor, suggestionSubject, takesPart } from './suggestions.view.ts';
import type { Actor } from './suggestions.writes.ts';

async function userActor(tx: Tx, userId: string): Promise<Actor> {
  return { kind: 'user', id: userId, name: await displayNameOf(tx, userId) };
}

/** The module's settings for the active congress (resolved before any transaction: a cache miss opens one). */
async function settingsFor(c: Ctx): Promise<SuggestionSettings> {
  return settingsOf((await c.get('deps').flags.resolve(requireAuth(c).membership.tenantPath)).suggestions.config);
}

/** A page of one of the views; deputies get filed ones and their own, unit officers their units'. */
export async function listSuggestionsFor(c: Ctx, query: SuggestionQuery) {
  authorize(c, 'read', 'Suggestion');
  const auth = requireAuth(c);
  const { tenantId, tenantPath } = auth.membership;
  const reads = readsAll(auth.ability, 'Suggestion');
  const unitOnly = !reads && !auth.ability.can('create', subjectOf('Suggestion', { tenantId }));
  const rows = await tenantTx(c, (tx) => listSuggestions(tx, {
    view: query.view, userId: auth.userId, tenantId, readsAll: reads, unitOnly, state: query.state, kind: query.kind, sessionId: query.sessionId,
    inTenantId: query.tenantId, after: suggestionCursor(query.cursor), limit: query.limit, now: new Date(), wideScope: tenantPath.split('.').length <= 2,
  }));
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const key = (r: SuggestionRow) => (query.view === 'overdue' ? r.dueKey! : query.view === 'mine' || query.view === 'invited' ? r.createdKey : r.submittedKey!);
  const locale = c.get('locale');
  return { items: items.map((r) => itemOf(r, locale)), nextCursor: rows.length > query.limit && last ? encodeCursor([key(last), last.id]) : null };
}

export async function getSuggestion(c: Ctx, id: string) {
  authorize(c, 'read', 'Suggestion');
  return tenantTx(c, (tx) => loadDetail(c, tx, id));
}

/** A draft by a serving deputy of the active congress (403 `suggestion.noSeat` otherwise). */
export async function createSuggestion(c: Ctx, body: SuggestionCreate) {
  const auth = requireAuth(c);
  const { tenantId } = auth.membership;
  authorize(c, 'create', subjectOf('Suggestion', { tenantId }));
  return tenantTx(c, async (tx) => {
    const seat = await findDeputyOfUser(tx, tenantId, auth.userId);
    if (seat?.status !== 'serving') throw forbidden('suggestion.noSeat');
    const actor = await userActor(tx, auth.userId);
    const id = await createDraft(tx, c.get('deps'), {
      tenantId, lead: { userId: auth.userId, deputyId: seat.id, name: seat.displayName }, actor, body, locale: c.get('locale'),
    });
    await audit(tx, c, { action: 'suggestion.create', subjectType: 'Suggestion', subjectId: id, detail: { kind: body.kind, source: body.source } });
    return loadDetail(c, tx, id);
  });
}

/**
 * The unit a unit officer acts for: the one named (it must be theirs and assigned this round),
 * else the only one of their units with an open part this round. Several: 422, name one.
 */
async function actingUnit(c: Ctx, tx: Tx, row: SuggestionRow, named: unknown): Promise<string> {
  const mine = await unitsOfOfficer(tx, row.tenantId, requireAuth(c).userId);
  if (typeof named === 'string') {
    if (!mine.has(named)) throw forbidden('suggestion.notYourUnit');
    return named;
  }
  const current = (await assignmentsOf(tx, row.tenantId, row.id)).filter((a) => a.round === row.round && a.state !== 'withdrawn' && mine.has(a.unitId));
  const open = current.filter((a) => a.state === 'assigned' || a.state === 'signed');
  if (open.length > 1) throw invalid([{ path: 'unitId', message: t(c.get('locale'), 'suggestion.unitRequired') }]);
  const unit = open[0]?.unitId ?? current[0]?.unitId;
  if (!unit) throw conflict('suggestion.notAssigned');
  return unit;
}

/**
 * One action on a motion or suggestion by a signed-in person. The ability is checked on the type
 * first (403 for a role that never may), then the row must be readable (404), then the ability
 * on the row in some state the action starts from (403); the flow locks it and checks its state
 * (409), then the ability on the locked row once more.
 */
export async function actOnSuggestion(c: Ctx, id: string, action: SuggestionAction, body: Record<string, unknown>) {
  const { need, from } = machine[action];
  if (need !== 'note') authorize(c, need, 'Suggestion');
  else authorize(c, 'read', 'Suggestion');
  if (action === 'urge') return urgeSuggestion(c, id, body);
  const auth = requireAuth(c);
  const settings = await settingsFor(c);
  return tenantTx(c, async (tx) => {
    const row = assertReadable(c, await findSuggestion(tx, id));
    const permitted = (r: SuggestionRow, states: readonly string[]) => (need === 'note'
      ? takesPart(c, r) && r.tenantId === auth.membership.tenantId
      : allowedIn(c, r, need, states as never));
    if (!permitted(row, from)) throw forbidden();
    const unitId = need === 'process' ? await actingUnit(c, tx, row, body.unitId) : null;
    await applySuggestionAction(tx, c.get('deps'), id, action, await userActor(tx, auth.userId), body, {
      unitId, locale: c.get('locale'), settings, guard: (locked) => { if (!permitted(locked, [locked.state])) throw forbidden(); },
    });
    await audit(tx, c, { action: `suggestion.${action}`, subjectType: 'Suggestion', subjectId: id, detail: { from: row.state, ...(unitId ? { unitId } : {}) } });
    return loadDetail(c, tx, id);
  });
}

/**
 * Urge the holder of the current step: staff of the row's congress or of an ancestor, or its
 * supervisor. The row is read in the caller's context first (the roll-up proves it is in the
 * caller's subtree); the entry is then written in the row's own congress, the only context the
 * policies let write its rows.
 */
async function urgeSuggestion(c: Ctx, id: string, body: Record<string, unknown>) {
  const auth = requireAuth(c);
  const row = await tenantTx(c, async (tx) => assertReadable(c, await findSuggestion(tx, id)));
  const own = suggestionSubject(row, { tenantId: auth.membership.tenantId });
  if (!auth.ability.can('urge', own) && !auth.ability.can('urge', suggestionSubject(row))) throw forbidden();
  const ctx = { tenantId: row.tenantId, scopePath: row.tenantPath, userId: auth.userId, principal: `user:${auth.userId}` };
  await withContext(c.get('deps').handle, ctx, async (tx) => {
    await applySuggestionAction(tx, c.get('deps'), id, 'urge', await userActor(tx, auth.userId), body, { locale: c.get('locale'), settings: settingsOf(null) });
    await audit(tx, c, { action: 'suggestion.urge', subjectType: 'Suggestion', subjectId: id, tenantId: row.tenantId, detail: { from: row.state } });
  });
  return tenantTx(c, async (tx) => detailJson(c, tx, assertReadable(c, await findSuggestion(tx, id))));
}

