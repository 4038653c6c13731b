import { api, loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import type { DeputyQuery } from '#lib/deputies-types.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

const keys = ['q', 'termId', 'groupId', 'status', 'level', 'tenantId'] as const;

// Filters live in the URL so a filtered registry can be linked, reloaded and printed from.
// Terms and groups belong to the active congress; an upper tier also filters by child tenant.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const filters: DeputyQuery = {};
	for (const key of keys) filters[key] = url.searchParams.get(key) ?? '';
	const me = session.me!;
	const [page, terms, groups, children] = await Promise.all([
		loadData(deputiesApi.listDeputies({ ...filters, limit: 30 })),
		deputiesApi.listTerms().then((r) => r.items).catch(() => []),
		deputiesApi.listGroups().then((r) => r.items).catch(() => []),
		me.tenant.level === 'township' ? Promise.resolve([]) : api.listChildren(me.tenant.id, null, 100).then((r) => r.items).catch(() => [])
	]);
	return { filters, page, terms, groups, children };
};
