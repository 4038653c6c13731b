import { loadData } from '#lib/api.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// Supervision subjects of one year (the current one unless `?year=` says otherwise), each with
// the number of motions and suggestions in scope whose text matches one of its keywords.
export const load: PageLoad = async ({ parent, url, fetch }) => {
	await parent();
	const asked = url.searchParams.get('year') ?? '';
	const year = /^\d{4}$/.test(asked) ? Number(asked) : new Date().getFullYear();
	const { items } = await loadData(suggAnalysis.subjects(year, fetch));
	return { year, items };
};
