import { yearScore, type ScoringRules } from '@renda/features';

export interface YearKindCount {
  year: number;
  kind: string;
  counted: number;
}

/**
 * Totals of a seat's counted activities, overall, per kind and per year (oldest year first), and
 * its score for `year` under `rules`.
 * @example summarizeCounts([{ year: 2026, kind: 'meeting', counted: 2 }], 2026, rules)
 * // { total: 2, byKind: { meeting: 2 }, byYear: [{ year: 2026, byKind: { meeting: 2 }, total: 2 }],
 * //   score: { year: 2026, value: 20, rules } }
 */
export function summarizeCounts(rows: readonly YearKindCount[], year: number, rules: ScoringRules) {
  const byKind: Record<string, number> = {};
  const years = new Map<number, { year: number; byKind: Record<string, number>; total: number }>();
  let total = 0;
  for (const r of rows) {
    if (r.counted <= 0) continue;
    total += r.counted;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.counted;
    const y = years.get(r.year) ?? { year: r.year, byKind: {}, total: 0 };
    y.byKind[r.kind] = (y.byKind[r.kind] ?? 0) + r.counted;
    y.total += r.counted;
    years.set(r.year, y);
  }
  const byYear = [...years.values()].sort((a, b) => a.year - b.year);
  const counts = years.get(year)?.byKind ?? {};
  return { total, byKind, byYear, score: { year, value: yearScore(counts, rules), rules } };
}

/**
 * The current year in China Standard Time (UTC+8), the default of every `?year=`: at 8 a.m.
 * on 1 January in Beijing it is still the old year in UTC.
 */
export function currentYear(now = Date.now()): number {
  return new Date(now + 8 * 3600_000).getUTCFullYear();
}
