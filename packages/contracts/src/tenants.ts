import * as v from 'valibot';

export const tenantLevels = ['province', 'city', 'county', 'township'] as const;

export const TenantCreate = v.object({
  parentId: v.pipe(v.string(), v.uuid()),
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{4,12}$/)),
  name: v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(60)),
  level: v.picklist(tenantLevels),
});
export type TenantCreate = v.InferOutput<typeof TenantCreate>;

export const TenantSettings = v.strictObject({ requireTotp: v.boolean() });
export type TenantSettings = v.InferOutput<typeof TenantSettings>;

export const TenantSearch = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40)), ''),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20'),
});
