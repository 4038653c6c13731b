import { api, loadData } from '#lib/api.ts';
import { session } from '#lib/session.svelte.ts';
import type { Tenant } from '#lib/types.ts';
import type { PageLoad } from './$types';

// The active tenant with its counts, and its ancestors for the breadcrumb. The API has no
// "ancestors" field, so we follow `parentId` upwards (at most three steps: township → province).
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const tenant = await loadData(api.getTenant(session.me!.tenant.id));
	const ancestors: Tenant[] = [];
	let parentId = tenant.parentId;
	while (parentId && ancestors.length < 4) {
		const ancestor = await api.getTenant(parentId).catch(() => null);
		if (!ancestor) break;
		ancestors.unshift(ancestor);
		parentId = ancestor.parentId;
	}
	return { tenant, ancestors };
};
