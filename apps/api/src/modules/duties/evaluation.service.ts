import { sql } from 'drizzle-orm';
import { rowsOf } from '@renda/db';
import { scoringRules, type ScoringRules } from '@renda/features';
import { authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { dutiesConfig } from './activities.view.ts';
import { evaluationRanking, evaluationRollup } from './evaluation.queries.ts';

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
 * The rules of every congress in the subtree at `scopePath`, for the roll-up. Configuration is
 * resolved per congress through the flag service (cached in process and in Redis), once per
 * distinct tenant path; only congresses whose rules differ from the scope's own are listed, the
 * rest use the fallback. Runs outside any transaction: the flag service may open its own.
 */
async function subtreeRules(c: Ctx, scopePath: string): Promise<{ byTenant: Record<string, ScoringRules>; fallback: ScoringRules }> {
  const flags = c.get('deps').flags;
  const fallback = scoringRules((await flags.resolve(scopePath)).duties.config);
  const tenants = await tenantTx(c, async (tx) => rowsOf<{ id: string; path: string }>(await tx.execute(sql`
    select t.id, t.path::text as path from tenants t
    where t.path <@ ${scopePath}::ltree and t.path <> ${scopePath}::ltree
      and exists (select 1 from deputies d where d.tenant_id = t.id and d.status = 'serving')`)));
  const byTenant: Record<string, ScoringRules> = {};
  const same = JSON.stringify(fallback);
  for (const t of tenants) {
    const rules = scoringRules((await flags.resolve(t.path)).duties.config);
    if (JSON.stringify(rules) !== same) byTenant[t.id] = rules;
  }
  return { byTenant, fallback };
}

/**
 * Score aggregates of the active congress and of each direct child's subtree for `year`:
 * aggregates only, never names or ids of people (see evaluationRollup).
 */
export async function rollup(c: Ctx, year: number) {
  authorize(c, 'read', 'Evaluation');
  const auth = requireAuth(c);
  const rules = await subtreeRules(c, auth.membership.tenantPath);
  const rows = await tenantTx(c, (tx) => evaluationRollup(tx, auth.membership.tenantPath, year, rules));
  return { year, tenants: rows };
}
