import type { SuggestionStatsQuery, SuggestionTopicsQuery } from '@renda/contracts';
import { readsAll } from '@renda/policy';
import { sql } from 'drizzle-orm';
import type { Tx } from '@renda/db';
import { requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { forbidden, notFound } from '../../platform/problem.ts';
import { tenantPathInScope } from './search.queries.ts';
import { categoryFigures, figureGroups, scopeTenants, unitFigures } from './stats.queries.ts';
import { topicsOf } from './topics.service.ts';

/** Staff, committee members and the provincial team: those who read every row in scope. Deputies and unit officers: 403. */
function requireAnalyst(c: Ctx) {
  const auth = requireAuth(c);
  if (!readsAll(auth.ability, 'Suggestion')) throw forbidden();
  return auth;
}

/** The path the figures cover: the caller's congress, or a congress inside its scope (404 otherwise). */
async function scopePath(tx: Tx, tenantId: string | undefined, own: string): Promise<string> {
  if (!tenantId) return own;
  const path = await tenantPathInScope(tx, tenantId);
  if (!path) throw notFound('suggestionSearch.tenantNotFound');
  return path;
}

/**
 * The scope's row-level policy compares with `app_scope()`, a value the planner cannot see, so it
 * guesses that a scope holds a sliver of the rows and joins them to their assignments in nested
 * loops — minutes for a city's 10,000 rows on PGlite. These figures aggregate the whole scope:
 * hash joins are right, and the setting ends with the transaction.
 */
async function preferHashJoins(tx: Tx): Promise<void> {
  await tx.execute(sql`set local enable_nestloop = off`);
}

// GET /suggestions/stats — figures of the scope, per child subtree, level, unit and category.
export async function statsFor(c: Ctx, query: SuggestionStatsQuery) {
  const auth = requireAnalyst(c);
  const locale = c.get('locale');
  return tenantTx(c, async (tx) => {
    const path = await scopePath(tx, query.tenantId, auth.membership.tenantPath);
    const scope = { path, year: query.year ?? null, sessionId: query.sessionId ?? null, now: new Date() };
    await preferHashJoins(tx);
    const [groups, tenants, units, categories] = [await figureGroups(tx, scope), await scopeTenants(tx, path), await unitFigures(tx, scope), await categoryFigures(tx, scope)];
    return {
      totals: groups.totals,
      tenants: tenants.map((row) => ({ tenantId: row.id, name: row.name, level: row.level, ...groups.bucket(row.path) })),
      byLevel: groups.byLevel,
      units,
      byCategory: categories.byCategory.map((r) => ({ categoryId: r.categoryId, name: r.name ?? t(locale, 'suggestionSearch.uncategorized'), total: r.total })),
      byReplyCategory: categories.byReplyCategory,
    };
  });
}

// GET /suggestions/topics — what the subtree's motions and suggestions were about, month by month.
export async function topicsFor(c: Ctx, query: SuggestionTopicsQuery) {
  const auth = requireAnalyst(c);
  return tenantTx(c, async (tx) => {
    const path = await scopePath(tx, query.tenantId, auth.membership.tenantPath);
    return topicsOf(tx, path, query.months, query.limit, new Date());
  });
}
