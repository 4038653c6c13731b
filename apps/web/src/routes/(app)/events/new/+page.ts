import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// A new event needs the activity kinds (what each check-in records) and the groups to invite.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const [kinds, groups] = await Promise.all([loadData(duties.listKinds()), deputiesApi.listGroups().catch(() => ({ items: [] }))]);
	return { kinds: kinds.items, groups: groups.items };
};
