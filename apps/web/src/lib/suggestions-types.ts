// Shapes of the suggestions API (docs/api.md "## Motions and suggestions"): sessions, categories,
// motions and suggestions with their signers, assignments and timeline, search, statistics,
// topics, supervision subjects and the public list of published replies.

import type { TenantLevel } from './types.ts';

export type SuggestionKind = 'motion' | 'suggestion';
export type SuggestionState = 'draft' | 'submitted' | 'returned' | 'accepted' | 'assigned' | 'signed' | 'replied' | 'closed' | 'merged' | 'withdrawn';
export type SuggestionDueStep = 'review' | 'sign' | 'reply' | 'rate';
/** A solved or adopted, B being solved or planned, C explained. */
export type ReplyCategory = 'A' | 'B' | 'C';
/** 1 satisfied (满意), 2 basically satisfied (基本满意), 3 unsatisfied (不满意). */
export type SuggestionRating = 1 | 2 | 3;
export type SuggestionView = 'mine' | 'invited' | 'review' | 'unit' | 'supervised' | 'overdue' | 'all';
export type Tier = 'province' | 'city' | 'county' | 'township';

export type SuggestionAction =
	| 'invite' | 'cosign' | 'submit' | 'withdraw'
	| 'accept' | 'return' | 'merge' | 'convert'
	| 'assign' | 'reassign'
	| 'sign' | 'request-reassign' | 'opinion' | 'reply'
	| 'rate' | 'supervise' | 'publish' | 'urge' | 'note';

export interface SuggestionSession {
	id: string;
	tenantId: string;
	name: string;
	year: number;
	kind: 'congress' | 'interim';
	startsOn: string;
	endsOn: string | null;
	state: 'open' | 'closed';
	motionCount: number;
	suggestionCount: number;
}

export interface SuggestionCategory {
	id: string;
	tenantId: string;
	tenantName: string;
	parentId: string | null;
	name: string;
	position: number;
	/** Of the active congress (editable), not inherited. */
	own: boolean;
	children: SuggestionCategory[];
}

