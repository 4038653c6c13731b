import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

/** Postgres `tsvector`, written by SQL (`setweight(to_tsvector('simple', …))`), never read as a value. */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

/**
 * A session of a congress (会次) that motions and suggestions are filed under: a plenary
 * session (`congress`, e.g. 第十八届人民代表大会第三次会议) or the interval between two
 * (`interim`, 闭会期间). Numbers run per session and kind: `motion_seq`, `suggestion_seq`.
 */
export const suggestionSessions = pgTable(
  'suggestion_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').$type<'congress' | 'interim'>().notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    state: text('state').$type<'open' | 'closed'>().notNull().default('open'),
    motionSeq: integer('motion_seq').notNull().default(0),
    suggestionSeq: integer('suggestion_seq').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('suggestion_sessions_tenant_name').on(t.tenantId, t.name), index('suggestion_sessions_path_idx').using('gist', t.tenantPath)],
);

/**
 * A category of motions and suggestions (a tree). A congress reads its own and its ancestors'
 * categories (the province's tree is everyone's default) and adds its own below or beside them.
 */
export const suggestionCategories = pgTable(
  'suggestion_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('suggestion_categories_tenant_idx').on(t.tenantId, t.parentId), index('suggestion_categories_path_idx').using('gist', t.tenantPath)],
);

export const suggestionKinds = ['motion', 'suggestion'] as const;
export type SuggestionKind = (typeof suggestionKinds)[number];

/**
 * draft → submitted → accepted (numbered) → assigned → signed (lead unit signed) → replied →
 * closed (rated by its authors; an overdue rating reminds them and escalates to staff); returned (for revision, back to the authors) goes to
 * submitted again; merged ends a duplicate; withdrawn ends a draft or submission by its authors.
 * An unsatisfied rating in round 1 sends it back to assigned for round 2.
 */
export const suggestionStates = ['draft', 'submitted', 'returned', 'accepted', 'assigned', 'signed', 'replied', 'closed', 'merged', 'withdrawn'] as const;
export type SuggestionState = (typeof suggestionStates)[number];
/** The steps a deadline runs on: staff review, the units' sign-for and reply, the author's rating. */
export const suggestionDueSteps = ['review', 'sign', 'reply', 'rate'] as const;
export type SuggestionDueStep = (typeof suggestionDueSteps)[number];
/** A: solved or adopted (已解决或采纳), B: being solved (正在解决或列入计划), C: explained (留作参考 / 说明). */
export const replyCategories = ['A', 'B', 'C'] as const;
export type ReplyCategory = (typeof replyCategories)[number];

/**
 * A motion (议案) or suggestion (建议) of deputies of one congress. `number` is given when staff
 * accept it (第123号, per session and kind). `search` holds jieba's search-mode tokens of the
 * title (weight A) and body (B); `keywords` the TF-IDF keywords the topics page counts. Drafts
 * are readable only by their signers (policy).
 */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    sessionId: uuid('session_id'),
    kind: text('kind').$type<SuggestionKind>().notNull(),
    number: integer('number'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    categoryId: uuid('category_id'),
    urgent: boolean('urgent').notNull().default(false),
    /** 重点建议: supervised by a committee or a leader (`supervisor_*`). */
    key: boolean('key').notNull().default(false),
    supervisorKind: text('supervisor_kind').$type<'committee' | 'leader'>(),
    supervisorUserId: uuid('supervisor_user_id'),
    supervisorName: text('supervisor_name').notNull().default(''),
    state: text('state').$type<SuggestionState>().notNull().default('draft'),
    source: text('source').$type<'scratch' | 'case' | 'group'>().notNull().default('scratch'),
    sourceCaseId: uuid('source_case_id'),
    groupId: uuid('group_id'),
    /** The lead author (领衔人): the person who drafted it, and their seat. */
    createdBy: uuid('created_by').notNull(),
    leadDeputyId: uuid('lead_deputy_id'),
    round: smallint('round').notNull().default(1),
    dueStep: text('due_step').$type<SuggestionDueStep>(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalateAt: timestamp('escalate_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** The lead unit's latest reply category and the authors' rating of it (summary for filters). */
    replyCategory: text('reply_category').$type<ReplyCategory>(),
    rating: smallint('rating'),
    /** The authors agree that the reply may be published on the public portal. */
    publicAgreed: boolean('public_agreed').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    mergedInto: uuid('merged_into'),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    search: tsvector('search'),
    eventSeq: integer('event_seq').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('suggestions_number_key').on(t.tenantId, t.sessionId, t.kind, t.number).where(sql`number is not null`),
    index('suggestions_tenant_state_idx').on(t.tenantId, t.state, t.submittedAt),
    index('suggestions_created_by_idx').on(t.createdBy, t.createdAt),
    index('suggestions_recent_idx').on(t.submittedAt, t.id),
    index('suggestions_due_idx').on(t.dueAt).where(sql`due_at is not null`),
    index('suggestions_supervisor_idx').on(t.supervisorUserId).where(sql`supervisor_user_id is not null`),
    index('suggestions_search_idx').using('gin', t.search),
    index('suggestions_path_idx').using('gist', t.tenantPath),
  ],
);

/**
 * The deputies behind a suggestion: its authors (领衔 and 联名; the creator is signed from the
 * start) and co-signers (附议), each invited and then signing or declining.
 */
export const suggestionSigners = pgTable(
  'suggestion_signers',
  {
    ...tenantColumns(),
    suggestionId: uuid('suggestion_id').notNull(),
    userId: uuid('user_id').notNull(),
    deputyId: uuid('deputy_id'),
    role: text('role').$type<'author' | 'cosigner'>().notNull(),
    state: text('state').$type<'invited' | 'signed' | 'declined'>().notNull().default('invited'),
    position: integer('position').notNull().default(0),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.suggestionId, t.userId] }),
    index('suggestion_signers_user_idx').on(t.userId, t.state),
    index('suggestion_signers_path_idx').using('gist', t.tenantPath),
  ],
);

