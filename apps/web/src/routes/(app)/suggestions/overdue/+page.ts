import { loadData } from '#lib/api.ts';
import { readAll } from '#lib/cases-admin.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// The overdue board: every overdue motion and suggestion of the roll-up, most overdue first (the
// API's order), up to a few hundred; each list item names its lead unit and lead author, so
// nobody has to open them one by one to know who holds the step.
export const load: PageLoad = async ({ parent, fetch }) => {
	await parent();
	const { items, truncated } = await loadData(readAll((cursor) => suggAnalysis.list({ view: 'overdue', cursor, limit: 100 }, fetch), 400));
	return { items, truncated, now: Date.now() };
};
