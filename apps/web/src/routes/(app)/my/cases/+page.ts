import { loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import type { CaseView } from '#lib/cases-types.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

const views: CaseView[] = ['inbox', 'mine', 'all'];

// The tab lives in the URL (`?view=mine`), so a tab is a link and Back works.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const param = url.searchParams.get('view') as CaseView | null;
	const view: CaseView = param && views.includes(param) ? param : 'inbox';
	if (!session.hasRole('deputy')) return { deputy: false, view, page: { items: [], nextCursor: null } };
	return { deputy: true, view, page: await loadData(cases.list({ view, limit: 20 })) };
};
