import { loadData } from '#lib/api.ts';
import { deputiesApi } from '#lib/deputies.ts';
import type { ActivityState } from '#lib/duties-types.ts';
import { duties } from '#lib/duties.ts';
import type { PageLoad } from './$types';

const states = ['draft', 'submitted', 'returned', 'verified', 'published'];

// All activity records of the tier; filters live in the URL (?state=&kind=&year=&deputyId=).
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const raw = url.searchParams.get('state') ?? '';
	const state = (states.includes(raw) ? raw : '') as ActivityState | '';
	const kind = url.searchParams.get('kind') ?? '';
	const year = Number(url.searchParams.get('year')) || undefined;
	const deputyId = url.searchParams.get('deputyId') ?? '';
	const filters = { state, kind, year, deputyId };
	const [page, kinds, deputy] = await Promise.all([
		loadData(duties.listActivities({ ...filters, limit: 30 })),
		duties.listKinds().then((r) => r.items).catch(() => []),
		deputyId ? deputiesApi.getDeputy(deputyId).catch(() => null) : Promise.resolve(null)
	]);
	return { filters, page, kinds, deputy };
};
