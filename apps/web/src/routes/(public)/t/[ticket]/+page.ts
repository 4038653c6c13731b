import { error } from '@sveltejs/kit';
import { ApiError } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import type { PageLoad } from './$types';

// The follow link `/t/<ticket>?k=<secret>`. A wrong or missing secret answers 404 exactly like
// an unknown ticket (nothing leaks); the page then explains it kindly instead of an error page.
export const load: PageLoad = async ({ params, url, fetch }) => {
	const k = url.searchParams.get('k') ?? '';
	const fresh = url.searchParams.get('new');
	if (!k) return { ticket: params.ticket, k, view: null, fresh };
	try {
		return { ticket: params.ticket, k, view: await cases.ticket(params.ticket, k, fetch), fresh };
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) return { ticket: params.ticket, k, view: null, fresh };
		error(e instanceof ApiError && e.status >= 400 ? e.status : 503, e instanceof ApiError && e.detail ? e.detail : 'network');
	}
};
