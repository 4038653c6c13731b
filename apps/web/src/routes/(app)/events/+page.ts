import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// Upcoming or past events of the congress (?when=), each with its invitation counts.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const when = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
	const [page, kinds] = await Promise.all([loadData(duties.listEvents(when)), duties.listKinds().then((r) => r.items).catch(() => [])]);
	return { when, page, kinds } as const;
};
