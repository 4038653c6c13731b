// Typed client for the staff and analysis side of the suggestions API (docs/api.md "## Motions
// and suggestions"): the staff lists and urging, the database search and its export (streamed,
// with progress), statistics, hot topics, supervision subjects, sessions and categories, and the
// public list of published replies; plus the labels the staff pages share.

import { ApiError, request, query as qs, toApiError } from './api.ts';
import { locale, m, toPercent } from './i18n.ts';
import type {
	PublicSuggestion,
	ReplyCategory,
	Suggestion,
	SuggestionCategory,
	SuggestionDueStep,
	SuggestionItem,
	SuggestionKind,
	SuggestionSearchParams,
	SuggestionSearchResult,
	SuggestionSession,
	SuggestionState,
	SuggestionStats,
	SuggestionTopics,
	SuggestionView,
	SupervisionSubject,
	Tier
} from './suggestions-types.ts';
import type { Page } from './types.ts';
import { allStates } from './suggestions.ts';

type Fetch = typeof fetch;
const enc = encodeURIComponent;

/** Filters of `GET /suggestions` (the lifecycle lists). */
export interface SuggestionListParams {
	view?: SuggestionView;
	state?: SuggestionState | '';
	kind?: SuggestionKind | '';
	sessionId?: string;
	tenantId?: string;
	cursor?: string | null;
	limit?: number;
}

export interface SessionInput {
	name: string;
	year: number;
	kind: 'congress' | 'interim';
	startsOn: string;
	endsOn?: string | null;
}
export type SessionPatch = Partial<{ name: string; endsOn: string | null; state: 'open' | 'closed' }>;
export interface SubjectInput {
	title: string;
	description?: string;
	keywords: string[];
	year: number;
	source?: 'topic' | 'manual';
}
export type SubjectPatch = Partial<{ title: string; description: string; keywords: string[]; state: 'open' | 'closed' }>;

export interface PublicSuggestionPage {
	tenant: { code: string; name: string };
	items: PublicSuggestion[];
	nextCursor: string | null;
}

/** The search filters as query parameters (shared by the search and the export). */
function searchQuery(params: SuggestionSearchParams & { format?: string }): string {
	return qs({ ...params });
}

/** The verbs of the suggestions API used by the staff, analysis and public pages. */
export const suggAnalysis = {
	list: (params: SuggestionListParams, f?: Fetch) => request<Page<SuggestionItem>>('GET', `/suggestions${qs({ ...params })}`, undefined, { fetch: f }),
	urge: (id: string, note = '') => request<Suggestion>('POST', `/suggestions/${enc(id)}/urge`, { note }),

	search: (params: SuggestionSearchParams, f?: Fetch) =>
		request<SuggestionSearchResult>('GET', `/suggestions/search${searchQuery(params)}`, undefined, { fetch: f }),
	stats: (params: { tenantId?: string; year?: number | ''; sessionId?: string }, f?: Fetch) =>
		request<SuggestionStats>('GET', `/suggestions/stats${qs(params)}`, undefined, { fetch: f }),
	topics: (params: { tenantId?: string; months?: number; limit?: number }, f?: Fetch) =>
		request<SuggestionTopics>('GET', `/suggestions/topics${qs(params)}`, undefined, { fetch: f }),

	subjects: (year: number | undefined, f?: Fetch) =>
		request<{ items: SupervisionSubject[] }>('GET', `/supervision-subjects${qs({ year })}`, undefined, { fetch: f }),
	createSubject: (body: SubjectInput) => request<SupervisionSubject>('POST', '/supervision-subjects', body),
	updateSubject: (id: string, body: SubjectPatch) => request<SupervisionSubject>('PATCH', `/supervision-subjects/${enc(id)}`, body),

	sessions: (f?: Fetch) => request<{ items: SuggestionSession[] }>('GET', '/suggestion-sessions', undefined, { fetch: f }),
	createSession: (body: SessionInput) => request<SuggestionSession>('POST', '/suggestion-sessions', body),
	updateSession: (id: string, body: SessionPatch) => request<SuggestionSession>('PATCH', `/suggestion-sessions/${enc(id)}`, body),

	categories: (f?: Fetch) => request<{ items: SuggestionCategory[] }>('GET', '/suggestion-categories', undefined, { fetch: f }),
	createCategory: (body: { name: string; parentId?: string | null; position?: number }) =>
		request<SuggestionCategory>('POST', '/suggestion-categories', body),
	updateCategory: (id: string, body: { name?: string; position?: number }) =>
		request<SuggestionCategory>('PATCH', `/suggestion-categories/${enc(id)}`, body),
	deleteCategory: (id: string) => request<void>('DELETE', `/suggestion-categories/${enc(id)}`),

	/** Published replies of a congress; `quiet` so that no answer sends a visitor to the login page. */
	publicList: (code: string, cursor?: string | null, f?: Fetch) =>
		request<PublicSuggestionPage>('GET', `/public/suggestions/${enc(code)}${qs({ cursor, limit: 20 })}`, undefined, { fetch: f, quiet: true })
};

// ---------------------------------------------------------------------------------------------
// Export: a streamed download with progress

