import { ApiError, loadData } from '#lib/api.ts';
import { cases } from '#lib/cases.ts';
import type { SuggestionPrefill } from '#lib/components/SuggestionForm.svelte';
import { deputiesApi } from '#lib/deputies.ts';
import { m } from '#lib/i18n.ts';
import { session } from '#lib/session.svelte.ts';
import { suggestions } from '#lib/suggestions.ts';
import type { PageLoad } from './$types';

// A new draft in the active congress: its category tree, and what it starts from — a case's
// suggestion draft (`?case=<id>`, 民意转建议) or a delegation group (`?group=<id>`, 代表团/组建议).
export const load: PageLoad = async ({ parent, url }) => {
	await parent();
	if (!session.hasRole('deputy')) return { deputy: false, categories: [], prefill: { source: 'scratch' } as SuggestionPrefill, notice: '' };
	const caseId = url.searchParams.get('case');
	const groupId = url.searchParams.get('group');
	const categories = (await loadData(suggestions.categories())).items;
	let prefill: SuggestionPrefill = { source: 'scratch' };
	let notice = '';
	try {
		if (caseId) {
			const item = await cases.get(caseId);
			if (item.suggestionDraft) {
				prefill = { source: 'case', sourceCaseId: item.id, sourceLabel: item.ticket, title: item.suggestionDraft.title, body: item.suggestionDraft.body };
			} else {
				notice = m.sugg_new_case_no_draft({ ticket: item.ticket });
			}
		} else if (groupId) {
			const group = (await deputiesApi.listGroups()).items.find((g) => g.id === groupId);
			if (group) prefill = { source: 'group', groupId: group.id, sourceLabel: group.name };
			else notice = m.sugg_new_group_missing();
		}
	} catch (e) {
		// A case or group the deputy cannot read starts an empty draft, with a word why.
		notice = e instanceof ApiError && e.status === 404 ? m.sugg_new_source_missing() : m.sugg_new_source_failed();
	}
	return { deputy: true, categories, prefill, notice };
};
