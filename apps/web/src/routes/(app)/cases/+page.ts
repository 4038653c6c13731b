import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { CaseQuery, CaseState } from '#lib/cases-types.ts';
import type { PageLoad } from './$types';

// The roll-up list of cases for staff and upper tiers. Filters live in the URL so a filtered
// list can be linked and reloaded; the summary strip and the congress filter come from the stats.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const read = (key: string) => url.searchParams.get(key) ?? '';
	const filters = { state: read('state') as CaseState | '', scenarioId: read('scenarioId'), tenantId: read('tenantId'), q: read('q') };
	const query: CaseQuery = { view: 'all', ...filters, limit: 30 };
	const [page, stats, scenarios] = await Promise.all([
		loadData(casesAdmin.listCases(query)),
		casesAdmin.stats().catch(() => null),
		casesAdmin.listScenarios().then((r) => r.items).catch(() => [])
	]);
	return { filters, query, page, stats, scenarios };
};
