// Shapes of the deputies and duties API (docs/api.md: Files, Deputies — Public, Duties, Events and
// check-in). Kept beside types.ts until @renda/contracts exports them.

import type { LocalizedText, TenantLevel } from './types.ts';

/** A standard kind (`meeting`, `inspection`, `suggestion`, `constituents`, `group`) or `custom:<label>`. */
export type ActivityKindKey = string;
export type ActivityState = 'draft' | 'submitted' | 'returned' | 'verified' | 'published';
export type ActivitySource = 'self' | 'staff' | 'event';

/** An uploaded file (`POST /api/v1/files`). Named so it does not shadow the DOM `File`. */
export interface StoredFile {
	id: string;
	tenantId: string;
	contentType: string;
	size: number;
	width: number | null;
	height: number | null;
	originalName: string;
	url: string;
	thumbUrl: string | null;
}

export interface ActivityKind {
	key: ActivityKindKey;
	label: LocalizedText;
	custom: boolean;
}

interface ActivityBase {
	id: string;
	tenantId: string;
	deputyId: string;
	deputyName: string;
	groupName: string | null;
	kind: ActivityKindKey;
	title: string;
	/** A calendar day, `YYYY-MM-DD`. */
	occurredOn: string;
	place: string;
	description: string;
	participants: string;
	source: ActivitySource;
	eventId: string | null;
	state: ActivityState;
	returnReason: string | null;
	submittedAt: string | null;
	reviewedAt: string | null;
	publishedAt: string | null;
	createdAt: string;
}

/** `GET /api/v1/activities/:id`: one activity with its evidence. */
export interface Activity extends ActivityBase {
	files: StoredFile[];
}

/** A row of `GET /api/v1/activities`: without files, with their number. */
export interface ActivityRow extends ActivityBase {
	fileCount: number;
}

/** The body of `POST /api/v1/activities` (a deputy's own record) and `PATCH /api/v1/activities/:id`. */
export interface ActivityInput {
	kind: ActivityKindKey;
	title: string;
	occurredOn: string;
	place?: string;
	description?: string;
	participants?: string;
	fileIds?: string[];
	submit?: boolean;
}

export type DeputySector = 'worker' | 'farmer' | 'professional' | 'official' | 'business' | 'military' | 'other';
export type DeputyStatus = 'serving' | 'resigned' | 'removed';

export interface DeputySummary {
	id: string;
	tenantId: string;
	tenantName: string;
	userId: string;
	displayName: string;
	publicCode: string;
	level: TenantLevel;
	termId: string;
	termNumber: number;
	groupId: string | null;
	groupName: string | null;
	stationId: string | null;
	stationName: string | null;
	sector: DeputySector;
	status: DeputyStatus;
	constituency: string;
	photoUrl: string | null;
}

export interface ScoringRules {
	weights: Record<string, number>;
	caps: Record<string, number>;
	custom: { weight: number; cap: number };
	annualCap: number;
}

/** `GET /api/v1/archives/mine`: one person's file for one term (一人一档、一任一册). */
export interface Archive {
	deputy: DeputySummary;
	term: { number: number; startsOn: string; endsOn: string | null };
	total: number;
	byKind: Record<ActivityKindKey, number>;
	byYear: { year: number; byKind: Record<ActivityKindKey, number>; total: number }[];
	contributions: { module: string; label: LocalizedText; count: number }[];
	score: { year: number; value: number; rules: ScoringRules };
}

export type EventKind = 'inspection' | 'group' | 'training' | 'meeting' | 'constituents';
export type EventState = 'scheduled' | 'cancelled' | 'closed';
export type InvitationResponse = 'pending' | 'accepted' | 'declined';

export interface DutyEvent {
	id: string;
	tenantId: string;
	kind: EventKind;
	activityKind: ActivityKindKey;
	title: string;
	startsAt: string;
	endsAt: string;
	place: string;
	description: string;
	state: EventState;
	counts: { invited: number; accepted: number; declined: number; checkedIn: number };
	/** The caller's own invitation, for a deputy. */
	mine?: { response: InvitationResponse; checkedInAt: string | null } | null;
}

export interface Invitation {
	deputyId: string;
	displayName: string;
	groupName: string | null;
	response: InvitationResponse;
	respondedAt: string | null;
	checkedInAt: string | null;
	walkIn: boolean;
}

/** `GET /api/v1/events/:id`: a deputy sees only their own invitation. */
export interface DutyEventDetail extends DutyEvent {
	invitations: Invitation[];
}

/** `POST /api/v1/checkin`. */
export interface CheckinResult {
	event: { id: string; title: string; tenantName: string };
	activity: Activity;
	alreadyCheckedIn: boolean;
}

/** `GET /api/v1/public/deputies/:code`: what a constituent sees after scanning a deputy's code. */
export interface PublicDeputy {
	code: string;
	displayName: string;
	tenant: { code: string; name: string; level: TenantLevel };
	level: TenantLevel;
	termNumber: number;
	groupName: string | null;
	station: { name: string; address: string; phone?: string | null; openHours: string } | null;
	constituency: string;
	sector: DeputySector;
	workplace: string;
	party: string;
	gender: 'male' | 'female' | '';
	bio: string;
	photoUrl: string | null;
	status: DeputyStatus;
	summary: { total: number; byKind: Record<ActivityKindKey, number>; byYear: { year: number; total: number }[] };
	kinds: { key: ActivityKindKey; label: LocalizedText }[];
}

export interface PublicActivity {
	id: string;
	kind: ActivityKindKey;
	title: string;
	occurredOn: string;
	place: string;
	description: string;
	photos: { url: string; thumbUrl: string | null }[];
}
