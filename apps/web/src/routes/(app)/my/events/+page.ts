import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// Upcoming invitations by default; `?when=past` lists the ones that are over.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const when: 'upcoming' | 'past' = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
	if (!session.hasRole('deputy')) return { deputy: false, when, page: { items: [], nextCursor: null } };
	return { deputy: true, when, page: await loadData(duties.listEvents(when)) };
};
