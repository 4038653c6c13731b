import { loadData } from '#lib/api.ts';
import { casesAdmin, readAll } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';
import { holderOf, type OverdueCase } from './holders.ts';

/** Overdue steps held by units need the case's assignments to name the unit. */
const DETAIL_LIMIT = 80;
const PARALLEL = 6;

// The overdue board: every overdue case of the roll-up (most overdue first), each with who
// holds the step. The list has no assignments, so unit-held cases are read one by one, a few
// at a time, to name the unit.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const { items, truncated } = await loadData(readAll((cursor) => casesAdmin.listCases({ view: 'overdue', cursor, limit: 100 }), 300));
	const needUnit = items.filter((c) => c.dueStep === 'sign' || c.dueStep === 'reply').slice(0, DETAIL_LIMIT);
	const units = new Map<string, string[]>();
	for (let i = 0; i < needUnit.length; i += PARALLEL) {
		const batch = needUnit.slice(i, i + PARALLEL);
		const details = await Promise.all(batch.map((c) => casesAdmin.getCase(c.id).catch(() => null)));
		for (const d of details) {
			if (!d) continue;
			const current = d.assignments.filter((a) => a.round === d.round);
			const holding = d.dueStep === 'sign' ? current.filter((a) => !a.signedAt) : current.filter((a) => a.role === 'lead');
			units.set(d.id, (holding.length ? holding : current).map((a) => a.unitName));
		}
	}
	const cases: OverdueCase[] = items.map((c) => ({ ...c, holder: holderOf(c, units.get(c.id)) }));
	return { cases, truncated, now: Date.now() };
};
