import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

export interface StatsRow {
  tenantId: string;
  name: string;
  level: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  rated: number;
  satisfied: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

interface Counts {
  bucket: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  rated: number;
  satisfied: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * Case figures of a scope, rolled up per direct child: each case (and each timed step) falls in
 * the bucket of its path cut one level below the scope, so the scope's own cases are the first
 * row and each child's subtree one row. Satisfaction = (satisfied + basically satisfied) /
 * rated; on time = steps done by their deadline / steps that had one (from the timeline).
 */
export async function caseStats(tx: Tx, scope: { tenantId: string; path: string }, now: Date) {
  const depth = scope.path.split('.').length;
  const bucket = (column: string) => sql`subpath(${sql.raw(column)}, 0, least(nlevel(${sql.raw(column)}), ${depth + 1}))::text`;
  const within = (column: string) => sql`${sql.raw(column)} <@ ${scope.path}::ltree`;
  const [counts, timely, byState, byScenario, tenants] = await Promise.all([
    tx.execute(sql`select ${bucket('c.tenant_path')} as bucket, count(*)::int as total,
        count(*) filter (where c.state in ('submitted', 'accepted', 'transferred', 'signed', 'replied'))::int as open,
        count(*) filter (where c.state in ('submitted', 'accepted', 'transferred', 'signed', 'replied') and c.due_at < ${now.toISOString()}::timestamptz)::int as overdue,
        count(*) filter (where c.state in ('closed', 'rated', 'merged'))::int as closed,
        count(*) filter (where c.rating is not null)::int as rated,
        count(*) filter (where c.rating in (1, 2))::int as satisfied
      from cases c where ${within('c.tenant_path')} group by 1`),
    tx.execute(sql`select ${bucket('e.tenant_path')} as bucket, count(*)::int as steps,
        count(*) filter (where (e.data->'due'->>'onTime')::boolean)::int as "onTime"
      from case_events e where ${within('e.tenant_path')} and e.data ? 'due' group by 1`),
    tx.execute(sql`select state, count(*)::int as n from cases c where ${within('c.tenant_path')} group by state`),
    tx.execute(sql`select c.scenario_snapshot->>'key' as key, min(c.scenario_snapshot->>'name') as name, count(*)::int as total
      from cases c where ${within('c.tenant_path')} group by 1 order by total desc, key`),
    tx.execute(sql`select id, name, level, path::text as path from tenants
      where id = ${scope.tenantId} or parent_id = ${scope.tenantId} order by (id = ${scope.tenantId}) desc, code`),
  ]);
  const countOf = new Map(rowsOf<Counts>(counts).map((r) => [r.bucket, r]));
  const timeOf = new Map(rowsOf<{ bucket: string; steps: number; onTime: number }>(timely).map((r) => [r.bucket, r]));
  const rows: StatsRow[] = rowsOf<{ id: string; name: string; level: string; path: string }>(tenants).map((t) => {
    const c = countOf.get(t.path);
    const s = timeOf.get(t.path);
    const n = { total: c?.total ?? 0, open: c?.open ?? 0, overdue: c?.overdue ?? 0, closed: c?.closed ?? 0, rated: c?.rated ?? 0, satisfied: c?.satisfied ?? 0 };
    return { tenantId: t.id, name: t.name, level: t.level, ...n, onTimeRate: ratio(s?.onTime ?? 0, s?.steps ?? 0), satisfactionRate: ratio(n.satisfied, n.rated) };
  });
  return {
    tenants: rows,
    byState: Object.fromEntries(rowsOf<{ state: string; n: number }>(byState).map((r) => [r.state, r.n])),
    byScenario: rowsOf<{ key: string; name: string; total: number }>(byScenario),
  };
}
