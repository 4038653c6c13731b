import { loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import type { PageLoad } from './$types';

// No session: the public scenarios behind a deputy's or a station's code. An unknown code, or a
// congress that turned the cases module off, answers 404, which the (public) error page explains.
export const load: PageLoad = async ({ params, fetch, url }) => {
	const data = await loadData(cases.publicScenarios(params.code, fetch));
	return { code: params.code.toUpperCase(), ...data, preselect: url.searchParams.get('s') ?? '' };
};
