import { loadData } from '#lib/api.ts';
import { deputiesApi, listAllDeputies } from '#lib/deputies.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// Cards are printed for the serving deputies of the own congress, one group at a time
// (?groupId=), or all of them; every page of the list is read so the print run is complete.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const groupId = url.searchParams.get('groupId') ?? '';
	const tenantId = session.me!.tenant.id;
	const [groups, deputies] = await Promise.all([
		loadData(deputiesApi.listGroups()),
		loadData(listAllDeputies({ groupId, tenantId, status: 'serving' }))
	]);
	return { groupId, groups: groups.items, deputies };
};
