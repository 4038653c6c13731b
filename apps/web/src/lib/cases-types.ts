// Shapes of the cases API (docs/api.md "## Cases"): scenarios, cases with their timeline and
// assignments, the public submission and ticket views, the calendar, notifications, webhooks and
// integration keys. Kept beside types.ts until @renda/contracts exports them.

import type { LocalizedText, TenantLevel } from './types.ts';
import type { StoredFile } from './duties-types.ts';

export type CaseState = 'submitted' | 'accepted' | 'transferred' | 'signed' | 'replied' | 'closed' | 'rated' | 'merged';
/** The steps a deadline can be set on, in order. */
export type CaseStep = 'accept' | 'sign' | 'reply' | 'close' | 'rate';
/** 1 satisfied (满意), 2 basically satisfied (基本满意), 3 unsatisfied (不满意). */
export type CaseRating = 1 | 2 | 3;
export type CaseSource = 'public' | 'deputy';
export type CaseView = 'inbox' | 'unit' | 'all' | 'overdue' | 'mine';
export type CaseEventKind =
	| 'submitted'
	| 'accepted'
	| 'answered'
	| 'transferred'
	| 'signed'
	| 'opinion'
	| 'replied'
	| 'returned'
	| 'closed'
	| 'rated'
	| 'reopened'
	| 'merged'
	| 'converted'
	| 'urged'
	| 'overdue'
	| 'escalated'
	| 'note';
export type CaseActorKind = 'user' | 'public' | 'system' | 'integration';
/** The body of POST /api/v1/cases/:id/<action>. */
export type CaseAction =
	| 'accept'
	| 'answer'
	| 'transfer'
	| 'sign'
	| 'reply'
	| 'opinion'
	| 'return'
	| 'close'
	| 'merge'
	| 'convert'
	| 'urge'
	| 'note'
	| 'rate';

// ---------------------------------------------------------------------------------------------
// Scenarios

export type ScenarioSubmitter = 'public' | 'deputy';
export type ScenarioTriage = 'deputy' | 'staff' | 'auto';
export type ScenarioLocation = 'none' | 'optional' | 'required';
export type ScenarioChannel = 'inapp' | 'sms' | 'wechat' | 'email';
export type ScenarioFieldType = 'text' | 'textarea' | 'number' | 'date' | 'select';

export interface TimeLimit {
	amount: number;
	unit: 'workingDays' | 'hours';
}

export type ScenarioDeadlines = Partial<Record<CaseStep, TimeLimit>>;

/** A form field of a scenario beyond title, text, photos and location. */
export interface ScenarioField {
	key: string;
	label: string;
	type: ScenarioFieldType;
	required: boolean;
	options: string[];
	help: string;
}

/** A category; `unitCode` names the unit of the case's congress it routes to (or none). */
export interface ScenarioCategory {
	key: string;
	name: string;
	unitCode: string | null;
}

export interface Scenario {
	id: string;
	tenantId: string;
	tenantName: string;
	key: string;
	name: string;
	description: string;
	submitter: ScenarioSubmitter;
	triage: ScenarioTriage;
	fields: ScenarioField[];
	categories: ScenarioCategory[];
	deadlines: ScenarioDeadlines;
	ratingEnabled: boolean;
	phoneVerification: boolean;
	photosMax: number;
	location: ScenarioLocation;
	channels: ScenarioChannel[];
	/** Message templates per notification kind, both languages. */
	templates: Record<string, LocalizedText>;
	sharedDown: boolean;
	state: 'active' | 'archived';
	version: number;
	/** Published by an ancestor congress (read-only here; copy it to adapt it). */
	inherited: boolean;
	editable: boolean;
	updatedAt: string;
}

