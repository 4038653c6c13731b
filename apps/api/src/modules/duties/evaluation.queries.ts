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
 *
 * Shape of the plan (EXPLAIN ANALYZE on 150,000 seats and 1,000,000 activities; a city of
 * ~19,000 seats and ~65,000 counter rows a year): the rule sets become two tiny relations
 * (weight and cap per rule set and kind, every `custom:` kind under one key; annual cap per rule
 * set) joined by hash, instead of jsonb lookups on every counter row; counters are aggregated
 * per seat straight from deputy_year_stats (their rule key comes from their own tenant_id), then
 * hash-joined to the seats on (tenant_id, deputy_id); each seat carries only its child's path as
 * text and its rule key, so nothing wide is sorted. Seats and counters are found through the
 * GiST indexes on tenant_path with the explicit `<@ scopePath` (counters ANDed with the year
 * index); under RLS the policy adds the same test on app_scope() and the plan and time stay the
 * owner's (RLS/owner ≈ 0.8–1.0). The cost is reading the counters.
 */
export async function evaluationRollup(tx: Tx, scopePath: string, year: number,
  rules: { byTenant: Record<string, ScoringRules>; fallback: ScoringRules }): Promise<RollupRow[]> {
  const buckets = Array.from({ length: 10 }, (_, i) => sql`count(*) filter (where g.bucket = ${sql.raw(String(i))})::int`);
  const sets = JSON.stringify({ ...rules.byTenant, '*': rules.fallback });
  return rowsOf<RollupRow>(await tx.execute(sql`
    with params as materialized (
      select ${scopePath}::ltree as scope, ${sets}::jsonb as sets
    ), rule_kinds as materialized (
      select rs.key as rkey, w.key as kind, w.value::numeric as weight, coalesce((rs.value->'caps'->>w.key)::numeric, 0) as cap
      from params p, jsonb_each(p.sets) rs, jsonb_each_text(rs.value->'weights') w
      union all
      select rs.key, 'custom:*', (rs.value->'custom'->>'weight')::numeric, (rs.value->'custom'->>'cap')::numeric
      from params p, jsonb_each(p.sets) rs
    ), rule_caps as materialized (
      select rs.key as rkey, (rs.value->>'annualCap')::numeric as annual from params p, jsonb_each(p.sets) rs
    ), targets as (
      select t.id, t.name, t.level, t.code, t.path::text as path, t.path = p.scope as own
      from tenants t, params p
      where t.path <@ p.scope and nlevel(t.path) <= nlevel(p.scope) + 1 and (t.path = p.scope or t.status = 'active')
    ), seats as materialized (
      select d.tenant_id, d.id,
        (case when nlevel(d.tenant_path) = nlevel(p.scope) then p.scope else subpath(d.tenant_path, 0, nlevel(p.scope) + 1) end)::text as row_path,
        case when p.sets ? d.tenant_id::text then d.tenant_id::text else '*' end as rkey
      from deputies d, params p
      where d.tenant_path <@ ${scopePath}::ltree and d.status = 'serving'
    ), points as (
      -- Per counter row, not per seat: the rule key comes from the counter's own tenant_id, so
      -- the 60,000-odd counters of a city are aggregated without first being joined to seats.
      select s.tenant_id, s.deputy_id, sum(least(s.counted * coalesce(rk.weight, 0), coalesce(rk.cap, 0))) as total
      from deputy_year_stats s
      cross join params p
      left join rule_kinds rk on rk.rkey = (case when p.sets ? s.tenant_id::text then s.tenant_id::text else '*' end)
        and rk.kind = (case when s.kind like 'custom:%' then 'custom:*' else s.kind end)
      where s.tenant_path <@ ${scopePath}::ltree and s.year = ${year} and s.counted > 0
      group by s.tenant_id, s.deputy_id
    ), grouped as (
      select se.row_path, pt.deputy_id is not null as active, least(coalesce(pt.total, 0), rc.annual)::float8 as score,
        least(floor(least(coalesce(pt.total, 0), rc.annual) * 10 / nullif(rc.annual, 0)), 9)::int as bucket
      from seats se
      join rule_caps rc on rc.rkey = se.rkey
      left join points pt on pt.tenant_id = se.tenant_id and pt.deputy_id = se.id
    )
    select tg.id as "tenantId", tg.name, tg.level,
      count(g.row_path)::int as deputies,
      count(*) filter (where g.active)::int as active,
      round(avg(g.score)::numeric, 2)::float8 as mean,
      percentile_cont(0.25) within group (order by g.score) as p25,
      percentile_cont(0.5) within group (order by g.score) as median,
      percentile_cont(0.75) within group (order by g.score) as p75,
      max(g.score) as max,
      array[${sql.join(buckets, sql`, `)}] as histogram
    from targets tg left join grouped g on g.row_path = tg.path
    group by tg.id, tg.name, tg.level, tg.code, tg.own
    order by tg.own desc, tg.code`));
}
