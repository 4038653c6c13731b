// Typed client for the cases API (docs/api.md "## Cases"), built on `request` from api.ts: the
// workspace verbs (list, read, raise, act on a case; scenarios; units to transfer to), the public
// verbs (scenarios behind a code, one-time code, photo upload, submission, ticket, rating), and a
// few display helpers the case pages share.

import { ApiError, request, query as qs, withKey, uploadWithProgress, type UploadHandle } from './api.ts';
import type {
	Case,
	CaseAction,
	CaseInput,
	CaseQuery,
	CaseRating,
	CaseRow,
	CaseState,
	CaseStats,
	CaseStep,
	OtpSent,
	PublicCase,
	PublicCaseInput,
	PublicCaseReceipt,
	PublicScenarios,
	PublicUpload,
	Scenario,
	ScenarioField
} from './cases-types.ts';
import { locale, m } from './i18n.ts';
import type { Page } from './types.ts';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

/** A handling unit (`GET /api/v1/units`). */
export interface Unit {
	id: string;
	tenantId: string;
	code: string;
	name: string;
	officers: number;
}

/** The verbs of the cases API, one per endpoint. */
export const cases = {
	list: (params: CaseQuery, f?: Fetch) => request<Page<CaseRow>>('GET', `/cases${qs({ ...params })}`, undefined, { fetch: f }),
	get: (id: string, f?: Fetch) => request<Case>('GET', `/cases/${enc(id)}`, undefined, { fetch: f }),
	stats: (f?: Fetch) => request<CaseStats>('GET', '/cases/stats', undefined, { fetch: f }),
	/** A deputy's own field report; `idempotencyKey` makes a retried tap create nothing twice. */
	create: (body: CaseInput, idempotencyKey?: string) => request<Case>('POST', '/cases', body, { headers: withKey(idempotencyKey) }),
	/** One step of the state machine (`accept`, `transfer`, `sign` …); answers the case as it now is. */
	act: (id: string, action: CaseAction, body: Record<string, unknown> = {}) =>
		request<Case>('POST', `/cases/${enc(id)}/${action}`, body),

	scenarios: (state?: 'active' | 'archived', f?: Fetch) =>
		request<{ items: Scenario[] }>('GET', `/case-scenarios${qs({ state })}`, undefined, { fetch: f }),
	scenario: (id: string, f?: Fetch) => request<Scenario>('GET', `/case-scenarios/${enc(id)}`, undefined, { fetch: f }),

	/** Every unit of the active subtree (the API pages them; a county has a few dozen at most). */
	async units(f?: Fetch): Promise<Unit[]> {
		const all: Unit[] = [];
		let cursor: string | null = null;
		do {
			const page: Page<Unit> = await request<Page<Unit>>('GET', `/units${qs({ cursor, limit: 100 })}`, undefined, { fetch: f });
			all.push(...page.items);
			cursor = page.nextCursor;
		} while (cursor && all.length < 1000);
		return all;
	},

	// Public (no session): `quiet` so that no answer ever sends a constituent to the login page.
	publicScenarios: (code: string, f?: Fetch) =>
		request<PublicScenarios>('GET', `/public/cases/scenarios${qs({ code })}`, undefined, { fetch: f, quiet: true }),
	sendOtp: (phone: string) => request<OtpSent>('POST', '/public/cases/otp', { phone }, { quiet: true }),
	submit: (body: PublicCaseInput, idempotencyKey: string) =>
		request<PublicCaseReceipt>('POST', '/public/cases', body, { headers: withKey(idempotencyKey), quiet: true }),
	ticket: (ticket: string, k: string, f?: Fetch) =>
		request<PublicCase>('GET', `/public/cases/${enc(ticket)}${qs({ k })}`, undefined, { fetch: f, quiet: true }),
	rate: (ticket: string, k: string, body: { rating: CaseRating; comment?: string }) =>
		request<PublicCase>('POST', `/public/cases/${enc(ticket)}/rating${qs({ k })}`, body, { quiet: true })
};

/** The address of a photo of a public case (or its thumbnail), readable with the ticket's secret. */
export function publicFileUrl(ticket: string, k: string, fileId: string, thumb = false): string {
	return `/api/v1/public/cases/${enc(ticket)}/files/${enc(fileId)}${thumb ? '/thumb' : ''}${qs({ k })}`;
}

export type PublicUploadHandle = UploadHandle<PublicUpload>;

/**
 * Uploads one photo for a public submission to `POST /api/v1/public/cases/uploads?code=`, with
 * progress from 0 to 1 and no session.
 * @example const { promise } = uploadPublicPhoto('FNWANG23', file, (p) => (progress = p));
 */
export function uploadPublicPhoto(code: string, file: File, onProgress: (fraction: number) => void): PublicUploadHandle {
	return uploadWithProgress<PublicUpload>(`/api/v1/public/cases/uploads${qs({ code })}`, file, onProgress);
}

// ---------------------------------------------------------------------------------------------
// Display helpers

