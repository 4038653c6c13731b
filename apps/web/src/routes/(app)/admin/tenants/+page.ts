import { api, loadData } from '#lib/api.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	await parent();
	return { root: await loadData(api.getTenant(session.me!.tenant.id)) };
};
