import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgSequence, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

/**
 * Exceptions to the Monday–Friday week of a congress: public holidays (`holiday`) and make-up
 * workdays on a weekend (`workday`, 调休). A congress reads its own and its ancestors' days; for
 * one date the deepest congress wins, so the province enters the national schedule once and a
 * county adds its local days.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    ...tenantColumns(),
    day: date('day').notNull(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] }), index('calendar_days_path_idx').using('gist', t.tenantPath)],
);

export const caseSubmitters = ['public', 'deputy'] as const;
export type CaseSubmitter = (typeof caseSubmitters)[number];
/** Who takes a new case: the deputy it was addressed to, the congress's staff, or the routing rules. */
export const caseTriages = ['deputy', 'staff', 'auto'] as const;
export type CaseTriage = (typeof caseTriages)[number];

/**
 * A scenario (应用场景): one configured kind of case. Everything that differs between 民生码上见,
 * 随手拍 and 代表督事 is here, as data: who submits, extra form fields, categories and their
 * routing, triage, time limits per step, rating, phone check, notification templates.
 * `shared_down` publishes it to every congress below, which can use it as it is or copy it.
 * The jsonb shapes are the valibot schemas in @renda/contracts (cases.ts).
 */
export const caseScenarios = pgTable(
  'case_scenarios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    submitter: text('submitter').$type<CaseSubmitter>().notNull(),
    triage: text('triage').$type<CaseTriage>().notNull(),
    fields: jsonb('fields').notNull().default(sql`'[]'::jsonb`),
    categories: jsonb('categories').notNull().default(sql`'[]'::jsonb`),
    deadlines: jsonb('deadlines').notNull(),
    ratingEnabled: boolean('rating_enabled').notNull().default(true),
    phoneVerification: boolean('phone_verification').notNull().default(true),
    photosMax: integer('photos_max').notNull().default(6),
    location: text('location').$type<'none' | 'optional' | 'required'>().notNull().default('optional'),
    channels: jsonb('channels').notNull().default(sql`'["inapp","sms"]'::jsonb`),
    templates: jsonb('templates').notNull().default(sql`'{}'::jsonb`),
    sharedDown: boolean('shared_down').notNull().default(false),
    state: text('state').$type<'active' | 'archived'>().notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('case_scenarios_tenant_key').on(t.tenantId, t.key), index('case_scenarios_path_idx').using('gist', t.tenantPath)],
);

export const caseStates = ['submitted', 'accepted', 'transferred', 'signed', 'replied', 'closed', 'rated', 'merged'] as const;
export type CaseState = (typeof caseStates)[number];
/** States in which someone still owes the next step (the deadline scanner's states). */
export const openCaseStates: readonly CaseState[] = ['submitted', 'accepted', 'transferred', 'signed', 'replied'];
/** Ratings: 1 satisfied (满意), 2 basically satisfied (基本满意), 3 unsatisfied (不满意). */
export const caseRatings = [1, 2, 3] as const;

/** Global ticket numbers: no per-tenant counter row for concurrent submissions to queue on. */
export const caseTicketSeq = pgSequence('case_ticket_seq', { startWith: 1 });

/**
 * A case (民意 / 诉求 / 工单): a problem raised by the public through a deputy's or a station's
 * code, or by a deputy in the field. It belongs to the congress that handles it (the deputy's or
 * the station's). The submitter's name and phone live in `case_contacts`, whose policy keeps them
 * in the owning congress; upper tiers read `phone_masked` here.
 *
 * Flow: submitted → accepted → closed (answered directly) | transferred → signed → replied →
 * closed → rated. An unsatisfied rating in round 1 reopens it (round 2); `merged` ends a duplicate.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    ticket: text('ticket').notNull(),
    scenarioId: uuid('scenario_id').notNull(),
    /** The scenario's rules when the case was opened: later edits never move a running case's deadlines. */
    scenarioSnapshot: jsonb('scenario_snapshot').notNull(),
    source: text('source').$type<CaseSubmitter>().notNull(),
    deputyId: uuid('deputy_id'),
    stationId: uuid('station_id'),
    submittedBy: uuid('submitted_by'),
    category: text('category').notNull().default(''),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    fields: jsonb('fields').notNull().default(sql`'{}'::jsonb`),
    location: text('location').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    phoneMasked: text('phone_masked'),
    state: text('state').$type<CaseState>().notNull().default('submitted'),
    round: smallint('round').notNull().default(1),
    /** Direct answer of the deputy or staff, or the lead unit's reply of the latest round. */
    answer: text('answer'),
    resolution: text('resolution').$type<'answered' | 'handled' | 'suggestion' | 'merged'>(),
    /** The step now owed and its deadline; null when nobody owes anything. */
    dueStep: text('due_step').$type<'accept' | 'sign' | 'reply' | 'close' | 'rate'>(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** When an overdue, reminded step escalates to staff (set with the reminder). */
    escalateAt: timestamp('escalate_at', { withTimezone: true }),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    mergedInto: uuid('merged_into'),
    suggestionDraft: jsonb('suggestion_draft'),
    /** The public's Idempotency-Key and the hash of the request it came with. */
    submitKey: text('submit_key'),
    submitHash: text('submit_hash'),
    eventSeq: integer('event_seq').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('cases_ticket_key').on(t.ticket),
    uniqueIndex('cases_submit_key').on(t.tenantId, t.submitKey).where(sql`submit_key is not null`),
    index('cases_tenant_state_idx').on(t.tenantId, t.state, t.createdAt),
    index('cases_deputy_idx').on(t.tenantId, t.deputyId, t.createdAt),
    index('cases_recent_idx').on(t.createdAt, t.id),
    index('cases_due_idx').on(t.dueAt).where(sql`due_at is not null`),
    index('cases_path_idx').using('gist', t.tenantPath),
  ],
);

