import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';

// Scenarios of the active congress and those its ancestors share down (read-only here).
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const [active, archived] = await Promise.all([
		loadData(casesAdmin.listScenarios('active')),
		casesAdmin.listScenarios('archived').catch(() => ({ items: [] }))
	]);
	return { active: active.items, archived: archived.items };
};
