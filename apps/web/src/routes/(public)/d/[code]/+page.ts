import { loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// No session here: both calls are public and `quiet`. An unknown code (or a congress that turned
// public profiles off) answers 404, which the (public) error page explains kindly.
export const load: PageLoad = async ({ params, fetch }) => {
	const [deputy, activities, scenarios] = await Promise.all([
		loadData(duties.publicDeputy(params.code, fetch)),
		loadData(duties.publicActivities(params.code, null, fetch)),
		// The cases module's public form is offered only when the congress lists a scenario for it.
		cases.publicScenarios(params.code, fetch).catch(() => null)
	]);
	return { deputy, activities, canWrite: (scenarios?.items.length ?? 0) > 0 };
};
