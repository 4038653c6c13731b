import { loadData } from '#lib/api.ts';
import { allStates, suggestions } from '#lib/suggestions.ts';
import type { SuggestionState } from '#lib/suggestions-types.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

export type MyTab = 'mine' | 'invited';

// Tab and state live in the URL (`?view=invited&state=draft`), so each is a link and Back works.
// The invitations are read on both tabs: their count is the badge of the second tab.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const view: MyTab = url.searchParams.get('view') === 'invited' ? 'invited' : 'mine';
	const param = url.searchParams.get('state') as SuggestionState | null;
	const state: SuggestionState | '' = param && allStates.includes(param) ? param : '';
	const empty = { items: [], nextCursor: null };
	if (!session.hasRole('deputy')) return { deputy: false, view, state, page: empty, invited: empty };
	const [page, invited] = await Promise.all([
		loadData(suggestions.list({ view, state, limit: 20 })),
		view === 'invited' && !state ? null : loadData(suggestions.list({ view: 'invited', limit: 20 }))
	]);
	return { deputy: true, view, state, page, invited: invited ?? page };
};
