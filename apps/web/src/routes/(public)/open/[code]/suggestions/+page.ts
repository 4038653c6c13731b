import { loadData } from '#lib/api.ts';
import { suggAnalysis } from '#lib/suggestions-analysis.ts';
import type { PageLoad } from './$types';

// Replies a congress published, for anyone (no session; the call is `quiet`). An unknown code
// answers 404, which the (public) error page explains.
export const load: PageLoad = async ({ params, fetch }) => {
	return { page: await loadData(suggAnalysis.publicList(params.code, null, fetch)), code: params.code };
};
