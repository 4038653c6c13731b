// Typed client for the staff, unit and admin side of the cases API (docs/api.md "## Cases"):
// case lists and roll-up statistics, urging, the unit's queue, scenarios, the working calendar,
// notifications, outbound webhooks and integration keys; plus the labels those pages share.

import { request, query as qs } from './api.ts';
import type {
	Calendar,
	CalendarDay,
	Case,
	CaseQuery,
	CaseRow,
	CaseState,
	CaseStats,
	Notification,
	Scenario,
	ScenarioInput,
	ScenarioPatch,
	Webhook,
	WebhookDelivery,
	IntegrationKey
} from './cases-types.ts';
import { caseStateLabel, caseStepLabel, cases } from './cases.ts';
import { locale, m } from './i18n.ts';
import type { Page } from './types.ts';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

/** A unit of the active subtree (GET /api/v1/units). */
export interface UnitOption {
	id: string;
	tenantId: string;
	code: string;
	name: string;
	officers: number;
}

/** POST /api/v1/webhooks answers the endpoint once with its signing secret. */
export type CreatedWebhook = Webhook & { secret: string };
/** POST /api/v1/integration-keys answers the key once, whole. */
export type CreatedIntegrationKey = IntegrationKey & { key: string };
export type DeliveryStatus = WebhookDelivery['status'];

/** The verbs of the cases API used by staff, unit officers and admins. */
export const casesAdmin = {
	// Cases
	listCases: (params: CaseQuery, f?: Fetch) => request<Page<CaseRow>>('GET', `/cases${qs({ ...params })}`, undefined, { fetch: f }),
	getCase: (id: string, f?: Fetch) => request<Case>('GET', `/cases/${enc(id)}`, undefined, { fetch: f }),
	stats: (f?: Fetch) => request<CaseStats>('GET', '/cases/stats', undefined, { fetch: f }),
	urge: (id: string, note = '') => request<Case>('POST', `/cases/${enc(id)}/urge`, { note }),
	sign: (id: string, note = '') => request<Case>('POST', `/cases/${enc(id)}/sign`, { note }),

	// Scenarios
	listScenarios: (state?: 'active' | 'archived', f?: Fetch) =>
		request<{ items: Scenario[] }>('GET', `/case-scenarios${qs({ state })}`, undefined, { fetch: f }),
	getScenario: (id: string, f?: Fetch) => request<Scenario>('GET', `/case-scenarios/${enc(id)}`, undefined, { fetch: f }),
	createScenario: (body: ScenarioInput) => request<Scenario>('POST', '/case-scenarios', body),
	updateScenario: (id: string, body: ScenarioPatch) => request<Scenario>('PATCH', `/case-scenarios/${enc(id)}`, body),
	copyScenario: (id: string, body: { key: string; name?: string }) => request<Scenario>('POST', `/case-scenarios/${enc(id)}/copy`, body),
	listUnits: (f?: Fetch): Promise<UnitOption[]> => cases.units(f),

	// Calendar
	calendar: (year: number, f?: Fetch) => request<Calendar>('GET', `/calendar${qs({ year })}`, undefined, { fetch: f }),
	setDay: (day: string, body: { kind: CalendarDay['kind']; name?: string }) => request<CalendarDay>('PUT', `/calendar/days/${enc(day)}`, body),
	clearDay: (day: string) => request<void>('DELETE', `/calendar/days/${enc(day)}`),
	addWorkingDays: (from: string, days: number) =>
		request<{ from: string; days: number; due: string }>('GET', `/calendar/add${qs({ from, days })}`),

	// Notifications
	listNotifications: (params: { unread?: boolean; cursor?: string | null; limit?: number }, f?: Fetch) =>
		request<Page<Notification>>('GET', `/notifications${qs({ unread: params.unread ? 'true' : undefined, cursor: params.cursor, limit: params.limit })}`, undefined, { fetch: f }),
	unreadCount: (f?: Fetch) => request<{ count: number }>('GET', '/notifications/unread-count', undefined, { fetch: f }),
	markRead: (id: string) => request<Notification>('POST', `/notifications/${enc(id)}/read`),
	markAllRead: () => request<{ updated: number }>('POST', '/notifications/read-all'),

	// Webhooks and integration keys
	listWebhooks: (f?: Fetch) => request<{ items: Webhook[] }>('GET', '/webhooks', undefined, { fetch: f }),
	createWebhook: (body: { name: string; url: string; events: string[] }) => request<CreatedWebhook>('POST', '/webhooks', body),
	updateWebhook: (id: string, body: Partial<{ name: string; url: string; events: string[]; active: boolean }>) =>
		request<Webhook>('PATCH', `/webhooks/${enc(id)}`, body),
	deleteWebhook: (id: string) => request<void>('DELETE', `/webhooks/${enc(id)}`),
	testWebhook: (id: string) => request<unknown>('POST', `/webhooks/${enc(id)}/test`),
	listDeliveries: (params: { endpointId?: string; status?: DeliveryStatus | ''; cursor?: string | null; limit?: number }, f?: Fetch) =>
		request<Page<WebhookDelivery>>('GET', `/webhooks/deliveries${qs(params)}`, undefined, { fetch: f }),
	replayDelivery: (id: string) => request<unknown>('POST', `/webhooks/deliveries/${enc(id)}/replay`),
	listKeys: (f?: Fetch) => request<{ items: IntegrationKey[] }>('GET', '/integration-keys', undefined, { fetch: f }),
	createKey: (body: { name: string; unitId: string | null }) => request<CreatedIntegrationKey>('POST', '/integration-keys', body),
	revokeKey: (id: string) => request<IntegrationKey>('POST', `/integration-keys/${enc(id)}/revoke`)
};

