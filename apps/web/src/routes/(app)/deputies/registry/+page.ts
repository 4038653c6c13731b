import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import type { PageLoad } from './$types';

export type RegistryTab = 'groups' | 'stations' | 'terms';

// The three small lists of a congress's registry; the tab lives in the URL (?tab=).
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const tab = (['groups', 'stations', 'terms'].includes(url.searchParams.get('tab') ?? '') ? url.searchParams.get('tab') : 'groups') as RegistryTab;
	const [groups, stations, terms] = await Promise.all([
		loadData(deputiesApi.listGroups()),
		loadData(deputiesApi.listStations()),
		loadData(deputiesApi.listTerms())
	]);
	return { tab, groups: groups.items, stations: stations.items, terms: terms.items };
};
