import type { SuggestionCategoryCreate, SuggestionCategoryUpdate, SuggestionSessionCreate, SuggestionSessionUpdate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/problem.ts';
import * as q from './config.queries.ts';

/** Sessions and categories of the active congress: staff keep them (`SuggestionConfig`), everyone filing reads them. */

/** The Postgres error code of a failed statement (drizzle wraps the driver's error in `cause`). */
function pgCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

/** Run a write, answering 409 with `key` when a unique index or a reference refuses it. */
async function guarded<T>(fn: () => Promise<T>, code: '23505' | '23503', key: Parameters<typeof conflict>[0], params?: Record<string, unknown>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (pgCode(error) === code) throw conflict(key, params);
    throw error;
  }
}

const writer = (c: Ctx, action: 'create' | 'update' | 'delete') => authorize(c, action, subjectOf('SuggestionConfig', { tenantId: requireAuth(c).membership.tenantId }));

export function listSessions(c: Ctx) {
  authorize(c, 'read', 'SuggestionConfig');
  return tenantTx(c, async (tx, auth) => ({ items: await q.listSessions(tx, auth.membership.tenantId) }));
}

export function createSession(c: Ctx, body: SuggestionSessionCreate) {
  writer(c, 'create');
  return guarded(() => tenantTx(c, async (tx, auth) => {
    const id = await q.insertSession(tx, auth.membership.tenantId, body);
    await audit(tx, c, { action: 'suggestionSession.create', subjectType: 'SuggestionSession', subjectId: id, detail: { name: body.name } });
    return (await q.findSession(tx, id))!;
  }), '23505', 'suggestion.sessionNameTaken', { name: body.name });
}

export function updateSession(c: Ctx, id: string, body: SuggestionSessionUpdate) {
  writer(c, 'update');
  return guarded(() => tenantTx(c, async (tx, auth) => {
    const found = await q.findSession(tx, id);
    if (!found) throw notFound();
    if (found.tenantId !== auth.membership.tenantId) throw forbidden();
    if (body.endsOn && body.endsOn < found.startsOn) throw invalid([{ path: 'endsOn', message: 'ends before it starts' }]);
    await q.updateSession(tx, id, body);
    await audit(tx, c, { action: 'suggestionSession.update', subjectType: 'SuggestionSession', subjectId: id, detail: body });
    return (await q.findSession(tx, id))!;
  }), '23505', 'suggestion.sessionNameTaken', { name: body.name });
}

export interface CategoryJson extends q.CategoryRow {
  own: boolean;
  children: CategoryJson[];
}

/** The tree the active congress files under (own and ancestors' categories), roots first by position then name. */
export function listCategories(c: Ctx) {
  authorize(c, 'read', 'SuggestionConfig');
  return tenantTx(c, async (tx, auth) => {
    const rows = await q.categoriesOf(tx, auth.membership.tenantId);
    const nodes = new Map<string, CategoryJson>(rows.map((r) => [r.id, { ...r, own: r.tenantId === auth.membership.tenantId, children: [] }]));
    const items: CategoryJson[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      (parent ? parent.children : items).push(node);
    }
    return { items };
  });
}

/** A category of the tree the active congress files under, or 404; 403 unless it is the congress's own. */
async function ownCategory(c: Ctx, tx: Parameters<Parameters<typeof tenantTx>[1]>[0], id: string): Promise<q.CategoryRow> {
  const { tenantId } = requireAuth(c).membership;
  const found = (await q.categoriesOf(tx, tenantId)).find((r) => r.id === id);
  if (!found) throw notFound();
  if (found.tenantId !== tenantId) throw forbidden('suggestion.categoryInherited');
  return found;
}

export function createCategory(c: Ctx, body: SuggestionCategoryCreate) {
  writer(c, 'create');
  return guarded(() => tenantTx(c, async (tx, auth) => {
    const tree = await q.categoriesOf(tx, auth.membership.tenantId);
    if (body.parentId && !tree.some((r) => r.id === body.parentId)) {
      throw invalid([{ path: 'parentId', message: t(c.get('locale'), 'suggestion.categoryNotFound') }]);
    }
    const id = await q.insertCategory(tx, auth.membership.tenantId, body);
    await audit(tx, c, { action: 'suggestionCategory.create', subjectType: 'SuggestionCategory', subjectId: id, detail: { name: body.name, parentId: body.parentId } });
    const row = (await q.categoriesOf(tx, auth.membership.tenantId)).find((r) => r.id === id)!;
    return { ...row, own: true, children: [] };
  }), '23505', 'suggestion.categoryNameTaken', { name: body.name });
}

export function updateCategory(c: Ctx, id: string, body: SuggestionCategoryUpdate) {
  writer(c, 'update');
  return guarded(() => tenantTx(c, async (tx, auth) => {
    await ownCategory(c, tx, id);
    await q.updateCategory(tx, id, body);
    await audit(tx, c, { action: 'suggestionCategory.update', subjectType: 'SuggestionCategory', subjectId: id, detail: body });
    const row = (await q.categoriesOf(tx, auth.membership.tenantId)).find((r) => r.id === id)!;
    return { ...row, own: true, children: [] };
  }), '23505', 'suggestion.categoryNameTaken', { name: body.name });
}

/**
 * Delete an own category nobody uses. The check sees what the caller's scope sees; a draft of a
 * deputy (invisible to staff) that uses it is caught by the reference and answers 409 too.
 */
export function deleteCategory(c: Ctx, id: string) {
  writer(c, 'delete');
  return guarded(() => tenantTx(c, async (tx) => {
    await ownCategory(c, tx, id);
    if (await q.categoryUsed(tx, id)) throw conflict('suggestion.categoryInUse');
    await q.deleteCategory(tx, id);
    await audit(tx, c, { action: 'suggestionCategory.delete', subjectType: 'SuggestionCategory', subjectId: id });
  }), '23503', 'suggestion.categoryInUse');
}
