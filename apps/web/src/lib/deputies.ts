// The registry client: terms, delegation groups, stations, seats, the CSV import and the
// evaluation (docs/api.md, "Deputies" and "Duties"). Same-origin requests
// through #lib/api.ts, so problem+json errors arrive as ApiError.

import { request } from './api.ts';
import type {
	Deputy,
	DeputyCreate,
	DeputyPatch,
	DeputyQuery,
	DeputySummary,
	Evaluation,
	Group,
	Rollup,
	Station,
	Term
} from './deputies-types.ts';
import type { ImportReport, Page } from './types.ts';

type Fetch = typeof fetch;
const enc = encodeURIComponent;

/** Builds `?a=1&b=2`, leaving out empty values. */
function toQuery(params: Record<string, string | number | null | undefined>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
	}
	const text = search.toString();
	return text ? `?${text}` : '';
}

const get = <T>(path: string, f?: Fetch) => request<T>('GET', path, undefined, { fetch: f });

/** The verbs of the registry: one per endpoint the staff pages use. */
export const deputiesApi = {
	listTerms: (f?: Fetch) => get<{ items: Term[] }>('/terms', f),
	createTerm: (body: { number: number; startsOn: string; endsOn?: string | null }) => request<Term>('POST', '/terms', body),
	updateTerm: (id: string, body: { endsOn: string | null }) => request<Term>('PATCH', `/terms/${enc(id)}`, body),

	listGroups: (f?: Fetch) => get<{ items: Group[] }>('/groups', f),
	createGroup: (body: { name: string; description?: string }) => request<Group>('POST', '/groups', body),
	updateGroup: (id: string, body: { name?: string; description?: string }) => request<Group>('PATCH', `/groups/${enc(id)}`, body),
	deleteGroup: (id: string) => request<void>('DELETE', `/groups/${enc(id)}`),

	listStations: (f?: Fetch) => get<{ items: Station[] }>('/stations', f),
	createStation: (body: StationInput) => request<Station>('POST', '/stations', body),
	updateStation: (id: string, body: Partial<StationInput>) => request<Station>('PATCH', `/stations/${enc(id)}`, body),
	deleteStation: (id: string) => request<void>('DELETE', `/stations/${enc(id)}`),

	listDeputies: (params: DeputyQuery, f?: Fetch) => get<Page<DeputySummary>>(`/deputies${toQuery({ ...params })}`, f),
	getDeputy: (id: string, f?: Fetch) => get<Deputy>(`/deputies/${enc(id)}`, f),
	createDeputy: (body: DeputyCreate) => request<Deputy>('POST', '/deputies', body),
	updateDeputy: (id: string, body: DeputyPatch) => request<Deputy>('PATCH', `/deputies/${enc(id)}`, body),
	qrUrl: (id: string) => `/api/v1/deputies/${enc(id)}/qr.svg`,

	importDeputies: (csv: string, dryRun: boolean, idempotencyKey: string) =>
		request<ImportReport>('POST', '/imports/deputies', { csv, dryRun }, { headers: { 'Idempotency-Key': idempotencyKey } }),

	evaluation: (params: { year?: number; groupId?: string; cursor?: string | null; limit?: number }, f?: Fetch) =>
		get<Evaluation>(`/evaluation${toQuery(params)}`, f),
	rollup: (year?: number, f?: Fetch) => get<Rollup>(`/evaluation/rollup${toQuery({ year })}`, f)
};

export interface StationInput {
	name: string;
	address: string;
	phone?: string;
	openHours?: string;
}

/**
 * Reads every page of the deputies list (for QR cards and pickers), stopping at `max` rows.
 * @example const all = await listAllDeputies({ groupId });
 */
export async function listAllDeputies(params: DeputyQuery, max = 2000): Promise<DeputySummary[]> {
	const rows: DeputySummary[] = [];
	let cursor: string | null = null;
	do {
		const page: Page<DeputySummary> = await deputiesApi.listDeputies({ ...params, cursor, limit: 100 });
		rows.push(...page.items);
		cursor = page.nextCursor;
	} while (cursor && rows.length < max);
	return rows;
}

/**
 * Reads the whole ranking of a year (every page), for the distribution chart and the table;
 * a congress has at most a few hundred deputies.
 * @example const { rules, items } = await evaluationAll({ year: 2026 });
 */
export async function evaluationAll(params: { year?: number; groupId?: string }, max = 3000): Promise<Evaluation> {
	const first = await deputiesApi.evaluation({ ...params, limit: 100 });
	const items = [...first.items];
	let cursor = first.nextCursor;
	while (cursor && items.length < max) {
		const page = await deputiesApi.evaluation({ ...params, cursor, limit: 100 });
		items.push(...page.items);
		cursor = page.nextCursor;
	}
	return { ...first, items, nextCursor: cursor };
}
