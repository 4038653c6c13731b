import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, type DatabaseHandle, type Tx } from '@renda/db';

/** Seats per congress before scaling: a province seats ~800 deputies, a township ~180. */
const baseSeats: Record<string, number> = { province: 800, city: 600, county: 250, township: 180 };

/** Tables whose per-row triggers the bulk load replaces with set-based SQL. */
const pathTriggerTables = ['memberships', 'deputies', 'activities', 'deputy_year_stats'];

// Shares of kinds among generated activities (2 % a local custom kind).
const kindMix = sql`case when x.k < 0.25 then 'meeting' when x.k < 0.45 then 'inspection' when x.k < 0.60 then 'suggestion'
  when x.k < 0.85 then 'constituents' when x.k < 0.98 then 'group' else 'custom:代表接待日' end`;

/**
 * A year of duties for the whole demo province, as the owner, in set-based SQL: a term per
 * congress, delegation groups, a station per township, `deputies` seats (one person and
 * membership each) spread by level, and `activities` records over the current year. Counters
 * in `deputy_year_stats` are filled by one GROUP BY instead of the per-row trigger.
 */
export async function generateDuties(owner: DatabaseHandle, deputies: number, activities: number) {
  return asOwner(owner, async (tx) => {
    await switchTriggers(tx, 'disable');
    await structure(tx);
    await seats(tx, deputies);
    await records(tx, activities);
    await switchTriggers(tx, 'enable');
    const [totals] = rowsOf<{ deputies: number; activities: number; submitted: number }>(await tx.execute(sql`
      select (select count(*)::int from deputies) as deputies, (select count(*)::int from activities) as activities,
             (select count(*)::int from activities where state = 'submitted') as submitted`));
    return totals;
  });
}

// The load sets tenant_path itself and counts in one statement; the triggers come back on
// before the transaction commits (and with it on any error, by the rollback).
async function switchTriggers(tx: Tx, how: 'enable' | 'disable') {
  for (const table of pathTriggerTables) await tx.execute(sql.raw(`alter table ${table} ${how} trigger fill_tenant_path`));
  await tx.execute(sql.raw(`alter table activities ${how} trigger activities_count`));
}

/** ANALYZE outside the load's transaction, so the planner sees the new sizes. */
export async function analyzeDuties(owner: DatabaseHandle) {
  await asOwner(owner, (tx) => tx.execute(sql`analyze`));
}

// A term for every congress without one, 3–8 delegation groups each, a station per township.
async function structure(tx: Tx) {
  await tx.execute(sql`
    insert into terms (tenant_id, tenant_path, number, starts_on)
    select t.id, t.path, case t.level when 'province' then 14 when 'city' then 9 when 'county' then 18 else 19 end, date '2021-12-01'
    from tenants t where not exists (select 1 from terms tm where tm.tenant_id = t.id)`);
  await tx.execute(sql`
    insert into delegation_groups (tenant_id, tenant_path, name, description)
    select t.id, t.path, '第' || g || '代表小组', '基准测试生成'
    from tenants t, generate_series(1, 3 + abs(hashtext(t.code)) % 6) g`);
  await tx.execute(sql`
    insert into stations (tenant_id, tenant_path, name, address, public_code)
    select t.id, t.path, t.name || '代表联络站', t.name || '人民路1号', 'BS' || t.code
    from tenants t where t.level = 'township'`);
}

