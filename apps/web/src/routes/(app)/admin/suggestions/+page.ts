import { loadData } from '#lib/api.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// Sessions (届次会次) and the category tree of the active congress, for its staff.
export const load: PageLoad = async ({ parent, depends, fetch }) => {
	await parent();
	depends('app:suggestion-config');
	const [sessions, categories] = await Promise.all([loadData(suggAnalysis.sessions(fetch)), loadData(suggAnalysis.categories(fetch))]);
	return { sessions: sessions.items, categories: categories.items };
};