/** The body of POST /api/v1/case-scenarios. */
export interface ScenarioInput {
	key: string;
	name: string;
	description?: string;
	submitter: ScenarioSubmitter;
	triage: ScenarioTriage;
	fields?: ScenarioField[];
	categories?: ScenarioCategory[];
	deadlines: ScenarioDeadlines;
	ratingEnabled?: boolean;
	phoneVerification?: boolean;
	photosMax?: number;
	location?: ScenarioLocation;
	channels?: ScenarioChannel[];
	templates?: Record<string, LocalizedText>;
	sharedDown?: boolean;
}

/** The body of PATCH /api/v1/case-scenarios/:id: absent fields keep their value. */
export type ScenarioPatch = Partial<Omit<ScenarioInput, 'key'>> & { state?: 'active' | 'archived' };

// ---------------------------------------------------------------------------------------------
// Cases

export interface CaseEvent {
	seq: number;
	kind: CaseEventKind;
	actorKind: CaseActorKind;
	actorName: string;
	note: string;
	data: Record<string, unknown>;
	/** Shown on the public ticket page. */
	public: boolean;
	createdAt: string;
}

export interface CaseAssignment {
	unitId: string;
	unitName: string;
	round: number;
	role: 'lead' | 'co';
	/** `assigned` → `signed` → `replied`; `returned` (asked to reassign) or `withdrawn`. */
	state: 'assigned' | 'signed' | 'replied' | 'returned' | 'withdrawn' | (string & {});
	assignedAt: string;
	signDueAt: string | null;
	signedAt: string | null;
	replyDueAt: string | null;
	repliedAt: string | null;
	reply: string | null;
}

/** What the caller may do with the case (CASL, evaluated by the API). */
export interface CaseCan {
	handle: boolean;
	process: boolean;
	urge: boolean;
	rate: boolean;
	readContact: boolean;
}

export interface CaseContact {
	name: string;
	phone: string | null;
	phoneVerified: boolean;
}

/** A row of GET /api/v1/cases (without events, files, assignments, contact). */
export interface CaseRow {
	id: string;
	tenantId: string;
	tenantName: string;
	ticket: string;
	scenario: { id: string; key: string; name: string };
	source: CaseSource;
	deputy: { id: string; displayName: string } | null;
	station: { id: string; name: string } | null;
	category: string;
	categoryName: string;
	title: string;
	body: string;
	fields: Record<string, string | number>;
	location: string;
	lat: number | null;
	lng: number | null;
	state: CaseState;
	round: number;
	answer: string | null;
	resolution: string | null;
	dueStep: CaseStep | null;
	dueAt: string | null;
	overdue: boolean;
	rating: CaseRating | null;
	ratingComment: string | null;
	ratedAt: string | null;
	mergedInto: { id: string; ticket: string } | null;
	createdAt: string;
	acceptedAt: string | null;
	closedAt: string | null;
	/** Masked like `138****0001` when `contact` is withheld. */
	phoneMasked: string | null;
	can: CaseCan;
}

/** GET /api/v1/cases/:id and the answer of every action. */
export interface Case extends CaseRow {
	/** Present only for the handling deputy and staff of the owning congress. */
	contact: CaseContact | null;
	assignments: CaseAssignment[];
	/** The submission's photos first, then the replies' (`stage`). */
	files: (StoredFile & { stage?: 'submission' | 'reply' })[];
	events: CaseEvent[];
	/** The suggestion draft the case was converted into, if any. */
	suggestionDraft?: { title: string; body: string } | null;
	/** Units of the current round the caller serves as an officer. */
	myUnitIds: string[];
	/** The scenario as the case was opened, with its own form fields (for their labels). */
	scenario: { id: string; key: string; name: string; fields: ScenarioField[] };
}

/** The body of POST /api/v1/cases (a deputy's own field report). */
export interface CaseInput {
	scenarioId: string;
	category?: string;
	title: string;
	body?: string;
	fields?: Record<string, string | number>;
	location?: string;
	lat?: number | null;
	lng?: number | null;
	fileIds?: string[];
	unitId?: string;
}

export interface CaseQuery {
	view?: CaseView;
	state?: CaseState | '';
	scenarioId?: string;
	tenantId?: string;
	q?: string;
	cursor?: string | null;
	limit?: number;
}

