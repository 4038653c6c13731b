// Who holds an overdue step of a motion or suggestion: staff review it, the lead unit signs for
// and replies to it, its authors rate the reply.

import { m } from '#lib/i18n.ts';
import { stepName } from '#lib/suggestions-analysis.ts';
import type { SuggestionDueStep, SuggestionItem } from '#lib/suggestions-types.ts';

export const overdueSteps: SuggestionDueStep[] = ['review', 'sign', 'reply', 'rate'];
export const stepColors: Record<SuggestionDueStep, string> = { review: '#92400e', sign: '#1d4ed8', reply: '#b91c1c', rate: '#6d28d9' };

/** The step of an overdue item; a missing step counts as the reply, the longest one. */
export function stepOf(item: SuggestionItem): SuggestionDueStep {
	return item.dueStep ?? 'reply';
}

/** "签收逾期". */
export function stepTitle(step: SuggestionDueStep): string {
	return m.suggstaff_od_step_title({ step: stepName(step) });
}

/** The name of whoever owes the step. */
export function holderName(item: SuggestionItem): string {
	const step = stepOf(item);
	if (step === 'review') return m.suggstaff_od_holder_staff({ name: item.tenantName });
	if (step === 'rate') return m.suggstaff_od_holder_authors({ name: item.leadAuthor.name });
	return item.leadUnit?.name ?? m.suggstaff_od_holder_unknown();
}
