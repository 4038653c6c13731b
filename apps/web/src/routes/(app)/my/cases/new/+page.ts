import { loadData } from '#lib/api.ts';
import { cases, type Unit } from '#lib/cases.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// The deputy's own scenarios (随手拍, 代表督事 …) of the active congress, and its units when the
// deputy may list them (to name the unit a supervision is about).
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	if (!session.hasRole('deputy')) return { deputy: false, scenarios: [], units: [] as Unit[], preselect: '' };
	const tenantId = session.me?.tenant.id;
	const [list, units] = await Promise.all([
		loadData(cases.scenarios('active')),
		session.ability.can('read', 'Unit') ? cases.units().catch(() => [] as Unit[]) : Promise.resolve([] as Unit[])
	]);
	return {
		deputy: true,
		scenarios: list.items.filter((s) => s.submitter === 'deputy' && s.state === 'active'),
		units: units.filter((u) => u.tenantId === tenantId),
		preselect: url.searchParams.get('s') ?? ''
	};
};
