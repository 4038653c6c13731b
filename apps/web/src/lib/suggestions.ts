// Typed client for the motions-and-suggestions lifecycle (docs/api.md "## Motions and
// suggestions": sessions, categories, drafting, the steps of each role), built on `request` from
// api.ts, and the display helpers the deputy, unit and detail pages share.

import { request, query as qs, withKey } from './api.ts';
import { cases, type Unit } from './cases.ts';
import { m } from './i18n.ts';
import type {
	ReplyCategory,
	Suggestion,
	SuggestionAction,
	SuggestionAssignment,
	SuggestionCategory,
	SuggestionDueStep,
	SuggestionFile,
	SuggestionInput,
	SuggestionItem,
	SuggestionKind,
	SuggestionListQuery,
	SuggestionSession,
	SuggestionState,
	SuggestionUpdateInput
} from './suggestions-types.ts';
import type { StoredFile } from './duties-types.ts';
import type { Page } from './types.ts';
import type { PickedDeputy } from './components/DeputyPicker.svelte';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

/** The verbs of the lifecycle API, one per endpoint. */
export const suggestions = {
	sessions: (f?: Fetch) => request<{ items: SuggestionSession[] }>('GET', '/suggestion-sessions', undefined, { fetch: f }),
	categories: (f?: Fetch) => request<{ items: SuggestionCategory[] }>('GET', '/suggestion-categories', undefined, { fetch: f }),

	list: (params: SuggestionListQuery, f?: Fetch) =>
		request<Page<SuggestionItem>>('GET', `/suggestions${qs({ ...params })}`, undefined, { fetch: f }),
	get: (id: string, f?: Fetch) => request<Suggestion>('GET', `/suggestions/${enc(id)}`, undefined, { fetch: f }),
	/** A new draft; `idempotencyKey` makes a retried tap on a flaky phone create nothing twice. */
	create: (body: SuggestionInput, idempotencyKey?: string) =>
		request<Suggestion>('POST', '/suggestions', body, { headers: withKey(idempotencyKey) }),
	update: (id: string, body: SuggestionUpdateInput) => request<Suggestion>('PATCH', `/suggestions/${enc(id)}`, body),
	/** One step (`submit`, `cosign`, `accept`, `assign`, `reply` …); answers the suggestion as it now is. */
	act: (id: string, action: SuggestionAction, body: Record<string, unknown> = {}) =>
		request<Suggestion>('POST', `/suggestions/${enc(id)}/${action}`, body),
	/** Serving deputies of the active congress to invite (names and groups), for the pickers. */
	cosigners: async (q: string, f?: Fetch): Promise<PickedDeputy[]> =>
		(await request<{ items: { userId: string; deputyId: string; displayName: string; groupName: string | null }[] }>('GET', `/suggestions/cosigners${qs({ q, limit: 20 })}`, undefined, { fetch: f })).items
			.map((d) => ({ id: d.deputyId, userId: d.userId, displayName: d.displayName, groupName: d.groupName })),
	/** Takes back an invitation not yet answered. */
	removeSigner: (id: string, userId: string) => request<Suggestion>('DELETE', `/suggestions/${enc(id)}/signers/${enc(userId)}`),

	/** The handling units of the active subtree (`GET /api/v1/units`). */
	units: (f?: Fetch): Promise<Unit[]> => cases.units(f)
};

// ---------------------------------------------------------------------------------------------
// Display helpers

const stateLabels: Record<SuggestionState, () => string> = {
	draft: m.sugg_state_draft,
	submitted: m.sugg_state_submitted,
	returned: m.sugg_state_returned,
	accepted: m.sugg_state_accepted,
	assigned: m.sugg_state_assigned,
	signed: m.sugg_state_signed,
	replied: m.sugg_state_replied,
	closed: m.sugg_state_closed,
	merged: m.sugg_state_merged,
	withdrawn: m.sugg_state_withdrawn
};

export function stateLabel(state: string): string {
	return stateLabels[state as SuggestionState]?.() ?? state;
}

