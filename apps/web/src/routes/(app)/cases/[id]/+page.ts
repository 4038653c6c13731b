import { loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import type { PageLoad } from './$types';

// One case for every role that may read it (404 outside the caller's roll-up); it carries the
// labels of its scenario's own fields as the case was opened.
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	const item = await loadData(cases.get(params.id));
	return { item };
};
