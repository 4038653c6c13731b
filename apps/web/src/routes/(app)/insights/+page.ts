import { api, loadData } from '#lib/api.ts';
import type { PageLoad } from './$types';

// A module that is off answers 404 `module-disabled`; the (app) error page shows it.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	return { adoption: await loadData(api.adoption()) };
};
