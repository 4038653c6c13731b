import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';

// The caller's notifications of every tier, newest first; `?filter=unread` keeps the unread.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const unread = url.searchParams.get('filter') === 'unread';
	return { unread, page: await loadData(casesAdmin.listNotifications({ unread, limit: 30 })) };
};
