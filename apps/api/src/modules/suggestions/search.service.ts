import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { readsAll, subjectOf } from '@renda/policy';
import type { SuggestionSearchQuery } from '@renda/contracts';
import { requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { forbidden, notFound, Problem } from '../../platform/problem.ts';
import { headline } from './search.headline.ts';
import { categoryWithDescendants, searchSuggestions, tenantPathInScope, type SearchArgs, type SearchHit } from './search.queries.ts';
import { itemsByIds } from './suggestions.queries.ts';
import { queryTokens } from './text.ts';

/** The depth of a congress in the tree, by the tier the filter names. */
const levels = { province: 1, city: 2, county: 3, township: 4 } as const;

type Filters = Omit<SuggestionSearchQuery, 'cursor' | 'limit' | 'order'>;

/**
 * Who may search, and how widely: staff, committee members and the provincial team read every
 * row in scope; deputies read filed ones and their own (`filedOrMine`); anyone else — unit
 * officers, who see only their units' assignments — is refused, since the database would show
 * them far more than their queue.
 */
export function searchAccess(c: Ctx): { filedOrMine: boolean } {
  const { ability, membership } = requireAuth(c);
  if (readsAll(ability, 'Suggestion')) return { filedOrMine: false };
  const filed = subjectOf('Suggestion', {
    tenantId: membership.tenantId, state: 'accepted', authorUserIds: [], signerUserIds: [], invitedUserIds: [], officerUserIds: [],
    supervisorUserId: null, filed: true,
  });
  if (ability.can('read', filed)) return { filedOrMine: true };
  throw forbidden();
}

/** The function's arguments for the query's filters; 404 for a congress outside the caller's scope. */
export async function searchArgs(tx: Tx, q: Filters, filedOrMine: boolean): Promise<Omit<SearchArgs, 'order' | 'after' | 'limit'>> {
  let path: string | null = null;
  if (q.tenantId) {
    path = await tenantPathInScope(tx, q.tenantId);
    if (!path) throw notFound('suggestionSearch.tenantNotFound');
  }
  // A category nobody here can read matches nothing rather than everything.
  const categoryIds = q.categoryId ? await categoryWithDescendants(tx, q.categoryId) : null;
  return {
    query: queryTokens(q.q ?? ''), path, level: q.tier ? levels[q.tier] : null, sessionId: q.sessionId ?? null, kind: q.kind ?? null,
    categoryIds: categoryIds && categoryIds.length === 0 ? [q.categoryId!] : categoryIds, unitIds: q.unitId ? [q.unitId] : null,
    states: q.state && q.state.length ? q.state : null, rating: q.rating ?? null, year: q.year ?? null, filedOrMine,
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The keyset of the last hit: (rank, submitted at, id) by relevance, (submitted at, id) by date; '' stands for no date. */
function afterOf(cursor: string | undefined, byRank: boolean): SearchArgs['after'] {
  const values = decodeCursor(cursor, byRank ? 3 : 2);
  if (!values) return null;
  const [rank, at, id] = byRank ? values : [null, ...values];
  const ok = (rank === null || typeof rank === 'number') && typeof at === 'string' && (at === '' || ISO.test(at)) && typeof id === 'string' && UUID.test(id);
  if (!ok) throw new Problem(400, 'validation', 'problem.badCursor');
  return { rank: rank as number | null, at: at === '' ? null : at, id };
}

const cursorOf = (hit: SearchHit, byRank: boolean) => encodeCursor(byRank ? [hit.rank, hit.at ?? '', hit.id] : [hit.at ?? '', hit.id]);

/**
 * GET /suggestions/search: a page of hits as list items with `rank` and a marked `headline`.
 * Items come through part A's `itemsByIds` in the same transaction, under row-level security.
 */
export async function searchFor(c: Ctx, query: SuggestionSearchQuery) {
  const { filedOrMine } = searchAccess(c);
  const tokens = queryTokens(query.q ?? '').split(' ').filter(Boolean);
  const byRank = query.order === 'rank' && tokens.length > 0;
  return tenantTx(c, async (tx) => {
    const args = await searchArgs(tx, query, filedOrMine);
    const hits = await searchSuggestions(tx, { ...args, order: byRank ? 'rank' : 'recent', after: afterOf(query.cursor, byRank), limit: query.limit + 1 });
    const shown = hits.slice(0, query.limit);
    const items = await itemsByIds(tx, shown.map((h) => h.id), c.get('locale'));
    const bodies = await bodiesOf(tx, shown.map((h) => h.id));
    const byId = new Map(shown.map((h) => [h.id, h]));
    return {
      items: items.map((item) => ({ ...item, rank: byId.get(item.id)!.rank, headline: headline(bodies.get(item.id) ?? '', tokens) })),
      total: query.cursor ? null : (hits[0]?.total ?? 0),
      nextCursor: hits.length > query.limit ? cursorOf(shown.at(-1)!, byRank) : null,
      tokens,
    };
  });
}

/** The bodies of the hits (list items carry no body), under row-level security. */
async function bodiesOf(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = rowsOf<{ id: string; body: string }>(await tx.execute(sql`select id, body from suggestions where id = any(${`{${ids.join(',')}}`}::uuid[])`));
  return new Map(rows.map((r) => [r.id, r.body]));
}