/** Reads every page of a cursor list, up to `max` rows (boards that group or chart a whole list). */
export async function readAll<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, max = 500): Promise<{ items: T[]; truncated: boolean }> {
	const items: T[] = [];
	let cursor: string | null = null;
	do {
		const page = await fetchPage(cursor);
		items.push(...page.items);
		cursor = page.nextCursor;
	} while (cursor && items.length < max);
	return { items, truncated: cursor !== null };
}

// ---------------------------------------------------------------------------------------------
// Labels shared by the pages

export const caseStates: CaseState[] = ['submitted', 'accepted', 'transferred', 'signed', 'replied', 'closed', 'rated', 'merged'];

/** State and step names are the case pages' own (#lib/cases.ts), so every page words them alike. */
export const caseStateName = caseStateLabel;
export const caseStepName = (step: string | null): string => caseStepLabel(step) || '—';

/** Badge tone of a state, as CaseStateBadge: amber waits on the handler, blue is with a unit, green is done. */
export function caseStateTone(state: string): string {
	if (state === 'submitted' || state === 'accepted' || state === 'replied') return 'badge-amber';
	if (state === 'transferred' || state === 'signed') return 'badge-blue';
	if (state === 'closed' || state === 'rated') return 'badge-green';
	return '';
}

/** Chart colour of a state, in the same families as the badges. */
export const stateColors: Record<CaseState, string> = {
	submitted: '#d97706',
	accepted: '#f59e0b',
	transferred: '#1d4ed8',
	signed: '#3b82f6',
	replied: '#93c5fd',
	closed: '#15803d',
	rated: '#4ade80',
	merged: '#9ca3af'
};

/** "3 天 4 小时" / "3 d 4 h": the length of a span in days and hours (minutes under an hour). */
export function formatSpan(ms: number): string {
	const abs = Math.abs(ms);
	const minutes = Math.floor(abs / 60_000);
	const hours = Math.floor(minutes / 60);
	const days = Math.floor(hours / 24);
	if (days > 0) return hours % 24 ? m.casesadmin_span_days_hours({ days, hours: hours % 24 }) : m.casesadmin_span_days({ days });
	if (hours > 0) return m.casesadmin_span_hours({ hours });
	return m.casesadmin_span_minutes({ minutes: Math.max(1, minutes) });
}

/** A date without time, in the active locale. */
export function formatDay(iso: string | null | undefined): string {
	if (!iso) return '—';
	const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/** A short date and time ("11月3日 14:05") for dense tables. */
export function formatShort(iso: string | null | undefined): string {
	if (!iso) return '—';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** A case's current deadline as a short phrase and a badge tone, or null when none runs. */
export function dueInfo(row: Pick<CaseRow, 'dueAt' | 'dueStep' | 'overdue' | 'state'>, now = Date.now()): { text: string; tone: string; overdue: boolean } | null {
	if (!row.dueAt || row.state === 'merged') return null;
	const left = new Date(row.dueAt).getTime() - now;
	if (Number.isNaN(left)) return null;
	if (row.overdue || left < 0) return { text: m.casesadmin_due_overdue({ span: formatSpan(left) }), tone: 'badge-red', overdue: true };
	return { text: m.casesadmin_due_left({ span: formatSpan(left) }), tone: left < 86_400_000 ? 'badge-amber' : '', overdue: false };
}

/** Events an outbound webhook can subscribe to (`case.*` for all), as in @renda/contracts. */
export const webhookEvents = [
	'case.submitted', 'case.accepted', 'case.answered', 'case.transferred', 'case.signed', 'case.replied', 'case.opinion',
	'case.returned', 'case.closed', 'case.rated', 'case.reopened', 'case.merged', 'case.converted', 'case.urged', 'case.overdue',
	'case.escalated', 'case.note'
] as const;

/** Copies text to the clipboard; false when the browser refuses (the caller shows the text to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		return false;
	}
}
