import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// The kinds of the active congress (five standard ones plus its custom kinds) fill the form.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	if (!session.hasRole('deputy')) return { kinds: [], deputy: false };
	return { kinds: (await loadData(duties.listKinds())).items, deputy: true };
};
