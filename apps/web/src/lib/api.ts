// A small typed client for /api/v1. Every call is same-origin with the session cookie; unsafe
// methods rely on the browser's own Origin header, which the API checks (docs/api.md).

import type {
	Adoption,
	AuditEntry,
	ImportReport,
	Me,
	Module,
	ModuleState,
	Page,
	SessionInfo,
	Tenant,
	TenantLevel,
	TotpSetup
} from './types.ts';

import { error as kitError } from '@sveltejs/kit';

type Fetch = typeof fetch;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An API error parsed from application/problem+json (RFC 9457). */
export class ApiError extends Error {
	readonly status: number;
	/** The last segment of the problem `type`, e.g. `totp-required`, or `network`. */
	readonly slug: string;
	readonly title: string;
	readonly detail: string;
	/** Per-field messages keyed by a dotted path (`newPassword`, `config.maxDays`). */
	readonly fields: Record<string, string>;
	readonly retryAfter: number | null;

	constructor(init: {
		status: number;
		slug: string;
		title?: string;
		detail?: string;
		fields?: Record<string, string>;
		retryAfter?: number | null;
	}) {
		super(init.detail || init.title || init.slug);
		this.name = 'ApiError';
		this.status = init.status;
		this.slug = init.slug;
		this.title = init.title ?? '';
		this.detail = init.detail ?? init.title ?? '';
		this.fields = init.fields ?? {};
		this.retryAfter = init.retryAfter ?? null;
	}

	/** The message for one form field; matches `key` or any path ending in `.key`. */
	field(key: string): string | undefined {
		if (key in this.fields) return this.fields[key];
		const hit = Object.keys(this.fields).find((path) => path.endsWith(`.${key}`));
		return hit ? this.fields[hit] : undefined;
	}
}

/** Normalises a problem `errors[].path` (string, JSON pointer or array) to a dotted path. */
function normalisePath(path: unknown): string {
	if (Array.isArray(path)) {
		return path.map((p) => (typeof p === 'object' && p && 'key' in p ? String(p.key) : String(p))).join('.');
	}
	return String(path ?? '')
		.replace(/^\/|^\$\.?/, '')
		.replaceAll('/', '.');
}

/** Parses a failed response (problem+json or anything else) into an `ApiError`. */
export async function toApiError(response: Response): Promise<ApiError> {
	const retry = Number(response.headers.get('Retry-After'));
	const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
	let body: Record<string, unknown> = {};
	try {
		body = await response.json();
	} catch {
		// A proxy or a crash can answer with HTML; keep the status and carry on.
	}
	const type = typeof body.type === 'string' ? body.type : '';
	const fields: Record<string, string> = {};
	if (Array.isArray(body.errors)) {
		for (const e of body.errors as { path?: unknown; message?: unknown }[]) {
			const path = normalisePath(e.path);
			if (!(path in fields)) fields[path] = String(e.message ?? '');
		}
	}
	return new ApiError({
		status: response.status,
		slug: type ? (type.split('/').pop() ?? 'error') : `http-${response.status}`,
		title: typeof body.title === 'string' ? body.title : response.statusText,
		detail: typeof body.detail === 'string' ? body.detail : undefined,
		fields,
		retryAfter
	});
}

type ErrorListener = (error: ApiError) => void;
let onAuthError: ErrorListener | null = null;

/** Registers the handler for `unauthenticated` and `totp-setup-required` answers. */
export function setAuthErrorHandler(listener: ErrorListener | null) {
	onAuthError = listener;
}

interface RequestOptions {
	fetch?: Fetch;
	headers?: Record<string, string>;
	/** Do not notify the auth error handler (login and the initial `me` probe). */
	quiet?: boolean;
}

/**
 * Sends one request to /api/v1 and returns the parsed JSON (or `undefined` for 204).
 * @example const me = await request<Me>('GET', '/me');
 */