const stateLabels: Record<CaseState, () => string> = {
	submitted: m.cases_state_submitted,
	accepted: m.cases_state_accepted,
	transferred: m.cases_state_transferred,
	signed: m.cases_state_signed,
	replied: m.cases_state_replied,
	closed: m.cases_state_closed,
	rated: m.cases_state_rated,
	merged: m.cases_state_merged
};

export function caseStateLabel(state: string): string {
	return stateLabels[state as CaseState]?.() ?? state;
}

const eventLabels: Record<string, () => string> = {
	submitted: m.cases_event_submitted,
	accepted: m.cases_event_accepted,
	answered: m.cases_event_answered,
	transferred: m.cases_event_transferred,
	signed: m.cases_event_signed,
	opinion: m.cases_event_opinion,
	replied: m.cases_event_replied,
	returned: m.cases_event_returned,
	closed: m.cases_event_closed,
	rated: m.cases_event_rated,
	reopened: m.cases_event_reopened,
	merged: m.cases_event_merged,
	converted: m.cases_event_converted,
	urged: m.cases_event_urged,
	overdue: m.cases_event_overdue,
	escalated: m.cases_event_escalated,
	note: m.cases_event_note
};

export function caseEventLabel(kind: string): string {
	return eventLabels[kind]?.() ?? kind;
}

const stepLabels: Record<CaseStep, () => string> = {
	accept: m.cases_step_accept,
	sign: m.cases_step_sign,
	reply: m.cases_step_reply,
	close: m.cases_step_close,
	rate: m.cases_step_rate
};

/** What the deadline is for: "受理", "签收", "答复" … */
export function caseStepLabel(step: string | null | undefined): string {
	return step ? (stepLabels[step as CaseStep]?.() ?? step) : '';
}

const ratingLabels: Record<CaseRating, () => string> = {
	1: m.cases_rating_1,
	2: m.cases_rating_2,
	3: m.cases_rating_3
};

export function ratingLabel(rating: number | null | undefined): string {
	return rating ? (ratingLabels[rating as CaseRating]?.() ?? String(rating)) : '';
}

/** Open means someone still owes a step; closed, rated and merged cases are done. */
export function isOpen(state: CaseState): boolean {
	return state !== 'closed' && state !== 'rated' && state !== 'merged';
}

export interface DueInfo {
	overdue: boolean;
	/** Less than a day left. */
	soon: boolean;
	text: string;
}

/**
 * How long until (or since) a deadline, in words: "剩 3 天", "剩 5 小时", "已逾期 2 天".
 * @example dueInfo('2026-05-01T15:59:59Z', new Date('2026-04-28T00:00:00Z')).text // "剩 3 天"
 */
export function dueInfo(dueAt: string | null | undefined, now: Date = new Date()): DueInfo | null {
	if (!dueAt) return null;
	const due = new Date(dueAt).getTime();
	if (Number.isNaN(due)) return null;
	const diff = due - now.getTime();
	const hours = Math.abs(diff) / 3_600_000;
	const days = Math.floor(hours / 24);
	const span = days >= 1 ? m.cases_days({ count: days }) : m.cases_hours({ count: Math.max(1, Math.floor(hours)) });
	if (diff < 0) return { overdue: true, soon: false, text: m.cases_overdue_by({ span }) };
	return { overdue: false, soon: hours < 24, text: m.cases_due_in({ span }) };
}

/** A short relative time for lists: "刚刚", "5 分钟前", else the date. */
export function timeAgo(iso: string, now: Date = new Date()): string {
	const then = new Date(iso);
	const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
	if (minutes < 1) return m.cases_just_now();
	if (minutes < 60) return m.cases_minutes_ago({ count: minutes });
	if (minutes < 24 * 60) return m.cases_hours_ago({ count: Math.floor(minutes / 60) });
	const sameYear = then.getFullYear() === now.getFullYear();
	return new Intl.DateTimeFormat(locale(), sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' }).format(then);
}

/** The message of an API error for a form or a toast: our own words for a lost connection. */
export function errorText(e: unknown): string {
	if (!(e instanceof ApiError) || e.slug === 'network') return m.error_network();
	return e.detail || e.title || m.error_body();
}

/**
 * The values of a scenario's own fields as the API takes them: blanks dropped, numbers as numbers.
 * @example fieldValues([{ key: 'households', type: 'number', … }], { households: '12' }) // { households: 12 }
 */
export function fieldValues(fields: ScenarioField[], values: Record<string, unknown>): Record<string, string | number> {
	const out: Record<string, string | number> = {};
	for (const field of fields) {
		const text = String(values[field.key] ?? '').trim();
		if (!text) continue;
		const value = field.type === 'number' ? Number(text) : text;
		if (typeof value === 'number' && Number.isNaN(value)) continue;
		out[field.key] = value;
	}
	return out;
}

/** Client-side checks of the scenario's required fields, keyed by field key. */
export function missingFields(fields: ScenarioField[], values: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const field of fields) {
		const text = String(values[field.key] ?? '').trim();
		if (field.required && !text) out[field.key] = m.cases_field_required({ label: field.label });
		else if (text && field.type === 'number' && Number.isNaN(Number(text))) out[field.key] = m.cases_field_number();
	}
	return out;
}