/** Colour follows who moves next: amber the authors or staff, blue a unit, green done, grey ended. */
export function stateTone(state: string): string {
	switch (state) {
		case 'draft':
			return '';
		case 'submitted':
		case 'returned':
		case 'accepted':
		case 'replied':
			return 'badge-amber';
		case 'assigned':
		case 'signed':
			return 'badge-blue';
		case 'closed':
			return 'badge-green';
		default:
			return '';
	}
}

export const allStates: SuggestionState[] = ['draft', 'submitted', 'returned', 'accepted', 'assigned', 'signed', 'replied', 'closed', 'merged', 'withdrawn'];

/** Open means someone still owes a step. */
export function isOpen(state: SuggestionState): boolean {
	return state !== 'closed' && state !== 'merged' && state !== 'withdrawn';
}

export function kindLabel(kind: SuggestionKind | string): string {
	return kind === 'motion' ? m.sugg_kind_motion() : m.sugg_kind_suggestion();
}

/** "第12号" once accepted; before that the kind's own words ("建议（未编号）"). */
export function numberText(item: Pick<SuggestionItem, 'numberLabel' | 'kind'>): string {
	return item.numberLabel ?? m.sugg_unnumbered();
}

const stepLabels: Record<SuggestionDueStep, () => string> = {
	review: m.sugg_step_review,
	sign: m.sugg_step_sign,
	reply: m.sugg_step_reply,
	rate: m.sugg_step_rate
};

export function stepLabel(step: string | null | undefined): string {
	return step ? (stepLabels[step as SuggestionDueStep]?.() ?? step) : '';
}

const replyLabels: Record<ReplyCategory, () => string> = { A: m.sugg_reply_a, B: m.sugg_reply_b, C: m.sugg_reply_c };
const replyHelps: Record<ReplyCategory, () => string> = { A: m.sugg_reply_a_help, B: m.sugg_reply_b_help, C: m.sugg_reply_c_help };

/** "A类 · 已解决或采纳". */
export function replyCategoryLabel(category: string | null | undefined): string {
	if (!category) return '';
	const label = replyLabels[category as ReplyCategory]?.();
	return label ? m.sugg_reply_category({ category, label }) : category;
}

export function replyCategoryHelp(category: ReplyCategory): string {
	return replyHelps[category]();
}

const ratingLabels: Record<number, () => string> = { 1: m.sugg_rating_1, 2: m.sugg_rating_2, 3: m.sugg_rating_3 };

export function ratingLabel(rating: number | null | undefined): string {
	return rating ? (ratingLabels[rating]?.() ?? String(rating)) : '';
}

const eventLabels: Record<string, () => string> = {
	created: m.sugg_event_created,
	invited: m.sugg_event_invited,
	uninvited: m.sugg_event_uninvited,
	cosigned: m.sugg_event_cosigned,
	declined: m.sugg_event_declined,
	updated: m.sugg_event_updated,
	submitted: m.sugg_event_submitted,
	returned: m.sugg_event_returned,
	withdrawn: m.sugg_event_withdrawn,
	accepted: m.sugg_event_accepted,
	merged: m.sugg_event_merged,
	converted: m.sugg_event_converted,
	assigned: m.sugg_event_assigned,
	reassigned: m.sugg_event_reassigned,
	signed: m.sugg_event_signed,
	reassignRequested: m.sugg_event_reassign_requested,
	mergedFrom: m.sugg_event_merged_from,
	opinion: m.sugg_event_opinion,
	replied: m.sugg_event_replied,
	rated: m.sugg_event_rated,
	reopened: m.sugg_event_reopened,
	closed: m.sugg_event_closed,
	supervised: m.sugg_event_supervised,
	published: m.sugg_event_published,
	unpublished: m.sugg_event_unpublished,
	urged: m.sugg_event_urged,
	note: m.sugg_event_note,
	overdue: m.sugg_event_overdue,
	escalated: m.sugg_event_escalated
};

export function eventLabel(kind: string): string {
	return eventLabels[kind]?.() ?? kind;
}

