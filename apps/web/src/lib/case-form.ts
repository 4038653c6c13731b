// What the two case forms share: the deputy's field report (/my/cases/new) and the public form
// behind a deputy's code (/d/<code>/write) hold the same content and check it the same way.

import type { ApiError } from './api.ts';
import { fieldValues, missingFields } from './cases.ts';
import type { ScenarioField, ScenarioLocation } from './cases-types.ts';
import { m } from './i18n.ts';

/** The part of a scenario that shapes a case's content. */
export interface ContentRules {
	categories: readonly unknown[];
	fields: ScenarioField[];
	location: ScenarioLocation;
}

/** A case's content as typed into a form (`values` are the scenario's own fields). */
export interface ContentDraft {
	category: string;
	title: string;
	body: string;
	values: Record<string, string>;
	place: string;
	lat: number | null;
	lng: number | null;
	fileIds: string[];
}

/** The checks made before sending, as messages keyed by the API's field paths (`fields.<key>` for own fields). */
export function contentErrors(rules: ContentRules, draft: ContentDraft): Record<string, string> {
	const out: Record<string, string> = {};
	if (rules.categories.length && !draft.category) out.category = m.cases_form_category_required();
	if (!draft.title.trim()) out.title = m.cases_form_title_required();
	for (const [key, message] of Object.entries(missingFields(rules.fields, draft.values))) out[`fields.${key}`] = message;
	if (rules.location === 'required' && !draft.place.trim() && draft.lat === null) out.location = m.cases_form_location_required();
	return out;
}

/**
 * The content as the API takes it: text trimmed, a picked point without a typed place named by its
 * coordinates.
 */
export function contentInput(rules: ContentRules, draft: ContentDraft) {
	const coords = draft.lat !== null && draft.lng !== null;
	return {
		category: draft.category,
		title: draft.title.trim(),
		body: draft.body.trim(),
		fields: fieldValues(rules.fields, draft.values),
		location: draft.place.trim() || (coords ? `${draft.lat}, ${draft.lng}` : ''),
		lat: coords ? draft.lat : null,
		lng: coords ? draft.lng : null,
		fileIds: [...draft.fileIds]
	};
}

/**
 * The message above a form's buttons after a failed submission: '' without one; the network
 * message when no answer came (or, with `serverAsNetwork`, the server failed: the text is kept, so
 * trying again is the advice); "fix the marked fields" when every refused path (the `known` ones
 * and `fields.*`) shows its error at its field; else the problem's own detail.
 */
export function formProblem(error: ApiError | null, known: readonly string[], serverAsNetwork = false): string {
	if (!error) return '';
	if (error.slug === 'network' || (serverAsNetwork && error.status >= 500)) return m.cases_form_network();
	const paths = Object.keys(error.fields);
	const shown = paths.length > 0 && paths.every((p) => known.includes(p.split('.')[0]) || p.startsWith('fields.'));
	return shown ? m.cases_form_fix() : error.detail || m.error_body();
}
