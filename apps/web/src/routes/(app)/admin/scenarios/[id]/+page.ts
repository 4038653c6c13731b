import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import { routingUnits } from '../units.ts';
import type { PageLoad } from './$types';

// One scenario in the editor (read-only when inherited), with the units its categories can route to.
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	const [scenario, units] = await Promise.all([loadData(casesAdmin.getScenario(params.id)), routingUnits()]);
	return { scenario, units };
};