/** The suggestion's timeline: one immutable row per step (insert and read only). */
export const suggestionEvents = pgTable(
  'suggestion_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    suggestionId: uuid('suggestion_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    actorKind: text('actor_kind').$type<'user' | 'system'>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    note: text('note').notNull().default(''),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('suggestion_events_seq').on(t.suggestionId, t.seq), index('suggestion_events_path_idx').using('gist', t.tenantPath)],
);

export const suggestionAssignmentStates = ['assigned', 'signed', 'replied', 'reassign', 'withdrawn'] as const;
export type SuggestionAssignmentState = (typeof suggestionAssignmentStates)[number];

/**
 * A unit's share of a suggestion in one handling round. The lead unit (主办) replies with a
 * category; co-handling units (会办) send their opinion to the lead unit; either may ask for
 * reassignment with a reason (`reassign`). The authors rate each unit's work.
 */
export const suggestionAssignments = pgTable(
  'suggestion_assignments',
  {
    ...tenantColumns(),
    suggestionId: uuid('suggestion_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    round: smallint('round').notNull(),
    role: text('role').$type<'lead' | 'co'>().notNull(),
    state: text('state').$type<SuggestionAssignmentState>().notNull().default('assigned'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    signDueAt: timestamp('sign_due_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by'),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    repliedBy: uuid('replied_by'),
    /** The lead unit's reply, or a co-handling unit's opinion. */
    reply: text('reply'),
    replyCategory: text('reply_category').$type<ReplyCategory>(),
    reassignReason: text('reassign_reason'),
    /** The unit agrees that its reply may be published. */
    publicAgreed: boolean('public_agreed').notNull().default(false),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.suggestionId, t.unitId, t.round] }),
    index('suggestion_assignments_unit_idx').on(t.tenantId, t.unitId, t.state),
    index('suggestion_assignments_path_idx').using('gist', t.tenantPath),
  ],
);

/** Attachments of a suggestion: the authors' (`draft`) and the units' (`reply`). */
export const suggestionFiles = pgTable(
  'suggestion_files',
  {
    ...tenantColumns(),
    suggestionId: uuid('suggestion_id').notNull(),
    fileId: uuid('file_id').notNull(),
    stage: text('stage').$type<'draft' | 'reply'>().notNull().default('draft'),
    unitId: uuid('unit_id'),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.suggestionId, t.fileId] }), index('suggestion_files_path_idx').using('gist', t.tenantPath)],
);

/**
 * How many filed motions and suggestions of a congress carried a keyword in a month: kept by a
 * trigger on `suggestions`, summed over a subtree by the topics page.
 */
export const suggestionKeywordMonths = pgTable(
  'suggestion_keyword_months',
  {
    ...tenantColumns(),
    month: date('month').notNull(),
    keyword: text('keyword').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.month, t.keyword] }),
    index('suggestion_keyword_months_month_idx').on(t.month),
    index('suggestion_keyword_months_path_idx').using('gist', t.tenantPath),
  ],
);

/**
 * A supervision subject (监督议题) of a congress's standing committee for a year, e.g. 老旧小区改造
 * after it led the topics for three months. `keywords` find the motions, suggestions and cases
 * behind it; the supervision module builds its work on these rows.
 */
export const supervisionSubjects = pgTable(
  'supervision_subjects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    year: integer('year').notNull(),
    source: text('source').$type<'topic' | 'manual'>().notNull().default('manual'),
    state: text('state').$type<'open' | 'closed'>().notNull().default('open'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('supervision_subjects_tenant_idx').on(t.tenantId, t.year), index('supervision_subjects_path_idx').using('gist', t.tenantPath)],
);
