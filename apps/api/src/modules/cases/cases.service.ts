import type { CaseCreate, CaseQuery } from '@renda/contracts';
import { withContext, type Tx } from '@renda/db';
import { readsAll, subjectOf, type Action } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { conflict, forbidden, invalid } from '../../platform/problem.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { findDeputyOfUser } from '../deputies/deputies.lookup.ts';
import { applyCaseAction, findScenario, openCase, type Actor, type CaseAction } from './cases.flow.ts';
import { listCases, type CaseRow } from './cases.queries.ts';
import { canOf, caseCursor, caseItem, caseSubject, loadCaseJson, readableCase } from './cases.view.ts';
import { assignmentsOf } from './parts.queries.ts';
import { displayNameOf, unitIdsOfOfficer } from './routing.queries.ts';
import { caseStats } from './stats.queries.ts';

/** The ability each action needs: handlers take and route, units process, staff urge, the raising deputy rates. */
const abilityOf: Record<CaseAction, Extract<Action, 'handle' | 'process' | 'urge' | 'rate'>> = {
  accept: 'handle', answer: 'handle', transfer: 'handle', close: 'handle', merge: 'handle', convert: 'handle', note: 'handle',
  sign: 'process', reply: 'process', opinion: 'process', return: 'process', urge: 'urge', rate: 'rate',
};

async function userActor(tx: Tx, userId: string): Promise<Actor> {
  return { kind: 'user', id: userId, name: await displayNameOf(tx, userId) };
}

/** A page of cases for one of the views; a deputy or a unit officer gets only the cases they take part in. */
export async function listCasesFor(c: Ctx, query: CaseQuery) {
  authorize(c, 'read', 'Case');
  const auth = requireAuth(c);
  const { tenantId, tenantPath } = auth.membership;
  const after = caseCursor(query.cursor);
  const rows = await tenantTx(c, (tx) => listCases(tx, {
    view: query.view, userId: auth.userId, tenantId, readsAll: readsAll(auth.ability, 'Case'),
    staffInbox: auth.ability.can('handle', subjectOf('Case', { tenantId, deputyUserId: null, submittedBy: null, officerUserIds: [] })),
    state: query.state, scenarioId: query.scenarioId, inTenantId: query.tenantId, q: query.q || undefined,
    after, limit: query.limit, now: new Date(), wideScope: tenantPath.split('.').length <= 2,
  }));
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const key = (r: CaseRow) => (query.view === 'overdue' ? r.dueKey! : r.createdKey);
  return { items: items.map((r) => caseItem(c, r)), nextCursor: rows.length > query.limit && last ? encodeCursor([key(last), last.id]) : null };
}

/** Figures of the active congress and of each direct child's subtree (staff and upper tiers). */
export async function statsFor(c: Ctx) {
  authorize(c, 'read', 'Case');
  const auth = requireAuth(c);
  if (!readsAll(auth.ability, 'Case')) throw forbidden();
  return tenantTx(c, (tx) => caseStats(tx, { tenantId: auth.membership.tenantId, path: auth.membership.tenantPath }, new Date()));
}

export async function getCase(c: Ctx, id: string) {
  authorize(c, 'read', 'Case');
  return tenantTx(c, (tx) => loadCaseJson(c, tx, id));
}

/** A deputy's own report in the active congress (scenario submitter `deputy`); staff may file one too. */
export async function createCase(c: Ctx, body: CaseCreate) {
  const auth = requireAuth(c);
  const { tenantId } = auth.membership;
  authorize(c, 'create', subjectOf('Case', { tenantId }));
  const config = (await c.get('deps').flags.resolve(auth.membership.tenantPath)).cases.config;
  return tenantTx(c, async (tx) => {
    const scenario = await findScenario(tx, body.scenarioId);
    if (!scenario) throw invalid([{ path: 'scenarioId', message: t(c.get('locale'), 'case.scenarioNotUsable') }]);
    const seat = await findDeputyOfUser(tx, tenantId, auth.userId);
    const serving = seat?.status === 'serving' ? seat : null;
    if (!serving && !auth.ability.can('handle', subjectOf('Case', { tenantId, deputyUserId: null, submittedBy: null, officerUserIds: [] }))) {
      throw forbidden('case.noSeat');
    }
    const opened = await openCase(tx, c.get('deps'), {
      tenantId, scenario, source: 'deputy', deputyId: serving?.id ?? null, submittedBy: auth.userId, actor: await userActor(tx, auth.userId),
      content: { category: body.category, title: body.title, body: body.body, fields: body.fields, location: body.location, lat: body.lat, lng: body.lng, fileIds: body.fileIds },
      unitId: body.unitId ?? null, locale: c.get('locale'), defaultReplyDays: Number(config.replyDeadlineWorkingDays) || null,
    });
    await audit(tx, c, { action: 'case.create', subjectType: 'Case', subjectId: opened.id, detail: { ticket: opened.ticket, scenarioId: scenario.id } });
    return loadCaseJson(c, tx, opened.id);
  });
}