// Seats per tenant by level, scaled so the province lands near `deputies`; one person each.
async function seats(tx: Tx, deputies: number) {
  const levels = rowsOf<{ level: string; n: number }>(await tx.execute(sql`select level, count(*)::int as n from tenants group by level`));
  const base = levels.reduce((s, l) => s + l.n * (baseSeats[l.level] ?? 0), 0);
  const factor = deputies / base;
  await tx.execute(sql`
    create temp table bench_tenants on commit drop as
    select t.id, t.path, t.level, t.code, s.n as seats,
      sum(s.n) over (order by t.path) - s.n as first_seat,
      (select tm.id from terms tm where tm.tenant_id = t.id order by tm.number desc limit 1) as term_id,
      array(select g.id from delegation_groups g where g.tenant_id = t.id and g.description = '基准测试生成') as groups,
      array(select st.id from stations st where st.tenant_path <@ t.path and st.public_code like 'BS%') as stations
    from tenants t
    cross join lateral (select greatest(1, round(${factor}::float8 * case t.level when 'province' then ${baseSeats.province}::int
      when 'city' then ${baseSeats.city}::int when 'county' then ${baseSeats.county}::int else ${baseSeats.township}::int end))::int as n) s`);
  await tx.execute(sql`
    create temp table bench_seats on commit drop as
    select (b.first_seat + g)::int as n, b.id as tenant_id, b.path as tenant_path, b.level, b.code, b.term_id,
      gen_random_uuid() as user_id, gen_random_uuid() as deputy_id,
      b.groups[1 + (g % cardinality(b.groups))] as group_id,
      case when cardinality(b.stations) > 0 and b.level in ('county', 'township') then b.stations[1 + (g % cardinality(b.stations))] end as station_id
    from bench_tenants b, generate_series(1, b.seats) g`);
  await tx.execute(sql`create unique index on bench_seats (n)`);
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  const given = '建国秀英伟静海涛明华丽军平红玉兰志强文斌桂芳';
  await tx.execute(sql`
    insert into users (id, username, display_name, password_hash)
    select user_id, 'bd.' || code || '.' || n,
      substr(${surnames}, 1 + n % 20, 1) || substr(${given}, 1 + (n / 20) % 24, 1) || substr(${given}, 1 + (n / 480) % 24, 1), 'bench'
    from bench_seats`);
  await tx.execute(sql`
    insert into memberships (tenant_id, tenant_path, user_id, roles, activated_at)
    select tenant_id, tenant_path, user_id, array['deputy'], case when n % 10 < 8 then now() end from bench_seats`);
  await tx.execute(sql`
    insert into deputies (id, tenant_id, tenant_path, user_id, term_id, public_code, level, group_id, station_id, sector, elected_on, gender)
    select deputy_id, tenant_id, tenant_path, user_id, term_id,
      (select string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', ((n / (32::bigint ^ i)::bigint) % 32)::int + 1, 1), '' order by i desc)
       from generate_series(0, 7) i),
      level, group_id, station_id, (array['worker', 'farmer', 'professional', 'official', 'business', 'military', 'other'])[1 + n % 7],
      date '2021-12-01', case when n % 3 = 0 then 'female' else 'male' end
    from bench_seats`);
}

// `activities` records over the current year. Counties carry a backlog (15 % submitted, against
// 4 % elsewhere) so a county's verification queue holds a few hundred rows; ~85 % are counted.
async function records(tx: Tx, activities: number) {
  await tx.execute(sql`
    insert into activities (tenant_id, tenant_path, deputy_id, kind, title, occurred_on, state, source, return_reason,
      submitted_at, reviewed_at, published_at, created_at, updated_at)
    select s.tenant_id, s.tenant_path, s.deputy_id, ${kindMix}, '履职活动 ' || x.g, x.day, st.state,
      case when x.g % 10 = 0 then 'staff' else 'self' end,
      case when st.state = 'returned' then '请补充活动照片' end,
      case when st.state <> 'draft' then least(now(), x.day + x.lag * interval '1 day') end,
      case when st.state in ('returned', 'verified', 'published') then least(now(), x.day + (x.lag + 2) * interval '1 day') end,
      case when st.state = 'published' then least(now(), x.day + (x.lag + 2) * interval '1 day') end,
      x.day, x.day
    from (select g, 1 + floor(random() * (select count(*) from bench_seats))::int as n, random() as r, random() as k, random() * 6 as lag,
            date_trunc('year', now())::date + floor(random() * (current_date - date_trunc('year', now())::date + 1))::int as day
          from generate_series(1, ${activities}::int) g) x
    join bench_seats s on s.n = x.n
    cross join lateral (select case when s.level = 'county' then 0.15 else 0.04 end as p) q
    cross join lateral (select case when x.r < q.p then 'submitted' when x.r < q.p + 0.04 then 'draft'
      when x.r < q.p + 0.06 then 'returned' when x.r < q.p + 0.25 then 'verified' else 'published' end as state) st`);
  await tx.execute(sql`
    insert into deputy_year_stats (tenant_id, tenant_path, deputy_id, year, kind, counted, published)
    select a.tenant_id, a.tenant_path, a.deputy_id, extract(year from a.occurred_on)::int, a.kind, count(*), count(*) filter (where a.state = 'published')
    from activities a where a.state in ('verified', 'published') and a.deputy_id in (select deputy_id from bench_seats)
    group by 1, 2, 3, 4, 5`);
}
