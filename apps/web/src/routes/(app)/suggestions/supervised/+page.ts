import { loadData } from '#lib/api.ts';
import { readAll } from '#lib/cases-admin.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// A committee member's (or a leader's) dashboard: the key motions and suggestions put under their
// supervision. There are rarely more than a few dozen, so all of them load at once.
export const load: PageLoad = async ({ parent, fetch }) => {
	await parent();
	const { items, truncated } = await loadData(readAll((cursor) => suggAnalysis.list({ view: 'supervised', cursor, limit: 100 }, fetch), 300));
	return { items, truncated };
};
