// Which steps the caller may take on a case now: the API's `can` (CASL over this case) crossed
// with the state machine of docs/api.md. The API checks both again; this only decides what to
// offer, so a button never leads to a certain refusal.

import type { Case, CaseAction, CaseAssignment } from '#lib/cases-types.ts';
import { isOpen } from '#lib/cases.ts';

export interface Offer {
	action: CaseAction;
	/** The step the case waits for: drawn as the primary button. */
	primary: boolean;
	/** Units this action may be taken for (officer actions), when more than one is possible. */
	units: CaseAssignment[];
}

/** Assignments of the current round. */
export function currentAssignments(item: Case): CaseAssignment[] {
	return item.assignments.filter((a) => a.round === item.round);
}

export function offers(item: Case): Offer[] {
	const list: Offer[] = [];
	const add = (action: CaseAction, primary = false, units: CaseAssignment[] = []) => list.push({ action, primary, units });
	const { state, can } = item;
	const open = isOpen(state);

	if (can.handle) {
		if (state === 'submitted') add('accept', true);
		if (state === 'accepted') {
			add('transfer', true);
			add('answer');
		}
		if (state === 'replied') add('close', true);
		if ((state === 'accepted' || state === 'closed' || state === 'rated') && item.resolution !== 'suggestion') add('convert');
		if (open) add('merge');
	}

	// The unit steps follow the assignment states the API checks (assigned → signed → replied);
	// a returned or withdrawn assignment takes no step.
	if (can.process && (state === 'transferred' || state === 'signed')) {
		// Only the caller's own units' shares: an officer of a co-handling unit never sees the lead's steps.
		const mine = new Set(item.myUnitIds);
		const current = currentAssignments(item).filter((a) => mine.has(a.unitId));
		const sign = current.filter((a) => a.state === 'assigned');
		const reply = current.filter((a) => a.role === 'lead' && a.state === 'signed');
		const opinion = current.filter((a) => a.role === 'co' && (a.state === 'assigned' || a.state === 'signed'));
		const giveBack = current.filter((a) => a.role === 'lead' && (a.state === 'assigned' || a.state === 'signed'));
		if (sign.length) add('sign', true, sign);
		if (reply.length && state === 'signed') add('reply', true, reply);
		if (opinion.length) add('opinion', false, opinion);
		if (giveBack.length) add('return', false, giveBack);
	}

	if (can.rate && state === 'closed') add('rate', true);
	if (can.urge && open) add('urge');
	if (can.handle) add('note');
	return list;
}
