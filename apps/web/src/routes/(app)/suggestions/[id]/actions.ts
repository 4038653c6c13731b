// Which steps the caller may take on a motion or suggestion now: the API's `can` (CASL over this
// suggestion) crossed with the state machine of docs/api.md. The API checks both again; this only
// decides what to offer, so a button never leads to a certain refusal.

import { currentAssignments, isOpen } from '#lib/suggestions.ts';
import type { Suggestion, SuggestionAction, SuggestionAssignment } from '#lib/suggestions-types.ts';

/** An API step, or `decline` (cosign with decision `decline`). Editing is a link, not a step. */
export type Step = SuggestionAction | 'decline';

export interface Offer {
	action: Step;
	/** The step the suggestion waits for from the caller: drawn as the primary button. */
	primary: boolean;
	/** The caller's units this step may be taken for (officer steps). */
	units: SuggestionAssignment[];
}

/** The caller's own units' shares of the current round (an officer of a co-handling unit never gets the lead's steps). */
export function myAssignments(item: Suggestion): SuggestionAssignment[] {
	const mine = new Set(item.can.unitIds);
	return currentAssignments(item).filter((a) => mine.has(a.unitId));
}

export function offers(item: Suggestion): Offer[] {
	const list: Offer[] = [];
	const add = (action: Step, primary = false, units: SuggestionAssignment[] = []) => list.push({ action, primary, units });
	const { state, can } = item;
	const early = state === 'draft' || state === 'submitted' || state === 'returned';

	// The authors.
	// A returned one is revised first (the edit link leads), then submitted.
	if (can.submit && (state === 'draft' || state === 'returned')) add('submit', state === 'draft');
	if (can.invite && early) add('invite');
	// Invited deputies.
	if (can.cosign) {
		add('cosign', true);
		add('decline');
	}
	// Staff of the congress.
	if (can.review && state === 'submitted') {
		add('accept', true);
		add('return');
		if (item.kind === 'motion') add('convert');
	}
	if (can.review && (state === 'submitted' || state === 'accepted')) add('merge');
	if (can.assign && state === 'accepted') add('assign', true);
	if (can.reassign && (state === 'assigned' || state === 'signed')) {
		add('reassign', currentAssignments(item).some((a) => a.state === 'reassign'));
	}
	// Officers of the assigned units: sign → reply (lead) or opinion (co); either may ask to be replaced.
	if (can.process && (state === 'assigned' || state === 'signed')) {
		const mine = myAssignments(item);
		const sign = mine.filter((a) => a.state === 'assigned');
		const reply = mine.filter((a) => a.role === 'lead' && a.state === 'signed');
		const opinion = mine.filter((a) => a.role === 'co' && (a.state === 'assigned' || a.state === 'signed'));
		const giveBack = mine.filter((a) => a.state === 'assigned' || a.state === 'signed');
		if (sign.length) add('sign', true, sign);
		if (reply.length && state === 'signed') add('reply', true, reply);
		if (opinion.length) add('opinion', !sign.length, opinion);
		if (giveBack.length) add('request-reassign', false, giveBack);
	}
	if (can.rate && state === 'replied') add('rate', true);
	if (can.supervise && !early && isOpen(state)) add('supervise');
	if (can.publish && state === 'closed') add('publish');
	if (can.urge && isOpen(state) && !early) add('urge');
	if (can.withdraw && early) add('withdraw');
	if (can.note) add('note');
	// One button per step even when two rules offer it.
	return list.filter((o, i) => list.findIndex((x) => x.action === o.action) === i);
}
