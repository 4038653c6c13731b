import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import type { ActivityState } from '#lib/duties-types.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

const states: ActivityState[] = ['draft', 'submitted', 'returned', 'verified', 'published'];

// The state filter lives in the URL (`?state=returned`), so a chip is a link and Back works.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const param = url.searchParams.get('state') as ActivityState | null;
	const state: ActivityState | '' = param && states.includes(param) ? param : '';
	if (!session.hasRole('deputy')) return { deputy: false, state, kinds: [], page: { items: [], nextCursor: null } };
	const [kinds, page] = await Promise.all([loadData(duties.listKinds()), loadData(duties.listActivities({ state }))]);
	return { deputy: true, state, kinds: kinds.items, page };
};
