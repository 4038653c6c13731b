import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { CaseRow } from '#lib/cases-types.ts';
import type { Page } from '#lib/types.ts';
import type { PageLoad } from './$types';

export type UnitTab = 'sign' | 'doing' | 'done';
const tabs: UnitTab[] = ['sign', 'doing', 'done'];
const DONE = new Set(['replied', 'closed', 'rated']);

// The queue of the caller's units (view=unit): to sign for, being handled, and replied. The
// first two tabs are states; the third takes what is past the unit's reply from the whole list.
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	const raw = url.searchParams.get('tab') as UnitTab | null;
	const tab: UnitTab = raw && tabs.includes(raw) ? raw : 'sign';
	const [sign, doing, all] = await Promise.all([
		loadData(casesAdmin.listCases({ view: 'unit', state: 'transferred', limit: 50 })),
		loadData(casesAdmin.listCases({ view: 'unit', state: 'signed', limit: 50 })),
		tab === 'done' ? loadData(casesAdmin.listCases({ view: 'unit', limit: 50 })) : Promise.resolve(null)
	]);
	const done: Page<CaseRow> | null = all ? { items: all.items.filter((c) => DONE.has(c.state)), nextCursor: all.nextCursor } : null;
	return { tab, sign, doing, done };
};
