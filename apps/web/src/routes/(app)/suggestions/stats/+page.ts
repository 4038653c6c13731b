import { api, loadData } from '#lib/api.ts';
import { session } from '#lib/session.svelte.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// Statistics of the roll-up, filtered by year, session and congress (all in the URL). The
// congress filter offers the own congress and its direct children; sessions are the own ones.
export const load: PageLoad = async ({ parent, url, fetch }) => {
	await parent();
	const read = (key: string) => url.searchParams.get(key) ?? '';
	const filters = { year: /^\d{4}$/.test(read('year')) ? read('year') : '', sessionId: read('sessionId'), tenantId: read('tenantId') };
	const tenantId = session.me?.tenant.id ?? '';
	const [stats, sessions, children] = await Promise.all([
		loadData(suggAnalysis.stats({ ...filters, year: filters.year ? Number(filters.year) : undefined }, fetch)),
		suggAnalysis.sessions(fetch).then((r) => r.items).catch(() => []),
		api.listChildren(tenantId, null, 100).then((r) => r.items).catch(() => [])
	]);
	return { filters, stats, sessions, children };
};