const candidateStates: Partial<Record<CaseAction, { states: string[]; role?: 'lead' | 'co' }>> = {
  sign: { states: ['assigned'] }, reply: { states: ['signed'], role: 'lead' },
  opinion: { states: ['assigned', 'signed'], role: 'co' }, return: { states: ['assigned', 'signed'], role: 'lead' },
};

/**
 * The unit a unit officer acts for: the one named (it must be theirs), else the one of their
 * units assigned this round that can take this step. Several candidates: 422, name one.
 */
async function actingUnit(c: Ctx, tx: Tx, row: CaseRow, action: CaseAction, named: unknown): Promise<string | null> {
  const auth = requireAuth(c);
  const mine = await unitIdsOfOfficer(tx, row.tenantId, auth.userId);
  if (typeof named === 'string') {
    if (!mine.includes(named)) throw forbidden('case.notYourUnit');
    return named;
  }
  const current = (await assignmentsOf(tx, row.tenantId, row.id)).filter((a) => a.round === row.round && mine.includes(a.unitId));
  const want = candidateStates[action]!;
  const fits = current.filter((a) => want.states.includes(a.state) && (!want.role || a.role === want.role));
  if (fits.length > 1) throw invalid([{ path: 'unitId', message: t(c.get('locale'), 'case.unitRequired') }]);
  const unit = fits[0] ?? current[0];
  if (!unit) throw conflict('case.notAssigned');
  return unit.unitId;
}

/**
 * One action on a case by a signed-in person. The ability for the action is checked on the
 * type first (403 for a role that never may), then the case must be readable (404), then the
 * ability on the row (403); the flow locks it and checks its state (409).
 */
export async function actOnCase(c: Ctx, id: string, action: CaseAction, body: Record<string, unknown>) {
  const need = abilityOf[action];
  authorize(c, need, 'Case');
  if (action === 'urge') return urgeCase(c, id, body);
  const auth = requireAuth(c);
  return tenantTx(c, async (tx) => {
    const row = await readableCase(c, tx, id);
    if (!auth.ability.can(need, caseSubject(row))) throw forbidden();
    const unitId = need === 'process' ? await actingUnit(c, tx, row, action, body.unitId) : null;
    await applyCaseAction(tx, c.get('deps'), id, action, await userActor(tx, auth.userId), body, { unitId, locale: c.get('locale') });
    await audit(tx, c, { action: `case.${action}`, subjectType: 'Case', subjectId: id, detail: { ticket: row.ticket, from: row.state, ...(unitId ? { unitId } : {}) } });
    return loadCaseJson(c, tx, id);
  });
}

/**
 * Urge the holder of a case's step: staff of its congress or of an ancestor. The case is read in
 * the caller's context first (the roll-up proves it is in the caller's subtree); the entry is
 * then written in the case's own congress, the only context the policies let write its rows.
 */
async function urgeCase(c: Ctx, id: string, body: Record<string, unknown>) {
  const auth = requireAuth(c);
  const row = await tenantTx(c, (tx) => readableCase(c, tx, id));
  if (!canOf(c, row).urge) throw forbidden();
  const ctx = { tenantId: row.tenantId, scopePath: row.tenantPath, userId: auth.userId, principal: `user:${auth.userId}` };
  await withContext(c.get('deps').handle, ctx, async (tx) => {
    await applyCaseAction(tx, c.get('deps'), id, 'urge', await userActor(tx, auth.userId), body, { locale: c.get('locale') });
    await audit(tx, c, { action: 'case.urge', subjectType: 'Case', subjectId: id, tenantId: row.tenantId, detail: { ticket: row.ticket, from: row.state } });
  });
  return tenantTx(c, (tx) => loadCaseJson(c, tx, id));
}
