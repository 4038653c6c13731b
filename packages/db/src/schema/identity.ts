import { sql } from 'drizzle-orm';
import { boolean, customType, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const roles = [
  'platform_admin',
  'tenant_admin',
  'staff',
  'committee_member',
  'deputy',
  'unit_officer',
  'station_admin',
] as const;
export type Role = (typeof roles)[number];

/** A person. Not tenant-owned: one person can act in several congresses. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`)],
);

/**
 * Personal fields of a person, kept apart so that the database policy (own tenant only) and not
 * only the code keeps them from rolling up to upper tiers.
 */
export const userPrivate = pgTable('user_private', {
  userId: uuid('user_id').primaryKey(),
  phone: text('phone').unique(),
  /** Where email notifications go; optional. */
  email: text('email'),
});

/** A person's seat in one congress, with the roles they hold there. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    userId: uuid('user_id').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    status: text('status').$type<'active' | 'suspended'>().notNull().default('active'),
    // Adoption measures (应注尽注、应活尽活): first and latest use of this seat.
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId),
    index('memberships_user_idx').on(t.userId),
    index('memberships_path_idx').using('gist', t.tenantPath),
  ],
);

/** Login sessions after the Lucia design: the id is public, only SHA-256 of the secret is kept. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: bytea('secret_hash').notNull(),
    userId: uuid('user_id').notNull(),
    activeMembershipId: uuid('active_membership_id'),
    totpVerified: boolean('totp_verified').notNull().default(false),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Handling units (government departments) that answer cases and suggestions. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_tenant_code_key').on(t.tenantId, t.code), index('units_path_idx').using('gist', t.tenantPath)],
);

export const unitOfficers = pgTable(
  'unit_officers',
  {
    ...tenantColumns(),
    unitId: uuid('unit_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index('unit_officers_user_idx').on(t.userId)],
);
