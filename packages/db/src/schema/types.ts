import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Postgres `ltree` (a dotted label path such as `32.3209.320923`), read and written as text. */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType: () => 'ltree',
});

/**
 * The two columns every tenant-owned table carries. `tenant_path` is filled by a trigger from
 * the tenant row (see migrations), so callers set only `tenant_id` and the two cannot disagree.
 */
export const tenantColumns = () => ({
  tenantId: uuid('tenant_id').notNull(),
  tenantPath: ltree('tenant_path').notNull(),
});

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
