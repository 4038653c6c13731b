import { ApiError, loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

/** `archives/mine` answers 404 `not-found` when the active tier holds no seat of the caller. */
function noSeat(e: unknown): null {
	if (e instanceof ApiError && e.slug === 'not-found') return null;
	throw e;
}

// The archive of the caller's seat in the active tier (its newest term), the first page of its
// timeline, and the kind labels of that congress.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const none = { archive: null, kinds: [], timeline: null };
	if (!session.hasRole('deputy')) return none;
	const [archive, kinds] = await Promise.all([loadData(duties.myArchive().catch(noSeat)), loadData(duties.listKinds())]);
	if (!archive) return none;
	const timeline = await loadData(duties.archiveActivities(archive.deputy.id));
	return { archive, kinds: kinds.items, timeline };
};