export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
	const doFetch = options.fetch ?? fetch;
	const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	let response: Response;
	try {
		response = await doFetch(`/api/v1${path}`, {
			method,
			headers,
			credentials: 'same-origin',
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		throw new ApiError({ status: 0, slug: 'network' });
	}
	if (!response.ok) {
		const error = await toApiError(response);
		if (!options.quiet && (error.slug === 'unauthenticated' || error.slug === 'totp-setup-required')) {
			onAuthError?.(error);
		}
		throw error;
	}
	if (response.status === 204) return undefined as T;
	const text = await response.text();
	return (text ? JSON.parse(text) : undefined) as T;
}

/** `?a=1&b=x` from the set values of `params` (undefined, null and '' are left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
	}
	const text = search.toString();
	return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

/** The header of a write that a flaky network may retry (the API replays the first answer). */
export const withKey = (key?: string) => (key ? { 'Idempotency-Key': key } : undefined);

/** The verbs of the API, one per endpoint the web app uses. */
export const api = {
	login: (body: { login: string; password: string; totpCode?: string }) =>
		request<Me>('POST', '/auth/login', body, { quiet: true }),
	logout: () => request<void>('POST', '/auth/logout'),
	me: (f?: Fetch) => request<Me>('GET', '/me', undefined, { fetch: f, quiet: true }),
	switchMembership: (membershipId: string) => request<Me>('POST', '/auth/switch', { membershipId }),
	listSessions: () => request<{ items: SessionInfo[] }>('GET', '/auth/sessions'),
	revokeSession: (id: string) => request<void>('DELETE', `/auth/sessions/${enc(id)}`),
	changePassword: (body: { currentPassword: string; newPassword: string }) =>
		request<void>('POST', '/auth/password', body),
	setupTotp: () => request<TotpSetup>('POST', '/auth/totp/setup'),
	confirmTotp: (code: string) => request<void>('POST', '/auth/totp/confirm', { code }),
	disableTotp: (code: string) => request<void>('POST', '/auth/totp/disable', { code }),

	getTenant: (id: string, f?: Fetch) => request<Tenant>('GET', `/tenants/${enc(id)}`, undefined, { fetch: f }),
	listChildren: (id: string, cursor?: string | null, limit = 20) =>
		request<Page<Tenant>>('GET', `/tenants/${enc(id)}/children${query({ cursor, limit })}`),
	searchTenants: (q: string, cursor?: string | null) =>
		request<Page<Tenant>>('GET', `/tenants${query({ q, cursor })}`),
	createTenant: (body: { parentId: string; code: string; name: string; level: TenantLevel }) =>
		request<Tenant>('POST', '/tenants', body),
	retireTenant: (id: string) => request<Tenant>('POST', `/tenants/${enc(id)}/retire`),
	fillTenant: (id: string) => request<{ created: number; tenant: Tenant }>('POST', `/tenants/${enc(id)}/provision`),

	listModules: (f?: Fetch) => request<{ items: Module[] }>('GET', '/modules', undefined, { fetch: f }),
	setModuleState: (key: string, body: { state: ModuleState; locked?: boolean }) =>
		request<Module>('PUT', `/modules/${enc(key)}`, body),
	setModuleConfig: (key: string, config: Record<string, unknown>) =>
		request<Module>('PUT', `/modules/${enc(key)}/config`, { config }),

	importAccounts: (csv: string, dryRun: boolean, idempotencyKey?: string) =>
		request<ImportReport>('POST', '/imports/accounts', { csv, dryRun }, {
			headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined
		}),

	listAudit: (params: { action?: string; cursor?: string | null }, f?: Fetch) =>
		request<Page<AuditEntry>>('GET', `/audit${query(params)}`, undefined, { fetch: f }),

	adoption: (f?: Fetch) => request<Adoption>('GET', '/insights/adoption', undefined, { fetch: f })
};

/**
 * Awaits API data inside a `load` function, turning an API error into a SvelteKit HTTP error so
 * the nearest +error page shows the API's own `detail` (403, 404 `module-disabled`, …).
 * @example export const load = () => ({ modules: loadData(api.listModules()) });
 */
export async function loadData<T>(promise: Promise<T>): Promise<T> {
	try {
		return await promise;
	} catch (e) {
		if (e instanceof ApiError) kitError(e.status >= 400 ? e.status : 503, e.detail || e.slug);
		throw e;
	}
}

/** A running upload: its answer, and a way to stop it. */
export interface UploadHandle<T> {
	promise: Promise<T>;
	abort: () => void;
}

/**
 * Uploads one file as multipart field `file` with XMLHttpRequest, whose upload events (unlike
 * fetch) report progress: `onProgress` receives a fraction from 0 to 1. Failures reject with an
 * ApiError (`network`, `aborted`, or the API's problem).
 * @example const { promise } = uploadWithProgress<StoredFile>('/api/v1/files', file, (p) => (progress = p));
 */
export function uploadWithProgress<T>(url: string, file: File, onProgress: (fraction: number) => void, options: { credentials?: boolean } = {}): UploadHandle<T> {
	const xhr = new XMLHttpRequest();
	const promise = new Promise<T>((resolve, reject) => {
		xhr.open('POST', url);
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.withCredentials = options.credentials ?? false;
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable && e.total > 0) onProgress(Math.min(1, e.loaded / e.total));
		};
		xhr.onerror = () => reject(new ApiError({ status: 0, slug: 'network' }));
		xhr.onabort = () => reject(new ApiError({ status: 0, slug: 'aborted' }));
		xhr.onload = async () => {
			if (xhr.status >= 200 && xhr.status < 300) {
				onProgress(1);
				resolve(JSON.parse(xhr.responseText) as T);
				return;
			}
			const headers = new Headers({ 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'text/plain' });
			const retry = xhr.getResponseHeader('Retry-After');
			if (retry) headers.set('Retry-After', retry);
			reject(await toApiError(new Response(xhr.responseText || null, { status: xhr.status, headers })));
		};
		const form = new FormData();
		form.append('file', file, file.name);
		xhr.send(form);
	});
	return { promise, abort: () => xhr.abort() };
}
