import * as v from 'valibot';

export const roleNames = ['platform_admin', 'tenant_admin', 'staff', 'committee_member', 'deputy', 'unit_officer', 'station_admin'] as const;

/** Up to 20,000 rows in one import (one city opened 13,059 accounts at once). */
export const AccountImport = v.object({
  csv: v.pipe(v.string(), v.minLength(1), v.maxLength(8_000_000)),
  dryRun: v.optional(v.boolean(), true),
});
export type AccountImport = v.InferOutput<typeof AccountImport>;

/** One CSV row after splitting, before it meets the database. */
export const AccountRow = v.object({
  username: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/)),
  display_name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50)),
  phone: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^1\d{10}$/))]), ''),
  tenant_code: v.pipe(v.string(), v.trim(), v.regex(/^\d{2,12}$/)),
  roles: v.pipe(v.array(v.picklist(roleNames)), v.minLength(1)),
  password: v.optional(v.string(), ''),
  unit_code: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40)), ''),
});
export type AccountRow = v.InferOutput<typeof AccountRow>;

export const MembershipQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40)), ''),
  tenantId: v.optional(v.pipe(v.string(), v.uuid())),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20'),
});

export const UnitCreate = v.object({
  code: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_-]{1,40}$/)),
  name: v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(60)),
});
export type UnitCreate = v.InferOutput<typeof UnitCreate>;

export const AuditQuery = v.object({
  action: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(60)), ''),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '50'),
});
