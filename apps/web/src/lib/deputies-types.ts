// Shapes of the registry and evaluation parts of the API (docs/api.md, "Deputies" and the
// evaluation part of "Duties"). Seats, archives, activities and events are typed in
// duties-types.ts and re-exported here where the registry pages need them.

import type { DeputySector as Sector, DeputyStatus, DeputySummary, ScoringRules } from './duties-types.ts';
import type { TenantLevel } from './types.ts';

export type { Archive, ActivityKind, DeputySector as Sector, DeputyStatus, DeputySummary, ScoringRules, StoredFile } from './duties-types.ts';
export type Gender = 'male' | 'female';

export const deputyStatuses: DeputyStatus[] = ['serving', 'resigned', 'removed'];
export const sectors: Sector[] = ['worker', 'farmer', 'professional', 'official', 'business', 'military', 'other'];
export const genders: Gender[] = ['male', 'female'];

export interface Term {
	id: string;
	tenantId: string;
	number: number;
	startsOn: string;
	endsOn: string | null;
	current: boolean;
}

export interface Group {
	id: string;
	tenantId: string;
	name: string;
	description: string;
	deputies: number;
}

export interface Station {
	id: string;
	tenantId: string;
	tenantName: string;
	name: string;
	address: string;
	phone: string | null;
	openHours: string | null;
	publicCode: string;
	deputies: number;
}

export interface Deputy extends DeputySummary {
	username: string;
	/** Raw in the own tenant, masked (`138****5678`) above it. */
	phone: string | null;
	gender: Gender | null;
	party: string | null;
	workplace: string | null;
	bio: string | null;
	electedOn: string | null;
	leftOn: string | null;
	statusNote: string | null;
	photoFileId: string | null;
	publicUrl: string | null;
}

/** Fields a staff member may set on a seat (`POST` and `PATCH /api/v1/deputies`). */
export interface DeputyFields {
	constituency?: string;
	groupId?: string | null;
	sector?: Sector | null;
	stationId?: string | null;
	gender?: Gender | null;
	party?: string;
	workplace?: string;
	bio?: string;
	photoFileId?: string | null;
	electedOn?: string | null;
}

export interface DeputyCreate extends DeputyFields {
	userId?: string;
	account?: { username: string; displayName: string; phone?: string };
	termId: string;
}

export interface DeputyPatch extends DeputyFields {
	status?: DeputyStatus;
	leftOn?: string | null;
	statusNote?: string;
}

export interface DeputyQuery {
	q?: string;
	termId?: string;
	groupId?: string;
	status?: string;
	level?: string;
	tenantId?: string;
	cursor?: string | null;
	limit?: number;
}

export interface EvaluationRow {
	rank: number;
	groupRank: number | null;
	deputyId: string;
	displayName: string;
	groupName: string | null;
	counts: Record<string, number>;
	score: number;
}

export interface Evaluation {
	year: number;
	rules: ScoringRules;
	items: EvaluationRow[];
	nextCursor: string | null;
}

export interface RollupRow {
	tenantId: string;
	name: string;
	level: TenantLevel;
	deputies: number;
	active: number;
	mean: number;
	p25: number;
	median: number;
	p75: number;
	max: number;
	histogram: number[];
}

export interface Rollup {
	year: number;
	tenants: RollupRow[];
}
