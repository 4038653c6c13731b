import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';

// Roll-up statistics: the own congress first, then one row per direct child's subtree.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	return { stats: await loadData(casesAdmin.stats()) };
};
