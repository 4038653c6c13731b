import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, params }) => {
	await parent();
	return { event: await loadData(duties.getEvent(params.id)) };
};
