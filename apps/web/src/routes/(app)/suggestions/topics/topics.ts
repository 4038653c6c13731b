// Display helpers of the hot topics page.

import { locale, m } from '#lib/i18n.ts';
import type { SuggestionTopic } from '#lib/suggestions-types.ts';

/** The windows offered, in months. */
export const windows = [6, 12, 24] as const;

/** Ten distinct colours readable on white, one per topic line. */
export const topicColors = ['#b91c1c', '#1d4ed8', '#15803d', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#92400e', '#475569'];

/** "2026-03" → "3月" (or "26年1月" for January, where the year turns), "Mar" in English. */
export function monthLabel(month: string): string {
	const [year, mon] = month.split('-').map(Number);
	if (!year || !mon) return month;
	const date = new Date(Date.UTC(year, mon - 1, 1));
	const withYear = mon === 1;
	return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', month: 'short', ...(withYear ? { year: '2-digit' } : {}) }).format(date);
}

/** Points of an SVG polyline for a sparkline of `values` in a `width` × `height` box. */
export function sparkline(values: number[], width: number, height: number): string {
	if (values.length === 0) return '';
	const max = Math.max(1, ...values);
	const step = values.length > 1 ? width / (values.length - 1) : 0;
	return values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
}

/** "+120%", "-15%", or "新出现" when the earlier three months had none. */
export function growthText(t: SuggestionTopic): string {
	if (t.growth === null) return m.suggstaff_topic_new();
	const value = Math.round(t.growth * 100);
	return `${value > 0 ? '+' : ''}${value}%`;
}
