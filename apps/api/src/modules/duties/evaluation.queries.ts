import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { ScoringRules } from '@renda/features';

/**
 * The points of one kind for one deputy and year, in SQL: count × weight up to the kind's cap,
 * every `custom:` kind with the custom weight and cap, an unknown kind 0 — exactly what
 * `yearScore` in @renda/features does per kind (the sum is then capped by `annualCap`). `rules`
 * is a jsonb expression holding a `ScoringRules` object.
 */
export function kindPoints(kind: SQL, counted: SQL, rules: SQL): SQL {
  // The keys are constants, written inline: a bound parameter after ->> would leave Postgres
  // guessing between the text and the integer form of the operator.
  const pick = (field: 'weight' | 'cap', map: 'weights' | 'caps') =>
    sql`coalesce((case when ${kind} like 'custom:%' then ${rules}->'custom'->>${sql.raw(`'${field}'`)} else ${rules}->${sql.raw(`'${map}'`)}->>${kind} end)::numeric, 0)`;
  return sql`least(${counted} * ${pick('weight', 'weights')}, ${pick('cap', 'caps')})`;
}

export interface RankingRow {
  deputyId: string;
  rank: number;
  groupRank: number | null;
  displayName: string | null;
  groupName: string | null;
  counts: Record<string, number>;
  score: number;
}

/**
 * The serving deputies of one congress ranked by their score for `year`, best first. Scores are
 * computed here, in SQL, from the counters in deputy_year_stats (a few rows per deputy), so that
 * the ranks (1, 2, 2, 4 …: `rank()`) cover the whole congress while only one page is sent;
 * `groupRank` ranks within the delegation group. `groupId` narrows the page, not the ranks.
 * Offset paging: a congress has at most a few thousand seats and the page is cut after ranking.
 */
export async function evaluationRanking(tx: Tx, tenantId: string, year: number, rules: ScoringRules,
  options: { groupId: string | null; offset: number; limit: number }): Promise<RankingRow[]> {
  const r = sql`${JSON.stringify(rules)}::jsonb`;
  return rowsOf<RankingRow>(await tx.execute(sql`
    with seats as (
      select d.tenant_id, d.id, d.user_id, d.group_id from deputies d
      where d.tenant_id = ${tenantId} and d.status = 'serving'
    ), kinds as (
      select s.tenant_id, s.deputy_id, s.kind, s.counted, ${kindPoints(sql`s.kind`, sql`s.counted`, r)} as points
      from deputy_year_stats s
      where s.tenant_id = ${tenantId} and s.year = ${year} and s.counted > 0
    ), scored as (
      select seats.id, seats.user_id, seats.group_id,
        least(coalesce(sum(k.points), 0), (${r}->>'annualCap')::numeric) as score,
        coalesce(jsonb_object_agg(k.kind, k.counted) filter (where k.kind is not null), '{}'::jsonb) as counts
      from seats left join kinds k on k.tenant_id = seats.tenant_id and k.deputy_id = seats.id
      group by seats.id, seats.user_id, seats.group_id
    ), ranked as (
      select scored.*, rank() over (order by score desc) as rank,
        rank() over (partition by group_id order by score desc) as group_rank
      from scored
    )
    select r.id as "deputyId", r.rank::int as rank, case when r.group_id is null then null else r.group_rank::int end as "groupRank",
      u.display_name as "displayName", g.name as "groupName", r.counts, r.score::float8 as score
    from ranked r
    left join users u on u.id = r.user_id
    left join delegation_groups g on g.tenant_id = ${tenantId} and g.id = r.group_id
    where (${options.groupId}::uuid is null or r.group_id = ${options.groupId}::uuid)
    order by r.rank, u.display_name, r.id
    offset ${options.offset} limit ${options.limit + 1}`));
}

export interface RollupRow {
  tenantId: string;
  name: string;
  level: string;
  deputies: number;
  active: number;
  mean: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  histogram: number[];
}

