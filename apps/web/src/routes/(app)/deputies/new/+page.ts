import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import type { PageLoad } from './$types';

// A new seat needs the congress's terms, groups and the stations it can use.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const [terms, groups, stations] = await Promise.all([
		loadData(deputiesApi.listTerms()),
		loadData(deputiesApi.listGroups()),
		loadData(deputiesApi.listStations())
	]);
	return { terms: terms.items, groups: groups.items, stations: stations.items };
};
