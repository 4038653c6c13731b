import { api, loadData } from '#lib/api.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	await parent();
	return { sessions: (await loadData(api.listSessions())).items };
};