/** GET /api/v1/cases/stats. */
export interface CaseStats {
	tenants: {
		tenantId: string;
		name: string;
		level: TenantLevel;
		total: number;
		open: number;
		overdue: number;
		closed: number;
		rated: number;
		satisfied: number;
		/** Percent, 0–100 (null when nothing to measure). */
		onTimeRate: number | null;
		satisfactionRate: number | null;
	}[];
	byState: Partial<Record<CaseState, number>>;
	byScenario: { key: string; name: string; total: number }[];
}

// ---------------------------------------------------------------------------------------------
// Public (no session)

export interface PublicScenario {
	id: string;
	key: string;
	name: string;
	description: string;
	fields: ScenarioField[];
	categories: { key: string; name: string }[];
	phoneVerification: boolean;
	photosMax: number;
	location: ScenarioLocation;
	ratingEnabled: boolean;
}

/** GET /api/v1/public/cases/scenarios?code=. */
export interface PublicScenarios {
	target: { kind: 'deputy' | 'station'; code: string; name: string; tenantName: string; photoFileId: string | null };
	items: PublicScenario[];
}

/** POST /api/v1/public/cases/otp. */
export interface OtpSent {
	sent: true;
	expiresIn: number;
	/** Only in a demo start without an SMS gateway. */
	devCode?: string;
}

/** POST /api/v1/public/cases/uploads?code=. */
export interface PublicUpload {
	id: string;
	contentType: string;
	size: number;
	width: number | null;
	height: number | null;
}

/** The body of POST /api/v1/public/cases. */
export interface PublicCaseInput {
	code: string;
	scenarioId: string;
	category?: string;
	title: string;
	body?: string;
	fields?: Record<string, string | number>;
	location?: string;
	lat?: number | null;
	lng?: number | null;
	fileIds?: string[];
	name?: string;
	phone?: string | null;
	otp?: string | null;
}

/** The answer of POST /api/v1/public/cases. */
export interface PublicCaseReceipt {
	ticket: string;
	token: string;
	followUrl: string;
	state: CaseState;
	createdAt: string;
}

/** GET /api/v1/public/cases/:ticket?k=. */
export interface PublicCase {
	ticket: string;
	title: string;
	body: string;
	scenarioName: string;
	tenantName: string;
	deputyName: string | null;
	stationName?: string | null;
	state: CaseState;
	createdAt: string;
	closedAt: string | null;
	answer: string | null;
	dueAt: string | null;
	canRate: boolean;
	rating: CaseRating | null;
	ratingComment: string | null;
	files: { id: string; stage?: 'submission' | 'reply' }[];
	events: { kind: CaseEventKind; actorName: string; note: string; createdAt: string }[];
}

// ---------------------------------------------------------------------------------------------
// Calendar

export interface CalendarDay {
	day: string;
	kind: 'holiday' | 'workday';
	name: string;
	tenantId: string;
	tenantName: string;
	own: boolean;
}

export interface Calendar {
	year: number;
	days: CalendarDay[];
}

// ---------------------------------------------------------------------------------------------
// Notifications

export interface Notification {
	id: string;
	kind: string;
	title: string;
	body: string;
	link: string;
	data: Record<string, unknown>;
	readAt: string | null;
	createdAt: string;
	tenantId: string;
}

// ---------------------------------------------------------------------------------------------
// Webhooks and integration keys

export interface Webhook {
	id: string;
	name: string;
	url: string;
	events: string[];
	active: boolean;
	createdAt: string;
	stats: { delivered: number; failed: number; pending: number };
}

export interface WebhookDelivery {
	id: string;
	endpointId: string;
	event: string;
	status: 'pending' | 'delivered' | 'failed';
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	nextAttemptAt: string | null;
	deliveredAt: string | null;
	replayOf: string | null;
	createdAt: string;
}

export interface IntegrationKey {
	id: string;
	name: string;
	prefix: string;
	unitId: string | null;
	unitName: string | null;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}
