import { describe, expect, it } from 'vitest';
import { scoringRules } from '@renda/features';
import { currentYear, summarizeCounts } from './archive.summary.ts';

const rules = scoringRules({});

describe('archive totals', () => {
  it('adds up per kind and per year, oldest year first, and scores the asked year only', () => {
    const s = summarizeCounts([
      { year: 2026, kind: 'meeting', counted: 2 },
      { year: 2025, kind: 'meeting', counted: 5 },
      { year: 2026, kind: 'custom:接待日', counted: 1 },
      { year: 2026, kind: 'group', counted: 0 },
    ], 2026, rules);
    expect(s.total).toBe(8);
    expect(s.byKind).toEqual({ meeting: 7, 'custom:接待日': 1 });
    expect(s.byYear).toEqual([
      { year: 2025, byKind: { meeting: 5 }, total: 5 },
      { year: 2026, byKind: { meeting: 2, 'custom:接待日': 1 }, total: 3 },
    ]);
    expect(s.score).toEqual({ year: 2026, value: 20 + 5, rules });
    expect(summarizeCounts([{ year: 2025, kind: 'meeting', counted: 5 }], 2025, rules).score.value).toBe(40);
  });

  it('scores 0 for a year without counted activities', () => {
    expect(summarizeCounts([], 2024, rules)).toEqual({ total: 0, byKind: {}, byYear: [], score: { year: 2024, value: 0, rules } });
  });

  it('takes the current year in China Standard Time', () => {
    expect(currentYear(Date.parse('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(currentYear(Date.parse('2026-12-31T15:59:00Z'))).toBe(2026);
  });
});
