import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// One event with its invitation table; kinds name what a check-in records, groups feed
// "invite more".
export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	const [event, kinds, groups] = await Promise.all([
		loadData(duties.getEvent(params.id)),
		duties.listKinds().then((r) => r.items).catch(() => []),
		deputiesApi.listGroups().then((r) => r.items).catch(() => [])
	]);
	return { event, kinds, groups };
};
