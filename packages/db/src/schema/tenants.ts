import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, ltree } from './types.ts';

export const tenantLevels = ['province', 'city', 'county', 'township'] as const;
export type TenantLevel = (typeof tenantLevels)[number];

/** One congress. Keyed by its division code; `path` is the chain of codes from the province down. */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    level: text('level').$type<TenantLevel>().notNull(),
    path: ltree('path').notNull().unique(),
    parentId: uuid('parent_id'),
    status: text('status').$type<'active' | 'retired'>().notNull().default('active'),
    requireTotp: boolean('require_totp').notNull().default(false),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [index('tenants_parent_idx').on(t.parentId)],
);