/**
 * Score aggregates for the congress at `scopePath` (its own seats) and for each direct child's
 * whole subtree: one row each, own first, then children by code. Aggregates only — no names,
 * no ids of people. Each serving seat is scored with the rules of the congress that owns it
 * (`rules.byTenant[tenantId]`, else `rules.fallback`); the histogram has 10 buckets over 0 …
 * that congress's annual cap, so seats of congresses with different caps share one scale.
 * Weights and caps are integers (integer config fields), so float8 arithmetic is exact here, as
 * in `yearScore`.
 *
 * Shape of the plan (measured on 150,000 seats and 1,000,000 activities; a city has ~19,000
 * seats and ~65,000 counter rows a year, the province 520,000). Under RLS the planner cannot
 * estimate the policy's `tenant_path <@ app_scope()` and expects a dozen seats and counters, so
 * each step is written to stay linear whatever it estimates:
 * - Each seat finds its rule key and annual cap by lookups in the rule-set jsonb (`?`, `->`, a
 *   binary search over its keys). Joining the seats to a (tenant id → rule key) relation instead
 *   ran as a nested loop, seats × rule sets (15 million comparisons for a city under 800 sets).
 * - Each seat then reads its own counters by the key (tenant_id, deputy_id, year) and sums its
 *   points in a lateral subquery, weights and caps read from its own rule set (a few hundred
 *   bytes). No counter row carries the whole rule-set jsonb (that made a 755 MB sort), none is
 *   joined to a rules relation (a nested loop there is counters × rule rows), and the counters
 *   are not aggregated on their own first (PGlite then re-aggregated all of them once per seat:
 *   26 s for the province). Nothing is sorted or hashed before the per-seat scores exist.
 * - Scores and buckets are computed once per seat (`grouped` is materialized: inlined, the
 *   expressions were evaluated again in each of the 16 aggregates), aggregated per row path,
 *   and only then joined to the handful of target congresses.
 * JIT compilation is off for the transaction: with accurate estimates (as the owner) Postgres
 * compiled the expressions for 0.05–0.5 s and ran no faster. The cost is one index probe per
 * seat; the route caches the result (evaluation.service.ts).
 */
export async function evaluationRollup(tx: Tx, scopePath: string, year: number,
  rules: { byTenant: Record<string, ScoringRules>; fallback: ScoringRules }): Promise<RollupRow[]> {
  const buckets = Array.from({ length: 10 }, (_, i) => sql`count(*) filter (where g.bucket = ${sql.raw(String(i))})::int`);
  const sets = JSON.stringify({ ...rules.byTenant, '*': rules.fallback });
  const custom = sql`s.kind like 'custom:%'`;
  await tx.execute(sql`select set_config('jit', 'off', true)`);
  return rowsOf<RollupRow>(await tx.execute(sql`
    with params as materialized (
      select ${scopePath}::ltree as scope, ${sets}::jsonb as sets
    ), targets as (
      select t.id, t.name, t.level, t.code, t.path::text as path, t.path = p.scope as own
      from tenants t, params p
      where t.path <@ p.scope and nlevel(t.path) <= nlevel(p.scope) + 1 and (t.path = p.scope or t.status = 'active')
    ), seats as materialized (
      select d.tenant_id, d.id, k.rkey, (p.sets->k.rkey->>'annualCap')::float8 as annual,
        (case when nlevel(d.tenant_path) = nlevel(p.scope) then p.scope else subpath(d.tenant_path, 0, nlevel(p.scope) + 1) end)::text as row_path
      from deputies d cross join params p
      cross join lateral (select case when p.sets ? d.tenant_id::text then d.tenant_id::text else '*' end as rkey) k
      where d.tenant_path <@ ${scopePath}::ltree and d.status = 'serving'
    ), per_seat as (
      select se.row_path, se.annual, pt.kinds, pt.total
      from seats se
      cross join lateral (select p.sets->se.rkey as r from params p) rs
      cross join lateral (
        select count(*) as kinds, coalesce(sum(least(
          s.counted * coalesce((case when ${custom} then rs.r->'custom'->>'weight' else rs.r->'weights'->>s.kind end)::float8, 0),
          coalesce((case when ${custom} then rs.r->'custom'->>'cap' else rs.r->'caps'->>s.kind end)::float8, 0))), 0) as total
        from deputy_year_stats s
        where s.tenant_id = se.tenant_id and s.deputy_id = se.id and s.year = ${year} and s.counted > 0
      ) pt
    ), grouped as materialized (
      select ps.row_path, ps.kinds > 0 as active, least(ps.total, ps.annual) as score,
        least(floor(least(ps.total, ps.annual) * 10 / nullif(ps.annual, 0)), 9)::int as bucket
      from per_seat ps
    ), stats as (
      select g.row_path, count(*)::int as deputies,
        count(*) filter (where g.active)::int as active,
        round(avg(g.score)::numeric, 2)::float8 as mean,
        percentile_cont(0.25) within group (order by g.score) as p25,
        percentile_cont(0.5) within group (order by g.score) as median,
        percentile_cont(0.75) within group (order by g.score) as p75,
        max(g.score) as max,
        array[${sql.join(buckets, sql`, `)}] as histogram
      from grouped g
      group by g.row_path
    )
    select tg.id as "tenantId", tg.name, tg.level, coalesce(st.deputies, 0) as deputies, coalesce(st.active, 0) as active,
      st.mean, st.p25, st.median, st.p75, st.max, coalesce(st.histogram, array[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as histogram
    from targets tg left join stats st on st.row_path = tg.path
    order by tg.own desc, tg.code`));
}
