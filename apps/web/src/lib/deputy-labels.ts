// Display names of the enumerations of deputies and duties (status, sector, state, response …),
// read from the shared `common_*` messages so every page names a value the same way.

import { m } from './i18n.ts';

type Labels = Record<string, () => string>;

function pick(labels: Labels, key: string | null | undefined): string {
	if (!key) return '—';
	return labels[key]?.() ?? key;
}

const statuses: Labels = {
	serving: m.common_deputy_status_serving,
	resigned: m.common_deputy_status_resigned,
	removed: m.common_deputy_status_removed
};
const sectorLabels: Labels = {
	worker: m.common_sector_worker,
	farmer: m.common_sector_farmer,
	professional: m.common_sector_professional,
	official: m.common_sector_official,
	business: m.common_sector_business,
	military: m.common_sector_military,
	other: m.common_sector_other
};
const genderLabels: Labels = { male: m.common_gender_male, female: m.common_gender_female };
const states: Labels = {
	draft: m.common_state_draft,
	submitted: m.common_state_submitted,
	verified: m.common_state_verified,
	returned: m.common_state_returned,
	published: m.common_state_published
};
const responses: Labels = {
	pending: m.common_response_pending,
	accepted: m.common_response_accepted,
	declined: m.common_response_declined
};
const sources: Labels = { self: m.common_source_self, staff: m.common_source_staff, event: m.common_source_event };
const eventKinds: Labels = {
	inspection: m.common_event_kind_inspection,
	group: m.common_event_kind_group,
	training: m.common_event_kind_training,
	meeting: m.common_event_kind_meeting,
	constituents: m.common_event_kind_constituents
};

export const statusName = (key: string | null | undefined) => pick(statuses, key);
export const sectorName = (key: string | null | undefined) => pick(sectorLabels, key);
export const genderName = (key: string | null | undefined) => pick(genderLabels, key);
export const stateName = (key: string | null | undefined) => pick(states, key);
export const responseName = (key: string | null | undefined) => pick(responses, key);
export const sourceName = (key: string | null | undefined) => pick(sources, key);
export const eventKindName = (key: string | null | undefined) => pick(eventKinds, key);
export const eventKindKeys = Object.keys(eventKinds);

/** Badge colour of a deputy's status. */
export function statusClass(status: string): string {
	return status === 'serving' ? 'badge-green' : 'badge-amber';
}