const roleLabels: Record<string, () => string> = { author: m.sugg_role_author, cosigner: m.sugg_role_cosigner };
export function signerRoleLabel(role: string): string {
	return roleLabels[role]?.() ?? role;
}

const signerStates: Record<string, () => string> = { invited: m.sugg_signer_invited, signed: m.sugg_signer_signed, declined: m.sugg_signer_declined };
export function signerStateLabel(state: string): string {
	return signerStates[state]?.() ?? state;
}

/** A category of the tree as a row of a flat select: its depth and the names above it. */
export interface CategoryOption {
	id: string;
	name: string;
	depth: number;
	/** "城乡建设 › 老旧小区改造". */
	path: string;
}

/**
 * The category tree in reading order, each with its depth, for one `<select>`.
 * @example flattenCategories([{ name: '城乡建设', children: [{ name: '交通出行' }] }]).map((c) => c.path) // ['城乡建设', '城乡建设 › 交通出行']
 */
export function flattenCategories(tree: SuggestionCategory[], depth = 0, above = ''): CategoryOption[] {
	return tree.flatMap((c) => {
		const path = above ? `${above} › ${c.name}` : c.name;
		return [{ id: c.id, name: c.name, depth, path }, ...flattenCategories(c.children ?? [], depth + 1, path)];
	});
}

/** The shape FileUploader and Attachments take, from a suggestion's file. */
export function storedFile(file: SuggestionFile, tenantId: string): StoredFile {
	return {
		id: file.id,
		tenantId,
		contentType: file.contentType,
		size: file.size,
		width: null,
		height: null,
		originalName: file.name,
		url: file.url,
		thumbUrl: file.thumbUrl
	};
}

/** Assignments of the current round, lead first. */
export function currentAssignments(item: Pick<Suggestion, 'assignments' | 'round'>): SuggestionAssignment[] {
	return item.assignments
		.filter((a) => a.round === item.round && a.state !== 'withdrawn')
		.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
}

/** Units that answered this round (the lead's reply, co-handling units' opinions): the ones to rate. */
export function unitsToRate(item: Pick<Suggestion, 'assignments' | 'round'>): SuggestionAssignment[] {
	return currentAssignments(item).filter((a) => a.state === 'replied');
}

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const unitName = (v: unknown) => (v && typeof v === 'object' ? str((v as Data).unitName) : '');

/**
 * One line of what a timeline event was about, from its `data`: whom it invited, the units it
 * went to, the ratings given … ('' when the label says it all).
 * @example eventDetail({ kind: 'assigned', data: { lead: { unitName: '水利局' }, co: [] } }) // '主办：水利局'
 */
export function eventDetail(event: { kind: string; data: Data }): string {
	const d = event.data ?? {};
	switch (event.kind) {
		case 'invited':
			return Array.isArray(d.names) ? d.names.map(str).join('、') : '';
		case 'assigned':
		case 'reopened': {
			const co = Array.isArray(d.co) ? d.co.map(unitName).filter(Boolean) : [];
			const lead = unitName(d.lead);
			return [lead && m.sugg_event_detail_lead({ unit: lead }), co.length ? m.sugg_event_detail_co({ units: co.join('、') }) : ''].filter(Boolean).join('；');
		}
		case 'reassigned': {
			const from = unitName(d.from);
			const to = unitName(d.to);
			return from ? (to ? `${from} → ${to}` : m.sugg_event_detail_withdrawn({ unit: from })) : '';
		}
		case 'replied':
			return replyCategoryLabel(str(d.category));
		case 'rated':
			return Array.isArray(d.ratings) ? d.ratings.map((r: Data) => `${str(r.unitName)}：${ratingLabel(Number(r.rating))}`).join('；') : '';
		case 'merged':
			return str(d.intoTitle);
		case 'mergedFrom':
			return str(d.fromTitle);
		case 'supervised':
			return d.key === false ? m.sugg_event_detail_unsupervised() : str(d.supervisorName);
		default:
			return '';
	}
}
