import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/**
 * Figures of the motions and suggestions raised in a scope. A row counts once it was submitted,
 * unless withdrawn or merged into another (as the keyword counts do). Unit figures count each
 * unit's share (`suggestion_assignments`, withdrawn ones left out): sign-for on time =
 * signed_at ≤ sign_due_at among shares signed or past their sign-for deadline; reply on time =
 * replied_at ≤ reply_due_at (the lead's reply, a co-handling unit's opinion) among shares replied
 * or past their reply deadline; satisfaction = ratings 1 and 2 / rated shares.
 */
export interface Figures {
  total: number;
  motions: number;
  suggestions: number;
  accepted: number;
  assigned: number;
  replied: number;
  closed: number;
  overdue: number;
  rated: number;
  satisfied: number;
  signOnTimeRate: number | null;
  replyOnTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface StatsScope {
  path: string;
  year: number | null;
  sessionId: string | null;
  now: Date;
}

export const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const levelNames = ['', 'province', 'city', 'county', 'township'];

/** The counted rows of the scope, as a subquery `s` with its bucket (path cut below the scope) and depth. */
function counted(scope: StatsScope): SQL {
  const depth = scope.path.split('.').length;
  return sql`(select s.*, subpath(s.tenant_path, 0, least(nlevel(s.tenant_path), ${depth + 1}))::text as bucket, nlevel(s.tenant_path) as depth
    from suggestions s
    where s.tenant_path <@ ${scope.path}::ltree and s.submitted_at is not null and s.state not in ('draft', 'withdrawn', 'merged')
      ${scope.year ? sql`and s.submitted_at >= make_timestamptz(${scope.year}, 1, 1, 0, 0, 0, 'Asia/Shanghai')
        and s.submitted_at < make_timestamptz(${scope.year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')` : sql``}
      ${scope.sessionId ? sql`and s.session_id = ${scope.sessionId}` : sql``}) s`;
}

/** Assignment figures, shared by the per-group and per-unit queries. */
function shareColumns(now: string): SQL {
  return sql`count(*)::int as shares,
    count(*) filter (where a.signed_at is not null)::int as signed,
    count(*) filter (where a.signed_at <= a.sign_due_at)::int as "signedOnTime",
    count(*) filter (where a.signed_at is not null or a.sign_due_at < ${now}::timestamptz)::int as "signDue",
    count(*) filter (where a.replied_at is not null)::int as replied,
    count(*) filter (where a.replied_at <= a.reply_due_at)::int as "repliedOnTime",
    count(*) filter (where a.replied_at is not null or a.reply_due_at < ${now}::timestamptz)::int as "replyDue",
    count(*) filter (where a.rating is not null)::int as rated,
    count(*) filter (where a.rating in (1, 2))::int as satisfied`;
}

interface GroupRow {
  g: 'b' | 'l' | 't';
  bucket: string | null;
  depth: number | null;
  [k: string]: unknown;
}

/** Figures grouped by bucket, by depth and in all (grouping sets: one pass over the rows each). */
export async function figureGroups(tx: Tx, scope: StatsScope) {
  const now = scope.now.toISOString();
  const tag = sql`case when grouping(s.bucket) = 0 then 'b' when grouping(s.depth) = 0 then 'l' else 't' end as g, s.bucket, s.depth`;
  const [rows, shares] = await Promise.all([
    tx.execute(sql`select ${tag}, count(*)::int as total,
        count(*) filter (where s.kind = 'motion')::int as motions, count(*) filter (where s.kind = 'suggestion')::int as suggestions,
        count(*) filter (where s.number is not null)::int as accepted, count(*) filter (where s.assigned_at is not null)::int as assigned,
        count(*) filter (where s.replied_at is not null)::int as replied, count(*) filter (where s.state = 'closed')::int as closed,
        count(*) filter (where s.state in ('submitted', 'accepted', 'assigned', 'signed', 'replied') and s.due_at < ${now}::timestamptz)::int as overdue
      from ${counted(scope)} group by grouping sets ((s.bucket), (s.depth), ())`),
    tx.execute(sql`select ${tag}, ${shareColumns(now)}
      from ${counted(scope)} join suggestion_assignments a on a.tenant_id = s.tenant_id and a.suggestion_id = s.id
      where a.state <> 'withdrawn' group by grouping sets ((s.bucket), (s.depth), ())`),
  ]);
  const key = (r: GroupRow) => `${r.g}:${r.g === 'b' ? r.bucket : r.g === 'l' ? r.depth : ''}`;
  const shareOf = new Map(rowsOf<GroupRow>(shares).map((r) => [key(r), r as unknown as Record<string, number>]));
  const figures = (r: Record<string, number> | undefined, a: Record<string, number> | undefined): Figures => ({
    total: r?.total ?? 0, motions: r?.motions ?? 0, suggestions: r?.suggestions ?? 0, accepted: r?.accepted ?? 0, assigned: r?.assigned ?? 0,
    replied: r?.replied ?? 0, closed: r?.closed ?? 0, overdue: r?.overdue ?? 0, rated: a?.rated ?? 0, satisfied: a?.satisfied ?? 0,
    signOnTimeRate: ratio(a?.signedOnTime ?? 0, a?.signDue ?? 0), replyOnTimeRate: ratio(a?.repliedOnTime ?? 0, a?.replyDue ?? 0),
    satisfactionRate: ratio(a?.satisfied ?? 0, a?.rated ?? 0),
  });
  const groups = rowsOf<GroupRow>(rows);
  const byKey = new Map(groups.map((r) => [key(r), r as unknown as Record<string, number>]));
  // Depths that have only shares cannot exist (a share belongs to a counted row), so rows drive the lists.
  return {
    totals: figures(byKey.get('t:'), shareOf.get('t:')),
    bucket: (path: string) => figures(byKey.get(`b:${path}`), shareOf.get(`b:${path}`)),
    byLevel: groups.filter((r) => r.g === 'l').sort((a, b) => Number(a.depth) - Number(b.depth))
      .map((r) => ({ level: levelNames[Number(r.depth)] ?? String(r.depth), ...figures(byKey.get(key(r)), shareOf.get(key(r))) })),
  };
}

/** The congress of the scope and its direct children, the scope first. */
export async function scopeTenants(tx: Tx, path: string) {
  return rowsOf<{ id: string; name: string; level: string; path: string }>(await tx.execute(sql`
    select id, name, level, path::text as path from tenants
    where path = ${path}::ltree or (path <@ ${path}::ltree and nlevel(path) = ${path.split('.').length + 1})
    order by (path = ${path}::ltree) desc, code`));
}

export interface UnitFigures {
  unitId: string;
  name: string;
  tenantName: string;
  assigned: number;
  signed: number;
  signedOnTime: number;
  replied: number;
  repliedOnTime: number;
  rated: number;
  satisfied: number;
  signOnTimeRate: number | null;
  replyOnTimeRate: number | null;
  satisfactionRate: number | null;
}

/** The 50 units with the most shares in the scope, with their timeliness and satisfaction. */
export async function unitFigures(tx: Tx, scope: StatsScope): Promise<UnitFigures[]> {
  const rows = rowsOf<Record<string, number> & { unitId: string; name: string; tenantName: string }>(await tx.execute(sql`
    select a.unit_id as "unitId", min(u.name) as name, min(t.name) as "tenantName", ${shareColumns(scope.now.toISOString())}
    from ${counted(scope)} join suggestion_assignments a on a.tenant_id = s.tenant_id and a.suggestion_id = s.id
    join units u on u.tenant_id = a.tenant_id and u.id = a.unit_id
    join tenants t on t.id = a.tenant_id
    where a.state <> 'withdrawn'
    group by a.unit_id order by count(*) desc, min(u.name), a.unit_id limit 50`));
  return rows.map((r) => ({
    unitId: r.unitId, name: r.name, tenantName: r.tenantName, assigned: r.shares, signed: r.signed, signedOnTime: r.signedOnTime,
    replied: r.replied, repliedOnTime: r.repliedOnTime, rated: r.rated, satisfied: r.satisfied,
    signOnTimeRate: ratio(r.signedOnTime, r.signDue), replyOnTimeRate: ratio(r.repliedOnTime, r.replyDue), satisfactionRate: ratio(r.satisfied, r.rated),
  }));
}

/** Counted rows per category (null: none given) and per reply category. */
export async function categoryFigures(tx: Tx, scope: StatsScope) {
  const [byCategory, byReply] = await Promise.all([
    tx.execute(sql`select s.category_id as "categoryId", min(c.name) as name, count(*)::int as total
      from ${counted(scope)} left join suggestion_categories c on c.id = s.category_id
      group by s.category_id order by total desc, min(c.name)`),
    tx.execute(sql`select count(*) filter (where s.reply_category = 'A')::int as "A", count(*) filter (where s.reply_category = 'B')::int as "B",
      count(*) filter (where s.reply_category = 'C')::int as "C" from ${counted(scope)}`),
  ]);
  return {
    byCategory: rowsOf<{ categoryId: string | null; name: string | null; total: number }>(byCategory),
    byReplyCategory: rowsOf<{ A: number; B: number; C: number }>(byReply)[0] ?? { A: 0, B: 0, C: 0 },
  };
}
