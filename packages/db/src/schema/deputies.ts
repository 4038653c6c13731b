import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

export const deputyStatuses = ['serving', 'resigned', 'removed'] as const;
export type DeputyStatus = (typeof deputyStatuses)[number];

/** Occupation sectors of the deputy structure statistics (代表结构). */
export const deputySectors = ['worker', 'farmer', 'professional', 'official', 'business', 'military', 'other'] as const;
export type DeputySector = (typeof deputySectors)[number];

/** One term (届) of a congress, e.g. the 18th. Deputies are elected per term. */
export const terms = pgTable(
  'terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    number: integer('number').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('terms_tenant_number_key').on(t.tenantId, t.number), index('terms_path_idx').using('gist', t.tenantPath)],
);

/** A delegation group (代表小组 / 编组): deputies grouped for activities. */
export const delegationGroups = pgTable(
  'delegation_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('delegation_groups_tenant_name_key').on(t.tenantId, t.name), index('delegation_groups_path_idx').using('gist', t.tenantPath)],
);

/**
 * A contact station (代表联络站 / 代表之家) where deputies receive constituents. Owned by one
 * tenant, readable by its ancestors and descendants, so deputies of several tiers can be
 * attached to it (a township station also serves county and city deputies living there).
 */
export const stations = pgTable(
  'stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    phone: text('phone').notNull().default(''),
    openHours: text('open_hours').notNull().default(''),
    publicCode: text('public_code').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('stations_tenant_name_key').on(t.tenantId, t.name), index('stations_path_idx').using('gist', t.tenantPath)],
);

/**
 * A deputy's seat in one congress for one term. One person holds one row per congress and term
 * (a person can be a township, county and city deputy at once). `public_code` is the digital
 * identity behind the QR code; it stays the same for the same person and congress across terms.
 */
export const deputies = pgTable(
  'deputies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    userId: uuid('user_id').notNull(),
    termId: uuid('term_id').notNull(),
    publicCode: text('public_code').notNull(),
    level: text('level').notNull(),
    constituency: text('constituency').notNull().default(''),
    groupId: uuid('group_id'),
    sector: text('sector').$type<DeputySector>().notNull().default('other'),
    stationId: uuid('station_id'),
    status: text('status').$type<DeputyStatus>().notNull().default('serving'),
    electedOn: date('elected_on'),
    leftOn: date('left_on'),
    statusNote: text('status_note').notNull().default(''),
    gender: text('gender').$type<'male' | 'female' | ''>().notNull().default(''),
    party: text('party').notNull().default(''),
    workplace: text('workplace').notNull().default(''),
    bio: text('bio').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deputies_tenant_term_user_key').on(t.tenantId, t.termId, t.userId),
    uniqueIndex('deputies_code_term_key').on(t.publicCode, t.termId),
    index('deputies_user_idx').on(t.userId),
    index('deputies_group_idx').on(t.tenantId, t.groupId),
    index('deputies_path_idx').using('gist', t.tenantPath),
  ],
);
