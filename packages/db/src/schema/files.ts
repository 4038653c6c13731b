import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns } from './types.ts';

/**
 * An uploaded file. The bytes live in the storage (local disk or S3-compatible) under
 * `storage_key`; this row is the tenant-owned record that decides who may read them.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...tenantColumns(),
    storageKey: text('storage_key').notNull(),
    thumbKey: text('thumb_key'),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    originalName: text('original_name').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('files_path_idx').using('gist', t.tenantPath), index('files_tenant_idx').on(t.tenantId, t.createdAt)],
);
