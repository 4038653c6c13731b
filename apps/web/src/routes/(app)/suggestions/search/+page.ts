import { api, loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import { session } from '#lib/session.svelte.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { SuggestionSearchParams } from '#lib/suggestions-types.ts';
import type { PageLoad } from './$types';
import { readFilters, toParams } from './filters.ts';

// The database (议案建议库): full-text search with filters, all kept in the URL. The choices of
// the filters (sessions, categories, units, congresses) load beside the first page; any of them
// failing only hides its filter.
export const load: PageLoad = async ({ parent, url, fetch }) => {
	await parent();
	const filters = readFilters(url.searchParams);
	const params: SuggestionSearchParams = { ...toParams(filters), limit: 20 };
	const tenantId = session.me?.tenant.id ?? '';
	const [result, sessions, categories, units, children] = await Promise.all([
		loadData(suggAnalysis.search(params, fetch)),
		suggAnalysis.sessions(fetch).then((r) => r.items).catch(() => []),
		suggAnalysis.categories(fetch).then((r) => r.items).catch(() => []),
		cases.units(fetch).catch(() => []),
		api.listChildren(tenantId, null, 100).then((r) => r.items).catch(() => [])
	]);
	return { filters, params, result, sessions, categories, units, children };
};
