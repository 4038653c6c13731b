import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** The arguments of the SQL function `suggestion_search` (migration 0011), null where a filter does not apply. */
export interface SearchArgs {
  /** jieba tokens separated by spaces ('' for none); every one must match. */
  query: string;
  path: string | null;
  level: number | null;
  sessionId: string | null;
  kind: string | null;
  categoryIds: string[] | null;
  unitIds: string[] | null;
  states: string[] | null;
  rating: number | null;
  year: number | null;
  /** Callers who do not read every row (deputies): only filed ones or their own. */
  filedOrMine: boolean;
  order: 'rank' | 'recent';
  after: { rank: number | null; at: string | null; id: string } | null;
  limit: number;
}

export interface SearchHit {
  id: string;
  rank: number;
  /** `submitted_at` with microseconds (UTC ISO), for the cursor: a JS Date keeps only milliseconds. */
  at: string | null;
  /** Matches in all, on the first page only. */
  total: number | null;
}

const uuidArray = (ids: readonly string[] | null) => (ids ? `{${ids.join(',')}}` : null);
const textArray = (values: readonly string[] | null) => (values ? `{${values.map((s) => `"${s}"`).join(',')}}` : null);

/**
 * One page of hits. The function runs as its owner and applies the caller's scope (the
 * transaction's `app.scope_path` and `app.user_id`) itself, because `@@` is not LEAKPROOF and
 * would not use the GIN index under row-level security.
 */
export async function searchSuggestions(tx: Tx, a: SearchArgs): Promise<SearchHit[]> {
  const rows = rowsOf<{ id: string; rank: number | string; at: string | null; total: number | string | null }>(await tx.execute(sql`
    select r.id, r.rank, to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, r.total
    from suggestion_search(${a.query}, ${a.path}::ltree, ${a.level}::int, ${a.sessionId}::uuid, ${a.kind}::text,
      ${uuidArray(a.categoryIds)}::uuid[], ${uuidArray(a.unitIds)}::uuid[], ${textArray(a.states)}::text[], ${a.rating}::int, ${a.year}::int,
      ${a.filedOrMine}::boolean, ${a.order}::text, ${a.after?.rank ?? null}::real, ${a.after?.at ?? null}::timestamptz, ${a.after?.id ?? null}::uuid,
      ${a.limit}::int) r`));
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank), at: r.at, total: r.total == null ? null : Number(r.total) }));
}

/** The path of a congress inside the caller's scope, or null (tenants are readable by all; the scope decides). */
export async function tenantPathInScope(tx: Tx, tenantId: string): Promise<string | null> {
  const [row] = rowsOf<{ path: string }>(await tx.execute(sql`
    select path::text from tenants where id = ${tenantId} and path <@ (select app_scope())`));
  return row?.path ?? null;
}

/** A visible category and every category below it (the tree the caller's congress reads). */
export async function categoryWithDescendants(tx: Tx, categoryId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    with recursive tree as (
      select id from suggestion_categories where id = ${categoryId}
      union all
      select c.id from suggestion_categories c join tree on c.parent_id = tree.id
    ) select id from tree`));
  return rows.map((r) => r.id);
}
