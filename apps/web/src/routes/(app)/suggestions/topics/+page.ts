import { api, loadData } from '#lib/api.ts';
import { session } from '#lib/session.svelte.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';
import { windows } from './topics.ts';

// Hot topics: the keywords of the motions and suggestions raised in the subtree, per month over
// a window of 6, 12 or 24 months, narrowed to one child congress when `tenantId` is set.
export const load: PageLoad = async ({ parent, url, fetch }) => {
	await parent();
	const asked = Number(url.searchParams.get('months'));
	const months = (windows as readonly number[]).includes(asked) ? asked : 12;
	const tenantId = url.searchParams.get('tenantId') ?? '';
	const [topics, children] = await Promise.all([
		loadData(suggAnalysis.topics({ months, tenantId: tenantId || undefined, limit: 10 }, fetch)),
		api.listChildren(session.me?.tenant.id ?? '', null, 100).then((r) => r.items).catch(() => [])
	]);
	return { months, tenantId, topics, children };
};
