import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** The five standard kinds of duty (出席会议, 调研视察, 提出建议, 联系选民, 小组活动). */
export const standardActivityKinds = ['meeting', 'inspection', 'suggestion', 'constituents', 'group'] as const;
export type StandardActivityKind = (typeof standardActivityKinds)[number];

export const activityStates = ['draft', 'submitted', 'returned', 'verified', 'published'] as const;
export type ActivityState = (typeof activityStates)[number];
/** States in which an activity counts in archives and evaluation. */
export const countedActivityStates: readonly ActivityState[] = ['verified', 'published'];

export const activitySources = ['self', 'staff', 'event'] as const;
export type ActivitySource = (typeof activitySources)[number];

/**
 * A deputy's recorded duty. `kind` is a standard kind or `custom:<label>` for a kind the congress
 * added in its module configuration. Flow: draft → submitted → verified | returned → published.
 */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    deputyId: uuid('deputy_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    occurredOn: date('occurred_on').notNull(),
    place: text('place').notNull().default(''),
    description: text('description').notNull().default(''),
    participants: text('participants').notNull().default(''),
    source: text('source').$type<ActivitySource>().notNull().default('self'),
    eventId: uuid('event_id'),
    /** Records created together for several deputies (a township reporting a group activity). */
    batchId: uuid('batch_id'),
    state: text('state').$type<ActivityState>().notNull().default('draft'),
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The verification queue: submitted activities of one tenant, oldest first.
    index('activities_queue_idx').on(t.tenantId, t.submittedAt).where(sql`state = 'submitted'`),
    index('activities_deputy_idx').on(t.tenantId, t.deputyId, t.occurredOn),
    // Staff lists of a subtree, newest first: read in order and stop after a page, instead of
    // sorting every record of a city (scanned backwards for newest first).
    index('activities_recent_idx').on(t.occurredOn, t.id),
    index('activities_path_idx').using('gist', t.tenantPath),
    // One attendance record per deputy and event, however often the code is scanned.
    uniqueIndex('activities_event_deputy_key').on(t.eventId, t.deputyId).where(sql`event_id is not null`),
  ],
);

/** Evidence (photos, files) of an activity. */
export const activityFiles = pgTable(
  'activity_files',
  {
    ...tenantColumns(),
    activityId: uuid('activity_id').notNull(),
    fileId: uuid('file_id').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.fileId] }), index('activity_files_path_idx').using('gist', t.tenantPath)],
);

export const eventKinds = ['inspection', 'group', 'training', 'meeting', 'constituents'] as const;
export type EventKind = (typeof eventKinds)[number];

/**
 * An event staff organise (inspection, group activity, training). Invited deputies confirm or
 * decline; on the day a rotating code signed with `checkin_secret` checks them in, and each
 * check-in creates the deputy's activity record of kind `activity_kind`.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    kind: text('kind').$type<EventKind>().notNull(),
    activityKind: text('activity_kind').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull().default(''),
    description: text('description').notNull().default(''),
    state: text('state').$type<'scheduled' | 'cancelled' | 'closed'>().notNull().default('scheduled'),
    checkinSecret: bytea('checkin_secret').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('events_tenant_starts_idx').on(t.tenantId, t.startsAt), index('events_path_idx').using('gist', t.tenantPath)],
);

export const invitationResponses = ['pending', 'accepted', 'declined'] as const;
export type InvitationResponse = (typeof invitationResponses)[number];

/** A deputy invited to an event (or who walked in and checked in without an invitation). */
export const eventInvitations = pgTable(
  'event_invitations',
  {
    ...tenantColumns(),
    eventId: uuid('event_id').notNull(),
    deputyId: uuid('deputy_id').notNull(),
    response: text('response').$type<InvitationResponse>().notNull().default('pending'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    note: text('note').notNull().default(''),
    walkIn: boolean('walk_in').notNull().default(false),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    activityId: uuid('activity_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.deputyId] }),
    index('event_invitations_deputy_idx').on(t.tenantId, t.deputyId),
    index('event_invitations_path_idx').using('gist', t.tenantPath),
  ],
);

/**
 * Counted (verified or published) activities per deputy, year and kind, kept by a trigger on
 * `activities` so archives and evaluation roll-ups read a few rows per deputy instead of every
 * activity of a subtree.
 */
export const deputyYearStats = pgTable(
  'deputy_year_stats',
  {
    ...tenantColumns(),
    deputyId: uuid('deputy_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    counted: integer('counted').notNull().default(0),
    published: integer('published').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deputyId, t.year, t.kind] }),
    index('deputy_year_stats_path_idx').using('gist', t.tenantPath),
    index('deputy_year_stats_year_idx').on(t.year, t.tenantId),
  ],
);
