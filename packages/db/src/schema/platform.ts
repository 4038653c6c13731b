import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

/** A tenant's own setting of one module. Absent row = inherit. Readable by descendants (broadcast down). */
export const tenantModules = pgTable(
  'tenant_modules',
  {
    ...tenantColumns(),
    moduleKey: text('module_key').notNull(),
    state: text('state').$type<'on' | 'off'>(),
    locked: boolean('locked').notNull().default(false),
    config: jsonb('config').$type<Record<string, unknown>>(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.moduleKey] }), index('tenant_modules_path_idx').using('gist', t.tenantPath)],
);

/** Append-only record of every write. The app role may insert and read it, never change it. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ...tenantColumns(),
    userId: uuid('user_id'),
    membershipId: uuid('membership_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_path_idx').using('gist', t.tenantPath), index('audit_log_tenant_id_idx').on(t.tenantId, t.id)],
);

/** Responses of writes sent with an Idempotency-Key, stored in the transaction of the write itself. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    body: jsonb('body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);
