// The search filters as the URL carries them: every value a string, '' when unset.

import type { SuggestionKind, SuggestionRating, SuggestionSearchParams, Tier } from '#lib/suggestions-types.ts';

export interface SearchFilters {
	q: string;
	tier: Tier | '';
	tenantId: string;
	sessionId: string;
	kind: SuggestionKind | '';
	categoryId: string;
	unitId: string;
	/** Comma-separated states. */
	state: string;
	rating: string;
	year: string;
	order: 'rank' | 'recent' | '';
}

export const emptyFilters: SearchFilters = { q: '', tier: '', tenantId: '', sessionId: '', kind: '', categoryId: '', unitId: '', state: '', rating: '', year: '', order: '' };

export function readFilters(search: URLSearchParams): SearchFilters {
	const read = (key: keyof SearchFilters) => (search.get(key) ?? '').trim();
	const pick = <T extends string>(value: string, allowed: readonly T[]): T | '' => ((allowed as readonly string[]).includes(value) ? (value as T) : '');
	return {
		q: read('q').slice(0, 100),
		tier: pick(read('tier'), ['province', 'city', 'county', 'township'] as const),
		tenantId: read('tenantId'),
		sessionId: read('sessionId'),
		kind: pick(read('kind'), ['motion', 'suggestion'] as const),
		categoryId: read('categoryId'),
		unitId: read('unitId'),
		state: read('state'),
		rating: pick(read('rating'), ['1', '2', '3'] as const),
		year: /^\d{4}$/.test(read('year')) ? read('year') : '',
		order: pick(read('order'), ['rank', 'recent'] as const)
	};
}

/** The URL of a search with `filters` (unset ones left out). */
export function filtersHref(filters: SearchFilters): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
	const text = params.toString();
	return text ? `?${text}` : '?';
}

/** Whether any filter besides the words and the order is set. */
export function narrowed(filters: SearchFilters): boolean {
	return Object.entries(filters).some(([key, value]) => key !== 'q' && key !== 'order' && Boolean(value));
}

/** The API's query for `filters` (shared by the search and the export). */
export function toParams(filters: SearchFilters): SuggestionSearchParams {
	const text = (value: string) => value || undefined;
	return {
		q: text(filters.q),
		tier: filters.tier || undefined,
		tenantId: text(filters.tenantId),
		sessionId: text(filters.sessionId),
		kind: filters.kind || undefined,
		categoryId: text(filters.categoryId),
		unitId: text(filters.unitId),
		state: text(filters.state),
		rating: filters.rating ? (Number(filters.rating) as SuggestionRating) : undefined,
		year: filters.year ? Number(filters.year) : undefined,
		order: filters.order || undefined
	};
}
