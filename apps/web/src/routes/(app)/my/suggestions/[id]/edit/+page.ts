import { loadData } from '#lib/api.ts';
import { suggestions } from '#lib/suggestions.ts';
import type { PageLoad } from './$types';

// A draft, or a submission returned for revision, with the category tree to file it under.
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	const [item, categories] = await Promise.all([loadData(suggestions.get(params.id)), loadData(suggestions.categories())]);
	return { item, categories: categories.items };
};
