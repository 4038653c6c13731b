import { error, redirect } from '@sveltejs/kit';
import { ApiError } from '#lib/api.ts';
import { m } from '#lib/i18n.ts';
import { loginHref, session } from '#lib/session.svelte.ts';
import type { LayoutLoad } from './$types';

// Every workspace page needs the signed-in person; `me` is loaded once and cached in
// #lib/session.svelte.ts. This load reads `url`, so it re-runs on each navigation and keeps
// the enrolment gate below in force.
export const load: LayoutLoad = async ({ url }) => {
	let me;
	try {
		me = await session.ensure();
	} catch (e) {
		const status = e instanceof ApiError && e.status >= 400 ? e.status : 503;
		error(status, e instanceof ApiError && e.detail ? e.detail : m.error_network());
	}
	if (!me) redirect(307, loginHref(url));
	// The API refuses everything but `me` and `auth/*` until TOTP is enrolled (docs/api.md).
	if (me.totpSetupRequired && url.pathname !== '/account') redirect(307, '/account');
	return {};
};
