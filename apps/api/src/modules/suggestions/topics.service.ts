import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { stopWords } from './text.ts';

export interface Topic {
  keyword: string;
  total: number;
  recent: number;
  previous: number;
  growth: number | null;
  series: number[];
}

/** A keyword must have been raised this often in the last 3 months to count as rising. */
const RISING_MINIMUM = 3;

/** The last `count` China-time months up to the one containing `now`, as 'YYYY-MM'. */
export function monthsUpTo(now: Date, count: number): string[] {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth();
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - count + 1 + i, 1)).toISOString().slice(0, 7));
}

/**
 * The topics of a subtree: keyword counts per month (kept by a trigger in
 * `suggestion_keyword_months`, read under row-level security) summed over the subtree for the
 * window. `topics`: the top `limit` by count; `rising`: among keywords raised at least 3 times
 * in the last 3 months, the top `limit` by growth over the 3 months before — those new in the
 * last 3 months (growth null) after the others, by their recent count.
 */
export async function topicsOf(tx: Tx, path: string, monthCount: number, limit: number, now: Date) {
  // Growth needs 6 months even when the window is shorter.
  const months = monthsUpTo(now, Math.max(monthCount, 6));
  const rows = rowsOf<{ keyword: string; month: string; n: number }>(await tx.execute(sql`
    select keyword, to_char(month, 'YYYY-MM') as month, sum(count)::int as n
    from suggestion_keyword_months
    where tenant_path <@ ${path}::ltree and month >= ${`${months[0]}-01`}::date and month <= ${`${months.at(-1)}-01`}::date and count > 0
    group by keyword, month`));
  const index = new Map(months.map((m, i) => [m, i]));
  const series = new Map<string, number[]>();
  for (const r of rows) {
    if (stopWords.has(r.keyword)) continue;
    let s = series.get(r.keyword);
    if (!s) series.set(r.keyword, (s = months.map(() => 0)));
    s[index.get(r.month)!] += r.n;
  }
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const all: Topic[] = [...series].map(([keyword, s]) => {
    const recent = sum(s.slice(-3));
    const previous = sum(s.slice(-6, -3));
    const shown = s.slice(-monthCount);
    return { keyword, total: sum(shown), recent, previous, growth: previous > 0 ? Math.round(((recent - previous) / previous) * 10_000) / 10_000 : null, series: shown };
  }).filter((x) => x.total > 0 || x.recent > 0);
  const topics = [...all].sort((a, b) => b.total - a.total || a.keyword.localeCompare(b.keyword)).slice(0, limit);
  const rising = all.filter((x) => x.recent >= RISING_MINIMUM)
    .sort((a, b) => (a.growth === null ? 1 : 0) - (b.growth === null ? 1 : 0) || (b.growth ?? 0) - (a.growth ?? 0) || b.recent - a.recent || a.keyword.localeCompare(b.keyword))
    .slice(0, limit);
  return { months: months.slice(-monthCount), topics, rising };
}
