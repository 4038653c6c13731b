import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';

// The working calendar of the active congress for one year (?year=), with its ancestors' days.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const asked = Number(url.searchParams.get('year'));
	const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : new Date().getFullYear();
	return { year, calendar: await loadData(casesAdmin.calendar(year)) };
};
