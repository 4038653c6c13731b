import { api, loadData } from '#lib/api.ts';
import type { PageLoad } from './$types';

// The action filter lives in the URL (?action=) so a filtered view can be linked and reloaded.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const action = url.searchParams.get('action') ?? '';
	return { action, page: await loadData(api.listAudit({ action })) };
};