/** The submitter's contact: own congress only (policy), never rolled up. */
export const caseContacts = pgTable(
  'case_contacts',
  {
    ...tenantColumns(),
    caseId: uuid('case_id').primaryKey(),
    name: text('name').notNull().default(''),
    phone: text('phone'),
    phoneVerified: boolean('phone_verified').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('case_contacts_path_idx').using('gist', t.tenantPath)],
);

/** Who acted on a case: a signed-in person, the public submitter, the platform, or an external system. */
export const caseActorKinds = ['user', 'public', 'system', 'integration'] as const;
export type CaseActorKind = (typeof caseActorKinds)[number];

/**
 * The case's timeline: one immutable row per step (the app role may insert and read, never
 * change or delete). `public` marks the entries the submitter's ticket page shows.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    caseId: uuid('case_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    actorKind: text('actor_kind').$type<CaseActorKind>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    note: text('note').notNull().default(''),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    public: boolean('public').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('case_events_case_seq').on(t.caseId, t.seq), index('case_events_path_idx').using('gist', t.tenantPath)],
);

export const assignmentStates = ['assigned', 'signed', 'replied', 'returned', 'withdrawn'] as const;
export type AssignmentState = (typeof assignmentStates)[number];

/** A unit's share of a case in one handling round: the lead unit replies, co-handling units give opinions. */
export const caseAssignments = pgTable(
  'case_assignments',
  {
    ...tenantColumns(),
    caseId: uuid('case_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    round: smallint('round').notNull(),
    role: text('role').$type<'lead' | 'co'>().notNull(),
    state: text('state').$type<AssignmentState>().notNull().default('assigned'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    signDueAt: timestamp('sign_due_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by'),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    repliedBy: uuid('replied_by'),
    reply: text('reply'),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.unitId, t.round] }),
    index('case_assignments_unit_idx').on(t.tenantId, t.unitId, t.state),
    index('case_assignments_path_idx').using('gist', t.tenantPath),
  ],
);

/** Photos and files of a case: the submission's and the replies'. */
export const caseFiles = pgTable(
  'case_files',
  {
    ...tenantColumns(),
    caseId: uuid('case_id').notNull(),
    fileId: uuid('file_id').notNull(),
    stage: text('stage').$type<'submission' | 'reply'>().notNull().default('submission'),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.fileId] }), index('case_files_path_idx').using('gist', t.tenantPath)],
);

export const notificationChannels = ['inapp', 'sms', 'wechat', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * An in-app notification for one person, written in the same transaction as the change that
 * caused it. Only its recipient reads it, whatever tier they have active.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link').notNull().default(''),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_path_idx').using('gist', t.tenantPath)],
);

/**
 * A message to leave the platform by SMS, WeChat or email: the outbox row is written with the
 * change, a job to send it is enqueued in the same transaction, and the row records every try.
 * Own congress only: it holds phone numbers and addresses.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    channel: text('channel').$type<Exclude<NotificationChannel, 'inapp'>>().notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull(),
    kind: text('kind').notNull(),
    caseId: uuid('case_id'),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('deliveries_tenant_idx').on(t.tenantId, t.createdAt), index('deliveries_pending_idx').on(t.createdAt).where(sql`status = 'pending'`), index('deliveries_path_idx').using('gist', t.tenantPath)],
);

/** An external system (a grid-governance platform) that receives the congress's case events, signed. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: jsonb('events').notNull().default(sql`'["case.*"]'::jsonb`),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_endpoints_tenant_idx').on(t.tenantId), index('webhook_endpoints_path_idx').using('gist', t.tenantPath)],
);

/** One event for one endpoint, with every try: the visible delivery log, and what replay re-sends. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    endpointId: uuid('endpoint_id').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    replayOf: uuid('replay_of'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.tenantId, t.endpointId, t.createdAt), index('webhook_deliveries_path_idx').using('gist', t.tenantPath)],
);

/**
 * A key an external system uses to post status updates into one congress. Only the SHA-256 of
 * the secret is stored; `prefix` identifies it in lists.
 */
export const integrationKeys = pgTable(
  'integration_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The unit the system acts for when it signs for or replies to cases (null: notes only). */
    unitId: uuid('unit_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('integration_keys_hash').on(t.keyHash), index('integration_keys_path_idx').using('gist', t.tenantPath)],
);
