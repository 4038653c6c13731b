import { loadData } from '#lib/api.ts';
import { suggestions } from '#lib/suggestions.ts';
import type { PageLoad } from './$types';

// One motion or suggestion for every role that may read it (404 outside the caller's roll-up, and
// for a draft to anyone but its signers), with what the caller may do with it now (`can`).
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	return { item: await loadData(suggestions.get(params.id)) };
};
