import { loadData } from '#lib/api.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

// `?edit=1` (the "edit and resubmit" button on a returned record) opens the form directly.
export const load: PageLoad = async ({ parent, params, url }) => {
	await parent();
	const [activity, kinds] = await Promise.all([loadData(duties.getActivity(params.id)), loadData(duties.listKinds())]);
	return { activity, kinds: kinds.items, edit: url.searchParams.get('edit') === '1' };
};
