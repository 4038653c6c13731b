import { api, loadData } from '#lib/api.ts';
import { suggAnalysis, type SuggestionListParams } from '#lib/suggestions-analysis.ts';
import type { SuggestionKind, SuggestionState } from '#lib/suggestions-types.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// The staff list: the review queue (submitted, awaiting staff) or the whole roll-up. The tab and
// the filters live in the URL so a filtered list can be linked and reloaded.
export const load: PageLoad = async ({ parent, url, fetch }) => {
	await parent();
	const read = (key: string) => url.searchParams.get(key) ?? '';
	const tab: 'review' | 'all' = read('tab') === 'all' ? 'all' : 'review';
	const filters = {
		state: (tab === 'all' ? read('state') : '') as SuggestionState | '',
		kind: read('kind') as SuggestionKind | '',
		sessionId: read('sessionId'),
		tenantId: read('tenantId')
	};
	const query: SuggestionListParams = { view: tab, ...filters, limit: 30 };
	const tenantId = session.me?.tenant.id ?? '';
	const [page, sessions, children] = await Promise.all([
		loadData(suggAnalysis.list(query, fetch)),
		suggAnalysis.sessions(fetch).then((r) => r.items).catch(() => []),
		api.listChildren(tenantId, null, 100).then((r) => r.items).catch(() => [])
	]);
	return { tab, filters, query, page, sessions, children };
};