export interface ExportProgress {
	bytes: number;
	/** Lines received so far (CSV only; an XLSX file is compressed and has no visible rows). */
	rows: number | null;
	/** The announced size, when the server sends one. */
	total: number | null;
}

export interface ExportFile {
	blob: Blob;
	name: string;
	rows: number | null;
}

/** The file name from `Content-Disposition` (RFC 6266 `filename*` first), else a default. */
function fileName(header: string | null, fallback: string): string {
	if (!header) return fallback;
	const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// A malformed escape: fall through to the plain name.
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
	return plain ? plain[1].trim() : fallback;
}

/**
 * Downloads an export of the search with fetch and reads the body chunk by chunk, so the page can
 * show bytes (and, for CSV, rows) as they arrive; the API's problem (e.g. 422 exportTooLarge)
 * rejects as an ApiError. Abort with `signal`.
 * @example const file = await downloadExport({ q: '停车' }, 'csv', (p) => (progress = p));
 */
export async function downloadExport(
	params: SuggestionSearchParams,
	format: 'xlsx' | 'csv',
	onProgress: (progress: ExportProgress) => void,
	signal?: AbortSignal
): Promise<ExportFile> {
	const { cursor: _cursor, limit: _limit, ...filters } = params;
	let response: Response;
	try {
		response = await fetch(`/api/v1/suggestions/export${searchQuery({ ...filters, format })}`, { credentials: 'same-origin', signal });
	} catch (e) {
		if (signal?.aborted) throw new ApiError({ status: 0, slug: 'aborted' });
		throw new ApiError({ status: 0, slug: 'network', detail: e instanceof Error ? e.message : undefined });
	}
	if (!response.ok) throw await toApiError(response);
	const announced = Number(response.headers.get('Content-Length'));
	const total = Number.isFinite(announced) && announced > 0 ? announced : null;
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	let bytes = 0;
	let lines = 0;
	const reader = response.body?.getReader();
	if (reader) {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				chunks.push(value as Uint8Array<ArrayBuffer>);
				bytes += value.byteLength;
				if (format === 'csv') for (const b of value) if (b === 10) lines++;
				onProgress({ bytes, rows: format === 'csv' ? Math.max(0, lines - 1) : null, total });
			}
		} catch {
			throw new ApiError({ status: 0, slug: signal?.aborted ? 'aborted' : 'network' });
		}
	} else {
		const buffer = new Uint8Array(await response.arrayBuffer());
		chunks.push(buffer);
		bytes = buffer.byteLength;
	}
	const type = response.headers.get('Content-Type') ?? (format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	const rows = format === 'csv' ? Math.max(0, lines - 1) : null;
	onProgress({ bytes, rows, total });
	const day = new Date().toISOString().slice(0, 10);
	return { blob: new Blob(chunks, { type }), name: fileName(response.headers.get('Content-Disposition'), `suggestions-${day}.${format}`), rows };
}

/** Hands a downloaded blob to the browser as a file. */
export function saveBlob(file: ExportFile) {
	const url = URL.createObjectURL(file.blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = file.name;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "1.2 MB", "350 KB". */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

// ---------------------------------------------------------------------------------------------
// Labels: the lifecycle client's, under the names the staff pages use.

export {
	allStates as suggestionStates, kindLabel as kindName, numberText, ratingLabel as ratingName, replyCategoryLabel as replyCategoryName,
	stateLabel as stateName, stateTone, stepLabel as stepName
} from './suggestions.ts';

/** The states staff filter by (drafts are only ever visible to their signers). */
export const staffStates: SuggestionState[] = allStates.filter((s) => s !== 'draft');
export const replyCategories: ReplyCategory[] = ['A', 'B', 'C'];
export const replyColors: Record<ReplyCategory, string> = { A: '#15803d', B: '#1d4ed8', C: '#92400e' };

export const tiers: Tier[] = ['province', 'city', 'county', 'township'];

/** "82.5%", or "—" without data. */
export function pct(rate: number | null | undefined): string {
	return rate === null || rate === undefined ? '—' : `${toPercent(rate)}%`;
}

/** How long past a deadline, coarsely: "12 天", "5 小时", "20 分钟". */
export function formatLate(ms: number): string {
	const minutes = Math.floor(Math.abs(ms) / 60_000);
	const hours = Math.floor(minutes / 60);
	const days = Math.floor(hours / 24);
	if (days > 0) return m.suggstaff_span_days({ days });
	if (hours > 0) return m.suggstaff_span_hours({ hours });
	return m.suggstaff_span_minutes({ minutes: Math.max(1, minutes) });
}

/** "2026-03-05". */
export function formatDay(iso: string | null | undefined): string {
	if (!iso) return '—';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}


/** The categories of a tree as flat options, children indented under their parent. */
export function flattenCategories(tree: SuggestionCategory[], depth = 0): { id: string; name: string; depth: number; category: SuggestionCategory }[] {
	return tree.flatMap((c) => [{ id: c.id, name: c.name, depth, category: c }, ...flattenCategories(c.children ?? [], depth + 1)]);
}

/** The current year and the few before it, for year filters. */
export function recentYears(count = 6): number[] {
	const year = new Date().getFullYear();
	return Array.from({ length: count }, (_, i) => year - i);
}
