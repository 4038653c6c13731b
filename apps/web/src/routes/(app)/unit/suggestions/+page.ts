import { loadData } from '#lib/api.ts';
import type { PageLoad } from './$types';
import { details, tasks, unitItems, type Task } from './queue.ts';

export type UnitTab = Task | 'done';
const tabs: UnitTab[] = ['sign', 'reply', 'opinion', 'done'];

// The queue of the caller's units (view=unit): what to sign for, to reply to as lead unit, and the
// opinions owed as co-handling unit, each sorted by deadline; and what the units already answered.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const raw = url.searchParams.get('tab') as UnitTab | null;
	const tab: UnitTab = raw && tabs.includes(raw) ? raw : 'sign';
	const { items, more } = await loadData(unitItems());
	const rows = tasks(await loadData(details(items)));
	const pendingIds = new Set(rows.map((r) => r.item.id));
	const done = items.filter((i) => !pendingIds.has(i.id));
	return { tab, rows, done, more };
};
