// Typed client for the deputies and duties API (docs/api.md: Files, Deputies — Public, Duties,
// Events and check-in), built on `request` from api.ts, plus the upload with progress and a few
// display helpers the duty pages share.

import { request, query as qs, withKey, uploadWithProgress, type UploadHandle as ApiUploadHandle } from './api.ts';
import type {
	Activity,
	ActivityInput,
	ActivityKind,
	ActivityRow,
	ActivityState,
	Archive,
	CheckinResult,
	DutyEvent,
	DutyEventDetail,
	InvitationResponse,
	PublicActivity,
	PublicDeputy,
	StoredFile
} from './duties-types.ts';
import { locale, localized } from './i18n.ts';
import type { LocalizedText, Page } from './types.ts';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

/** The verbs of the duties API, one per endpoint. */
export const duties = {
	// Activities (履职活动)
	listKinds: (f?: Fetch) => request<{ items: ActivityKind[] }>('GET', '/activity-kinds', undefined, { fetch: f }),
	listActivities: (params: { state?: ActivityState | ''; kind?: string; year?: number; deputyId?: string; cursor?: string | null; limit?: number }, f?: Fetch) =>
		request<Page<ActivityRow>>('GET', `/activities${qs(params)}`, undefined, { fetch: f }),
	getActivity: (id: string, f?: Fetch) => request<Activity>('GET', `/activities/${enc(id)}`, undefined, { fetch: f }),
	/** Records the caller's own activity; `idempotencyKey` makes a retried tap create nothing twice. */
	createActivity: (body: ActivityInput, idempotencyKey?: string) =>
		request<Activity>('POST', '/activities', body, { headers: withKey(idempotencyKey) }),
	updateActivity: (id: string, body: Partial<ActivityInput>) => request<Activity>('PATCH', `/activities/${enc(id)}`, body),
	deleteActivity: (id: string) => request<void>('DELETE', `/activities/${enc(id)}`),
	submitActivity: (id: string) => request<Activity>('POST', `/activities/${enc(id)}/submit`),

	// Archives (一人一档、一任一册)
	myArchive: (f?: Fetch) => request<Archive>('GET', '/archives/mine', undefined, { fetch: f }),
	archiveActivities: (deputyId: string, cursor?: string | null, f?: Fetch) =>
		request<Page<ActivityRow>>('GET', `/archives/${enc(deputyId)}/activities${qs({ cursor })}`, undefined, { fetch: f }),

	// Events and check-in
	listEvents: (when: 'upcoming' | 'past', cursor?: string | null, f?: Fetch) =>
		request<Page<DutyEvent>>('GET', `/events${qs({ when, cursor })}`, undefined, { fetch: f }),
	getEvent: (id: string, f?: Fetch) => request<DutyEventDetail>('GET', `/events/${enc(id)}`, undefined, { fetch: f }),
	respond: (id: string, response: Exclude<InvitationResponse, 'pending'>, note?: string) =>
		request<DutyEvent>('POST', `/events/${enc(id)}/respond`, note ? { response, note } : { response }),
	checkin: (token: string) => request<CheckinResult>('POST', '/checkin', { token }),

	// Staff: the verification queue, records for deputies, archives and events they run
	queue: (cursor?: string | null, f?: Fetch) =>
		request<Page<ActivityRow>>('GET', `/activities/queue${qs({ cursor, limit: 50 })}`, undefined, { fetch: f }),
	/** Records one activity for each of `deputyIds` (source `staff`). */
	recordForDeputies: (body: ActivityInput & { deputyIds: string[] }, idempotencyKey?: string) =>
		request<{ items: Activity[] }>('POST', '/activities', body, { headers: withKey(idempotencyKey) }),
	verifyActivity: (id: string) => request<Activity>('POST', `/activities/${enc(id)}/verify`),
	returnActivity: (id: string, reason: string) => request<Activity>('POST', `/activities/${enc(id)}/return`, { reason }),
	publishActivity: (id: string) => request<Activity>('POST', `/activities/${enc(id)}/publish`),
	verifyActivities: (ids: string[]) => request<{ verified: number }>('POST', '/activities/verify', { ids }),
	deputyArchive: (deputyId: string, year?: number, f?: Fetch) =>
		request<Archive>('GET', `/archives/${enc(deputyId)}${qs({ year })}`, undefined, { fetch: f }),
	createEvent: (body: EventInput, idempotencyKey?: string) =>
		request<DutyEvent>('POST', '/events', body, { headers: withKey(idempotencyKey) }),
	cancelEvent: (id: string) => request<DutyEvent>('POST', `/events/${enc(id)}/cancel`),
	invite: (id: string, body: { deputyIds?: string[]; groupIds?: string[] }) =>
		request<unknown>('POST', `/events/${enc(id)}/invitations`, body),
	checkinCode: (id: string, f?: Fetch) => request<CheckinCode>('GET', `/events/${enc(id)}/checkin-code`, undefined, { fetch: f }),

	// Public (no session): `quiet` so that no answer ever sends a constituent to the login page.
	publicDeputy: (code: string, f?: Fetch) =>
		request<PublicDeputy>('GET', `/public/deputies/${enc(code)}`, undefined, { fetch: f, quiet: true }),
	publicActivities: (code: string, cursor?: string | null, f?: Fetch) =>
		request<Page<PublicActivity>>('GET', `/public/deputies/${enc(code)}/activities${qs({ cursor, limit: 10 })}`, undefined, {
			fetch: f,
			quiet: true
		})
};