export interface SuggestionItem {
	id: string;
	tenantId: string;
	tenantName: string;
	kind: SuggestionKind;
	number: number | null;
	numberLabel: string | null;
	sessionId: string | null;
	sessionName: string | null;
	title: string;
	categoryId: string | null;
	categoryName: string | null;
	urgent: boolean;
	key: boolean;
	state: SuggestionState;
	round: number;
	dueStep: SuggestionDueStep | null;
	dueAt: string | null;
	overdue: boolean;
	replyCategory: ReplyCategory | null;
	rating: SuggestionRating | null;
	leadAuthor: { userId: string; name: string };
	signerCount: number;
	leadUnit: { id: string; name: string } | null;
	submittedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface SuggestionSigner {
	userId: string;
	deputyId: string | null;
	name: string;
	role: 'author' | 'cosigner';
	state: 'invited' | 'signed' | 'declined';
	respondedAt: string | null;
}

export interface SuggestionAssignment {
	unitId: string;
	unitName: string;
	round: number;
	role: 'lead' | 'co';
	state: 'assigned' | 'signed' | 'replied' | 'reassign' | 'withdrawn';
	assignedAt: string;
	signDueAt: string | null;
	signedAt: string | null;
	replyDueAt: string | null;
	repliedAt: string | null;
	reply: string | null;
	replyCategory: ReplyCategory | null;
	reassignReason: string | null;
	publicAgreed: boolean;
	rating: SuggestionRating | null;
	ratingComment: string | null;
	ratedAt: string | null;
}

export interface SuggestionFile {
	id: string;
	name: string;
	contentType: string;
	size: number;
	url: string;
	thumbUrl: string | null;
	stage: 'draft' | 'reply';
	unitId: string | null;
}

export interface SuggestionEvent {
	seq: number;
	kind: string;
	actorName: string;
	note: string;
	data: Record<string, unknown>;
	createdAt: string;
}

/** What the caller may do now; `unitIds` are the caller's units that can act on it. */
export interface SuggestionCan {
	update: boolean;
	submit: boolean;
	withdraw: boolean;
	invite: boolean;
	cosign: boolean;
	review: boolean;
	assign: boolean;
	reassign: boolean;
	process: boolean;
	unitIds: string[];
	rate: boolean;
	supervise: boolean;
	publish: boolean;
	urge: boolean;
	note: boolean;
}

export interface Suggestion extends SuggestionItem {
	body: string;
	source: 'scratch' | 'case' | 'group';
	sourceCaseId: string | null;
	sourceTicket: string | null;
	groupId: string | null;
	groupName: string | null;
	publicAgreed: boolean;
	publishedAt: string | null;
	mergedInto: string | null;
	keywords: string[];
	supervisor: { kind: 'committee' | 'leader'; userId: string | null; name: string } | null;
	signers: SuggestionSigner[];
	assignments: SuggestionAssignment[];
	files: SuggestionFile[];
	events: SuggestionEvent[];
	can: SuggestionCan;
}

export interface SuggestionInput {
	kind: SuggestionKind;
	title?: string;
	body?: string;
	categoryId?: string | null;
	sessionId?: string | null;
	urgent?: boolean;
	source?: 'scratch' | 'case' | 'group';
	sourceCaseId?: string | null;
	groupId?: string | null;
	authorUserIds?: string[];
	cosignerUserIds?: string[];
	fileIds?: string[];
	publicAgreed?: boolean;
}

export interface SuggestionSearchParams {
	q?: string;
	tenantId?: string;
	tier?: Tier;
	sessionId?: string;
	kind?: SuggestionKind;
	categoryId?: string;
	unitId?: string;
	/** Comma-separated states. */
	state?: string;
	rating?: SuggestionRating;
	year?: number;
	order?: 'rank' | 'recent';
	cursor?: string | null;
	limit?: number;
}

export interface SuggestionHit extends SuggestionItem {
	rank: number;
	/** The body around the matched words, with the words in <mark>…</mark> (the rest escaped). */
	headline: string;
}

export interface SuggestionSearchResult {
	items: SuggestionHit[];
	total: number | null;
	nextCursor: string | null;
	/** The words the query was cut into. */
	tokens: string[];
}

export interface SuggestionFigures {
	total: number;
	motions: number;
	suggestions: number;
	accepted: number;
	assigned: number;
	replied: number;
	closed: number;
	overdue: number;
	rated: number;
	satisfied: number;
	signOnTimeRate: number | null;
	replyOnTimeRate: number | null;
	satisfactionRate: number | null;
}

export interface UnitFigures {
	unitId: string;
	name: string;
	tenantName: string;
	assigned: number;
	signed: number;
	signedOnTime: number;
	replied: number;
	repliedOnTime: number;
	rated: number;
	satisfied: number;
	signOnTimeRate: number | null;
	replyOnTimeRate: number | null;
	satisfactionRate: number | null;
}

export interface SuggestionStats {
	totals: SuggestionFigures;
	tenants: ({ tenantId: string; name: string; level: TenantLevel } & SuggestionFigures)[];
	byLevel: ({ level: TenantLevel } & SuggestionFigures)[];
	units: UnitFigures[];
	byCategory: { categoryId: string | null; name: string; total: number }[];
	byReplyCategory: Record<ReplyCategory, number>;
}

export interface SuggestionTopic {
	keyword: string;
	total: number;
	recent: number;
	previous: number;
	growth: number | null;
	series: number[];
}

export interface SuggestionTopics {
	months: string[];
	topics: SuggestionTopic[];
	rising: SuggestionTopic[];
}

export interface SupervisionSubject {
	id: string;
	tenantId: string;
	title: string;
	description: string;
	keywords: string[];
	year: number;
	source: 'topic' | 'manual';
	state: 'open' | 'closed';
	createdAt: string;
	matches: number;
}

export interface PublicSuggestion {
	id: string;
	kind: SuggestionKind;
	numberLabel: string;
	sessionName: string;
	title: string;
	body: string;
	categoryName: string;
	unitName: string;
	reply: string;
	replyCategory: ReplyCategory;
	repliedAt: string;
	publishedAt: string;
}

/** `GET /api/v1/suggestions` filters (docs/api.md "### Suggestions"). */
export interface SuggestionListQuery {
	view?: SuggestionView;
	state?: SuggestionState | '';
	kind?: SuggestionKind | '';
	sessionId?: string;
	tenantId?: string;
	cursor?: string | null;
	limit?: number;
}

/** `PATCH /api/v1/suggestions/:id`: absent fields keep their value; signers change through /invite. */
export interface SuggestionUpdateInput {
	kind?: SuggestionKind;
	title?: string;
	body?: string;
	categoryId?: string | null;
	sessionId?: string | null;
	urgent?: boolean;
	fileIds?: string[];
	publicAgreed?: boolean;
}
