import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { getModule, resolveModule, scoringRules, type FlagRow, type ScoringRules } from '@renda/features';
import { authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import type { Shared } from '../../platform/shared.ts';
import { dutiesConfig } from './activities.view.ts';
import { evaluationRanking, evaluationRollup, type RollupRow } from './evaluation.queries.ts';

/**
 * The ranking of the active congress's serving deputies for `year` (scores computed in SQL, see
 * evaluationRanking), optionally one delegation group's page of it. The cursor is the offset.
 */
export async function ranking(c: Ctx, q: { year: number; groupId?: string; cursor?: string; limit: number }) {
  authorize(c, 'read', 'Evaluation');
  const auth = requireAuth(c);
  const rules = scoringRules(await dutiesConfig(c));
  const offset = Number(decodeCursor(q.cursor, 1)?.[0] ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new Problem(400, 'validation', 'problem.badCursor', {}, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
  const rows = await tenantTx(c, async (tx) => {
    if (q.groupId) {
      const [group] = rowsOf<{ id: string }>(await tx.execute(sql`
        select id from delegation_groups where tenant_id = ${auth.membership.tenantId} and id = ${q.groupId}`));
      if (!group) throw notFound('evaluation.groupNotFound');
    }
    return evaluationRanking(tx, auth.membership.tenantId, q.year, rules, { groupId: q.groupId ?? null, offset, limit: q.limit });
  });
  return {
    year: q.year,
    rules,
    items: rows.slice(0, q.limit),
    nextCursor: rows.length > q.limit ? encodeCursor([offset + q.limit]) : null,
  };
}

/**
 * The rules of every congress with serving seats in the subtree at `scopePath`, for the
 * roll-up; only those whose rules differ from the scope's own are listed, the rest use the
 * fallback. A congress's configuration is the nearest one set on its path, resolved as the flag
 * service does (resolveModule), so the `duties` rows that carry a configuration on the scope's
 * lineage and in its subtree (usually a handful) decide every congress below in one query. Asking
 * the flag service congress by congress cost a database round trip for each of up to 808 paths
 * whenever its cache was cold (after any configuration change): 3.5 s for the province.
 */
async function subtreeRules(tx: Tx, scopePath: string): Promise<{ byTenant: Record<string, ScoringRules>; fallback: ScoringRules }> {
  const rows = rowsOf<FlagRow>(await tx.execute(sql`
    select m.module_key as "moduleKey", m.tenant_id as "tenantId", m.tenant_path::text as "tenantPath", t.name as "tenantName",
      m.state, m.locked, m.config
    from tenant_modules m join tenants t on t.id = m.tenant_id
    where m.module_key = 'duties' and m.config is not null
      and (m.tenant_path @> ${scopePath}::ltree or m.tenant_path <@ ${scopePath}::ltree)`));
  const duties = getModule('duties');
  const rulesAt = (path: string) => scoringRules(resolveModule(duties, rows, path).config);
  const fallback = rulesAt(scopePath);
  const byTenant: Record<string, ScoringRules> = {};
  if (!rows.some((r) => r.tenantPath.startsWith(`${scopePath}.`))) return { byTenant, fallback };
  const tenants = rowsOf<{ id: string; path: string }>(await tx.execute(sql`
    select t.id, t.path::text as path from tenants t
    where t.path <@ ${scopePath}::ltree and t.path <> ${scopePath}::ltree
      and exists (select 1 from deputies d where d.tenant_id = t.id and d.status = 'serving')`));
  const same = JSON.stringify(fallback);
  for (const t of tenants) {
    const rules = rulesAt(t.path);
    if (JSON.stringify(rules) !== same) byTenant[t.id] = rules;
  }
  return { byTenant, fallback };
}

/** How long a computed roll-up is served from the cache, in seconds. */
export const ROLLUP_TTL = 300;
// A computation holds the lock at most this long (a province takes seconds); waiters poll.
const LOCK_TTL = 60;
const POLL_MS = 100;

export interface Rollup {
  year: number;
  tenants: RollupRow[];
  /** When the aggregates were computed (ISO 8601); the cache serves them for ROLLUP_TTL. */
  computedAt: string;
}

/**
 * Score aggregates of the active congress and of each direct child's subtree for `year`:
 * aggregates only, never names or ids of people (see evaluationRollup).
 *
 * A city's or the province's roll-up reads hundreds of thousands of counter rows (a province
 * takes seconds), so the result is cached in Redis for ROLLUP_TTL, keyed by the scope path,
 * the year and the flags version. It holds no personal data and every reader of the scope
 * reads the same rows through RLS, so it is shared between the users of one congress; the key
 * holds the scope path, so never between congresses. New activities show within ROLLUP_TTL
 * (`computedAt` says how fresh the numbers are); a configuration change shows at once.
 */
export async function rollup(c: Ctx, year: number): Promise<Rollup> {
  authorize(c, 'read', 'Evaluation');
  const scopePath = requireAuth(c).membership.tenantPath;
  const { shared, flags } = c.get('deps');
  // The flags version is part of the key, so a changed weight or cap anywhere shows at once.
  const key = `evaluation:rollup:${flags.version()}:${year}:${scopePath}`;
  return cached(shared, key, async () => {
    const tenants = await tenantTx(c, async (tx) => evaluationRollup(tx, scopePath, year, await subtreeRules(tx, scopePath)));
    return { year, tenants, computedAt: new Date().toISOString() };
  });
}

/**
 * The value at `key`, or `compute()` stored there for ROLLUP_TTL. Concurrent misses compute
 * once: the first takes a lock (setIfAbsent) and the others poll for its value until the lock
 * is gone; if it went without a value (the computation failed), they compute themselves.
 */
async function cached<T>(shared: Shared, key: string, compute: () => Promise<T>): Promise<T> {
  const hit = await shared.get(key);
  if (hit) return JSON.parse(hit) as T;
  const lock = `${key}:lock`;
  const locked = await shared.setIfAbsent(lock, '1', LOCK_TTL);
  while (!locked) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const value = await shared.get(key);
    if (value) return JSON.parse(value) as T;
    if (!(await shared.get(lock))) break;
  }
  try {
    const value = await compute();
    await shared.set(key, JSON.stringify(value), ROLLUP_TTL);
    return value;
  } finally {
    if (locked) await shared.del(lock);
  }
}
