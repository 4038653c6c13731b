import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// The seat itself decides the page (404 outside the roll-up); the archive and the lists for the
// edit form are extras that may be missing (duties module off, read-only tier).
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	const [deputy, archive, kinds, groups, stations] = await Promise.all([
		loadData(deputiesApi.getDeputy(params.id)),
		duties.deputyArchive(params.id).catch(() => null),
		duties.listKinds().then((r) => r.items).catch(() => []),
		deputiesApi.listGroups().then((r) => r.items).catch(() => []),
		deputiesApi.listStations().then((r) => r.items).catch(() => [])
	]);
	return { deputy, archive, kinds, groups, stations };
};
