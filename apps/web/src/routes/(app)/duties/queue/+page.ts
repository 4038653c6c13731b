import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// The verification queue: submitted activities of the active congress, oldest first.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const [queue, kinds] = await Promise.all([loadData(duties.queue()), duties.listKinds().then((r) => r.items).catch(() => [])]);
	return { queue, kinds };
};
