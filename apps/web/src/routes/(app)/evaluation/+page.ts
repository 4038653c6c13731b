import { loadData } from '#lib/api.ts';
import { deputiesApi, evaluationAll } from '#lib/deputies.ts';
import { duties } from '#lib/duties.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// The year's ranking of the active congress (?year=&groupId=) and, for a tier with congresses
// below it, the roll-up of their score distributions (aggregates only, never names).
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const year = Number(url.searchParams.get('year')) || new Date().getFullYear();
	const groupId = url.searchParams.get('groupId') ?? '';
	const hasChildren = session.me!.tenant.level !== 'township';
	const [evaluation, kinds, groups, rollup] = await Promise.all([
		loadData(evaluationAll({ year, groupId })),
		duties.listKinds().then((r) => r.items).catch(() => []),
		deputiesApi.listGroups().then((r) => r.items).catch(() => []),
		hasChildren ? deputiesApi.rollup(year).catch(() => null) : Promise.resolve(null)
	]);
	return { year, groupId, evaluation, kinds, groups, rollup };
};