/** The body of `POST /api/v1/events` (staff). */
export interface EventInput {
	kind: DutyEvent['kind'];
	activityKind: string;
	title: string;
	startsAt: string;
	endsAt: string;
	place?: string;
	description?: string;
	deputyIds?: string[];
	groupIds?: string[];
}

/** `GET /api/v1/events/:id/checkin-code`: a short-lived signed check-in link. */
export interface CheckinCode {
	token: string;
	url: string;
	expiresAt: string;
	refreshSeconds: number;
}

/** A fresh Idempotency-Key; `crypto.randomUUID` exists only in secure contexts, hence the fallback. */
export function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type UploadHandle = ApiUploadHandle<StoredFile>;

/**
 * Uploads one file to `POST /api/v1/files` with progress from 0 to 1.
 * @example const { promise } = uploadFile(file, (p) => (progress = p)); const stored = await promise;
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
	return uploadWithProgress<StoredFile>('/api/v1/files', file, onProgress, { credentials: true });
}

/** Today as `YYYY-MM-DD` in the device's time zone (the default day of a new record). */
export function today(): string {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Formats a calendar day (`YYYY-MM-DD`) without shifting it through a time zone. */
export function formatDay(day: string | null | undefined, style: 'medium' | 'long' = 'medium'): string {
	if (!day) return '—';
	const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
	if (Number.isNaN(date.getTime())) return day;
	return new Intl.DateTimeFormat(locale(), { dateStyle: style, timeZone: 'UTC' }).format(date);
}

/** Formats an event's time span: one date with two times when it starts and ends the same day. */
export function formatSpan(startsAt: string, endsAt: string): string {
	const start = new Date(startsAt);
	const end = new Date(endsAt);
	const fmt = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
	const sameDay = start.toDateString() === end.toDateString();
	if (!sameDay) return `${fmt.format(start)} – ${fmt.format(end)}`;
	const time = new Intl.DateTimeFormat(locale(), { timeStyle: 'short' });
	return `${fmt.format(start)} – ${time.format(end)}`;
}

/** The label of a kind key: from the congress's list, else the text after `custom:`. */
export function kindLabel(kinds: { key: string; label: LocalizedText }[], key: string): string {
	const hit = kinds.find((k) => k.key === key);
	if (hit) return localized(hit.label);
	return key.startsWith('custom:') ? key.slice('custom:'.length) : key;
}

const kindColors: Record<string, string> = {
	meeting: '#b91c1c',
	inspection: '#b45309',
	suggestion: '#1d4ed8',
	constituents: '#15803d',
	group: '#7c3aed'
};

/** One colour per standard kind, shared by every chart and bar; custom kinds are slate. */
export function kindColor(key: string): string {
	return kindColors[key] ?? '#475569';
}

/** Formats a byte count as "1.2 MB". */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}

/** Whether a stored file is an image the browser can show inline. */
export function isImage(file: { contentType: string }): boolean {
	return file.contentType.startsWith('image/');
}
